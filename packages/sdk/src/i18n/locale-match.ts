/**
 * Which of the languages a UI speaks to use for what someone asked for: a `locale` attribute, a
 * saved choice, the browser's languages. Shared by the widget and the console, so both read a tag
 * the same way.
 */

/** The language a UI speaks for a request, and the tag `Intl` formats dates and numbers with. */
export interface LocaleMatch<L extends string = string> {
  /** The language, one of those the UI speaks. */
  lang: L;
  /** The requested tag when it is of that language (`pt-BR` keeps Brazilian dates), else `lang`. */
  intl: string;
}

/** Languages written right to left, of those chat-wall speaks (add one with its catalogs). */
const RTL: ReadonlySet<string> = new Set(['ar', 'he']);

/** Text direction of a language subtag. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

/**
 * The first of `requested` (BCP 47 tags, most wanted first) whose language is one of `supported`
 * (`es-MX` → `es`; `iw` is Hebrew's old code), or `undefined` when none is. Empty and invalid tags
 * are passed over.
 */
export function matchLocale<L extends string>(
  requested: readonly (string | null | undefined)[],
  supported: readonly L[],
): LocaleMatch<L> | undefined {
  for (const candidate of requested) {
    let tag: string | undefined;
    try {
      tag = candidate?.trim() ? Intl.getCanonicalLocales(candidate.trim())[0] : undefined;
    } catch {
      tag = undefined;
    }
    const language = tag?.split('-')[0]?.toLowerCase();
    const lang = supported.find((l) => l === (language === 'iw' ? 'he' : language));
    if (tag && lang) return { lang, intl: language === lang ? tag : lang };
  }
  return undefined;
}
