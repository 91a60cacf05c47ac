import type { Post } from '@chat-wall/sdk/protocol';

/**
 * Where a source delivers what it reads. Ingest owns this interface and implements it; sources
 * call it and know nothing else of the pipeline.
 */
export interface SourceSink {
  /**
   * A normalised post. `tags` are the walls the source knows it matched (e.g. X rule tags);
   * without them the post is routed by its hashtags.
   */
  post(post: Post, tags?: readonly string[]): void;
}
