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
import { LogHeadMismatch } from '../store/log-checks.js';
import type { AppendResult, LogWrites, PrunePolicy, Store } from '../store/store.js';

export interface WallLogOptions {
  /**
   * How many recent events stay in memory (and in the store) for resume; older gaps get a snapshot.
   * @default 5000
   */
  retainEvents?: number;
  /**
   * Save a snapshot and drop events older than {@linkcode WallLogOptions.retainEvents} from the
   * store every this many events, so a restart reads a bounded log.
   * @default 1000
   */
  compactEvery?: number;
  /**
   * The most events one resume answer carries; a client that lacks more gets a snapshot (at most
   * `maxPosts` posts) instead, so a small `subscribe` cannot ask for the whole retained log.
   * @default 500
   */
  maxResumeEvents?: number;
  /** Told about failures that do not fail an append (compaction). */
  onError?: (err: unknown, tag: string, what: string) => void;
}

/**
 * Where a published event was appended: by this relay (`local`), or by another relay sharing the
 * store (`remote`: received, or found while catching up).
 */
export type EventOrigin = 'local' | 'remote';

type Listener = (event: WallEvent, epoch: string, origin: EventOrigin) => void;

/** What {@linkcode WallLog.commit} stored: the events numbered, and what the writes with them did. */
export interface Committed extends AppendResult {
  events: WallEvent[];
}

/**
 * How many times an append numbers its events again after another relay wrote first. Each refusal
 * means another append succeeded, so the cluster always makes progress; the bound only stops a
 * relay that is starved by a busier one from trying for ever.
 */
const MAX_RENUMBER = 1000;

/**
 * One wall's event log: the single source of truth for what viewers see.
 *
 * Appends are serialised per wall; each event gets the next `seq`, is persisted, and only then is
 * folded into the state and published, so a viewer never sees an event a crash could lose.
 *
 * Several relays may share one store (PostgreSQL). The store is then the source of truth for `seq`:
 * an append numbered from a head another relay has moved on is refused (`LogHeadMismatch`) and
 * written by nobody; this log catches up from the store, publishing what it missed, and numbers
 * again. Events other relays appended arrive through {@linkcode WallLog.receive} (or are found by
 * {@linkcode WallLog.sync}); each is folded in and published exactly once, in seq order.
 */
export class WallLog {
  private state: WallState;
  private retained: WallEvent[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private readonly retainEvents: number;
  private readonly compactEvery: number;
  private readonly maxResumeEvents: number;
  /** Seq of the newest snapshot in the store. */
  private snapshotSeq: number;

  private constructor(
    readonly tag: string,
    private readonly store: Store,
    state: WallState,
    snapshotSeq: number,
    private readonly options: WallLogOptions,
    /** What an empty wall looks like, for a reload that finds no snapshot. */
    private readonly info: Partial<WallInfo>,
  ) {
    this.state = state;
    this.snapshotSeq = snapshotSeq;
    this.retainEvents = options.retainEvents ?? 5000;
    this.compactEvery = options.compactEvery ?? 1000;
    this.maxResumeEvents = options.maxResumeEvents ?? 500;
  }

  /**
   * Opens (or creates) the log of `tag` from the store and rebuilds its state: the stored snapshot
   * (or an empty wall described by `info`) plus the events after it. The epoch stays what the
   * store says, so viewers resume across restarts; a new log gets a new epoch.
   */
  static async open(
    store: Store,
    tag: string,
    info: Partial<WallInfo>,
    options: WallLogOptions = {},
  ): Promise<WallLog> {
    const stored = await store.openLog(tag, newEpoch());
    // Snapshots saved before walls had sessions lack the list; every screen expects one.
    const base = stored.snapshot
      ? { ...stored.snapshot, wall: { ...stored.snapshot.wall, sessions: stored.snapshot.wall.sessions ?? [] } }
      : emptyState(stored.epoch, tag, info);
    const state = applyEvents(
      base,
      stored.events.filter((e) => e.seq > base.seq),
    );
    const log = new WallLog(tag, store, state, base.seq, options, info);
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
    return this.serial(async () => (await this.appendNow(events, undefined)).events);
  }

  /**
   * Appends events together with the post and audit writes that go with them, in one store
   * transaction (see {@linkcode LogWrites}): a crash leaves either all of it or none. `events` may be
   * empty (a decision that changes no screen). Rejects with the store's `PostWriteConflict`, having
   * stored and published nothing, when a write does not apply.
   */
  commit(events: readonly NewWallEvent[], writes: LogWrites): Promise<Committed> {
    return this.serial(() => this.appendNow(events, writes));
  }

  /**
   * Applies a retention policy: deletes what the store should no longer keep, and takes posts
   * that are still on the wall off it (`post.removed`), so viewers and snapshots agree with history.
   * @returns the ids taken off the wall
   */
  prune(policy: PrunePolicy): Promise<string[]> {
    return this.serial(async () => {
      const deleted = new Set(await this.store.prune(this.tag, policy));
      const shown = this.state.posts.filter((p) => deleted.has(p.id)).map((p) => p.id);
      if (shown.length > 0) {
        await this.appendNow(
          shown.map((id) => ({ type: 'post.removed', id }) as const),
          undefined,
        );
      }
      return shown;
    });
  }

  /** Runs `job` after every earlier append or prune. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job);
    // A failed job must not block the ones after it.
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(events: readonly NewWallEvent[], writes: LogWrites | undefined): Promise<Committed> {
    const at = new Date().toISOString();
    for (let attempt = 0; ; attempt++) {
      let seq = this.state.seq;
      const numbered = events.map((e) => ({ ...e, seq: ++seq, at }) as WallEvent);
      let result: AppendResult;
      try {
        result = await this.store.append(this.tag, this.state.epoch, numbered, writes);
      } catch (err) {
        // Another relay appended first: nothing of ours was written. Catch up and number again.
        if (err instanceof LogHeadMismatch && err.head > this.state.seq && attempt < MAX_RENUMBER) {
          await this.catchUp();
          continue;
        }
        throw err;
      }
      this.publish(numbered, 'local');
      if (this.state.seq - this.snapshotSeq >= this.compactEvery) await this.compact();
      return { events: numbered, ...result };
    }
  }

  /**
   * Events another relay appended to this wall (already stored), as it published them. Folds in
   * and publishes those this log does not have yet, in order; a gap before them is filled from
   * the store first. Events of another epoch, or already here, are ignored.
   */
  receive(epoch: string, events: readonly WallEvent[]): Promise<void> {
    return this.serial(async () => {
      if (epoch !== this.state.epoch) return;
      const fresh = events.filter((e) => e.seq > this.state.seq);
      if (fresh.length === 0) return;
      if (fresh[0]!.seq !== this.state.seq + 1) await this.catchUp();
      else this.publish(fresh, 'remote');
    });
  }

  /** Catches up with whatever other relays stored that this log has not seen (after a missed message). */
  sync(): Promise<void> {
    return this.serial(() => this.catchUp());
  }

  /** Folds in and publishes the events after this log's head, from the store. */
  private async catchUp(): Promise<void> {
    const events = await this.store.eventsAfter(this.tag, this.state.epoch, this.state.seq);
    if (events) {
      this.publish(events, 'remote');
      return;
    }
    // The store no longer holds them all (or the log was reset): start again from its snapshot.
    // Viewers of this relay get the difference from their next resume, as after a restart.
    const stored = await this.store.openLog(this.tag, newEpoch());
    const base = stored.snapshot ?? emptyState(stored.epoch, this.tag, this.info);
    this.state = applyEvents(
      base,
      stored.events.filter((e) => e.seq > base.seq),
    );
    this.snapshotSeq = base.seq;
    this.retained = [];
    this.retain(stored.events);
  }

  /** Folds `events` (contiguous after the head) into the state and tells the listeners. */
  private publish(events: readonly WallEvent[], origin: EventOrigin): void {
    for (const event of events) {
      if (event.seq !== this.state.seq + 1) continue;
      this.state = applyEvent(this.state, event);
      this.retain([event]);
      for (const listener of this.listeners) listener(event, this.state.epoch, origin);
    }
  }

  /** Saves the current state as the snapshot and lets the store drop events no resume needs. */
  private async compact(): Promise<void> {
    const snapshot = this.state;
    const keepFrom = Math.max(1, snapshot.seq - this.retainEvents + 1);
    try {
      await this.store.compact(this.tag, snapshot.epoch, snapshot, keepFrom);
      this.snapshotSeq = snapshot.seq;
    } catch (err) {
      // The events are durable; the next append tries again.
      this.options.onError?.(err, this.tag, 'compaction failed');
    }
  }

  /**
   * What a client that has `since` needs: exactly the events after it when this log still holds
   * them and they are at most {@linkcode WallLogOptions.maxResumeEvents}, otherwise a snapshot.
   * Synchronous, so no event can slip between the answer and the live stream that follows it.
   */
  resume(since: Since | undefined): SubscribeResult {
    const state = this.state;
    if (since && since.epoch === state.epoch && since.seq <= state.seq) {
      const first = this.retained[0]?.seq ?? state.seq + 1;
      if (since.seq >= first - 1 && state.seq - since.seq <= this.maxResumeEvents) {
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
