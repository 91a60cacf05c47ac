/**
 * The message format of chat-wall's UIs (the widget and the console): a string with `{name}` placeholders, or for counts one string per
 * plural category of the language (`one`, `few`, `other`… as `Intl.PluralRules` names them).
 * No message syntax to parse beyond `{name}`: catalogs stay plain data, small to ship.
 */

/** One string per plural category; `other` is always there. */
export type PluralMessage = { readonly [K in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** A UI string: plain, with `{name}` placeholders, or plural by its `{count}`. */
export type Message = string | PluralMessage;

/** Values for a message's placeholders; numbers are written in the locale's digits. */
export type MessageParams = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{(\w+)\}/g;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The value `map` holds for `key`, made once: an `Intl` formatter costs far more to build than to
 * use, so each is kept by its locale and options.
 */
export function cached<V, T extends V>(map: Map<string, V>, key: string, make: () => T): T {
  let value = map.get(key) as T | undefined;
  if (!value) map.set(key, (value = make()));
  return value;
}

/** The placeholder names a message uses, sorted (every plural form counted). */
export function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names].sort();
}

/**
 * Fills in a message for `locale`: picks the plural form of `params.count`, then replaces each
 * `{name}` with its value (numbers through `Intl.NumberFormat`). A missing value stays `{name}`, so
 * a mistake shows instead of vanishing.
 */
export function formatMessage(message: Message, locale: string, params: MessageParams = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = typeof params.count === 'number' ? params.count : Number(params.count ?? 0);
    const rules = cached(pluralRules, locale, () => new Intl.PluralRules(locale));
    text = message[rules.select(count)] ?? message.other;
  }
  const nf = cached(numberFormats, locale, () => new Intl.NumberFormat(locale));
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? nf.format(value) : value;
  });
}
