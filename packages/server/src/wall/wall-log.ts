import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  applyEvents,
  emptyState,
  type NewWallEvent,
  type Since,
  type SubscribeResult,
  type WallEvent,
  type WallInfo,
  type WallState,
} from '@chat-wall/sdk/protocol';
import type { Store } from '../store/store.js';

export interface WallLogOptions {
  /**
   * How many recent events stay in memory for resume; older gaps get a snapshot.
   * @default 5000
   */
  retainEvents?: number;
}

type Listener = (event: WallEvent, epoch: string) => void;

/**
 * One wall's event log: the single source of truth for what viewers see.
 *
 * Appends are serialised per wall; each event gets the next `seq`, is persisted, and only then is
 * folded into the state and published, so a viewer never sees an event a crash could lose.
 */
export class WallLog {
  private state: WallState;
  private retained: WallEvent[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private readonly retainEvents: number;

  private constructor(
    readonly tag: string,
    private readonly store: Store,
    state: WallState,
    options: WallLogOptions,
  ) {
    this.state = state;
    this.retainEvents = options.retainEvents ?? 5000;
  }

  /** Opens (or creates) the log of `tag` from the store and rebuilds its state. */
  static async open(
    store: Store,
    tag: string,
    info: Partial<WallInfo>,
    options: WallLogOptions = {},
  ): Promise<WallLog> {
    const stored = await store.openLog(tag, newEpoch());
    const state = applyEvents(emptyState(stored.epoch, tag, info), stored.events);
    const log = new WallLog(tag, store, state, options);
    log.retain(stored.events);
    return log;
  }

  get epoch(): string {
    return this.state.epoch;
  }

  get snapshot(): WallState {
    return this.state;
  }

  /** Calls `listener` with every event after it is persisted. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends events in order; resolves with them numbered once they are durable and published. */
  append(...events: NewWallEvent[]): Promise<WallEvent[]> {
    const run = this.tail.then(async () => {
      const at = new Date().toISOString();
      let seq = this.state.seq;
      const numbered = events.map((e) => ({ ...e, seq: ++seq, at }) as WallEvent);
      await this.store.append(this.tag, this.state.epoch, numbered);
      for (const event of numbered) {
        this.state = applyEvent(this.state, event);
        this.retain([event]);
        for (const listener of this.listeners) listener(event, this.state.epoch);
      }
      return numbered;
    });
    // A failed append must not block the ones after it.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * What a client that has `since` needs: exactly the events after it when this log still holds
   * them, otherwise a snapshot. Synchronous, so no event can slip between the answer and the
   * live stream that follows it.
   */
  resume(since: Since | undefined): SubscribeResult {
    const state = this.state;
    if (since && since.epoch === state.epoch && since.seq <= state.seq) {
      const first = this.retained[0]?.seq ?? state.seq + 1;
      if (since.seq >= first - 1) {
        const events = this.retained.slice(since.seq - first + 1);
        return { ok: true, tag: this.tag, mode: 'events', epoch: state.epoch, events };
      }
    }
    return { ok: true, tag: this.tag, mode: 'snapshot', snapshot: state };
  }

  private retain(events: readonly WallEvent[]): void {
    this.retained.push(...events);
    const excess = this.retained.length - this.retainEvents;
    if (excess > 0) this.retained.splice(0, excess);
  }
}

function newEpoch(): string {
  return randomUUID();
}
