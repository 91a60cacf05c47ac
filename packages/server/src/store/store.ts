import {
  PostStatus,
  type AuditEntry,
  type ModerationSettings,
  type Post,
  type WallEvent,
} from '@chat-wall/sdk/protocol';

// Defined with the wire protocol: moderators see the same statuses.
export { PostStatus };

export interface StoredPost {
  tag: string;
  post: Post;
  status: PostStatus;
  /** Why the status was set (filter name, moderator note). */
  reason?: string;
  receivedAt: string;
  /** The filter that set the status, when one did (`profanity`, `rate-cap`, …). */
  filter?: string;
  /** Moderator name and time of the last decision by a person. */
  decidedBy?: string;
  decidedAt?: string;
}

/** A status change that applies only if the post still has one of the `expected` statuses. */
export interface StatusTransition {
  expected: readonly PostStatus[];
  status: PostStatus;
  reason?: string;
  decidedBy?: string;
  decidedAt?: string;
}

/**
 * Answer of {@linkcode Store.changePostStatus}: the record after the change, or, when the post's
 * status was not one of `expected`, the record as it is (`applied: false`); `undefined` if no such post.
 */
export type StatusChangeResult = { applied: true; record: StoredPost } | { applied: false; record: StoredPost };

export interface PostQuery {
  /** Only posts with one of these statuses. */
  status?: readonly PostStatus[];
  /** Only posts by this author: `<source>:<author id>`. */
  author?: string;
  /** Page size. */
  limit: number;
  /** Continue after this post id (exclusive), in the same order. */
  after?: string;
}

/** A moderator token as stored: never the token itself, only its SHA-256 hash (hex). */
export interface StoredToken {
  /** Public id (a prefix of the hash), for listing and revoking. */
  id: string;
  hash: string;
  /** Who holds it; shown in the audit log. */
  name: string;
  /** Canonical tags, or `['*']` for every wall. */
  walls: string[];
  createdAt: string;
  expiresAt: string;
}

export interface AuditQuery {
  limit: number;
  /** Only entries with an id below this one (paging backwards). */
  before?: number;
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

  // Moderation.

  /**
   * Changes a post's status only if it is one of `change.expected` (compare-and-set). Must be
   * atomic against concurrent calls, also across processes (SQL: `UPDATE … WHERE status IN (…)`),
   * so that of two moderators deciding the same post exactly one wins.
   * Resolves `undefined` when the wall has no such post.
   */
  changePostStatus(tag: string, id: string, change: StatusTransition): Promise<StatusChangeResult | undefined>;
  /** A wall's posts in arrival order (oldest first), filtered by status and author. */
  listPosts(tag: string, query: PostQuery): Promise<StoredPost[]>;
  /** Appends an audit entry; resolves with it numbered (ids increase across the store). */
  addAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** A wall's audit entries, newest first. */
  listAudit(tag: string, query: AuditQuery): Promise<AuditEntry[]>;
  /** Saved moderation settings of a wall, if any were saved (else the config applies). */
  getWallSettings(tag: string): Promise<ModerationSettings | undefined>;
  setWallSettings(tag: string, settings: ModerationSettings): Promise<void>;
  putToken(token: StoredToken): Promise<void>;
  /** The token whose hash this is, expired or not. */
  findToken(hash: string): Promise<StoredToken | undefined>;
  /** Deletes a token by public id; resolves whether it existed. */
  deleteToken(id: string): Promise<boolean>;
  close(): Promise<void>;
}
