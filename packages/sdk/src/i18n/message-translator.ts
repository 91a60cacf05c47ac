import { directionOf } from './locale-match.js';
import { formatMessage, type Message, type MessageParams } from './message.js';

/** Messages by key; a catalog may lack some (English covers them). */
export type MessageCatalog<K extends string> = Readonly<Partial<Record<K, Message>>>;

/**
 * A UI's words in one language: each message from the language's catalog, else from `fallback`
 * (English), filled in with `Intl` plurals and the locale's digits. The widget's and the console's
 * translators are this, with their own keys.
 */
export class MessageTranslator<K extends string, L extends string = string> {
  /** `rtl` for languages written right to left (Arabic, Hebrew). */
  readonly dir: 'ltr' | 'rtl';

  constructor(
    /** The catalog's language. */
    readonly lang: L,
    /** The tag `Intl` formats with (dates, numbers, plurals): `pt-BR` keeps Brazil's ways. */
    readonly locale: string,
    private readonly catalog: MessageCatalog<K>,
    private readonly fallback: MessageCatalog<K>,
  ) {
    this.dir = directionOf(lang);
  }

  /** The message `key` with its placeholders filled in; the key itself if no catalog has it. */
  t(key: K, params?: MessageParams): string {
    return formatMessage(this.catalog[key] ?? this.fallback[key] ?? key, this.locale, params);
  }
}
