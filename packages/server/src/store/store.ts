import type { Post, WallEvent } from '@chat-wall/sdk/protocol';

/** What moderation decided about a post on one wall. */
export const PostStatus = {
  Approved: 'approved',
  Held: 'held',
  Rejected: 'rejected',
  Removed: 'removed',
} as const;
export type PostStatus = (typeof PostStatus)[keyof typeof PostStatus];

export interface StoredPost {
  tag: string;
  post: Post;
  status: PostStatus;
  /** Why the status was set (filter name, moderator note). */
  reason?: string;
  receivedAt: string;
}

/** A wall's log as a store holds it: its epoch and the events it still retains, in order. */
export interface StoredLog {
  epoch: string;
  events: WallEvent[];
}

/**
 * Persistence behind the relay. Every method is async so that networked stores (Postgres) fit
 * the same interface; implementations must pass the conformance suite in `test/store-conformance.ts`.
 */
export interface Store {
  /** Loads a wall's log, creating it with `newEpoch` if the store has none. */
  openLog(tag: string, newEpoch: string): Promise<StoredLog>;
  /** Appends events (already numbered, contiguous after the stored head) atomically. */
  append(tag: string, epoch: string, events: readonly WallEvent[]): Promise<void>;
  /**
   * Records a post for a wall. Returns `false` and changes nothing if the wall already has a post
   * with that id (sources deliver duplicates).
   */
  addPost(record: StoredPost): Promise<boolean>;
  getPost(tag: string, id: string): Promise<StoredPost | undefined>;
  setPostStatus(tag: string, id: string, status: PostStatus, reason?: string): Promise<void>;
  /** A small key/value map for source cursors (newest id seen, …). */
  getCursor(key: string): Promise<string | undefined>;
  setCursor(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
