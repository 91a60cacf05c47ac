import type { WallEvent } from '@chat-wall/sdk/protocol';
import type { Clock, TimerHandle } from '../clock.js';

/** What one flush sends: consecutive events of one epoch, in seq order. */
export type Flush = (epoch: string, events: readonly WallEvent[]) => void;

/**
 * Groups a busy wall's events into fewer frames, keeping a quiet wall instant.
 *
 * The first event after a quiet spell is flushed at once and opens a window of `windowMs`, counted
 * from when the flush begins; events that arrive while the window is open wait, and go out together
 * when it closes, which opens the next window. A window that closes with nothing to send ends the
 * busy spell. So a wall whose events are more than `windowMs` apart sends each one at once, and a
 * busy wall sends at most one frame per window to each socket, whatever its rate: the relay's cost
 * is per frame and socket far more than per byte, so one frame carrying ten events costs about as
 * much as one carrying one.
 *
 * Order is kept: events go out in the order pushed, and an epoch change flushes what waits first,
 * so a flush never mixes epochs. A frame carries at most `maxEvents` events (more are sent at once
 * as they come): the slow-reader guard counts a connection's unsent bytes per frame, so the size
 * of one frame bounds what it lets a connection hold beyond its limit.
 */
export class EventBatcher {
  private pending: WallEvent[] = [];
  private epoch = '';
  private window: TimerHandle | undefined;

  constructor(
    private readonly flushTo: Flush,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly maxEvents = 50,
  ) {}

  push(event: WallEvent, epoch: string): void {
    if (this.pending.length > 0 && epoch !== this.epoch) this.flush();
    this.epoch = epoch;
    this.pending.push(event);
    // A window counts from the moment its first frame starts going out, not from when writing it
    // to every socket ends: at 5,000 viewers that takes longer than the window, and the next event
    // of a wall that is not busy would wait for the rest of a window it did not need.
    if (this.window === undefined) this.open();
    else if (this.pending.length < this.maxEvents) return;
    this.flush();
  }

  /**
   * Sends what waits now. Called before a socket joins the wall: the subscribe answer covers the
   * log up to its head, and the socket must not be sent those events a second time.
   */
  flush(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.flushTo(this.epoch, events);
  }

  /** Stops the window's timer; what waits is sent first. */
  close(): void {
    this.flush();
    this.clock.clearTimeout(this.window);
    this.window = undefined;
  }

  private open(): void {
    this.window = this.clock.setTimeout(() => {
      this.window = undefined;
      if (this.pending.length === 0) return; // quiet again: the next event goes out at once
      this.open();
      this.flush();
    }, this.windowMs);
  }
}
