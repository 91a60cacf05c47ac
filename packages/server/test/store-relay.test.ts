import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Post } from '@chat-wall/sdk/protocol';
import type { StatusChange, Wall } from '@chat-wall/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { WallLog } from '../src/wall/wall-log.js';
import { client, DEFAULT_CONFIG, makePost, startRelay, waitFor, waitForSeq, type TestRelay } from './support/util.js';

let dir: string;
const relays: TestRelay[] = [];
const walls: Wall[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-relay-'));
});
afterEach(async () => {
  walls.splice(0).forEach((w) => w.close());
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await rm(dir, { recursive: true, force: true });
});

const dbFile = (): string => path.join(dir, 'wall.db');
const ADMIN = 'admin-token-for-store-tests-0123456789';

async function relay(config: unknown = DEFAULT_CONFIG, port = 0, store = SqliteStore.open(dbFile())) {
  const r = await startRelay(config, { store, port, adminToken: ADMIN });
  relays.push(r);
  return { ...r, store };
}
function viewer(url: string): Wall {
  const w = client(url);
  walls.push(w);
  return w;
}
const posts = (from: number, to: number): Post[] => Array.from({ length: to - from + 1 }, (_, i) => makePost(from + i));
const ids = (list: readonly Post[]): string[] => list.map((p) => p.id);
const range = (from: number, to: number): string[] => ids(posts(from, to)).reverse();

async function getJson(url: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('history from the store', () => {
  it('pages through every visible post, beyond what the wall shows', async () => {
    const config = { ...DEFAULT_CONFIG, walls: [{ tag: 'askGMP', sources: ['replay'], maxPosts: 5 }] };
    const { url, source, relay: r } = await relay(config);
    source.push(...posts(1, 30));
    await r.ingest.drain();
    await r.walls.get('askgmp')!.log.append({ type: 'post.removed', id: 'replay:25' });
    expect(r.walls.get('askgmp')!.log.snapshot.posts).toHaveLength(5);

    const first = await getJson(`${url}/api/walls/askGMP/posts?limit=10`);
    expect(first.status).toBe(200);
    expect(ids(first.body.posts as Post[])).toEqual(range(20, 30).filter((id) => id !== 'replay:25'));
    expect(first.body.next).toBe('replay:20');
    const second = await getJson(`${url}/api/walls/askgmp/posts?limit=10&before=replay:20`);
    expect(ids(second.body.posts as Post[])).toEqual(range(10, 19));
    const last = await getJson(`${url}/api/walls/askgmp/posts?limit=10&before=replay:10`);
    expect(ids(last.body.posts as Post[])).toEqual(range(1, 9));
    expect(last.body).not.toHaveProperty('next');
  });

  it('answers a bad cursor with 400 naming the field', async () => {
    const { url, source, relay: r } = await relay();
    source.push(...posts(1, 3));
    await r.ingest.drain();
    const res = await getJson(`${url}/api/walls/askgmp/posts?before=replay:99`);
    expect(res).toEqual({
      status: 400,
      body: {
        error: { code: 'bad_request', message: 'before: no visible post "replay:99" on this wall', field: 'before' },
      },
    });
  });
});

describe('restart on the same database', () => {
  it('keeps the epoch: a viewer resumes with exactly the events it missed', async () => {
    const first = await relay();
    const port = (first.relay.http.address() as AddressInfo).port;
    first.source.push(...posts(1, 10));
    await first.relay.ingest.drain();
    const wall = viewer(first.url);
    await waitForSeq(wall, 10);
    const epoch = wall.state!.epoch;
    const seen: string[] = [];
    wall.on('post', (p) => seen.push(p.id));

    const dropped = waitFor(wall, 'status', (s) => s.state === 'reconnecting');
    await first.close();
    await dropped;
    const second = await relay(DEFAULT_CONFIG, port);
    const back = await waitFor(wall, 'status', (s) => s.state === 'live', 10_000);
    second.source.push(...posts(5, 15)); // 5–10 again: duplicates, dropped
    await second.relay.ingest.drain();
    await waitForSeq(wall, 15);

    expect(back.resumed).toBe(true);
    expect(second.relay.walls.get('askgmp')!.log.epoch).toBe(epoch);
    expect(seen).toEqual(ids(posts(11, 15)));
    const fresh = viewer(second.url);
    await waitForSeq(fresh, 15);
    expect(wall.state).toEqual(fresh.state);
  });

  it('starts a new epoch when the database is lost, and viewers get a snapshot', async () => {
    const first = await relay();
    const port = (first.relay.http.address() as AddressInfo).port;
    first.source.push(...posts(1, 3));
    await first.relay.ingest.drain();
    const wall = viewer(first.url);
    await waitForSeq(wall, 3);
    const epoch = wall.state!.epoch;
    const dropped = waitFor(wall, 'status', (s) => s.state === 'reconnecting');
    await first.close();
    await dropped;
    await rm(dir, { recursive: true, force: true });

    await relay(DEFAULT_CONFIG, port);
    const back = await waitFor(wall, 'status', (s) => s.state === 'live', 10_000);
    expect(back.resumed).toBe(false);
    expect(wall.state!.epoch).not.toBe(epoch);
    expect(wall.posts).toEqual([]);
  });
});

describe('disk errors', () => {
  it('show in /healthz and logs while viewers stay connected, and clear once writes work again', async () => {
    const { url, source, relay: r, store } = await relay();
    source.push(makePost(1));
    await r.ingest.drain();
    const wall = viewer(url);
    await waitForSeq(wall, 1);
    const changes: StatusChange[] = [];
    wall.on('status', (s) => changes.push(s));

    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    source.push(makePost(2, `${'long question '.repeat(5000)}#askGMP`));
    await r.ingest.drain();
    const failing = await getJson(`${url}/healthz`);
    expect(failing.status).toBe(503);
    // The public answer says the store fails; what failed is for the admin token.
    expect(failing.body).toMatchObject({ ok: false, store: { state: 'failing' } });
    expect(failing.body.store).not.toHaveProperty('detail');
    const detailed = await getJson(`${url}/api/admin/health`, ADMIN);
    expect(detailed.status).toBe(503);
    expect(detailed.body).toMatchObject({
      ok: false,
      store: { state: 'failing', detail: expect.stringMatching(/full/) },
    });
    expect(await r.metrics.ingestErrors.get()).toMatchObject({ values: [{ value: 1 }] });

    store.db.pragma('max_page_count = 1073741823');
    source.push(makePost(3));
    await r.ingest.drain();
    await waitForSeq(wall, 2);
    expect(ids(wall.posts)).toEqual(['replay:3', 'replay:1']);
    expect(changes).toEqual([]); // never disconnected
    expect((await getJson(`${url}/healthz`)).body).toMatchObject({ ok: true, store: { state: 'ok' } });
  });
});

describe('retention', () => {
  const config = {
    ...DEFAULT_CONFIG,
    walls: [{ tag: 'askGMP', sources: ['replay'], retention: { days: 2, maxPosts: 4 } }],
  };

  it('keeps at most maxPosts in history and takes pruned posts off the wall', async () => {
    const { url, source, relay: r } = await relay(config);
    source.push(...posts(1, 3));
    await r.ingest.drain();
    const wall = viewer(url);
    await waitForSeq(wall, 3);
    const removed: string[] = [];
    wall.on('remove', (p) => removed.push(p.id));
    source.push(...posts(4, 6));
    await r.ingest.drain();

    await r.applyRetention();
    await waitForSeq(wall, 8);
    expect(removed.sort()).toEqual(['replay:1', 'replay:2']);
    expect(ids(wall.posts)).toEqual(range(3, 6));
    const history = await getJson(`${url}/api/walls/askgmp/posts`);
    expect(ids(history.body.posts as Post[])).toEqual(range(3, 6));
  });

  it('deletes posts older than the configured days', async () => {
    const { url, source, relay: r } = await relay(config);
    source.push(...posts(1, 2));
    await r.ingest.drain();
    await r.applyRetention(new Date(Date.now() + 1 * 86_400_000));
    expect(r.walls.get('askgmp')!.log.snapshot.posts).toHaveLength(2);
    await r.applyRetention(new Date(Date.now() + 3 * 86_400_000));
    expect(r.walls.get('askgmp')!.log.snapshot.posts).toEqual([]);
    expect((await getJson(`${url}/api/walls/askgmp/posts`)).body.posts).toEqual([]);
  });
});

describe('compaction', () => {
  it('rebuilds the same state from snapshot + tail, and resumes only what the tail covers', async () => {
    const store = SqliteStore.open(dbFile());
    const options = { compactEvery: 10, retainEvents: 5 };
    const log = await WallLog.open(store, 'askgmp', { maxPosts: 4 }, options);
    for (const post of posts(1, 23)) await log.append({ type: 'post.added', post });
    await log.append({ type: 'post.updated', id: 'replay:22', patch: { pinned: true } });
    const stored = await store.openLog('askgmp', 'unused');
    expect(stored.snapshot?.seq).toBe(20);
    expect(stored.events.map((e) => e.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24]);

    const reopened = await WallLog.open(store, 'askgmp', { maxPosts: 4 }, options);
    expect(reopened.snapshot).toEqual(log.snapshot);
    const epoch = log.epoch;
    expect(reopened.resume({ epoch, seq: 21 })).toMatchObject({
      mode: 'events',
      events: [{ seq: 22 }, { seq: 23 }, { seq: 24 }],
    });
    expect(reopened.resume({ epoch, seq: 10 })).toMatchObject({ mode: 'snapshot', snapshot: log.snapshot });
    await store.close();
  });
});
