import type { Clock, TimerHandle } from '../../src/clock.js';

interface Pending {
  at: number;
  fn: () => void;
  handle: TimerHandle;
}

/**
 * A clock the test moves by hand. Every scheduled delay is recorded, so a test can read the
 * reconnect timing the source chose without waiting for it.
 */
export class ManualClock implements Clock {
  private time: number;
  private pending: Pending[] = [];
  /** Every delay passed to setTimeout, in order. */
  readonly scheduled: number[] = [];

  constructor(start = Date.UTC(2026, 0, 15, 10, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = {};
    this.scheduled.push(ms);
    this.pending.push({ at: this.time + ms, fn, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  /** Delays of the timers still pending, measured from now. */
  pendingDelays(): number[] {
    return this.pending.map((p) => p.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}
