import { cached, MessageTranslator } from '@chat-wall/sdk';
import { en, type Catalog, type ConsoleKey } from './en.js';
import type { ConsoleLocale, LocaleChoice } from './locale.js';

// One chunk per locale, loaded the first time the console needs it; English is built in.
const loaders: Record<Exclude<ConsoleLocale, 'en'>, () => Promise<{ default: Catalog }>> = {
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

const PLACEHOLDER = /\{(\w+)\}/;

/** `Intl` formatters by locale and options (see `cached`). */
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

/**
 * The console's words in one language, and its dates, times and numbers through `Intl` in that
 * locale. Messages come from the language's catalog (English for a key it lacks, which the
 * catalog test rules out).
 */
export class ConsoleTranslator extends MessageTranslator<ConsoleKey, ConsoleLocale> {
  constructor(lang: ConsoleLocale, locale: string, catalog: Catalog) {
    super(lang, locale, catalog, en);
  }

  /**
   * The message `key` in pieces, for a template: placeholders whose value is not a string or a
   * number (an element, a `<time>`) come back as that value, in the place the language puts it.
   */
  parts(key: ConsoleKey, values: Readonly<Record<string, unknown>>): unknown[] {
    const plain: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' || typeof value === 'number') plain[name] = value;
    }
    // Split on the placeholders left unfilled: odd pieces are their names.
    return this.t(key, plain)
      .split(PLACEHOLDER)
      .map((piece, i) => (i % 2 === 1 ? (values[piece] ?? `{${piece}}`) : piece))
      .filter((piece) => piece !== '');
  }

  /** A whole number or a decimal in the locale's digits and separators. */
  number(value: number, maximumFractionDigits = 0): string {
    return cached(formats, `n|${this.locale}|${maximumFractionDigits}`, () =>
      Intl.NumberFormat(this.locale, { maximumFractionDigits }),
    ).format(value);
  }

  /** US dollars (what X bills in), in the locale's way of writing money. */
  usd(value: number): string {
    return cached(formats, `usd|${this.locale}`, () =>
      Intl.NumberFormat(this.locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }),
    ).format(value);
  }

  /** Hours and minutes of an instant, on the moderator's clock; `''` when unreadable. */
  time(iso: string): string {
    return this.date(iso, 'time', { hour: '2-digit', minute: '2-digit' });
  }

  /** Date and time of an instant, on the moderator's clock; `''` when unreadable. */
  dateTime(iso: string): string {
    return this.date(iso, 'datetime', { dateStyle: 'medium', timeStyle: 'short' });
  }

  /** From one instant to another, the shared part said once ("1 Dec 2026, 10:00 – 11:00"). */
  range(start: string, end: string): string {
    const a = Date.parse(start);
    const b = Date.parse(end);
    if (Number.isNaN(a) || Number.isNaN(b)) return '';
    return this.dateFormat('datetime', { dateStyle: 'medium', timeStyle: 'short' }).formatRange(a, b);
  }

  /** A span of seconds in hours, minutes and seconds ("1 hr 5 min", "40 sec"); "–" for none. */
  duration(seconds: number | null): string {
    if (seconds === null || !Number.isFinite(seconds)) return '–';
    const s = Math.round(seconds);
    const m = Math.round(s / 60);
    const parts: [Intl.NumberFormatOptions['unit'], number][] =
      s < 60
        ? [['second', s]]
        : s < 3600
          ? [
              ['minute', Math.floor(s / 60)],
              ['second', s % 60],
            ]
          : [
              ['hour', Math.floor(m / 60)],
              ['minute', m % 60],
            ];
    const words = parts
      .filter(([, n], i) => i === 0 || n > 0)
      .map(([unit, n]) =>
        cached(formats, `u|${this.locale}|${unit}`, () =>
          Intl.NumberFormat(this.locale, { style: 'unit', unit, unitDisplay: 'short' }),
        ).format(n),
      );
    return cached(
      formats,
      `l|${this.locale}`,
      () => new Intl.ListFormat(this.locale, { type: 'unit', style: 'narrow' }),
    ).format(words);
  }

  /** Items as a list the language's way ("Queue, Wall"). */
  list(items: readonly string[]): string {
    return cached(
      formats,
      `list|${this.locale}`,
      () => new Intl.ListFormat(this.locale, { type: 'unit', style: 'short' }),
    ).format(items);
  }

  private date(iso: string, name: string, options: Intl.DateTimeFormatOptions): string {
    const at = Date.parse(iso);
    return Number.isNaN(at) ? '' : this.dateFormat(name, options).format(at);
  }

  private dateFormat(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    return cached(formats, `d|${this.locale}|${name}`, () => new Intl.DateTimeFormat(this.locale, options));
  }
}

/** English, always at hand: the first render never waits for it. */
export const english = new ConsoleTranslator('en', 'en', en);

const catalogs = new Map<ConsoleLocale, Promise<Catalog>>([['en', Promise.resolve(en)]]);

/**
 * The translator for `choice`, once its catalog has loaded. A catalog that fails to load
 * (offline, a blocked chunk) gives English rather than a blank console.
 */
export async function loadTranslator(choice: LocaleChoice): Promise<ConsoleTranslator> {
  if (choice.lang === 'en') return choice.intl === 'en' ? english : new ConsoleTranslator('en', choice.intl, en);
  const lang = choice.lang;
  let pending = catalogs.get(lang);
  if (!pending) {
    pending = loaders[lang]().then(
      (m) => m.default,
      () => {
        catalogs.delete(lang);
        return en;
      },
    );
    catalogs.set(lang, pending);
  }
  const catalog = await pending;
  return catalog === en ? english : new ConsoleTranslator(lang, choice.intl, catalog);
}
