// The one check of a UI's message catalogs against its English one, for the widget's and the
// console's catalog tests.
import { placeholders, type Message } from '@chat-wall/sdk';

/**
 * What is wrong with `catalog` (language `lang`) next to `reference`: keys missing or extra, a
 * message plural in one and not the other, other placeholders, an empty string, plural forms other
 * than exactly those `Intl.PluralRules` gives the language. Empty when all is well.
 */
export function catalogProblems(
  reference: Readonly<Record<string, Message>>,
  catalog: Readonly<Record<string, Message>>,
  lang: string,
): string[] {
  const problems: string[] = [];
  const keys = new Set(Object.keys(reference));
  for (const key of keys) if (!(key in catalog)) problems.push(`${lang}.${key}: missing`);
  const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
  for (const [key, message] of Object.entries(catalog)) {
    const english = reference[key];
    if (english === undefined) {
      problems.push(`${lang}.${key}: not in the English catalog`);
      continue;
    }
    if (typeof message !== typeof english) problems.push(`${lang}.${key}: plural in one catalog only`);
    const names = placeholders(message).join(',');
    if (names !== placeholders(english).join(',')) problems.push(`${lang}.${key}: placeholders {${names}}`);
    const texts = typeof message === 'string' ? [message] : Object.values(message);
    if (texts.some((text) => text.trim() === '')) problems.push(`${lang}.${key}: empty`);
    if (typeof message !== 'string' && Object.keys(message).sort().join() !== categories.join()) {
      problems.push(
        `${lang}.${key}: plural forms ${Object.keys(message).join(',')}, ${lang} has ${categories.join(',')}`,
      );
    }
  }
  return problems;
}
