import type { Database } from 'better-sqlite3';
import { StoreOpenError } from './store.js';

/**
 * `PRAGMA application_id` of a chat-wall database ("CWL1"), so that another program's SQLite file
 * is recognised and left alone.
 */
export const APPLICATION_ID = 0x43574c31;

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; 1, 2, 3… with no gaps. */
  version: number;
  /** What it changes, for logs. */
  name: string;
  sql: string;
}

/**
 * The schema, as the steps that build it. Append new steps; never edit a released one: a database
 * records how far it got in `user_version` and only later steps run on it.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'wall logs, posts, source cursors',
    sql: `
      CREATE TABLE wall_logs (
        tag TEXT PRIMARY KEY,
        epoch TEXT NOT NULL,
        head INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      -- Apart from wall_logs: SQLite rewrites a whole row on update, and the head changes often.
      CREATE TABLE wall_snapshots (
        tag TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        snapshot TEXT NOT NULL
      ) STRICT;
      CREATE TABLE wall_events (
        tag TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (tag, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE posts (
        tag TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        received_at TEXT NOT NULL,
        post TEXT NOT NULL,
        -- seq of the post.added event that made the post visible; NULL while not visible
        visible_seq INTEGER,
        PRIMARY KEY (tag, id)
      ) STRICT;
      CREATE INDEX posts_visible ON posts (tag, visible_seq) WHERE visible_seq IS NOT NULL;
      CREATE INDEX posts_received ON posts (tag, received_at);
      CREATE TABLE cursors (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'moderation: decisions, arrival order, audit log, tokens, wall settings',
    sql: `
      ALTER TABLE posts ADD COLUMN filter TEXT;
      ALTER TABLE posts ADD COLUMN decided_by TEXT;
      ALTER TABLE posts ADD COLUMN decided_at TEXT;
      -- '<source>:<author id>', for bans and the moderators' author filter
      ALTER TABLE posts ADD COLUMN author TEXT;
      -- Arrival order for the moderators' lists. Not the rowid: VACUUM may renumber rowids.
      ALTER TABLE posts ADD COLUMN arrival INTEGER;
      UPDATE posts SET
        author = json_extract(post, '$.source') || ':' || json_extract(post, '$.author.id'),
        arrival = rowid;
      CREATE INDEX posts_arrival ON posts (arrival);
      CREATE INDEX posts_queue ON posts (tag, status, arrival);
      CREATE INDEX posts_author ON posts (tag, author, arrival);
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tag TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        post_id TEXT,
        author TEXT,
        from_status TEXT,
        to_status TEXT,
        reason TEXT
      ) STRICT;
      CREATE INDEX audit_wall ON audit (tag, id);
      -- Only the SHA-256 of a token is kept; the token itself is shown once, when minted.
      CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        walls TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE wall_settings (
        tag TEXT PRIMARY KEY,
        settings TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'moderators list decisions newest first',
    sql: `
      -- Screening is a decision: rows recorded before filters noted when they decided had none.
      UPDATE posts SET decided_at = received_at WHERE decided_at IS NULL AND status <> 'held';
      CREATE INDEX posts_decided ON posts (tag, status, decided_at DESC, arrival DESC);
    `,
  },
  {
    version: 4,
    name: 'token roles (moderate, produce)',
    sql: `
      -- JSON array of roles; NULL keeps every role, as tokens minted before roles had.
      ALTER TABLE tokens ADD COLUMN roles TEXT;
    `,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Brings `db` to {@linkcode SCHEMA_VERSION} in one transaction. Refuses (and changes nothing) when
 * the file belongs to another program or was written by a newer chat-wall.
 * @returns the migrations applied
 */
export function migrate(db: Database, file: string): Migration[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (appId !== 0 || version !== 0 || tables.n > 0) {
      throw new StoreOpenError(
        `${file} is a SQLite database of another program (application_id ${appId}), not a chat-wall database. ` +
          'Set DATABASE_URL to another file.',
      );
    }
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreOpenError(
      `${file} was written by a newer chat-wall (schema version ${version}; this one knows up to ${SCHEMA_VERSION}). ` +
        'Upgrade chat-wall, or restore a backup made before the upgrade.',
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > version);
  if (pending.length === 0) return [];
  db.transaction(() => {
    if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
  return pending;
}
