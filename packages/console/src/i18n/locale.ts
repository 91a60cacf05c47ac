import { matchLocale, type LocaleMatch } from '@chat-wall/sdk';

/**
 * Which language the console speaks: the moderator's explicit choice first, then the browser's
 * languages, then English. Pure, so the order is tested without a browser.
 */

/** The languages the console speaks, by BCP 47 language subtag (the widget's too). */
export const LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'it', 'nl', 'cy', 'ar', 'he', 'ja'] as const;
export type ConsoleLocale = (typeof LOCALES)[number];

/** The language chosen and the tag `Intl` formats dates and numbers with (`pt-BR` keeps Brazil's). */
export type LocaleChoice = LocaleMatch<ConsoleLocale>;

/** Each language by its own name, for the language picker. */
export const LANGUAGE_NAMES: Readonly<Record<ConsoleLocale, string>> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  pt: 'Português',
  it: 'Italiano',
  nl: 'Nederlands',
  cy: 'Cymraeg',
  ar: 'العربية',
  he: 'עברית',
  ja: '日本語',
};

/** The `localStorage` key of the language a moderator picked (absent: follow the browser). */
export const LOCALE_STORAGE_KEY = 'chat-wall-console-locale';

/** Where a language can be asked for, most explicit first. */
export interface LocaleRequest {
  /** `?locale=` in the console's address: a link that opens the console in a language. */
  query?: string | null;
  /** The language picked in the console, remembered in this browser. */
  saved?: string | null;
  /** The `locale` attribute of `<chat-wall-console>`: the default of a page that embeds it. */
  attribute?: string | null;
  /** `navigator.languages`, the browser's languages in the user's order. */
  browser?: readonly string[];
}

/**
 * The console's language: the first of the address's `?locale=`, the saved choice, the element's
 * `locale` attribute and the browser's languages that the console speaks (`es-MX` → Spanish with
 * Mexican dates); English when none is.
 */
export function resolveLocale(request: LocaleRequest): LocaleChoice {
  const { query, saved, attribute, browser = [] } = request;
  return matchLocale([query, saved, attribute, ...browser], LOCALES) ?? { lang: 'en', intl: 'en' };
}
