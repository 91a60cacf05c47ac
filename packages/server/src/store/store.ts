import {
  PostOrder,
  PostStatus,
  type AuditEntry,
  type ModerationSettings,
  type TokenRole,
  type Post,
  type WallEvent,
  type WallState,
  type ModeratedPost,
} from '@chat-wall/sdk/protocol';

// Defined with the wire protocol: moderators see the same statuses and orders, and posts are kept
// as the `ModeratedPost` records they see (a question's `assignee` is kept apart, as a cursor).
export { PostOrder, PostStatus };

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
export type StatusChangeResult = { applied: true; record: ModeratedPost } | { applied: false; record: ModeratedPost };

export interface PostQuery {
  /** Only posts with one of these statuses. */
  status?: readonly PostStatus[];
  /** Only posts by this author: `<source>:<author id>`. */
  author?: string;
  /** Page size. */
  limit: number;
  /**
   * Continue after this post id (exclusive), in the same order. The post's current place in
   * that order is the cursor; an id the wall does not have gives an empty page.
   */
  after?: string;
  /**
   * `arrival`: oldest first. `decided`: newest `decidedAt` first, then newest arrival (posts without
   * a decision time come last, newest arrival first).
   * @default 'arrival'
   */
  order?: PostOrder;
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
  /** What the token may do; absent (tokens minted before roles existed) means every role. */
  roles?: TokenRole[];
  createdAt: string;
  expiresAt: string;
}

export interface AuditQuery {
  limit: number;
  /** Only entries with an id below this one (paging backwards). */
  before?: number;
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

export interface VisiblePostQuery {
  /** Id of a visible post: the page starts with the post shown just before it. */
  before?: string;
  /** Page size. */
  limit: number;
}

/** A compare-and-set status change of one post (see {@linkcode Store.changePostStatus}). */
export interface PostStatusChange extends StatusTransition {
  id: string;
}

/**
 * Post and audit writes that commit in the same transaction as a log append
 * ({@linkcode Store.append}): the events and all of these are stored, or none of them is. This is
 * what keeps a post's status and the wall log in step across a crash: an auto-approved post is
 * never recorded without its `post.added`, a moderator's decision never changes a status
 * without the event that shows or hides the post (nor without its audit entry), and a settings
 * change is never saved without its audit entry.
 */
export interface LogWrites {
  /** New posts. A post the wall already has refuses the whole append ({@linkcode PostWriteConflict}). */
  add?: readonly ModeratedPost[];
  /**
   * Compare-and-set status changes, applied before the events. One whose post is missing or not in
   * an expected status refuses the whole append ({@linkcode PostWriteConflict}).
   */
  change?: readonly PostStatusChange[];
  /** Audit entries of what the append does; numbered as {@linkcode Store.addAudit} numbers them. */
  audit?: readonly Omit<AuditEntry, 'id'>[];
  /**
   * The wall's new moderation settings (as {@linkcode Store.setWallSettings} saves them), so that an
   * audited settings change (a ban, an unban, a filter change) is never saved without its entry.
   */
  settings?: ModerationSettings;
}

/** What {@linkcode Store.append} wrote besides the events. */
export interface AppendResult {
  /** The changed posts as they are now, in the order of {@linkcode LogWrites.change}. */
  changed: ModeratedPost[];
  /** The audit entries, numbered, in the order of {@linkcode LogWrites.audit}. */
  audit: AuditEntry[];
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

/**
 * A write that goes with a log append found a post not as it expected: already recorded (`add`),
 * missing, or decided meanwhile (`change`). Nothing of the append was written.
 */
export class PostWriteConflict extends Error {
  override name = 'PostWriteConflict';
  constructor(
    message: string,
    readonly tag: string,
    readonly id: string,
    /** The post as it is now; `undefined` when the wall has no such post. */
    readonly current: ModeratedPost | undefined,
  ) {
    super(message);
  }
}

/**
 * The database cannot be reached (a PostgreSQL restart, a network cut): nothing was written, and
 * the same write may succeed later. Ingest waits and tries again instead of dropping the post.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
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
  /**
   * Appends events (already numbered, contiguous after the stored head) atomically, together with
   * the post and audit `writes` that go with them: first the writes, then the events' projection.
   * Rejects with {@linkcode PostWriteConflict} (and writes nothing) when a write does not apply.
   */
  append(tag: string, epoch: string, events: readonly WallEvent[], writes?: LogWrites): Promise<AppendResult>;
  /**
   * The events after `seq` of the log at `epoch`, in order, up to the head; `undefined` when the log
   * is at another epoch or no longer retains all of them (the caller reloads with
   * {@linkcode Store.openLog}). How a relay catches up with events other relays appended.
   */
  eventsAfter(tag: string, epoch: string, seq: number): Promise<WallEvent[] | undefined>;
  /**
   * Saves `snapshot` (a state of this log at or before its head) and forgets events with a seq
   * below `keepFrom`, which must not exceed `snapshot.seq + 1`.
   */
  compact(tag: string, epoch: string, snapshot: WallState, keepFrom: number): Promise<void>;
  /**
   * Records a post for a wall. Returns `false` and changes nothing if the wall already has a post
   * with that id (sources deliver duplicates).
   */
  addPost(record: ModeratedPost): Promise<boolean>;
  getPost(tag: string, id: string): Promise<ModeratedPost | undefined>;
  /**
   * Visible posts of a wall (added by the log and not removed), newest first, with their current
   * marks. Throws {@linkcode UnknownCursorError} when `before` is not a visible post.
   */
  listVisiblePosts(tag: string, query: VisiblePostQuery): Promise<PostPage>;
  /** Deletes posts as the wall's retention says; resolves with the ids of deleted posts that were visible. */
  prune(tag: string, policy: PrunePolicy): Promise<string[]>;
  /** A small key/value map for source cursors (newest id seen, …). */
  getCursor(key: string): Promise<string | undefined>;
  setCursor(key: string, value: string): Promise<void>;
  /**
   * Sets `key` to `value` only if it has no value yet; resolves with the value it holds after, the
   * first writer's whoever it was (relays racing to create one secret agree on it).
   */
  claimCursor(key: string, value: string): Promise<string>;
  /**
   * Raises the whole number at `key` to `value` if it is below (or absent), atomically; resolves
   * with the number it holds after (a fencing token's floor: never lowered).
   */
  raiseCursor(key: string, value: number): Promise<number>;
  /**
   * Sets `key` to `value` unless the number at `fenceKey` (see {@linkcode raiseCursor}) is above
   * `token`, atomically; resolves whether it was written. A writer whose fencing token is older than
   * the newest holder's is refused.
   */
  setCursorFenced(key: string, value: string, fenceKey: string, token: number): Promise<boolean>;
  health(): Promise<StoreHealth>;

  // Moderation.

  /**
   * Changes a post's status only if it is one of `change.expected` (compare-and-set). Must be
   * atomic against concurrent calls, also across processes (SQL: `UPDATE … WHERE status IN (…)`),
   * so that of two moderators deciding the same post exactly one wins.
   * Resolves `undefined` when the wall has no such post.
   */
  changePostStatus(tag: string, id: string, change: StatusTransition): Promise<StatusChangeResult | undefined>;
  /**
   * A wall's posts filtered by status and author, in arrival order (oldest first) or newest decision
   * first ({@linkcode PostQuery.order}): the moderators' lists.
   */
  listPosts(tag: string, query: PostQuery): Promise<ModeratedPost[]>;
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
  /** Every stored token (hashes included: callers show none of them), oldest first. */
  listTokens(): Promise<StoredToken[]>;
  close(): Promise<void>;
}

/**
 * The store cannot be used: unreadable or corrupt file, written by a newer version, not a
 * chat-wall database, unsupported URL. `message` says what and how to fix it; nothing was changed.
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}
