import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory-store.js';
import { DEFAULT_DATABASE_FILE, openStore, parseDatabaseUrl } from '../src/store/open-store.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../src/store/sqlite-migrations.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { PostStatus, StoreOpenError, type Store } from '../src/store/store.js';
import { numbered } from './support/store-conformance.js';
import { makePost } from './support/util.js';

let dir: string;
const opened: Store[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-sqlite-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const file = (): string => path.join(dir, `db-${++n}.db`);
function open(at: string): SqliteStore {
  const store = SqliteStore.open(at);
  opened.push(store);
  return store;
}
const record = (i: number, text?: string) => ({
  tag: 'askgmp',
  post: makePost(i, text),
  status: PostStatus.Held,
  receivedAt: '2026-11-01T12:00:00.000Z',
});

describe('opening a database file', () => {
  it('creates the file (and its folder) with the current schema, in WAL mode', async () => {
    const at = path.join(dir, 'nested', 'folder', 'wall.db');
    const store = open(at);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
  });

  it('refuses a file that is not a database, and leaves it byte for byte as it was', async () => {
    const at = file();
    const garbage = Buffer.from('this is not a database, but somebody pointed DATABASE_URL at it\n'.repeat(200));
    await writeFile(at, garbage);
    expect(() => SqliteStore.open(at)).toThrow(StoreOpenError);
    expect(() => SqliteStore.open(at)).toThrow(/unreadable or corrupt.*restore it from a backup/);
    expect(await readFile(at)).toEqual(garbage);
  });

  it('refuses a database whose pages are damaged, and does not replace it', async () => {
    const at = file();
    const store = SqliteStore.open(at);
    for (let i = 1; i <= 200; i++) await store.addPost(record(i));
    await store.close();
    const bytes = await readFile(at);
    // Keep the header (page 1), scribble over the pages after it.
    bytes.fill(0x5a, 4096 * 2, 4096 * 6);
    await writeFile(at, bytes);
    expect(() => SqliteStore.open(at)).toThrow(/unreadable or corrupt/);
    expect(await readFile(at)).toEqual(bytes);
  });

  it('refuses a path it cannot open, with the reason', () => {
    expect(() => SqliteStore.open(dir)).toThrow(/Cannot open the database|unreadable/);
  });

  it('refuses a database written by a newer chat-wall and changes nothing', async () => {
    const at = file();
    open(at);
    await opened.pop()!.close();
    const raw = new Database(at);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = await readFile(at);
    expect(() => SqliteStore.open(at)).toThrow(
      new RegExp(`newer chat-wall \\(schema version ${SCHEMA_VERSION + 1}; this one knows up to ${SCHEMA_VERSION}\\)`),
    );
    expect(await readFile(at)).toEqual(before);
  });

  it("refuses another program's SQLite database", async () => {
    const at = file();
    const raw = new Database(at);
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    raw.close();
    expect(() => SqliteStore.open(at)).toThrow(/another program/);
    const check = new Database(at);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('keeps roles of new tokens, and tokens minted before roles existed keep every role', async () => {
    const at = file();
    const old = new Database(at);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) old.exec(m.sql);
    old.pragma('user_version = 3');
    old
      .prepare('INSERT INTO tokens (hash, id, name, walls, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('aa', 'aa', 'old', '["*"]', '2026-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z');
    old.close();
    const store = SqliteStore.open(at);
    opened.push(store);
    expect((await store.findToken('aa'))?.roles).toBeUndefined();
    await store.putToken({
      id: 'bb',
      hash: 'bb',
      name: 'p',
      walls: ['*'],
      roles: ['produce'],
      createdAt: 'x',
      expiresAt: 'y',
    });
    expect((await store.findToken('bb'))?.roles).toEqual(['produce']);
  });

  it('keeps data across reopen and migrates nothing the second time', async () => {
    const at = file();
    const applied: number[][] = [];
    const first = SqliteStore.open(at, { onMigrated: (m) => applied.push(m.map((x) => x.version)) });
    await first.addPost(record(1));
    await first.close();
    const second = SqliteStore.open(at, { onMigrated: (m) => applied.push(m.map((x) => x.version)) });
    opened.push(second);
    expect(applied).toEqual([MIGRATIONS.map((m) => m.version), []]);
    expect(await second.getPost('askgmp', 'replay:1')).toBeDefined();
  });
});

describe('migrations', () => {
  it('brings a version 1 database to the current schema, keeping its posts in arrival order with their authors', async () => {
    const at = file();
    const v1 = new Database(at);
    v1.pragma(`application_id = ${APPLICATION_ID}`);
    v1.exec(MIGRATIONS[0]!.sql);
    v1.pragma('user_version = 1');
    const insert = v1.prepare(
      'INSERT INTO posts (tag, id, status, reason, received_at, post) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const i of [3, 1, 2]) {
      insert.run(
        'askgmp',
        `replay:${i}`,
        'held',
        'pre-moderation',
        '2026-11-01T12:00:00.000Z',
        JSON.stringify(makePost(i)),
      );
    }
    v1.close();
    const store = open(at);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const held = await store.listPosts('askgmp', { status: [PostStatus.Held], limit: 10 });
    expect(held.map((r) => r.post.id)).toEqual(['replay:3', 'replay:1', 'replay:2']);
    expect((await store.listPosts('askgmp', { author: 'replay:u1', limit: 10 })).map((r) => r.post.id)).toEqual([
      'replay:1',
    ]);
    // New posts arrive after the migrated ones.
    await store.addPost(record(4));
    expect((await store.listPosts('askgmp', { limit: 10 })).at(-1)?.post.id).toBe('replay:4');
  });

  it('gives version 2 rows a decision time (screened = received) and lists them newest decision first', async () => {
    const at = file();
    const v2 = new Database(at);
    v2.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.slice(0, 2)) v2.exec(m.sql);
    v2.pragma('user_version = 2');
    const insert = v2.prepare(
      `INSERT INTO posts (tag, id, status, received_at, post, decided_by, decided_at, author, arrival)
       VALUES ('askgmp', ?, ?, ?, ?, ?, ?, 'replay:u', ?)`,
    );
    const minute = (m: number) => `2026-11-01T12:0${m}:00.000Z`;
    // A filter's rejection (no decision time before), a moderator's removal, a held post.
    insert.run('replay:1', 'rejected', minute(3), JSON.stringify(makePost(1)), null, null, 1);
    insert.run('replay:2', 'removed', minute(1), JSON.stringify(makePost(2)), 'alice', minute(2), 2);
    insert.run('replay:3', 'held', minute(4), JSON.stringify(makePost(3)), null, null, 3);
    v2.close();
    const store = open(at);
    expect((await store.getPost('askgmp', 'replay:1'))?.decidedAt).toBe(minute(3));
    expect((await store.getPost('askgmp', 'replay:2'))?.decidedAt).toBe(minute(2));
    expect((await store.getPost('askgmp', 'replay:3'))?.decidedAt).toBeUndefined();
    const down = await store.listPosts('askgmp', {
      status: [PostStatus.Removed, PostStatus.Rejected],
      order: 'decided',
      limit: 10,
    });
    expect(down.map((r) => r.post.id)).toEqual(['replay:1', 'replay:2']);
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM posts WHERE tag = 'askgmp' AND status = 'removed'
         ORDER BY decided_at DESC, arrival DESC LIMIT 5`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX posts_decided/);
  });
});

describe('two connections to one file', () => {
  it('compare-and-set holds across connections: a decision made elsewhere wins, the late one changes nothing', async () => {
    const at = file();
    const here = open(at);
    const there = open(at);
    await here.addPost(record(1));
    // Both saw the post held; "there" decides first.
    const seen = await here.getPost('askgmp', 'replay:1');
    expect(seen?.status).toBe('held');
    const first = await there.changePostStatus('askgmp', 'replay:1', {
      expected: [PostStatus.Held],
      status: PostStatus.Rejected,
      decidedBy: 'bob',
    });
    expect(first?.applied).toBe(true);
    const late = await here.changePostStatus('askgmp', 'replay:1', {
      expected: [PostStatus.Held],
      status: PostStatus.Approved,
      decidedBy: 'alice',
    });
    expect(late).toMatchObject({ applied: false, record: { status: 'rejected', decidedBy: 'bob' } });
    expect(await here.getPost('askgmp', 'replay:1')).toMatchObject({ status: 'rejected', decidedBy: 'bob' });
  });
});

describe('writes', () => {
  it('commits writes issued together in one batch, and a refused one fails alone', async () => {
    const store = open(file());
    await store.openLog('askgmp', 'e1');
    const results = await Promise.allSettled([
      store.addPost(record(1)),
      store.append('askgmp', 'e1', numbered(5, { type: 'post.removed', id: 'x' })), // gap: refused
      store.append('askgmp', 'e1', numbered(0, { type: 'post.added', post: makePost(2) })),
      store.setCursor('k', 'v'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.openLog('askgmp', 'x')).events.map((e) => e.seq)).toEqual([1]);
    expect(await store.getCursor('k')).toBe('v');
    expect(await store.health()).toEqual({ state: 'ok' });
  });

  it('reports a full disk as failing, rolls the batch back, and recovers when space returns', async () => {
    const store = open(file());
    await store.addPost(record(1));
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(64 * 1024);
    const results = await Promise.allSettled([store.addPost(record(2)), store.addPost(record(3, big))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect(await store.health()).toMatchObject({ state: 'failing', detail: expect.stringMatching(/disk is full/) });
    expect(await store.getPost('askgmp', 'replay:2')).toBeUndefined();

    store.db.pragma('max_page_count = 1073741823');
    expect(await store.addPost(record(3, big))).toBe(true);
    expect(await store.health()).toEqual({ state: 'ok' });
  });

  it('makes an online backup that opens as a complete copy', async () => {
    const store = open(file());
    for (let i = 1; i <= 50; i++) await store.addPost(record(i));
    const copy = path.join(dir, 'backup', 'copy.db');
    await mkdir(path.dirname(copy));
    await store.backup(copy);
    const restored = open(copy);
    expect(await restored.getPost('askgmp', 'replay:50')).toEqual(await store.getPost('askgmp', 'replay:50'));
  });

  it('refuses work after close', async () => {
    const store = SqliteStore.open(file());
    await store.close();
    await expect(store.setCursor('k', 'v')).rejects.toThrow(/closed/);
    await expect(store.getCursor('k')).rejects.toThrow(/closed/);
  });
});

describe('DATABASE_URL', () => {
  const cwd = '/srv/wall';
  it.each([
    [undefined, { kind: 'sqlite', file: path.resolve(cwd, DEFAULT_DATABASE_FILE) }],
    ['', { kind: 'sqlite', file: path.resolve(cwd, DEFAULT_DATABASE_FILE) }],
    ['sqlite:./db/wall.db', { kind: 'sqlite', file: '/srv/wall/db/wall.db' }],
    ['sqlite:///var/lib/wall.db', { kind: 'sqlite', file: '/var/lib/wall.db' }],
    ['sqlite://rel.db', { kind: 'sqlite', file: '/srv/wall/rel.db' }],
    ['file:/var/lib/wall.db', { kind: 'sqlite', file: '/var/lib/wall.db' }],
    ['sqlite::memory:', { kind: 'sqlite', file: ':memory:' }],
    ['/var/lib/wall.db', { kind: 'sqlite', file: '/var/lib/wall.db' }],
    ['wall.db', { kind: 'sqlite', file: '/srv/wall/wall.db' }],
    ['memory:', { kind: 'memory' }],
    ['postgres://u:p@db:5432/wall', { kind: 'postgres', url: 'postgres://u:p@db:5432/wall' }],
    ['postgresql://db/wall', { kind: 'postgres', url: 'postgresql://db/wall' }],
  ])('reads %j', (url, expected) => {
    expect(parseDatabaseUrl(url, cwd)).toEqual(expected);
  });

  it.each([
    ['mysql://localhost/wall', /unknown scheme "mysql:"/],
    ['sqlite:', /give a file path/],
    ['sqlite:wall.db?mode=ro', /give a file path/],
  ])('refuses %j with a clear message', (url, message) => {
    expect(() => parseDatabaseUrl(url, cwd)).toThrow(StoreOpenError);
    expect(() => parseDatabaseUrl(url, cwd)).toThrow(message);
  });

  it('opens the store it names', async () => {
    const memory = await openStore('memory:');
    expect(memory).toBeInstanceOf(MemoryStore);
    const sqlite = await openStore('sqlite:wall.db', { cwd: dir });
    opened.push(sqlite);
    expect(sqlite).toBeInstanceOf(SqliteStore);
    expect((sqlite as SqliteStore).file).toBe(path.join(dir, 'wall.db'));
  });
});
