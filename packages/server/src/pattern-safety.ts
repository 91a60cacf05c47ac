import { check as checkAsync, checkSync, type Diagnostics } from 'recheck';

/** At most this many filter patterns per wall. */
export const MAX_PATTERNS = 50;
/** At most this many characters of filter patterns per wall, all together. */
export const MAX_PATTERN_CHARS = 5000;
/** How long the ReDoS check may think about one pattern before the pattern is refused. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Why `source` (compiled with flags `iu`) must not run on remote text, or `undefined` when it is
 * safe (synchronous: the settings schema calls it). Filter patterns run on every post, on the main thread, with V8's backtracking engine: a
 * pattern such as `^(a|aa)+$` plus one crafted post would freeze every wall. recheck analyses the
 * pattern (its automaton, then fuzzing) and says whether some input makes it take exponential or
 * polynomial time; such patterns, and patterns it cannot decide in time, are refused.
 */
export function patternHazard(source: string): string | undefined {
  // A settings change re-sends every pattern: each is checked once. Moderators' patterns were checked
  // off the main thread already (preparePatterns); only the config file's, at start, are checked here.
  if (verdicts.has(source)) return verdicts.get(source);
  let result = checkSync(source, FLAGS, { timeout: CHECK_TIMEOUT_MS });
  // The first check after start also loads the checker, and a busy machine slows it: once more.
  if (result.status === 'unknown') result = checkSync(source, FLAGS, { timeout: CHECK_TIMEOUT_MS });
  return remember(source, result);
}

/**
 * Checks the filter patterns a settings change carries (`filters.patterns.regex` of `patch`) away
 * from the main thread (recheck's agent process, or its worker), so that {@linkcode patternHazard}
 * then answers from memory. The check takes up to 2 s a pattern (4 s for one it cannot decide); the
 * relay keeps serving meanwhile. Lists the settings schema refuses anyway (too many, too long,
 * invalid) are not checked.
 */
export async function preparePatterns(patch: unknown): Promise<void> {
  const list = patternsIn(patch);
  if (list.length > MAX_PATTERNS || list.reduce((n, s) => n + s.length, 0) > MAX_PATTERN_CHARS) return;
  // One after another: a request with many new patterns costs its sender time, not the checker's parallelism.
  for (const source of list) {
    if (verdicts.has(source) || !compiles(source)) continue;
    let job = checking.get(source);
    if (!job) {
      job = checkOffThread(source).finally(() => checking.delete(source));
      checking.set(source, job);
    }
    await job;
  }
}

const FLAGS = 'iu';
const verdicts = new Map<string, string | undefined>();
/** Checks running now, so that the same new pattern sent twice is checked once. */
const checking = new Map<string, Promise<void>>();

async function checkOffThread(source: string): Promise<void> {
  let result = await checkAsync(source, FLAGS, { timeout: CHECK_TIMEOUT_MS });
  if (result.status === 'unknown') result = await checkAsync(source, FLAGS, { timeout: CHECK_TIMEOUT_MS });
  remember(source, result);
}

function remember(source: string, result: Diagnostics): string | undefined {
  const verdict = describe(result);
  if (verdicts.size >= 1000) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(source, verdict);
  return verdict;
}

function describe(result: Diagnostics): string | undefined {
  if (result.status === 'safe') return undefined;
  if (result.status === 'vulnerable') {
    return (
      `refused: this pattern takes ${result.complexity.type} time on crafted text (ReDoS), which would ` +
      'stall the relay; rewrite it without nested or overlapping repetition (e.g. `(a|aa)+`, `(x+)+`, `.*x.*`)'
    );
  }
  return 'refused: the ReDoS check could not show this pattern is safe in time; simplify it';
}

/** The strings of `patch.filters.patterns.regex` that could be patterns (at most 300 characters). */
function patternsIn(patch: unknown): string[] {
  const filters = (patch as { filters?: { patterns?: { regex?: unknown } } } | null)?.filters;
  const regex = typeof filters === 'object' && filters !== null ? filters.patterns?.regex : undefined;
  if (!Array.isArray(regex)) return [];
  return regex.filter((s): s is string => typeof s === 'string' && s.length > 0 && s.length <= 300);
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, FLAGS);
    return true;
  } catch {
    return false;
  }
}
