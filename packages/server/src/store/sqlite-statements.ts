import type { Post, ModeratedPost } from '@chat-wall/sdk/protocol';
import type { Database, Statement } from 'better-sqlite3';
import {
  POST_COLUMNS,
  auditFromRow,
  postFromRow as storedPostFromRow,
  type AuditRow,
  type PostRow as SharedPostRow,
} from './rows.js';
import { PostStatus } from './store.js';

/** A `posts` row as SQLite gives it: the post column is JSON text. */
export type PostRow = SharedPostRow<string>;
export type { AuditRow };

/** The next arrival number: one index lookup on `posts_arrival`. */
const NEXT_ARRIVAL = '(SELECT coalesce(max(arrival), 0) + 1 FROM posts)';
/** `<source>:<author id>` of the post JSON bound as the named parameter `post`. */
const AUTHOR_OF_POST = "json_extract(:post, '$.source') || ':' || json_extract(:post, '$.author.id')";

export function postFromRow(row: PostRow): ModeratedPost {
  return storedPostFromRow({ ...row, post: JSON.parse(row.post) as Post });
}

export { auditFromRow };
export { tokenFromRow, tokenToRow, type TokenRow } from './rows.js';

/** The parameters of {@linkcode statements}' `addPost`. */
export function postParams(record: ModeratedPost): Record<string, string | null> {
  return {
    tag: record.tag,
    id: record.post.id,
    status: record.status,
    reason: record.reason ?? null,
    receivedAt: record.receivedAt,
    post: JSON.stringify(record.post),
    filter: record.filter ?? null,
    decidedBy: record.decidedBy ?? null,
    decidedAt: record.decidedAt ?? null,
  };
}

/**
 * The moderators' list query in arrival order for one combination of filters (each has its own
 * index). Keyset paging: the `after` post's arrival number is the cursor.
 */
export function listPostsSql(byStatus: boolean, byAuthor: boolean): string {
  return `SELECT ${POST_COLUMNS} FROM posts
    WHERE tag = :tag
      ${byStatus ? 'AND status IN (SELECT value FROM json_each(:statuses))' : ''}
      ${byAuthor ? 'AND author = :author' : ''}
      AND arrival > coalesce((SELECT arrival FROM posts WHERE tag = :tag AND id = :after), CASE WHEN :after IS NULL THEN 0 END)
    ORDER BY arrival LIMIT :limit`;
}

/**
 * Where a page in decision order starts: at the top, after a post with a decision time, or after
 * an undecided one (those come last, newest arrival first).
 */
export type DecidedCursor = 'none' | 'decided' | 'undecided';

/**
 * The moderators' list query newest decision first, for `statuses` statuses (bound as `:s0`, `:s1`…).
 * Each status is read on its own from `posts_decided` (already in order, so each arm stops after
 * `:limit` rows) and the arms are merged: `status IN (…)` would sort every matching row instead.
 * The cursor is `(:at, :arr)`, the `after` post's decision time and arrival number.
 */
export function listDecidedSql(statuses: number, byAuthor: boolean, cursor: DecidedCursor): string {
  const arm = (i: number, where: string, order: string) => `SELECT * FROM (
      SELECT ${POST_COLUMNS}, arrival FROM posts
      WHERE tag = :tag AND status = :s${i} ${byAuthor ? 'AND author = :author' : ''} AND ${where}
      ORDER BY ${order} LIMIT :limit)`;
  const arms: string[] = [];
  for (let i = 0; i < statuses; i++) {
    if (cursor !== 'undecided') {
      const range = cursor === 'decided' ? '(decided_at, arrival) < (:at, :arr)' : 'decided_at IS NOT NULL';
      arms.push(arm(i, range, 'decided_at DESC, arrival DESC'));
    }
    const undecided = cursor === 'undecided' ? 'decided_at IS NULL AND arrival < :arr' : 'decided_at IS NULL';
    arms.push(arm(i, undecided, 'arrival DESC'));
  }
  return `SELECT * FROM (${arms.join(' UNION ALL ')})
    ORDER BY decided_at IS NULL, decided_at DESC, arrival DESC LIMIT :limit`;
}

/** The SQL of every statement the store runs. */
const SQL = {
  getLog: `SELECT epoch, head, snapshot FROM wall_logs LEFT JOIN wall_snapshots USING (tag) WHERE wall_logs.tag = ?`,
  getHead: 'SELECT epoch, head FROM wall_logs WHERE tag = ?',
  createLog: 'INSERT INTO wall_logs (tag, epoch) VALUES (?, ?)',
  setHead: 'UPDATE wall_logs SET head = ? WHERE tag = ?',
  setSnapshot: `INSERT INTO wall_snapshots (snapshot, seq, tag) VALUES (?, ?, ?)
       ON CONFLICT (tag) DO UPDATE SET snapshot = excluded.snapshot, seq = excluded.seq`,
  events: 'SELECT event FROM wall_events WHERE tag = ? ORDER BY seq',
  eventsAfter: 'SELECT event FROM wall_events WHERE tag = ? AND seq > ? ORDER BY seq',
  insertEvent: 'INSERT INTO wall_events (tag, seq, event) VALUES (?, ?, ?)',
  dropEvents: 'DELETE FROM wall_events WHERE tag = ? AND seq < ?',
  addPost: `INSERT INTO posts (tag, id, status, reason, received_at, post, filter, decided_by, decided_at, author, arrival)
       VALUES (:tag, :id, :status, :reason, :receivedAt, :post, :filter, :decidedBy, :decidedAt,
               ${AUTHOR_OF_POST}, ${NEXT_ARRIVAL})
       ON CONFLICT (tag, id) DO NOTHING`,
  getPost: `SELECT ${POST_COLUMNS} FROM posts WHERE tag = ? AND id = ?`,
  // Compare-and-set: one statement, so no other write can come between the check and the change.
  changeStatus: `UPDATE posts SET status = :status, reason = :reason, decided_by = :decidedBy, decided_at = :decidedAt,
         filter = NULL
       WHERE tag = :tag AND id = :id AND status IN (SELECT value FROM json_each(:expected))`,
  showPost: `INSERT INTO posts (tag, id, status, received_at, post, visible_seq, author, arrival)
       VALUES (:tag, :id, '${PostStatus.Approved}', :at, :post, :seq, ${AUTHOR_OF_POST}, ${NEXT_ARRIVAL})
       ON CONFLICT (tag, id) DO UPDATE SET post = excluded.post, visible_seq = excluded.visible_seq`,
  patchPost: 'UPDATE posts SET post = json_patch(post, ?) WHERE tag = ? AND id = ?',
  hidePost: 'UPDATE posts SET visible_seq = NULL WHERE tag = ? AND id = ?',
  hideAll: 'UPDATE posts SET visible_seq = NULL WHERE tag = ? AND visible_seq IS NOT NULL',
  visibleSeq: 'SELECT visible_seq FROM posts WHERE tag = ? AND id = ?',
  page: 'SELECT post FROM posts WHERE tag = ? AND visible_seq < ? ORDER BY visible_seq DESC LIMIT ?',
  oldVisible: 'SELECT id FROM posts WHERE tag = ? AND received_at < ? AND visible_seq IS NOT NULL',
  deleteOld: 'DELETE FROM posts WHERE tag = ? AND received_at < ?',
  excessVisible:
    'SELECT id FROM posts WHERE tag = ? AND visible_seq IS NOT NULL ORDER BY visible_seq DESC LIMIT -1 OFFSET ?',
  deletePost: 'DELETE FROM posts WHERE tag = ? AND id = ?',
  getCursor: 'SELECT value FROM cursors WHERE key = ?',
  setCursor: 'INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  claimCursor: 'INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  raiseCursor: `INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value =
       CASE WHEN CAST(cursors.value AS INTEGER) < CAST(excluded.value AS INTEGER) THEN excluded.value ELSE cursors.value END`,
  listAllPosts: listPostsSql(false, false),
  listPostsByStatus: listPostsSql(true, false),
  listPostsByAuthor: listPostsSql(false, true),
  listPostsByStatusAndAuthor: listPostsSql(true, true),
  addAudit: `INSERT INTO audit (tag, at, actor, action, post_id, author, from_status, to_status, reason)
       VALUES (:tag, :at, :actor, :action, :postId, :author, :from, :to, :reason)`,
  listAudit: 'SELECT * FROM audit WHERE tag = ? AND id < ? ORDER BY id DESC LIMIT ?',
  getSettings: 'SELECT settings FROM wall_settings WHERE tag = ?',
  setSettings: `INSERT INTO wall_settings (tag, settings) VALUES (?, ?)
       ON CONFLICT (tag) DO UPDATE SET settings = excluded.settings`,
  putToken: `INSERT INTO tokens (hash, id, name, walls, created_at, expires_at, roles) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET id = excluded.id, name = excluded.name, walls = excluded.walls,
         created_at = excluded.created_at, expires_at = excluded.expires_at, roles = excluded.roles`,
  findToken: 'SELECT * FROM tokens WHERE hash = ?',
  deleteToken: 'DELETE FROM tokens WHERE id = ?',
  listTokens: 'SELECT * FROM tokens ORDER BY created_at, id',
} as const;

export type Statements = { readonly [K in keyof typeof SQL]: Statement };

/** Prepares every statement once, when the store opens. */
export function statements(db: Database): Statements {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Statements;
}
