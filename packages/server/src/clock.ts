/**
 * Time as the relay sees it: filters, decisions, token expiry, connection budgets, retention and the
 * X source's reconnect timing. Injected so that tests can check schedules (seconds to minutes)
 * deterministically and in milliseconds of real time.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** Opaque handle of a scheduled callback. */
export type TimerHandle = object;

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};
