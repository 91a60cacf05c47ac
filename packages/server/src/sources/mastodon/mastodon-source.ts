import type { Logger } from 'pino';
import type { MastodonConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import { JitterBackoff } from '../retry.js';
import type { Source, SourceHealth, SourcePartHealth, SourceSink, SourceState } from '../source.js';
import { systemClock, type Clock, type TimerHandle } from '../../clock.js';
import { MastodonFeed } from './mastodon-feed.js';
import { instanceSchema, type MastodonStatus } from './mastodon-payload.js';
import { contentWarning, mastodonPostId, normaliseStatus } from './normalise-mastodon.js';

/** Deliveries (wall, post) remembered to drop the same post federated through several instances. */
const RECENT = 10_000;
/** Local ids remembered per instance, to turn a `delete` (local id) into the post it removes. */
const LOCAL_IDS = 20_000;

export interface MastodonSourceOptions {
  config: MastodonConfig;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  /** Jitter source (tests pin it). @default Math.random */
  random?: () => number;
}

/**
 * Reads the walls' hashtags from Mastodon instances. Each instance is checked first
 * (`GET /api/v2/instance`: is it Mastodon, where does it stream); an instance that is down or is
 * not Mastodon reports why and is tried again later, while the others go on. The same post seen
 * through several instances (federation) reaches each wall once.
 */
export class MastodonSource implements Source {
  readonly name = 'mastodon' as const;
  private readonly instances: Instance[];
  private sink: SourceSink | undefined;
  private tags: readonly string[] = [];
  private readonly recent = new Set<string>();
  private delivered = 0;
  private malformed = 0;
  private lastPostAt: string | undefined;

  constructor(private readonly options: MastodonSourceOptions) {
    this.instances = options.config.instances.map(
      (i) =>
        new Instance(i.url, i.token, options, options.clock ?? systemClock, {
          status: (status, host, tag) => this.onStatus(status, host, tag),
          removed: (postId) => this.sink?.remove?.(postId),
          malformed: (reason) => {
            this.malformed++;
            options.metrics.sourceMalformed.inc({ source: 'mastodon' });
            options.logger.warn(`mastodon: skipped ${reason}`);
          },
        }),
    );
  }

  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
    // Instances are reached in the background: one slow instance must not hold up the relay's start.
    for (const instance of this.instances) instance.start(this.tags);
  }

  async stop(): Promise<void> {
    this.sink = undefined;
    await Promise.all(this.instances.map((i) => i.stop()));
  }

  async setTags(tags: readonly string[]): Promise<void> {
    this.tags = [...tags];
    if (this.sink) for (const instance of this.instances) instance.setTags(this.tags);
  }

  /** Resolves when every catch-up under way has finished (tests). */
  async settled(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.settled()));
  }

  health(): SourceHealth {
    const parts = this.instances.map((i) => i.health());
    const failing = parts.filter((p) => p.state !== 'running');
    const state: SourceState = !this.sink
      ? 'stopped'
      : failing.length === 0
        ? 'running'
        : failing.length === parts.length && parts.every((p) => p.state === 'failed')
          ? 'failed'
          : 'backoff';
    return {
      state,
      ...(failing.length ? { detail: failing.map((p) => `${p.name}: ${p.detail ?? p.state}`).join('; ') } : {}),
      postsDelivered: this.delivered,
      ...(this.lastPostAt ? { lastPostAt: this.lastPostAt } : {}),
      parts,
      malformed: this.malformed,
    };
  }

  /** Delivers a status to its wall once; resolves when ingest has recorded it (see the feed's cursor). */
  private onStatus(status: MastodonStatus, host: string, tag: string): Promise<void> {
    const post = normaliseStatus(status, host);
    // A repeat (a federated post seen on several instances) was delivered already: its own
    // delivery moves the cursor of the instance that read it first.
    if (!this.sink || !this.remember(`${tag}\u0000${post.id}`)) return Promise.resolve();
    this.delivered++;
    this.lastPostAt = post.createdAt;
    const hold = contentWarning(status);
    const sink = this.sink;
    return new Promise((recorded) => sink.post(post, [tag], { ...(hold ? { hold } : {}), recorded }));
  }

  private remember(key: string): boolean {
    if (this.recent.has(key)) return false;
    this.recent.add(key);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.values().next().value!);
    return true;
  }
}

/** What an instance reports to its source. */
interface InstanceHooks {
  status(status: MastodonStatus, host: string, tag: string): Promise<void>;
  /** A post this instance delivered was deleted. */
  removed(postId: string): void;
  malformed(reason: string): void;
}

/** One instance: its discovery, its feeds (one per tag) and the local ids it has delivered. */
class Instance {
  readonly host: string;
  private streamingUrl: string | undefined;
  private discovered = false;
  private failure: string | undefined;
  private readonly feeds = new Map<string, MastodonFeed>();
  private tags: readonly string[] = [];
  private timer: TimerHandle | undefined;
  private stopped = true;
  private readonly backoff: JitterBackoff;
  /** Local id → post id, newest last, for `delete` events. */
  private readonly localIds = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly token: string | undefined,
    private readonly options: MastodonSourceOptions,
    private readonly clock: Clock,
    private readonly hooks: InstanceHooks,
  ) {
    this.host = new URL(base).host;
    this.backoff = new JitterBackoff({ initialMs: 30_000, maxMs: 600_000 }, options.random);
  }

  start(tags: readonly string[]): void {
    this.stopped = false;
    this.tags = tags;
    void this.discover();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    for (const feed of this.feeds.values()) feed.stop();
    await this.settled();
    this.feeds.clear();
  }

  async settled(): Promise<void> {
    await Promise.all([...this.feeds.values()].map((f) => f.settled()));
  }

  setTags(tags: readonly string[]): void {
    this.tags = tags;
    if (this.discovered) this.syncFeeds();
  }

  health(): SourcePartHealth {
    const name = this.host;
    this.options.metrics.sourceUp.set({ source: 'mastodon', part: name }, this.failure ? 0 : 1);
    if (this.failure) return { name, state: this.discovered ? 'backoff' : 'failed', detail: this.failure };
    if (!this.discovered) return { name, state: 'idle', detail: 'checking the instance' };
    const feeds = [...this.feeds.values()];
    const bad = feeds.find((f) => f.state === 'backoff');
    const note = feeds.find((f) => f.detail)?.detail;
    const mode = this.streamingUrl && this.token ? 'streaming' : 'polling';
    if (bad) return { name, state: 'backoff', detail: bad.detail ?? 'retrying' };
    return { name, state: 'running', detail: note ?? `${mode} ${feeds.length} tag(s)` };
  }

  private async discover(): Promise<void> {
    try {
      const res = await fetch(new URL('/api/v2/instance', this.base), {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`not a Mastodon instance: GET /api/v2/instance answered HTTP ${res.status}`);
      }
      const body: unknown = await res.json().catch(() => undefined);
      const parsed = instanceSchema.safeParse(body);
      if (!parsed.success) throw new Error('not a Mastodon instance: GET /api/v2/instance did not answer an instance');
      if (this.stopped) return;
      this.streamingUrl = toStreamingUrl(parsed.data.configuration.urls.streaming);
      this.discovered = true;
      this.failure = undefined;
      this.backoff.reset();
      this.options.logger.info(
        { version: parsed.data.version, streaming: Boolean(this.streamingUrl && this.token) },
        `mastodon ${this.host}: connected`,
      );
      this.syncFeeds();
    } catch (err) {
      if (this.stopped) return;
      const delay = this.backoff.next();
      const reason = err instanceof Error && err.name !== 'TimeoutError' ? err.message : 'no answer';
      this.failure = `${reason.startsWith('not a') ? reason : `unreachable (${reason})`}; trying again in ${Math.round(delay / 1000)} s`;
      this.options.logger.error(`mastodon ${this.host}: ${this.failure}`);
      this.options.metrics.sourceReconnects.inc({ source: 'mastodon', reason: 'instance' });
      this.timer = this.clock.setTimeout(() => void this.discover(), delay);
    }
  }

  private syncFeeds(): void {
    if (this.stopped) return;
    for (const [tag, feed] of this.feeds) {
      if (!this.tags.includes(tag)) {
        feed.stop();
        this.feeds.delete(tag);
      }
    }
    for (const tag of this.tags) {
      if (this.feeds.has(tag)) continue;
      const feed = new MastodonFeed({
        base: this.base,
        host: this.host,
        tag,
        token: this.token,
        streamingUrl: this.streamingUrl,
        pollMs: this.options.config.pollSeconds * 1000,
        clock: this.clock,
        store: this.options.store,
        logger: this.options.logger,
        ...(this.options.random ? { random: this.options.random } : {}),
        events: {
          status: (status) => {
            this.rememberLocal(status.id, mastodonPostId((status.reblog ?? status).uri));
            return this.hooks.status(status, this.host, tag);
          },
          deleted: (localId) => {
            const postId = this.localIds.get(localId);
            if (postId) this.hooks.removed(postId);
          },
          malformed: this.hooks.malformed,
          retry: (reason) => this.options.metrics.sourceReconnects.inc({ source: 'mastodon', reason }),
        },
      });
      this.feeds.set(tag, feed);
      void feed.start();
    }
  }

  private rememberLocal(localId: string, postId: string): void {
    this.localIds.delete(localId);
    this.localIds.set(localId, postId);
    if (this.localIds.size > LOCAL_IDS) this.localIds.delete(this.localIds.keys().next().value!);
  }
}

/** The streaming base as a ws(s) URL; instances answer it as `wss://…` (older ones `https://…`). */
function toStreamingUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:') url.protocol = 'wss:';
    else if (url.protocol === 'http:') url.protocol = 'ws:';
    return url.protocol === 'wss:' || url.protocol === 'ws:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
