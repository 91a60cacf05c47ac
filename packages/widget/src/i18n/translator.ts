import { matchLocale, MessageTranslator, type LocaleMatch } from '@chat-wall/sdk';
import { en, type Catalog, type MessageKey } from './en.js';
import type { Message } from './message.js';

/** The languages the widget speaks, by their BCP 47 language subtag. */
export type LocaleCode = 'en' | 'es' | 'fr' | 'de' | 'pt' | 'it' | 'nl' | 'cy' | 'ar' | 'he' | 'ja';

/** Strings by key; English may lack those of parts not loaded yet. */
type Strings = Readonly<Partial<Record<MessageKey, Message>>>;

// English: the entry's strings, and those of each lazily loaded part once it has loaded.
const englishStrings: Partial<Record<MessageKey, Message>> = { ...en };

/** Adds the English strings of a part that loads on demand (the ask form's). */
export function addEnglish(messages: Strings): void {
  Object.assign(englishStrings, messages);
}

// One chunk per locale, loaded the first time an element needs it; English is built in.
const loaders: Record<Exclude<LocaleCode, 'en'>, () => Promise<{ default: Catalog }>> = {
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  pt: () => import('./locales/pt.js'),
  it: () => import('./locales/it.js'),
  nl: () => import('./locales/nl.js'),
  cy: () => import('./locales/cy.js'),
  ar: () => import('./locales/ar.js'),
  he: () => import('./locales/he.js'),
  ja: () => import('./locales/ja.js'),
};

/** The languages the widget speaks: English, then those it loads on demand. */
export const LOCALES = ['en', ...Object.keys(loaders)] as readonly LocaleCode[];

/** Which language a locale tag gets, and the tag `Intl` formats times and numbers with. */
export type LocaleChoice = LocaleMatch<LocaleCode>;

/**
 * The language for a requested BCP 47 tag: its language subtag when the widget speaks it
 * (`es-MX` → `es`; `iw` is Hebrew's old code), else English. Empty or invalid tags get English.
 */
export function chooseLocale(requested: string | undefined): LocaleChoice {
  return matchLocale([requested], LOCALES) ?? { lang: 'en', intl: 'en' };
}

/** The UI strings of one locale, filled in with `Intl` plurals and digits; English for a key it lacks. */
export class Translator extends MessageTranslator<MessageKey, LocaleCode> {
  constructor(lang: LocaleCode, locale: string, catalog: Strings) {
    // The English strings object grows as lazily loaded parts add theirs.
    super(lang, locale, catalog, englishStrings);
  }
}

/** English, always at hand: the first render never waits for it. */
export const english = new Translator('en', 'en', englishStrings);

const catalogs = new Map<LocaleCode, Promise<Strings>>([['en', Promise.resolve(englishStrings)]]);
const loaded = new Map<LocaleCode, Strings>([['en', englishStrings]]);

/**
 * A translator for `choice`: at once when its catalog is loaded, else a promise of it. A catalog
 * that fails to load (offline, blocked chunk) falls back to English rather than leaving the wall blank.
 */
export function translatorFor(choice: LocaleChoice): Translator | Promise<Translator> {
  const ready = loaded.get(choice.lang);
  if (ready) return new Translator(choice.lang, choice.intl, ready);
  let pending = catalogs.get(choice.lang);
  if (!pending) {
    const lang = choice.lang as Exclude<LocaleCode, 'en'>;
    pending = loaders[lang]().then(
      (m) => {
        loaded.set(lang, m.default);
        return m.default;
      },
      () => {
        catalogs.delete(lang);
        return englishStrings;
      },
    );
    catalogs.set(lang, pending);
  }
  return pending.then((catalog) =>
    catalog === englishStrings && choice.lang !== 'en' ? english : new Translator(choice.lang, choice.intl, catalog),
  );
}
