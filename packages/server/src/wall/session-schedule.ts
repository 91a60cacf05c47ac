import { DEFAULT_SESSION_WINDOW, sessionInWindow, type Session, type SessionWindow } from '@chat-wall/sdk/protocol';
import type { Wall } from './wall-registry.js';

/** Time for the schedule: a clock that can wake it up at the next window edge (tests inject one). */
export interface ScheduleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): object;
  clearTimeout(handle: object | undefined): void;
}

/** Window edges further away than this are re-checked then, so a timer never overflows. */
const MAX_SLEEP_MS = 6 * 3600 * 1000;

function windowOf(wall: Wall): SessionWindow {
  return wall.config.sessionWindow ?? DEFAULT_SESSION_WINDOW;
}

/** Whether a wall reads from paid sources now: always without sessions, else only inside a window. */
export function wallOpen(wall: Wall, now: number): boolean {
  const sessions = wall.log.snapshot.wall.sessions;
  return sessions.length === 0 || sessionInWindow(sessions, now, windowOf(wall)) !== undefined;
}

/** The session whose window is open on a wall now, if any. */
export function openSession(wall: Wall, now: number): Session | undefined {
  return sessionInWindow(wall.log.snapshot.wall.sessions, now, windowOf(wall));
}

/** The next instant after `now` at which some window of these walls opens or closes. */
export function nextEdge(walls: readonly Wall[], now: number): number | undefined {
  let next: number | undefined;
  for (const wall of walls) {
    const { leadSeconds, tailSeconds } = windowOf(wall);
    for (const s of wall.log.snapshot.wall.sessions) {
      for (const edge of [Date.parse(s.start) - leadSeconds * 1000, Date.parse(s.end) + tailSeconds * 1000]) {
        if (edge > now && (next === undefined || edge < next)) next = edge;
      }
    }
  }
  return next;
}

/**
 * Keeps a paid source's tags to the walls whose session window is open: calls `apply` with the
 * open walls' tags now, at every window edge, and whenever a wall's sessions change.
 */
export class SessionSchedule {
  private timer: object | undefined;
  private last: string | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly walls: readonly Wall[],
    private readonly clock: ScheduleClock,
    private readonly apply: (tags: string[]) => Promise<void>,
  ) {
    for (const wall of walls) {
      this.unsubscribe.push(
        wall.log.subscribe((event) => {
          if (event.type === 'wall.updated' && event.wall.sessions) void this.check();
        }),
      );
    }
  }

  /** Tags open now. */
  openTags(): string[] {
    const now = this.clock.now();
    return this.walls.filter((w) => wallOpen(w, now)).map((w) => w.config.tag);
  }

  /** Applies the open tags if they changed and sets the timer for the next edge. */
  check(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.stopped) return;
      const tags = this.openTags();
      const key = tags.join('\u0000');
      if (key !== this.last) {
        this.last = key;
        await this.apply(tags);
      }
      this.arm();
    };
    this.running = this.running.then(run, run);
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    for (const off of this.unsubscribe) off();
  }

  private arm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    const edge = nextEdge(this.walls, now);
    if (edge === undefined) return;
    this.timer = this.clock.setTimeout(() => void this.check(), Math.min(edge - now, MAX_SLEEP_MS));
  }
}
