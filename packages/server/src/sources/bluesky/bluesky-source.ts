import type { Logger } from 'pino';
import { PostOrder, PostStatus } from '@chat-wall/sdk/protocol';
import { DEFAULT_JETSTREAMS, type BlueskyConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import { systemClock, type Clock, type TimerHandle } from '../../clock.js';
import type { Source, SourceHealth, SourcePartHealth, SourceSink, SourceState } from '../source.js';
import { AppViewProfiles, type ProfileLookup } from './appview-profiles.js';
import {
  POST_COLLECTION,
  postRecordSchema,
  readEvent,
  type JetstreamEvent,
  type PostRecord,
} from './bluesky-payload.js';
import { JetstreamConnection } from './jetstream-connection.js';
import { blueskyPostId, contentWarning, normaliseRecord, postUri, recordTags } from './normalise-bluesky.js';

/** Store key of the newest Jetstream `time_us` handled. */
export const CURSOR_KEY = 'bluesky:jetstream:time-us';
/** How often the cursor is saved (it moves with every frame; saving each would flood the store). */
export const CURSOR_SAVE_MS = 5_000;
/** Post ids delivered and remembered: repeats after a rewind are dropped, deletes find their post. */
const KNOWN = 50_000;
/**
 * Deletes remembered, of any post on the network (a few a second): a create that arrives after its
 * delete (out of order, or replayed after a rewind) is not shown.
 */
const TOMBSTONES = 20_000;
/** Posts of each wall read back from the store at start, so deletes after a restart still find them. */
const SEED_PER_WALL = 2_000;

export interface BlueskySourceOptions {
  config: BlueskyConfig;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  /** Jitter source (tests pin it). @default Math.random */
  random?: () => number;
  /** Where author profiles come from. @default the configured AppView */
  profiles?: ProfileLookup;
}

interface Pending {
  id: string;
  event: JetstreamEvent;
  record: PostRecord;
  tags: string[];
}

/**
 * Reads the walls' hashtags from Bluesky through Jetstream: every post on the network arrives,
 * those whose tag facets (or `#tags` in the text) name a wall are kept, their authors looked up on
 * the AppView (batched, cached), and delete commits take delivered posts down. The cursor
 * (`time_us`) is stored, so a reconnect or a restart resumes where it stopped.
 */
export class BlueskySource implements Source {
  readonly name = 'bluesky' as const;
  private sink: SourceSink | undefined;
  private wanted = new Set<string>();
  private readonly connection: JetstreamConnection;
  private readonly profiles: ProfileLookup;
  private readonly clock: Clock;
  /** Ids of posts delivered (or waiting for their author), oldest first. */
  private readonly known = new Set<string>();
  private readonly tombstones = new Set<string>();
  private pending: Pending[] = [];
  /**
   * Posts read but not yet recorded by ingest (waiting for their author, or being stored), with
   * their `time_us`: the stored cursor stays before the oldest, so a relay killed meanwhile reads
   * them again on its next start.
   */
  private readonly unrecorded = new Map<string, number>();
  private resolving: Promise<void> | undefined;
  private cursor: number | undefined;
  private savedCursor: number | undefined;
  private saveTimer: TimerHandle | undefined;
  private delivered = 0;
  private malformed = 0;
  /** Frames read (every post on the network), for health and the benchmark. */
  frames = 0;
  private lastPostAt: string | undefined;

  constructor(private readonly options: BlueskySourceOptions) {
    this.clock = options.clock ?? systemClock;
    const urls = jetstreamUrls(options.config);
    this.profiles = options.profiles ?? new AppViewProfiles(options.config.appview, this.clock);
    this.connection = new JetstreamConnection({
      urls,
      clock: this.clock,
      logger: options.logger,
      ...(options.random ? { random: options.random } : {}),
      handlers: {
        frame: (raw) => this.onFrame(raw),
        cursor: () => this.cursor,
        retry: (reason) => options.metrics.sourceReconnects.inc({ source: 'bluesky', reason }),
      },
    });
  }

  async start(sink: SourceSink): Promise<void> {
    const stored = await this.options.store.getCursor(CURSOR_KEY);
    const n = stored ? Number(stored) : NaN;
    if (Number.isSafeInteger(n) && n > 0) this.cursor = this.savedCursor = n;
    await this.seedKnown();
    this.sink = sink;
    this.connection.start();
    this.scheduleSave();
  }

  async stop(): Promise<void> {
    this.sink = undefined;
    this.connection.stop();
    this.clock.clearTimeout(this.saveTimer);
    await this.resolving;
    await this.saveCursor();
  }

  async setTags(tags: readonly string[]): Promise<void> {
    this.wanted = new Set(tags.map((t) => t.toLowerCase()));
  }

  /** Resolves when posts waiting for their authors' profiles have been delivered (tests). */
  async settled(): Promise<void> {
    while (this.resolving) await this.resolving;
  }

  /** The stored resume point (tests, health). */
  get resumeCursor(): number | undefined {
    return this.cursor;
  }

  health(): SourceHealth {
    const jetstream = this.connection.health();
    for (const p of jetstream)
      this.options.metrics.sourceUp.set({ source: 'bluesky', part: p.name }, p.state === 'running' ? 1 : 0);
    const appviewError = this.profiles instanceof AppViewProfiles ? this.profiles.lastError : undefined;
    const appview: SourcePartHealth = {
      name: `appview ${safeHost(this.options.config.appview)}`,
      state: appviewError ? 'backoff' : 'running',
      detail: appviewError ? `${appviewError}; authors show as DIDs meanwhile` : 'author profiles',
    };
    const now = this.connection.describe();
    const state: SourceState = !this.sink ? 'stopped' : now.state === 'running' && appviewError ? 'backoff' : now.state;
    const detail = [now.detail, appviewError].filter(Boolean).join('; ');
    return {
      state,
      detail,
      postsDelivered: this.delivered,
      ...(this.lastPostAt ? { lastPostAt: this.lastPostAt } : {}),
      parts: [...jetstream, appview],
      malformed: this.malformed,
    };
  }

  /**
   * One Jetstream frame. This runs for every post on the network, so a frame is parsed once and
   * only posts that name a wall's tag are checked in full.
   */
  onFrame(raw: string): void {
    this.frames++;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return this.skip('a frame that is not JSON');
    }
    const event = readEvent(value);
    if (typeof event === 'string') return this.skip(`an event with ${event}`);
    if (this.cursor === undefined || event.time_us > this.cursor) this.cursor = event.time_us;
    if (event.kind === 'identity') return this.profiles.forget(event.did);
    const commit = event.commit;
    if (event.kind !== 'commit' || !commit || commit.collection !== POST_COLLECTION) return;
    if (commit.operation === 'delete') return this.onDelete(blueskyPostId(postUri(event.did, commit.rkey)));
    if (commit.operation !== 'create' || this.wanted.size === 0) return; // posts are not edited in place
    const record = commit.record;
    if (typeof record !== 'object' || record === null) return this.skip('a create without a record');
    const tags = recordTags(record as Record<string, unknown>).filter((t) => this.wanted.has(t));
    if (tags.length === 0) return;
    const parsed = postRecordSchema.safeParse(record);
    if (!parsed.success) return this.skip('a post record that does not fit the schema');
    const id = blueskyPostId(postUri(event.did, commit.rkey));
    if (this.known.has(id) || this.tombstones.has(id)) return; // a repeat (rewind), or deleted already
    remember(this.known, id, KNOWN);
    this.unrecorded.set(id, event.time_us);
    this.pending.push({ id, event, record: parsed.data, tags: [...new Set(tags)] });
    this.resolving ??= this.resolve();
  }

  private onDelete(id: string): void {
    remember(this.tombstones, id, TOMBSTONES);
    // Nearly every delete on the network is of a post no wall has.
    if (!this.known.delete(id)) return;
    const waiting = this.pending.findIndex((p) => p.id === id);
    if (waiting >= 0) {
      this.pending.splice(waiting, 1);
      this.unrecorded.delete(id);
    } else this.sink?.remove?.(id);
  }

  /** Delivers waiting posts with their authors, one AppView batch at a time, in arrival order. */
  private async resolve(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let profiles;
        try {
          profiles = await this.profiles.profiles(batch.map((p) => p.event.did));
        } catch (err) {
          for (const p of batch) this.unrecorded.delete(p.id);
          throw err;
        }
        for (const p of batch) {
          if (!this.known.has(p.id) || !this.sink) {
            this.unrecorded.delete(p.id); // deleted while its author was looked up, or stopped
            continue;
          }
          const post = normaliseRecord(
            p.event.did,
            p.event.commit!.rkey,
            p.record,
            profiles.get(p.event.did),
            p.event.time_us,
          );
          const hold = contentWarning(p.record);
          this.delivered++;
          this.lastPostAt = post.createdAt;
          const recorded = (): void => void this.unrecorded.delete(p.id);
          this.sink.post(post, p.tags, { ...(hold ? { hold } : {}), recorded });
        }
      }
    } catch (err) {
      this.options.logger.error({ err }, 'bluesky: could not deliver posts');
    } finally {
      this.resolving = undefined;
    }
  }

  private skip(reason: string): void {
    this.malformed++;
    this.options.metrics.sourceMalformed.inc({ source: 'bluesky' });
    // Logged at debug: a hostile frame per second must not flood the log; the counter shows them.
    this.options.logger.debug(`bluesky: skipped ${reason}`);
  }

  /** Posts the walls already have from Bluesky: a delete after a restart still takes them down. */
  private async seedKnown(): Promise<void> {
    for (const tag of this.wanted) {
      try {
        const posts = await this.options.store.listPosts(tag, {
          status: [PostStatus.Approved, PostStatus.Held],
          limit: SEED_PER_WALL,
          order: PostOrder.Decided,
        });
        for (const p of posts) if (p.post.source === 'bluesky') remember(this.known, p.post.id, KNOWN);
      } catch (err) {
        this.options.logger.warn({ err, wall: tag }, 'bluesky: could not read the wall’s posts back');
      }
    }
  }

  private scheduleSave(): void {
    this.saveTimer = this.clock.setTimeout(() => {
      void this.saveCursor().finally(() => {
        if (this.sink) this.scheduleSave();
      });
    }, CURSOR_SAVE_MS);
  }

  private async saveCursor(): Promise<void> {
    let cursor = this.cursor;
    for (const time of this.unrecorded.values()) if (cursor === undefined || time - 1 < cursor) cursor = time - 1;
    if (cursor === undefined || cursor === this.savedCursor) return;
    try {
      await this.options.store.setCursor(CURSOR_KEY, String(cursor));
      this.savedCursor = cursor;
    } catch (err) {
      this.options.logger.warn({ err }, `bluesky: could not save ${CURSOR_KEY}`);
    }
  }
}

/** Adds `id` to a set that keeps its newest `max` entries. */
function remember(set: Set<string>, id: string, max: number): void {
  set.delete(id);
  set.add(id);
  if (set.size > max) set.delete(set.values().next().value!);
}

/** The configured Jetstream URL(s), or Bluesky's public hosts. */
export function jetstreamUrls(config: BlueskyConfig): string[] {
  const j = config.jetstream;
  return j === undefined ? [...DEFAULT_JETSTREAMS] : Array.isArray(j) ? [...j] : [j];
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
