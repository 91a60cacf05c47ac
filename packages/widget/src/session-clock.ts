import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from './countdown.js';

/**
 * Wakes the host when the next moment its screen depends on comes (a session starts or ends):
 * one timer at that moment, set again after each update, none while the host is disconnected.
 */
export class SessionClockController implements ReactiveController {
  /** The time the host last rendered with, ms since the epoch (read from the clock before each update). */
  now = 0;
  private cancel: (() => void) | undefined;
  private at: number | undefined;
  private armedWith: Clock | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly clock: () => Clock,
    /** The next moment that changes the screen after `now`, if any. */
    private readonly next: (now: number) => number | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    // Time went on while the host was out of the document: its screen may be due for a change.
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    this.now = this.clock().now();
  }

  hostUpdated(): void {
    this.arm();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.disarm();
  }

  private arm(): void {
    const clock = this.clock();
    const at = this.connected ? this.next(this.now) : undefined;
    if (at === this.at && clock === this.armedWith && this.cancel) return;
    this.disarm();
    if (at === undefined) return;
    this.at = at;
    this.armedWith = clock;
    this.cancel = clock.schedule(() => {
      this.cancel = undefined;
      this.at = undefined;
      this.host.requestUpdate();
    }, at - clock.now());
  }

  private disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.at = undefined;
  }
}
