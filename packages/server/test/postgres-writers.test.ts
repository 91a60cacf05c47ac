import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WallEvent } from '@chat-wall/sdk/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres-migrations.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { StoreOpenError } from '../src/store/store.js';
import { WallLog } from '../src/wall/wall-log.js';
import { freePort, freshSchema, startPostgres, type PostgresService } from './support/services.js';
import { makePost } from './support/util.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const cli = path.join(repoRoot, 'packages', 'server', 'src', 'cli.ts');
const tsx = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

let postgres: PostgresService;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.destroy();
});

describe('PostgreSQL with several relays', () => {
  it('keeps seq gap-free when relays append to one wall at once, and each publishes every event once', async () => {
    const schema = await freshSchema(postgres.url);
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(postgres.url, { schema, poolSize: 3 })));
    try {
      const logs = await Promise.all(stores.map((store) => WallLog.open(store, 'askgmp', {})));
      expect(new Set(logs.map((l) => l.epoch)).size).toBe(1);
      const published = logs.map(() => [] as WallEvent[]);
      logs.forEach((log, i) => log.subscribe((event) => published[i]!.push(event)));
      // Each relay appends 15 posts, all at once; each hands what it wrote to the others, as the
      // cluster bus does.
      await Promise.all(
        logs.map(async (log, i) => {
          const writes = [];
          for (let n = 0; n < 15; n++) {
            writes.push(
              log.append({ type: 'post.added', post: makePost(i * 100 + n) }).then(async (events) => {
                await Promise.all(logs.filter((l) => l !== log).map((other) => other.receive(log.epoch, events)));
              }),
            );
          }
          await Promise.all(writes);
        }),
      );
      await Promise.all(logs.map((l) => l.sync()));
      const stored = await stores[0]!.openLog('askgmp', 'unused');
      expect(stored.events.map((e) => e.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
      expect(new Set(stored.events.map((e) => (e.type === 'post.added' ? e.post.id : ''))).size).toBe(45);
      for (const [i, log] of logs.entries()) {
        expect(published[i]).toEqual(stored.events);
        expect(log.snapshot.seq).toBe(45);
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('upgrades a schema of version 1: tokens minted before roles keep every role', async () => {
    const schema = await freshSchema(postgres.url);
    const client = new pg.Client({ connectionString: postgres.url, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await client.query(POSTGRES_MIGRATIONS[0]!.sql);
      await client.query(
        'CREATE TABLE chat_wall_schema (version INTEGER NOT NULL); INSERT INTO chat_wall_schema VALUES (1)',
      );
      await client.query(
        `INSERT INTO tokens (hash, id, name, walls, created_at, expires_at)
         VALUES ('${'e'.repeat(64)}', 'old', 'desk', '["*"]', '2026-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z')`,
      );
      const store = await PostgresStore.open(postgres.url, { schema });
      try {
        const token = await store.findToken('e'.repeat(64));
        expect(token).toMatchObject({ id: 'old', walls: ['*'] });
        expect(token).not.toHaveProperty('roles');
      } finally {
        await store.close();
      }
      const { rows } = await client.query<{ version: number }>('SELECT version FROM chat_wall_schema ORDER BY 1');
      expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
    }
  });

  it('refuses to run against a schema written by a newer chat-wall, and changes nothing', async () => {
    const schema = await freshSchema(postgres.url);
    await (await PostgresStore.open(postgres.url, { schema })).close();
    const client = new pg.Client({ connectionString: postgres.url, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await client.query('INSERT INTO chat_wall_schema (version) VALUES (99)');
      const opening = PostgresStore.open(postgres.url, { schema });
      await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
      await expect(opening).rejects.toThrow(/newer chat-wall \(schema version 99/);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM chat_wall_schema ORDER BY 1');
      const known = POSTGRES_MIGRATIONS.map((m) => m.version);
      expect(rows.map((r) => r.version)).toEqual([...known, 99]);
    } finally {
      await client.end();
    }
  });
});

describe('chat-wall serve with a DATABASE_URL it cannot use', () => {
  async function serve(databaseUrl: string): Promise<{ code: number | null; stderr: string }> {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-pg-cli-'));
    try {
      await writeFile(path.join(cwd, 'posts.jsonl'), '');
      const config = { walls: [{ tag: 'askGMP', sources: ['replay'] }], replay: { file: 'posts.jsonl' } };
      await writeFile(path.join(cwd, 'wall.json'), JSON.stringify(config));
      const child = spawn(
        process.execPath,
        ['--import', tsx, cli, 'serve', '--config', 'wall.json', '--port', '0', '--host', '127.0.0.1'],
        { cwd, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const [code] = (await once(child, 'exit')) as [number | null];
      return { code, stderr };
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }

  it('names an unreachable PostgreSQL (without its password), says how to fix it, and exits 1', async () => {
    const port = await freePort();
    const { code, stderr } = await serve(`postgres://wall:secret@127.0.0.1:${port}/wall`);
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot connect to PostgreSQL at postgres://wall:***@127.0.0.1:${port}/wall`);
    expect(stderr).toMatch(/DATABASE_URL/);
    expect(stderr).not.toContain('secret');
  });

  it('refuses an unknown scheme by name', async () => {
    const { code, stderr } = await serve('mysql://127.0.0.1/wall');
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown scheme "mysql:"/);
  });
});
