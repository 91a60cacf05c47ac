import type { ConsoleKey } from './i18n/en.js';
import type { ConsoleTranslator } from './i18n/translator.js';

/** The networks go by their own names in every language; the others have words. */
const BRAND: Readonly<Record<string, string>> = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };
const SOURCE_WORD: Readonly<Record<string, ConsoleKey>> = { native: 'sourceNative', replay: 'sourceReplay' };

/** A source (`x`, `native`…) as moderators read it; an unknown one by its name. */
export function sourceName(name: string, t: ConsoleTranslator): string {
  const word = SOURCE_WORD[name];
  return BRAND[name] ?? (word ? t.t(word) : name);
}
