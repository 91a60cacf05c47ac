import { bundledProfanityLists } from '../settings-schema.js';

/** Runs of letters, marks and digits: the words of a post, whatever its script. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Scripts written without spaces between words: a term in one of them is matched as a substring,
 * since tokens of such text are whole phrases.
 */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The lower-cased words of a text, in order. */
export function tokenise(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * A precompiled list of terms (words and phrases). Matching is by whole words on tokens, so
 * `"ass"` does not catch `"class"`, and phrases match across any punctuation or spacing. Terms in
 * unspaced scripts are matched as substrings by one combined regex.
 */
export class TermList {
  /** Single-word terms. */
  private readonly words = new Set<string>();
  /** Multi-word terms, their words joined by one space. */
  private readonly phrases = new Set<string>();
  /** First words of phrases, so a phrase is built only where one can start. */
  private readonly phraseStarts = new Set<string>();
  private maxPhrase = 1;
  private readonly substrings: RegExp | undefined;

  constructor(terms: Iterable<string>) {
    const unspaced: string[] = [];
    for (const term of terms) {
      if (UNSPACED.test(term)) {
        unspaced.push(term.toLowerCase().trim());
        continue;
      }
      const words = tokenise(term);
      if (words.length === 0) continue;
      if (words.length === 1) {
        this.words.add(words[0]!);
      } else {
        this.phrases.add(words.join(' '));
        this.phraseStarts.add(words[0]!);
        this.maxPhrase = Math.max(this.maxPhrase, words.length);
      }
    }
    const escaped = unspaced.filter(Boolean).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.substrings = escaped.length ? new RegExp(escaped.join('|'), 'u') : undefined;
  }

  get size(): number {
    return this.words.size + this.phrases.size;
  }

  /** The first term found in a post, given its tokens and lower-cased text; `undefined` if none. */
  find(tokens: readonly string[], lowerText: string): string | undefined {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (this.words.has(token)) return token;
      if (this.phraseStarts.has(token)) {
        let phrase = token;
        for (let n = 1; n < this.maxPhrase && i + n < tokens.length; n++) {
          phrase += ` ${tokens[i + n]!}`;
          if (this.phrases.has(phrase)) return phrase;
        }
      }
    }
    if (this.substrings) return this.substrings.exec(lowerText)?.[0];
    return undefined;
  }
}

const compiled = new Map<string, TermList>();

/** The compiled profanity list of one language, or `undefined` if none is bundled. Cached. */
export function profanityList(language: string): TermList | undefined {
  const lang = language.toLowerCase();
  let list = compiled.get(lang);
  if (!list) {
    const terms = bundledProfanityLists()[lang];
    if (!terms) return undefined;
    compiled.set(lang, (list = new TermList(terms)));
  }
  return list;
}
