import type { Post } from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { TwitterApiReadOnly } from 'twitter-api-v2';
import type { XConfig, XWallConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import type { BudgetedSource, SourceBudget, SourceHealth, SourceSink } from '../source.js';
import { searchRecent } from './backfill.js';
import { DeletionCheck } from './deletion-check.js';
import { BudgetPersistence } from './budget-persistence.js';
import { DisconnectKind } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from '../../clock.js';
import { normaliseTweet } from './normalise-x.js';
import { ReadBudget } from './read-budget.js';
import { syncRules } from './rule-sync.js';
import { ruleValue, type XWallSpec } from './rules.js';
import { createXClient } from './x-client.js';
import { describeXError } from './x-errors.js';
import { streamMessageSchema, type XIncludes, type XTweet } from './x-payload.js';
import { compareIds, routePost } from './x-router.js';
import { StreamState, XStream, type StreamStatus } from './x-stream.js';

/** Store key of the newest X post id seen, the starting point of the next backfill. */
export const NEWEST_ID_CURSOR = 'x:newest-id';

/** How many (wall, post) deliveries are remembered to drop repeats before they reach ingest. */
const RECENT_DELIVERIES = 5_000;

export interface XSourceOptions {
  /** App bearer token; without one the source reports a clear failure and reads nothing. */
  bearerToken: string | undefined;
  /** @default 'https://api.x.com' */
  baseUrl?: string;
  config: XConfig;
  /** The X options of a wall, by canonical tag. */
  wallOptions?: (tag: string) => XWallConfig | undefined;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  /**
   * How often today's read count is saved to the store: after this many new reads, or on the first
   * read this long after the last save, and always on stop.
   * @default { reads: 100, ms: 30000 }
   */
  budgetSaveEvery?: { reads?: number; ms?: number };
  /** Told how many new posts were read (stream and backfill), e.g. to attribute spend to sessions. */
  onReads?: (reads: number) => void;
}

/**
 * Reads the walls' hashtags from X: keeps one stream rule per wall, holds the one filtered-stream
 * connection, fills gaps with recent search, and pauses when the day's read budget is spent.
 */
export class XSource implements BudgetedSource {
  readonly name = 'x' as const;
  private readonly clock: Clock;
  private readonly budget: ReadBudget;
  private readonly budgetStore: BudgetPersistence;
  private client: TwitterApiReadOnly | undefined;
  private stream: XStream | undefined;
  private sink: SourceSink | undefined;
  private walls = new Map<string, XWallSpec>();
  private rulesInSync = false;
  private wallsVersion = 0;
  private ruleSync: Promise<void> = Promise.resolve();
  private newestId: string | undefined;
  /** The newest post id stored as the cursor (recorded by ingest). */
  private savedId: string | undefined;
  private readonly recent = new Set<string>();
  private readonly warnedTags = new Set<string>();
  private resumeTimer: TimerHandle | undefined;
  private backfills: Promise<void> = Promise.resolve();
  /** Looks the shown posts up again to find deletions (X's stream does not report them). */
  deletions: DeletionCheck | undefined;
  private failure: string | undefined;
  private delivered = 0;
  private lastPostAt: string | undefined;

  constructor(private readonly options: XSourceOptions) {
    this.clock = options.clock ?? systemClock;
    this.budget = new ReadBudget(options.config.dailyReadBudget, () => this.clock.now());
    this.budgetStore = new BudgetPersistence({
      store: options.store,
      logger: options.logger,
      budget: this.budget,
      configured: options.config.dailyReadBudget,
      now: () => this.clock.now(),
      ...(options.budgetSaveEvery?.reads !== undefined ? { everyReads: options.budgetSaveEvery.reads } : {}),
      ...(options.budgetSaveEvery?.ms !== undefined ? { everyMs: options.budgetSaveEvery.ms } : {}),
    });
    options.metrics.xReadBudgetRemaining.set(this.budget.remaining);
  }

  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
    const { bearerToken, baseUrl, logger } = this.options;
    // Before any read: a restart must not hand out today's budget a second time. Loaded at every
    // start: in a cluster, another relay may have read X (and saved its count) since this one stopped.
    await this.budgetStore.load();
    this.options.metrics.xReadBudgetRemaining.set(this.budget.remaining);
    if (!bearerToken) {
      this.failure = 'X_BEARER_TOKEN is not set: the X source cannot read. See docs/x-source.md for how to get one.';
      logger.error(this.failure);
      return;
    }
    try {
      this.client = createXClient({ bearerToken, ...(baseUrl ? { baseUrl } : {}) });
    } catch (err) {
      this.failure = `X source: ${(err as Error).message}`;
      logger.error(this.failure);
      return;
    }
    this.newestId = await this.options.store.getCursor(NEWEST_ID_CURSOR);
    this.savedId = this.newestId;
    const check = this.options.config.deletionCheck;
    if (check.enabled) {
      this.deletions = new DeletionCheck({
        client: () => this.client,
        store: this.options.store,
        clock: this.clock,
        logger,
        intervalSeconds: check.intervalSeconds,
        maxPostsPerWall: check.maxPostsPerWall,
        tags: () => [...this.walls.keys()],
        remaining: () => this.budget.remaining,
        countReads: (ids) => {
          this.countIds(ids, 'deletion-check');
          if (this.sink) this.checkBudget();
        },
        removed: (id) => this.sink?.remove?.(id),
      });
      this.deletions.start();
    }
    this.stream = new XStream({
      client: this.client,
      clock: this.clock,
      prepare: () => this.ensureRules(),
      events: {
        message: (payload) => this.onMessage(payload),
        malformed: (error) => {
          this.options.metrics.xMalformedLines.inc();
          logger.warn({ err: error.message }, 'x: skipped a stream line that is not JSON');
        },
        connected: () => this.onConnected(),
        status: (status) => this.onStatus(status),
      },
    });
    if (this.walls.size === 0) return; // no wall wants X now (outside every session window): stay unconnected
    if (this.budget.exhausted) this.pauseForBudget();
    else this.stream.start();
  }

  async stop(): Promise<void> {
    this.clock.clearTimeout(this.resumeTimer);
    this.stream?.stop();
    this.sink = undefined;
    await this.deletions?.stop();
    await this.backfills;
    await this.budgetStore.flush();
  }

  async setTags(tags: readonly string[]): Promise<void> {
    this.walls = new Map(
      tags.map((tag) => {
        const options = this.options.wallOptions?.(tag);
        return [
          tag,
          {
            tag,
            ...(options?.excludeReposts ? { excludeReposts: true } : {}),
            ...(options?.languages ? { languages: options.languages } : {}),
          },
        ];
      }),
    );
    this.wallsVersion++;
    this.rulesInSync = false;
    if (this.stream && this.walls.size === 0) {
      // No wall in a session window: no connection, so no reads and no cost.
      if (this.stream.state !== StreamState.Stopped && this.stream.state !== StreamState.Idle) this.stream.stop();
      return;
    }
    const closed = this.stream?.state === StreamState.Stopped || this.stream?.state === StreamState.Idle;
    if (this.stream && this.sink && closed) {
      // A window opened: connect (the connection's backfill gathers what was posted meanwhile).
      if (this.budget.exhausted) this.pauseForBudget();
      else this.stream.start();
      return;
    }
    // On a live stream the rules change in place: X applies them without a reconnect. (When not
    // connected, the next connection attempt syncs them first.)
    const state = this.stream?.state;
    if (state === StreamState.Connected || state === StreamState.Connecting) {
      try {
        await this.ensureRules();
      } catch (err) {
        this.options.logger.error({ err }, `x: ${describeXError(err, 'the stream rules').message}`);
      }
    }
  }

  /** The stream connection's state, for health checks and tests. */
  get streamStatus(): StreamStatus {
    return this.stream?.current() ?? { state: StreamState.Idle };
  }

  /**
   * Changes the day's read budget at once (e.g. an operator raised it): a stream paused by the
   * budget resumes when it is raised, and stops when it is lowered to what was already read.
   * @throws RangeError unless `limit` is a whole number ≥ 1
   */
  setReadBudget(limit: number): void {
    const before = this.budget.dailyLimit;
    this.budget.setLimit(limit);
    void this.budgetStore.saveLimit(limit);
    this.options.metrics.xReadBudgetRemaining.set(this.budget.remaining);
    this.options.logger.info({ from: before, to: limit, usedToday: this.budget.used }, 'x: daily read budget changed');
    if (!this.budget.exhausted) {
      if (this.stream?.state === StreamState.Paused) this.resume();
    } else if (this.sink) {
      this.checkBudget();
    }
  }

  /** The day's read budget: allowed, spent, and whether the stream is paused because of it. */
  budgetState(): SourceBudget {
    return {
      dailyReadBudget: this.budget.dailyLimit,
      usedToday: this.budget.used,
      remaining: this.budget.remaining,
      pausedByBudget: this.budget.exhausted && this.stream?.state === StreamState.Paused,
      resetsAt: new Date(this.clock.now() + this.budget.msUntilReset()).toISOString(),
    };
  }

  health(): SourceHealth {
    const base = {
      postsDelivered: this.delivered,
      ...(this.lastPostAt ? { lastPostAt: this.lastPostAt } : {}),
      budget: this.budgetState(),
    };
    if (this.failure) return { ...base, state: 'failed', detail: this.failure };
    const status = this.stream?.current() ?? { state: StreamState.Idle };
    const detail = status.detail;
    switch (status.state) {
      case StreamState.Connected:
      case StreamState.Connecting:
        return { ...base, state: 'running', ...(detail ? { detail } : {}) };
      case StreamState.Backoff:
        // A refused token needs a person; other backoffs heal by themselves.
        return {
          ...base,
          state: status.kind === DisconnectKind.Auth ? 'failed' : 'backoff',
          ...(detail ? { detail } : {}),
        };
      case StreamState.Paused:
        return { ...base, state: 'backoff', ...(detail ? { detail } : {}) };
      default:
        if (this.sink && this.walls.size === 0) {
          return { ...base, state: 'idle', detail: 'No wall is in a session window: not connected to X.' };
        }
        return { ...base, state: status.state === StreamState.Stopped ? 'stopped' : 'idle' };
    }
  }

  /** Resolves when every backfill started so far has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    await this.backfills;
  }

  /** Syncs the rules unless they are in sync; syncs run one at a time so their diffs never race. */
  private ensureRules(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.rulesInSync || !this.client) return;
      const version = this.wallsVersion;
      const result = await syncRules(this.client, [...this.walls.values()], this.options.config.maxRuleLength);
      for (const problem of result.problems) this.options.logger.error(`x: ${problem}`);
      if (result.added.length || result.deleted.length) {
        this.options.logger.info({ added: result.added, deleted: result.deleted.length }, 'x: stream rules updated');
      }
      // Walls changed during the sync: the next call syncs again.
      this.rulesInSync = version === this.wallsVersion;
    };
    const next = this.ruleSync.then(run, run);
    this.ruleSync = next.catch(() => undefined);
    return next;
  }

  private onStatus(status: StreamStatus): void {
    const { metrics, logger } = this.options;
    for (const state of Object.values(StreamState)) metrics.xStreamState.set({ state }, state === status.state ? 1 : 0);
    if (status.state === StreamState.Backoff) {
      metrics.xReconnects.inc({ kind: status.kind ?? 'unknown' });
      // An auth failure stays an error until fixed; the rest are expected weather.
      const log = status.kind === DisconnectKind.Auth ? logger.error.bind(logger) : logger.warn.bind(logger);
      log({ retryInMs: status.retryInMs, kind: status.kind }, `x: ${status.detail ?? 'disconnected'}`);
    }
  }

  private onConnected(): void {
    this.options.logger.info('x: filtered stream connected');
    // Each connect may follow a gap (start, drop, pause): fetch what was posted meanwhile.
    const since = this.newestId;
    if (this.options.config.backfill.enabled) this.backfills = this.backfills.then(() => this.backfill(since));
  }

  private onMessage(payload: unknown): void {
    const { logger, metrics } = this.options;
    if (isErrorMessage(payload)) {
      const first = payload.errors[0] as { title?: string; detail?: string } | undefined;
      logger.warn(
        { errors: payload.errors },
        `x: stream message: ${first?.title ?? 'error'} ${first?.detail ?? ''}`.trim(),
      );
      return;
    }
    const parsed = streamMessageSchema.safeParse(payload);
    if (!parsed.success) {
      metrics.xMalformedLines.inc();
      logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'x: skipped a stream line that is not a post');
      return;
    }
    const { data, includes, matching_rules } = parsed.data;
    this.countReads([data], includes, 'stream');
    const post = normaliseTweet(data, includes, new Date(this.clock.now()).toISOString());
    const route = routePost(post, matching_rules, this.walls);
    for (const tag of route.unknownTags) {
      metrics.xUnknownRuleTags.inc();
      if (!this.warnedTags.has(tag)) {
        this.warnedTags.add(tag);
        logger.warn({ ruleTag: tag }, 'x: a matched rule names no wall of this relay; ignored');
      }
    }
    this.deliver(post, route.walls, data.id);
    this.checkBudget();
  }

  private async backfill(sinceId: string | undefined): Promise<void> {
    if (!this.client) return;
    const { maxPosts } = this.options.config.backfill;
    for (const spec of [...this.walls.values()]) {
      try {
        for await (const page of searchRecent(this.client, ruleValue(spec), sinceId, maxPosts)) {
          if (!this.sink) return;
          const tweets = (page.data ?? []).filter((t): t is XTweet => t !== undefined);
          this.countReads(tweets, page.includes, 'backfill');
          const now = new Date(this.clock.now()).toISOString();
          // Search answers newest first; walls show posts in the order they arrive.
          for (const tweet of tweets.reverse())
            this.deliver(normaliseTweet(tweet, page.includes, now), [spec.tag], tweet.id);
          if (this.checkBudget()) return;
        }
      } catch (err) {
        this.options.logger.warn(`x: backfill of #${spec.tag} failed: ${describeXError(err, 'recent search').message}`);
      }
    }
  }

  private deliver(post: Post, walls: readonly string[], id: string): void {
    const fresh = walls.filter((tag) => this.remember(`${tag}\u0000${post.id}`));
    // The next connection of this process backfills from the newest id read (what is read is in
    // ingest's queue); the stored cursor, where another relay or a restart resumes, moves only once
    // the post is recorded: a relay killed in between leaves it to be found again.
    if (this.newestId === undefined || compareIds(id, this.newestId) > 0) this.newestId = id;
    if (fresh.length > 0 && this.sink) {
      this.delivered++;
      this.lastPostAt = post.createdAt;
      this.sink.post(post, fresh, { recorded: () => this.saveCursor(id) });
    } else {
      this.saveCursor(id);
    }
  }

  /** Stores `id` as the newest post id recorded, unless a newer one is stored already. */
  private saveCursor(id: string): void {
    if (this.savedId !== undefined && compareIds(id, this.savedId) <= 0) return;
    this.savedId = id;
    this.options.store.setCursor(NEWEST_ID_CURSOR, id).catch((err: unknown) => {
      this.options.logger.warn({ err }, 'x: could not save the newest post id');
    });
  }

  /** Adds a delivery to the recent set; false if it was already there. */
  private remember(key: string): boolean {
    if (this.recent.has(key)) return false;
    this.recent.add(key);
    if (this.recent.size > RECENT_DELIVERIES) this.recent.delete(this.recent.values().next().value!);
    return true;
  }

  private countReads(tweets: readonly XTweet[], includes: XIncludes | undefined, via: 'stream' | 'backfill'): void {
    // Referenced posts in `includes` are reads too: count them so the guard errs on the safe side.
    this.countIds([...tweets.map((t) => t.id), ...(includes?.tweets ?? []).flatMap((t) => (t ? [t.id] : []))], via);
  }

  private countIds(ids: readonly string[], via: 'stream' | 'backfill' | 'deletion-check'): void {
    const fresh = this.budget.record(ids);
    this.budgetStore.noteReads(fresh);
    this.options.metrics.xPostsRead.inc({ via }, fresh);
    if (fresh > 0) this.options.onReads?.(fresh);
    this.options.metrics.xReadBudgetRemaining.set(this.budget.remaining);
  }

  /** Pauses the stream if the budget is spent; returns whether it is. */
  private checkBudget(): boolean {
    if (!this.budget.exhausted) return false;
    if (this.stream?.state !== StreamState.Paused) this.pauseForBudget();
    return true;
  }

  private pauseForBudget(): void {
    const resetMs = this.budget.msUntilReset();
    const at = new Date(this.clock.now() + resetMs).toISOString();
    const detail = `Daily X read budget of ${this.budget.dailyLimit} posts reached; the stream resumes at ${at} (next UTC day) or when the budget is raised`;
    this.options.logger.warn(`x: ${detail}`);
    // A spent budget is the count that matters most to keep.
    void this.budgetStore.flush();
    this.stream?.pause(detail);
    this.clock.clearTimeout(this.resumeTimer);
    this.resumeTimer = this.clock.setTimeout(() => this.resume(), resetMs);
  }

  private resume(): void {
    this.clock.clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    this.options.metrics.xReadBudgetRemaining.set(this.budget.remaining);
    if (this.sink && this.walls.size > 0 && this.stream?.state === StreamState.Paused && !this.budget.exhausted) {
      this.stream.start();
    }
  }
}

function isErrorMessage(payload: unknown): payload is { errors: unknown[] } {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    Array.isArray((payload as { errors?: unknown }).errors) &&
    !('data' in payload)
  );
}
