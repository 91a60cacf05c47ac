import { PostStatus, type Post } from '@chat-wall/sdk/protocol';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { makePost, startRelay, type TestRelay } from './support/util.js';

const open: TestRelay[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-batches-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CONFIG = {
  walls: [
    {
      tag: 'askGMP',
      sources: ['replay'],
      moderation: 'post',
      maxPosts: 100,
      hosts: ['GMPolice'],
      filters: { rateCap: { enabled: false } },
    },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

/** A post by `handle`, replying to `replyTo` when given. */
function by(n: number, handle: string, text: string, replyTo?: string): Post {
  return {
    ...makePost(n, `${text} #askGMP`),
    author: { id: `id-${handle}`, handle, name: handle, verified: false },
    ...(replyTo ? { reply: true, replyTo } : {}),
  };
}

/**
 * A real SQLite store whose log appends are counted, and which can let a competing write land
 * just before an append (as another relay of a cluster would, between ingest's check and its write).
 */
function countedStore(): { store: Store; appends: number[]; before: { hook?: () => Promise<void> } } {
  const real = SqliteStore.open(path.join(dir, `batches-${Math.random().toString(36).slice(2)}.db`));
  const appends: number[] = [];
  const before: { hook?: () => Promise<void> } = {};
  const store = new Proxy(real, {
    get(target, key, receiver) {
      if (key !== 'append') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<Store['append']>) => {
        const hook = before.hook;
        before.hook = undefined;
        await hook?.();
        appends.push(args[3]?.add?.length ?? 0);
        return target.append(...args);
      };
    },
  });
  return { store, appends, before };
}

describe('ingest records a burst of posts in batches', () => {
  it('writes a burst in few transactions, in arrival order, with Q&A links inside the batch', async () => {
    const { store, appends } = countedStore();
    const t = await startRelay(CONFIG, { store });
    open.push(t);
    const burst = [
      by(1, 'GMPolice', 'Q1: How do you keep your bike safe?'),
      by(2, 'jo', 'A1: D-lock through the frame'),
      by(3, 'sam', 'Is the station open on Sundays?'),
      by(4, 'GMPolice', '@sam Yes, 10 to 4 on Sundays.', 'replay:3'),
      ...Array.from({ length: 36 }, (_, i) => by(5 + i, `fan${i}`, `Great session, part ${i}`)),
    ];
    t.source.push(...burst);
    await t.relay.ingest.drain();

    const log = t.relay.walls.get('askgmp')!.log;
    // Newest first on the wall; every post once, in the order they came.
    expect(log.snapshot.posts.map((p) => p.id).reverse()).toEqual(burst.map((p) => p.id));
    // Posts that arrive while the wall's queue is busy share an append (at most 50 to one).
    expect(appends.length).toBeLessThanOrEqual(3);
    expect(appends.reduce((a, b) => a + b, 0)).toBe(burst.length);

    // A1 found Q1, and the host's reply answered the question, though neither was stored yet.
    const posts = new Map(log.snapshot.posts.map((p) => [p.id, p]));
    expect(posts.get('replay:2')!.thread).toMatchObject({ answers: 1, answerTo: 'replay:1' });
    expect(posts.get('replay:3')).toMatchObject({ ask: { state: 'answered' }, answered: true });
    expect((await store.getPost('askgmp', 'replay:3'))!.post).toMatchObject({ answered: true });
    expect((await t.relay.metrics.ingestErrors.get()).values[0]?.value ?? 0).toBe(0);
  });

  it('records a repeat within a burst once', async () => {
    const { store } = countedStore();
    const t = await startRelay(CONFIG, { store });
    open.push(t);
    t.source.push(makePost(1), makePost(2), makePost(3), makePost(2), makePost(4));
    await t.relay.ingest.drain();
    const ids = t.relay.walls.get('askgmp')!.log.snapshot.posts.map((p) => p.id);
    expect(ids).toEqual(['replay:4', 'replay:3', 'replay:2', 'replay:1']);
    expect((await t.relay.metrics.postsDuplicate.get()).values[0]?.value).toBe(1);
  });

  it('when another writer records one of the batch first, records the others alone and loses none', async () => {
    const { store, appends, before } = countedStore();
    const t = await startRelay(CONFIG, { store });
    open.push(t);
    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    // Between ingest's check and its write, another relay records post 4 (held for a moderator).
    before.hook = async () => {
      const post = makePost(4);
      await store.addPost({
        tag: 'askgmp',
        post,
        status: PostStatus.Held,
        reason: 'held elsewhere',
        receivedAt: new Date().toISOString(),
      });
    };
    t.source.push(...[2, 3, 4, 5, 6].map((n) => makePost(n)));
    await t.relay.ingest.drain();

    // The batch of five was refused whole, then each was tried alone: 4 is the other relay's.
    expect(appends).toEqual([1, 5, 1, 1, 1, 1]);
    const ids = t.relay.walls.get('askgmp')!.log.snapshot.posts.map((p) => p.id);
    expect(ids).toEqual(['replay:6', 'replay:5', 'replay:3', 'replay:2', 'replay:1']);
    expect((await store.getPost('askgmp', 'replay:4'))!.status).toBe(PostStatus.Held);
    expect((await t.relay.metrics.ingestErrors.get()).values[0]?.value ?? 0).toBe(0);
    expect((await t.relay.metrics.postsDuplicate.get()).values[0]?.value).toBe(1);
  });
});
