/**
 * Where the time comes from and how to wait for it. The default reads `Date.now()` and uses the
 * browser's timers; tests pass a clock they move by hand.
 */
export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels the call. */
  schedule(callback: () => void, ms: number): () => void;
}

/** Browsers clamp longer delays to 1 ms; a timer that far ahead is simply set again. */
const MAX_DELAY = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const timer = setTimeout(callback, Math.min(Math.max(ms, 0), MAX_DELAY));
    return () => clearTimeout(timer);
  },
};
