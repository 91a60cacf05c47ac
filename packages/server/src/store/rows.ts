// Row shapes and row → record mappers shared by the SQL stores (SQLite and PostgreSQL): both keep
// posts and audit entries in the same columns, so both read them back the same way.
import type { AuditEntry, Post, ModeratedPost, TokenRole } from '@chat-wall/sdk/protocol';
import type { PostStatus, StoredToken } from './store.js';

/** The columns the post queries select, in the order {@linkcode PostRow} names them. */
export const POST_COLUMNS = 'tag, status, reason, received_at, post, filter, decided_by, decided_at';

/**
 * A `posts` row as the moderation queries read it. `P` is how the driver hands over the post
 * column: PostgreSQL decodes `jsonb` itself, SQLite gives the JSON text.
 */
export interface PostRow<P = Post> {
  tag: string;
  status: PostStatus;
  reason: string | null;
  received_at: string;
  post: P;
  filter: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** An `audit` row. */
export interface AuditRow {
  id: number;
  tag: string;
  at: string;
  actor: string;
  action: AuditEntry['action'];
  post_id: string | null;
  author: string | null;
  from_status: PostStatus | null;
  to_status: PostStatus | null;
  reason: string | null;
}

/** The stored record of a post row whose post column is already decoded. */
export function postFromRow(row: PostRow): ModeratedPost {
  return {
    tag: row.tag,
    post: row.post,
    status: row.status,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    receivedAt: row.received_at,
    ...(row.filter !== null ? { filter: row.filter } : {}),
    ...(row.decided_by !== null ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at !== null ? { decidedAt: row.decided_at } : {}),
  };
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    tag: row.tag,
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.post_id !== null ? { postId: row.post_id } : {}),
    ...(row.author !== null ? { author: row.author } : {}),
    ...(row.from_status !== null ? { from: row.from_status } : {}),
    ...(row.to_status !== null ? { to: row.to_status } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/** A `tokens` row (the same columns in both SQL stores). */
export interface TokenRow {
  id: string;
  hash: string;
  name: string;
  walls: string;
  created_at: string;
  expires_at: string;
  /** JSON array of roles; NULL for tokens minted before roles existed (every role). */
  roles: string | null;
}

/** A token's column values, in `TokenRow`'s order (hash first): what both stores insert. */
export function tokenToRow(token: StoredToken): [string, string, string, string, string, string, string | null] {
  return [
    token.hash,
    token.id,
    token.name,
    JSON.stringify(token.walls),
    token.createdAt,
    token.expiresAt,
    token.roles ? JSON.stringify(token.roles) : null,
  ];
}

export function tokenFromRow(row: TokenRow): StoredToken {
  return {
    id: row.id,
    hash: row.hash,
    name: row.name,
    walls: JSON.parse(row.walls) as string[],
    ...(row.roles !== null ? { roles: JSON.parse(row.roles) as TokenRole[] } : {}),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
