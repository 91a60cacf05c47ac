// A clock the test moves by hand, for countdowns and session screens.
import type { Clock } from '../../src/countdown.js';

export interface ManualClock extends Clock {
  /** Moves time to `t` (ms since the epoch) and runs what was due by then, in time order. */
  set(t: number): void;
  /** How many waits are scheduled and not cancelled. */
  pending(): number;
}

/**
 * Like a computer waking from sleep: `set` jumps, then each wait due by then runs once (waits it
 * schedules meanwhile count from the new time and run on a later `set`).
 */
export function manualClock(start: number): ManualClock {
  let now = start;
  let nextId = 0;
  const tasks = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    schedule(callback, ms) {
      const id = ++nextId;
      tasks.set(id, { at: now + ms, callback });
      return () => void tasks.delete(id);
    },
    set(t) {
      now = t;
      const due = [...tasks.entries()].filter(([, task]) => task.at <= t).sort((a, b) => a[1].at - b[1].at);
      for (const [id, task] of due) {
        if (!tasks.delete(id)) continue;
        task.callback();
      }
    },
    pending: () => tasks.size,
  };
}
