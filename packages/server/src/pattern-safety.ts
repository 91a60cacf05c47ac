import { checkSync } from 'recheck';

/** At most this many filter patterns per wall. */
export const MAX_PATTERNS = 50;
/** At most this many characters of filter patterns per wall, all together. */
export const MAX_PATTERN_CHARS = 5000;
/** How long the ReDoS check may think about one pattern before the pattern is refused. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Why `source` (compiled with flags `iu`) must not run on remote text, or `undefined` when it is
 * safe. Filter patterns run on every post, on the main thread, with V8's backtracking engine: a
 * pattern such as `^(a|aa)+$` plus one crafted post would freeze every wall. recheck analyses the
 * pattern (its automaton, then fuzzing) and says whether some input makes it take exponential or
 * polynomial time; such patterns, and patterns it cannot decide in time, are refused.
 */
export function patternHazard(source: string): string | undefined {
  // A settings change re-sends every pattern: each is checked once (the check blocks for up to 2 s).
  if (verdicts.has(source)) return verdicts.get(source);
  const verdict = check(source);
  if (verdicts.size >= 1000) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(source, verdict);
  return verdict;
}

const verdicts = new Map<string, string | undefined>();

function check(source: string): string | undefined {
  let result = checkSync(source, 'iu', { timeout: CHECK_TIMEOUT_MS });
  // The first check after start also loads the checker, and a busy machine slows it: once more.
  if (result.status === 'unknown') result = checkSync(source, 'iu', { timeout: CHECK_TIMEOUT_MS });
  if (result.status === 'safe') return undefined;
  if (result.status === 'vulnerable') {
    return (
      `refused: this pattern takes ${result.complexity.type} time on crafted text (ReDoS), which would ` +
      'stall the relay; rewrite it without nested or overlapping repetition (e.g. `(a|aa)+`, `(x+)+`, `.*x.*`)'
    );
  }
  return 'refused: the ReDoS check could not show this pattern is safe in time; simplify it';
}
