import { ChatWallError, type ModeratedPost } from '@chat-wall/sdk';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { moderator } from './support/moderator.js';
import { clockReading, makePost, startRelay, type TestRelay } from './support/util.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-decided-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const STORES = {
  memory: (): Store => new MemoryStore(),
  sqlite: (): Store => SqliteStore.open(path.join(dir, `decided-${Math.random().toString(36).slice(2)}.db`)),
};

const CONFIG = {
  walls: [
    {
      tag: 'askGMP',
      sources: ['replay'],
      moderation: 'pre',
      filters: { rateCap: { enabled: false }, blocklist: { words: ['casino'] } },
    },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

/**
 * A pre-moderated wall where a filter rejected post 7 on arrival, then a moderator decided, in
 * this order: remove 2, reject 4, remove 1, reject 6. Each decision is a second after the one
 * before (and after arrival), so the expected order does not hang on the machine's clock.
 */
async function decidedWall(store: Store): Promise<{ t: TestRelay; token: string }> {
  let tick = 0;
  const t = await startRelay(CONFIG, { store, clock: clockReading(() => Date.now() + 1000 * ++tick) });
  open.push(t);
  const { token } = await t.relay.tokens.mint('alice', ['askgmp']);
  const alice = moderator(t.url, token);
  open.push(alice);
  await alice.join('askGMP');
  t.source.push(...[1, 2, 3, 4, 5, 6].map((n) => makePost(n)), makePost(7, 'Best casino bonus #askGMP'));
  await t.relay.ingest.drain();
  const act = (n: number, action: 'approve' | 'remove' | 'reject') =>
    alice.act({ tag: 'askgmp', postId: `replay:${n}`, action });
  for (const n of [1, 2, 3]) await act(n, 'approve');
  await act(2, 'remove');
  await act(4, 'reject');
  await act(1, 'remove');
  await act(6, 'reject');
  return { t, token };
}

const ids = (posts: ModeratedPost[]): string[] => posts.map((p) => p.post.id);
const NEWEST_DECISION_FIRST = ['replay:6', 'replay:1', 'replay:4', 'replay:2', 'replay:7'];

async function get(t: TestRelay, token: string, query: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.url}/api/mod/walls/askgmp/posts?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

describe.each(Object.keys(STORES) as (keyof typeof STORES)[])('listing decisions on the %s store', (kind) => {
  it('REST lists removed and rejected posts newest decision first, a filter’s from when it screened', async () => {
    const { t, token } = await decidedWall(STORES[kind]());
    const all = await get(t, token, 'status=removed&status=rejected&order=decided');
    expect(all.status).toBe(200);
    const posts = (all.body as { posts: ModeratedPost[] }).posts;
    expect(ids(posts)).toEqual(NEWEST_DECISION_FIRST);
    const filtered = posts.at(-1)!;
    expect(filtered).toMatchObject({ filter: 'blocklist', status: 'rejected' });
    expect(filtered.decidedAt).toBe(filtered.receivedAt);
    const page1 = await get(t, token, 'status=removed&status=rejected&order=decided&limit=2');
    expect(ids((page1.body as { posts: ModeratedPost[] }).posts)).toEqual(NEWEST_DECISION_FIRST.slice(0, 2));
    const page2 = await get(t, token, 'status=removed&status=rejected&order=decided&limit=2&after=replay:1');
    expect(ids((page2.body as { posts: ModeratedPost[] }).posts)).toEqual(NEWEST_DECISION_FIRST.slice(2, 4));
    // Arrival stays the default, and one status still works as before.
    const arrival = await get(t, token, 'status=removed&status=rejected');
    expect(ids((arrival.body as { posts: ModeratedPost[] }).posts)).toEqual([1, 2, 4, 6, 7].map((n) => `replay:${n}`));
    const removed = await get(t, token, 'status=removed&order=decided');
    expect(ids((removed.body as { posts: ModeratedPost[] }).posts)).toEqual(['replay:1', 'replay:2']);
  });

  it('REST refuses unknown orders and statuses by name', async () => {
    const { t, token } = await decidedWall(STORES[kind]());
    const order = await get(t, token, 'status=removed&order=newest');
    expect(order.status).toBe(400);
    expect(order.body).toMatchObject({ error: { code: 'bad_request', field: 'order' } });
    expect(JSON.stringify(order.body)).toMatch(/unknown order \\"newest\\"; expected one of arrival, decided/);
    const status = await get(t, token, 'status=removed&status=gone&order=decided');
    expect(status.status).toBe(400);
    expect(JSON.stringify(status.body)).toMatch(/unknown status \\"gone\\"/);
    expect((await get(t, token, 'order=decided')).status).toBe(400);
  });

  it('the SDK pages the same order over the socket, and refuses a bad order', async () => {
    const { t, token } = await decidedWall(STORES[kind]());
    const bob = moderator(t.url, token);
    open.push(bob);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await bob.list('askgmp', ['removed', 'rejected'], {
        order: 'decided',
        limit: 2,
        ...(after ? { after } : {}),
      });
      if (page.length === 0) break;
      seen.push(...ids(page));
      after = page.at(-1)!.post.id;
    }
    expect(seen).toEqual(NEWEST_DECISION_FIRST);
    const refused = await bob.list('askgmp', 'removed', { order: 'newest' as 'decided' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChatWallError);
    expect((refused as ChatWallError).code).toBe('bad_request');
    expect((refused as ChatWallError).message).toMatch(/unknown order "newest"/);
  });
});
