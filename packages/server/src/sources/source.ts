import type { Post, SourceName } from '@chat-wall/sdk/protocol';

/** How a source is doing, for /healthz, metrics and the console. */
export interface SourceHealth {
  state: 'idle' | 'running' | 'backoff' | 'stopped' | 'failed';
  /** What a host should know: why it is in backoff, what failed and how to fix it. */
  detail?: string;
  /** ISO time of the last post delivered. */
  lastPostAt?: string;
  postsDelivered: number;
}

/** Where a source delivers what it reads. */
export interface SourceSink {
  /**
   * A normalised post. `tags` are the walls the source knows it matched (e.g. X rule tags);
   * without them the post is routed by its hashtags.
   */
  post(post: Post, tags?: readonly string[]): void;
}

/**
 * A producer of posts: X, replay, later Mastodon, Bluesky and native submissions.
 * The relay tells it which tags are wanted; it delivers normalised posts to the sink.
 */
export interface Source {
  readonly name: SourceName;
  start(sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
  /** The tags (canonical) of the walls that use this source. May be called while running. */
  setTags(tags: readonly string[]): Promise<void>;
  health(): SourceHealth;
}
