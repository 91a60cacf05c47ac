/**
 * The Q1/A1 convention of hosted chats: a host's post that begins with `Q<n>` asks question n, a
 * participant's post that begins with `A<n>` answers it. Pure; see the table in `qa-parse.test.ts`.
 */

/** What a post's opening says about its place in a Q&A. */
export interface Marker {
  kind: 'Q' | 'A';
  /** 1–99. */
  number: number;
}

/**
 * Leading `@handle` mentions (X puts the replied-to accounts first), then `Q` or `A`, a number of
 * one or two digits (no leading zero), and then the end of the text or one of `:` `.` `)` `-` or
 * white space. `Q1:`, `q1 `, `Q1.`, `Q1 -`, `Q1)` count; `Q1a`, `Q1,`, `Q100`, `Q0`, `FAQ1` do not.
 */
const MARKER = /^(?:@\w{1,50}\s+)*([QqAa])([1-9]\d?)(?=$|[\s:.)-])/u;

/** The `Q<n>` or `A<n>` a text begins with, if any. Numbers above 99 are ignored. */
export function parseMarker(text: string): Marker | undefined {
  const match = MARKER.exec(text.trimStart());
  if (!match) return undefined;
  return { kind: match[1]!.toUpperCase() as 'Q' | 'A', number: Number(match[2]) };
}

/** The default audience-question detector: the text asks something (a `?`, also the full-width `？`). */
export function looksLikeQuestion(text: string): boolean {
  return /[?？]/u.test(text);
}
