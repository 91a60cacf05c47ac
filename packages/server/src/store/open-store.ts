import path from 'node:path';
import { MemoryStore } from './memory-store.js';
import { PostgresStore, redactUrl, type PostgresStoreOptions } from './postgres-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import { StoreOpenError, type Store } from './store.js';

/** Where the SQLite file goes when `DATABASE_URL` is not set, relative to the working directory. */
export const DEFAULT_DATABASE_FILE = path.join('data', 'chat-wall.db');

/**
 * The store of `chat-wall demo` when `DATABASE_URL` is not set: SQLite in memory. The demo replays a
 * recording from its start on every run, so a kept database would hold the last run's wall and
 * drop the replayed posts as duplicates; and a demo should write nothing into the checkout.
 */
export const DEMO_DATABASE_URL = 'sqlite::memory:';

/** What a `DATABASE_URL` asks for. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'memory' } | { kind: 'postgres'; url: string };

/**
 * Reads a `DATABASE_URL`:
 * - unset or empty: SQLite at `./data/chat-wall.db`;
 * - `sqlite:<path>`, `sqlite://<path>` or `file:<path>`: SQLite at that path (`sqlite::memory:` for a
 *   throwaway in-memory database); query strings are not supported;
 * - a plain path: SQLite at that path;
 * - `memory:`: a {@linkcode MemoryStore} (nothing survives a restart);
 * - `postgres://…` or `postgresql://…`: a {@linkcode PostgresStore} (many relays can share it).
 *
 * Relative paths resolve against `cwd`. Throws {@linkcode StoreOpenError} for anything else.
 */
export function parseDatabaseUrl(url: string | undefined, cwd = process.cwd()): StoreLocation {
  const value = url?.trim() ?? '';
  if (value === '') return { kind: 'sqlite', file: path.resolve(cwd, DEFAULT_DATABASE_FILE) };
  if (value === 'memory:') return { kind: 'memory' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  // One letter before a colon is a Windows drive, not a scheme.
  if (!scheme || scheme.length === 1) return { kind: 'sqlite', file: path.resolve(cwd, value) };
  if (scheme === 'sqlite' || scheme === 'file') {
    let rest = value.slice(scheme.length + 1);
    if (rest.startsWith('//')) rest = rest.slice(2);
    if (rest === ':memory:') return { kind: 'sqlite', file: ':memory:' };
    if (rest === '' || rest.includes('?')) {
      throw new StoreOpenError(`DATABASE_URL "${value}": give a file path, e.g. sqlite:./data/chat-wall.db`);
    }
    return { kind: 'sqlite', file: path.resolve(cwd, rest) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return { kind: 'postgres', url: value };
  }
  throw new StoreOpenError(
    `DATABASE_URL: unknown scheme "${scheme}:". Use postgres://user:password@host:port/database, sqlite:<path>, ` +
      'a file path, or memory:.',
  );
}

/** Opens the store a `DATABASE_URL` names (see {@linkcode parseDatabaseUrl}). */
export async function openStore(
  url: string | undefined,
  options: SqliteStoreOptions & Pick<PostgresStoreOptions, 'onMigrated'> & { cwd?: string } = {},
): Promise<Store> {
  const { cwd, onMigrated, ...sqlite } = options;
  const location = parseDatabaseUrl(url, cwd);
  if (location.kind === 'memory') return new MemoryStore();
  if (location.kind === 'postgres') return PostgresStore.open(location.url, onMigrated ? { onMigrated } : {});
  return SqliteStore.open(location.file, { ...sqlite, ...(onMigrated ? { onMigrated } : {}) });
}

/** What to call a store location in logs: a file path, `memory`, or a URL without its password. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === 'postgres') return redactUrl(location.url);
  return location.kind === 'sqlite' ? location.file : 'memory';
}
