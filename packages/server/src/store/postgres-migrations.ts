import type { PoolClient } from 'pg';
import { StoreOpenError } from './store.js';

/** One step of the PostgreSQL schema; `version` 1, 2, 3… with no gaps. */
export interface PostgresMigration {
  version: number;
  /** What it changes, for logs. */
  name: string;
  sql: string;
}

/**
 * The schema, as the steps that build it. Append new steps; never edit a released one: a database
 * records how far it got in `chat_wall_schema` and only later steps run on it.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'wall logs, posts, moderation, tokens, source cursors',
    sql: `
      -- One row per wall; its head is the per-wall seq counter, locked (FOR UPDATE) by every append,
      -- so relays writing the same wall take turns and seq stays gap-free.
      CREATE TABLE wall_logs (
        tag TEXT PRIMARY KEY,
        epoch TEXT NOT NULL,
        head BIGINT NOT NULL DEFAULT 0
      );
      CREATE TABLE wall_snapshots (
        tag TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        snapshot TEXT NOT NULL
      );
      CREATE TABLE wall_events (
        tag TEXT NOT NULL,
        seq BIGINT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (tag, seq)
      );
      CREATE SEQUENCE posts_arrival;
      CREATE TABLE posts (
        tag TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        received_at TEXT NOT NULL,
        post JSONB NOT NULL,
        -- seq of the post.added event that made the post visible; NULL while not visible
        visible_seq BIGINT,
        filter TEXT,
        decided_by TEXT,
        decided_at TEXT,
        -- '<source>:<author id>', for bans and the moderators' author filter
        author TEXT NOT NULL,
        arrival BIGINT NOT NULL DEFAULT nextval('posts_arrival'),
        PRIMARY KEY (tag, id)
      );
      CREATE INDEX posts_visible ON posts (tag, visible_seq) WHERE visible_seq IS NOT NULL;
      CREATE INDEX posts_received ON posts (tag, received_at);
      CREATE INDEX posts_queue ON posts (tag, status, arrival);
      CREATE INDEX posts_author ON posts (tag, author, arrival);
      CREATE INDEX posts_decided ON posts (tag, status, decided_at DESC, arrival DESC);
      CREATE TABLE audit (
        id BIGSERIAL PRIMARY KEY,
        tag TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        post_id TEXT,
        author TEXT,
        from_status TEXT,
        to_status TEXT,
        reason TEXT
      );
      CREATE INDEX audit_wall ON audit (tag, id);
      -- Only the SHA-256 of a token is kept; the token itself is shown once, when minted.
      CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        walls TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE wall_settings (
        tag TEXT PRIMARY KEY,
        settings TEXT NOT NULL
      );
      CREATE TABLE cursors (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'token roles (moderate, produce)',
    sql: `
      -- JSON array of roles; NULL keeps every role, as tokens minted before roles had.
      ALTER TABLE tokens ADD COLUMN roles TEXT;
    `,
  },
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.at(-1)!.version;

/** Any constant: the advisory lock that makes relays starting together migrate one at a time. */
const MIGRATION_LOCK = 0x43574c31;

/**
 * Brings the schema to {@linkcode POSTGRES_SCHEMA_VERSION} in one transaction, under an advisory
 * lock so that relays starting at once do not race. Refuses (changing nothing) a schema written by
 * a newer chat-wall.
 * @returns the migrations applied
 */
export async function migratePostgres(client: PoolClient, where: string): Promise<PostgresMigration[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS chat_wall_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM chat_wall_schema');
    const version = rows[0]?.version ?? 0;
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new StoreOpenError(
        `The database ${where} was written by a newer chat-wall (schema version ${version}; this one knows up to ` +
          `${POSTGRES_SCHEMA_VERSION}). Upgrade every relay to the same version, or restore a backup made before the upgrade.`,
      );
    }
    const pending = POSTGRES_MIGRATIONS.filter((m) => m.version > version);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO chat_wall_schema (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
    return pending;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
