import { EventEmitter, once } from 'node:events';
import type { Post } from '@chat-wall/sdk/protocol';
import { xConfigSchema, type XConfig, type XWallConfig } from '../../src/config.js';
import { Metrics } from '../../src/metrics.js';
import type { SinkPostOptions, SourceSink } from '../../src/ingest/sink.js';
import { XSource } from '../../src/sources/x/x-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { silent } from '../support/util.js';
import { FakeXApi } from './fake-x-server.js';
import { ManualClock } from './manual-clock.js';

/** Records what a source delivers. */
export class CaptureSink extends EventEmitter implements SourceSink {
  readonly posts: { post: Post; tags: readonly string[] }[] = [];
  /** Whether a delivered post counts as recorded at once (as ingest says once it has stored it). */
  recordAtOnce = true;
  /** The `recorded` callbacks held back while {@linkcode CaptureSink.recordAtOnce} is off. */
  readonly unrecorded: (() => void)[] = [];

  post(post: Post, tags?: readonly string[], options?: SinkPostOptions): void {
    this.posts.push({ post, tags: tags ?? [] });
    if (options?.recorded) {
      if (this.recordAtOnce) options.recorded();
      else this.unrecorded.push(options.recorded);
    }
    this.emit('post');
  }

  /** Resolves once `n` posts have been delivered in total. */
  async count(n: number): Promise<void> {
    while (this.posts.length < n) await once(this, 'post');
  }

  ids(tag?: string): string[] {
    return this.posts.filter((p) => !tag || p.tags.includes(tag)).map((p) => p.post.id);
  }
}

export interface XHarness {
  api: FakeXApi;
  source: XSource;
  sink: CaptureSink;
  clock: ManualClock;
  store: MemoryStore;
  metrics: Metrics;
  close(): Promise<void>;
}

/** A real {@linkcode XSource} on the real twitter-api-v2 client, against the fake X API on loopback. */
export async function startX(
  options: {
    tags?: string[];
    wallOptions?: Record<string, XWallConfig>;
    config?: Partial<XConfig> & { backfill?: Partial<XConfig['backfill']> };
    token?: string;
    store?: MemoryStore;
    api?: FakeXApi;
    start?: boolean;
  } = {},
): Promise<XHarness> {
  const api = options.api ?? (await FakeXApi.start());
  const clock = new ManualClock();
  const store = options.store ?? new MemoryStore();
  const metrics = new Metrics();
  const config = xConfigSchema.parse({ backfill: { enabled: false }, ...options.config });
  const source = new XSource({
    bearerToken: options.token ?? api.token,
    baseUrl: api.url,
    config,
    wallOptions: (tag) => options.wallOptions?.[tag],
    store,
    logger: silent,
    metrics,
    clock,
  });
  const sink = new CaptureSink();
  await source.setTags(options.tags ?? ['askgmp']);
  if (options.start !== false) await source.start(sink);
  return {
    api,
    source,
    sink,
    clock,
    store,
    metrics,
    close: async () => {
      await source.stop();
      await api.close();
    },
  };
}

/** The value of a counter or gauge (summed over labels). */
export async function metricValue(metrics: Metrics, name: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).reduce((sum, v) => sum + Number(v.value), 0);
}
