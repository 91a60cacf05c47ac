import type { Post, WallEvent, WallState } from '@chat-wall/sdk/protocol';

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

/**
 * A wall's log as a store holds it: its epoch, the latest compacted snapshot (if any) and the
 * events it still retains, in order. `events` may start before the snapshot (a tail kept for resume);
 * every event after the snapshot is there.
 */
export interface StoredLog {
  epoch: string;
  snapshot?: WallState;
  events: WallEvent[];
}

/** A page of visible posts, newest first. */
export interface PostPage {
  posts: Post[];
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  next?: string;
}

export interface PostQuery {
  /** Id of a visible post: the page starts with the post shown just before it. */
  before?: string;
  /** Page size. */
  limit: number;
}

/** What {@linkcode Store.prune} may delete. */
export interface PrunePolicy {
  /** Delete posts received before this ISO time, whatever their status. */
  receivedBefore?: string;
  /** Keep at most this many visible posts; older visible ones are deleted. */
  maxVisible?: number;
}

/** Whether the store can currently write; for /healthz and logs. */
export interface StoreHealth {
  state: 'ok' | 'failing';
  /** What failed last, when failing. */
  detail?: string;
  /** ISO time of the last failed write. */
  lastErrorAt?: string;
}

/** `before` names no visible post of the wall. */
export class UnknownCursorError extends Error {
  override name = 'UnknownCursorError';
}

/**
 * Persistence behind the relay. Every method is async so that networked stores (Postgres) fit
 * the same interface; implementations must pass the conformance suite in
 * `test/support/store-conformance.ts`.
 *
 * Besides the raw log, a store keeps a projection of it: {@linkcode Store.append} marks posts
 * visible (`post.added`), patches their marks (`post.updated`) and hides them (`post.removed`),
 * so history queries see exactly what the log shows, in log order.
 */
export interface Store {
  /** Loads a wall's log, creating it with `newEpoch` if the store has none. */
  openLog(tag: string, newEpoch: string): Promise<StoredLog>;
  /** Appends events (already numbered, contiguous after the stored head) atomically. */
  append(tag: string, epoch: string, events: readonly WallEvent[]): Promise<void>;
  /**
   * Saves `snapshot` (a state of this log at or before its head) and forgets events with a seq
   * below `keepFrom`, which must not exceed `snapshot.seq + 1`.
   */
  compact(tag: string, epoch: string, snapshot: WallState, keepFrom: number): Promise<void>;
  /**
   * Records a post for a wall. Returns `false` and changes nothing if the wall already has a post
   * with that id (sources deliver duplicates).
   */
  addPost(record: StoredPost): Promise<boolean>;
  getPost(tag: string, id: string): Promise<StoredPost | undefined>;
  setPostStatus(tag: string, id: string, status: PostStatus, reason?: string): Promise<void>;
  /**
   * Visible posts of a wall (added by the log and not removed), newest first, with their current
   * marks. Throws {@linkcode UnknownCursorError} when `before` is not a visible post.
   */
  listPosts(tag: string, query: PostQuery): Promise<PostPage>;
  /** Deletes posts as the wall's retention says; resolves with the ids of deleted posts that were visible. */
  prune(tag: string, policy: PrunePolicy): Promise<string[]>;
  /** A small key/value map for source cursors (newest id seen, …). */
  getCursor(key: string): Promise<string | undefined>;
  setCursor(key: string, value: string): Promise<void>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/**
 * The store cannot be used: unreadable or corrupt file, written by a newer version, not a
 * chat-wall database, unsupported URL. `message` says what and how to fix it; nothing was changed.
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}
