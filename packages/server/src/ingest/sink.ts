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
  post(post: Post, tags?: readonly string[], options?: SinkPostOptions): void;
  /**
   * The post with this id (`<source>:<native id>`) was deleted at its source: it leaves every wall
   * that has it (audited "deleted at source"). Unknown ids are ignored.
   */
  remove?(id: string): void;
}

/** How a source asks ingest to treat one post. */
export interface SinkPostOptions {
  /**
   * Hold the post for a moderator whatever the wall's mode, with this reason (audience
   * submissions, content warnings). Filters may still reject it.
   */
  hold?: string;
  /**
   * Called once the post is recorded on every wall it goes to (at once when it goes to none); not
   * called if recording it failed. A source that keeps a cursor saves it here, not on reading: a
   * relay killed between the two must find the post again, not skip it.
   */
  recorded?: () => void;
}
