import { ConnectionState, ChatWallError, type ModeratorClient, type Wall } from '@chat-wall/sdk';
import type { Post } from '@chat-wall/sdk/protocol';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { collectMod, moderator, nextMod, untilMod } from './support/moderator.js';
import { client, makePost, startRelay, waitFor, waitForSeq, type TestRelay } from './support/util.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

// Every test runs on both stores: decisions must behave the same in memory and on SQLite.
let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-moderation-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const STORES = {
  memory: (): Store => new MemoryStore(),
  sqlite: (): Store => SqliteStore.open(path.join(dir, `moderation-${++files}.db`)),
};
let newStore: () => Store = STORES.memory;

const PRE = {
  walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre', filters: { rateCap: { enabled: false } } }],
  replay: { file: 'fed-by-the-test.jsonl' },
};

interface Setup {
  t: TestRelay;
  viewers: Wall[];
  alice: ModeratorClient;
  bob: ModeratorClient;
}

/** A pre-moderated wall, two live viewers and two moderators who joined it. */
async function setup(config: unknown = PRE): Promise<Setup> {
  const t = await startRelay(config, { store: newStore() });
  open.push(t);
  const viewers = [client(t.url), client(t.url)];
  open.push(...viewers);
  await Promise.all(viewers.map((v) => waitFor(v, 'status', (s) => s.state === ConnectionState.Live)));
  const [a, b] = await Promise.all([t.relay.tokens.mint('alice', ['askgmp']), t.relay.tokens.mint('bob', ['*'])]);
  const alice = moderator(t.url, a.token);
  const bob = moderator(t.url, b.token);
  open.push(alice, bob);
  await Promise.all([alice.join('askGMP'), bob.join('#AskGMP')]);
  return { t, viewers, alice, bob };
}

/** Pushes posts through the source and waits until they are recorded. */
async function feed(t: TestRelay, ...posts: Post[]): Promise<void> {
  t.source.push(...posts);
  await t.relay.ingest.drain();
}

const ids = (w: Wall): string[] => w.posts.map((p) => p.id);

describe.each(Object.keys(STORES) as (keyof typeof STORES)[])('on the %s store', (kind) => {
  beforeEach(() => {
    newStore = STORES[kind];
  });

  describe('moderator actions reach every viewer', () => {
    it('held posts reach both moderators with their reason, and no viewer', async () => {
      const { t, viewers, alice, bob } = await setup();
      const seen = [nextMod(alice, 'queue', (c) => c.kind === 'held'), nextMod(bob, 'queue', (c) => c.kind === 'held')];
      await feed(t, makePost(1));
      for (const change of await Promise.all(seen)) {
        expect(change).toMatchObject({ kind: 'held', post: { status: 'held', reason: 'pre-moderation' } });
      }
      expect(viewers.map(ids)).toEqual([[], []]);
      expect((await alice.join('askgmp')).queue.map((r) => r.post.id)).toEqual(['replay:1']);
    });

    it('approve, pin, highlight, answer, remove, restore and reject: each reaches every viewer', async () => {
      const { t, viewers, alice, bob } = await setup();
      await feed(t, makePost(1), makePost(2));
      const audit = collectMod(bob, 'audit');

      await alice.approve('askgmp', 'replay:1', { reason: 'good question' });
      await Promise.all(viewers.map((v) => waitForSeq(v, 1)));
      expect(viewers.map(ids)).toEqual([['replay:1'], ['replay:1']]);

      await bob.pin('askgmp', 'replay:1');
      await alice.highlight('askgmp', 'replay:1');
      await alice.answer('askgmp', 'replay:1');
      await Promise.all(viewers.map((v) => waitForSeq(v, 4)));
      for (const v of viewers) expect(v.posts[0]).toMatchObject({ pinned: true, highlighted: true, answered: true });
      await bob.unpin('askgmp', 'replay:1');
      await Promise.all(viewers.map((v) => waitForSeq(v, 5)));
      for (const v of viewers) expect(v.posts[0]!.pinned).toBe(false);

      const removed = viewers.map((v) => waitFor(v, 'remove', (p) => p.id === 'replay:1'));
      await bob.remove('askgmp', 'replay:1', { reason: 'off topic' });
      await Promise.all(removed);
      expect(viewers.map(ids)).toEqual([[], []]);

      await alice.restore('askgmp', 'replay:1');
      await alice.approve('askgmp', 'replay:2');
      await Promise.all(viewers.map((v) => waitForSeq(v, 8)));
      expect(viewers.map(ids)).toEqual([
        ['replay:2', 'replay:1'],
        ['replay:2', 'replay:1'],
      ]);

      // Reject after approve retracts it too.
      await bob.reject('askgmp', 'replay:2', { expected: 'approved' });
      await Promise.all(viewers.map((v) => waitForSeq(v, 9)));
      expect(viewers.map(ids)).toEqual([['replay:1'], ['replay:1']]);

      // A viewer that joins now gets the same state as a snapshot; the audit has every step, in order.
      const late = client(t.url);
      open.push(late);
      await waitForSeq(late, 9);
      expect(late.state!.posts).toEqual(viewers[0]!.state!.posts);
      await untilMod(bob, 'audit', () => audit.length === 9);
      expect(audit.map((e) => [e.actor, e.action, e.postId, e.from ?? null, e.to ?? null])).toEqual([
        ['alice', 'approve', 'replay:1', 'held', 'approved'],
        ['bob', 'pin', 'replay:1', null, null],
        ['alice', 'highlight', 'replay:1', null, null],
        ['alice', 'answer', 'replay:1', null, null],
        ['bob', 'unpin', 'replay:1', null, null],
        ['bob', 'remove', 'replay:1', 'approved', 'removed'],
        ['alice', 'restore', 'replay:1', 'removed', 'approved'],
        ['alice', 'approve', 'replay:2', 'held', 'approved'],
        ['bob', 'reject', 'replay:2', 'approved', 'rejected'],
      ]);
      expect(audit[0]!.reason).toBe('good question');
      expect((await alice.audit('askgmp', { limit: 2 })).map((e) => e.action)).toEqual(['reject', 'approve']);
    });

    it('bulk approve sends the whole queue live and reports each post', async () => {
      const { t, viewers, alice } = await setup();
      await feed(t, ...Array.from({ length: 12 }, (_, i) => makePost(i + 1)));
      const results = await alice.bulkApprove('askgmp');
      expect(results.filter((r) => r.ok)).toHaveLength(12);
      await Promise.all(viewers.map((v) => waitForSeq(v, 12)));
      expect(ids(viewers[0]!)).toEqual(Array.from({ length: 12 }, (_, i) => `replay:${12 - i}`));
      const again = await alice.bulkApprove('askgmp', ['replay:1', 'replay:404']);
      expect(again.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['conflict', 'not_found']);
      expect((await alice.join('askgmp')).queue).toEqual([]);
    });

    it('ban removes the author’s visible posts everywhere and rejects their next ones', async () => {
      const { t, viewers, alice, bob } = await setup();
      // makePost(n) is by author u(n % 7): 1 and 8 by u1, 2 by u2.
      await feed(t, makePost(1), makePost(2), makePost(8));
      await alice.bulkApprove('askgmp');
      await Promise.all(viewers.map((v) => waitForSeq(v, 3)));

      const settings = nextMod(bob, 'settings');
      const { removed } = await alice.ban('askgmp', 'replay:u1', 'spam');
      expect(removed.sort()).toEqual(['replay:1', 'replay:8']);
      await Promise.all(viewers.map((v) => waitForSeq(v, 5)));
      expect(viewers.map(ids)).toEqual([['replay:2'], ['replay:2']]);
      expect((await settings).settings.filters.authors.block).toEqual(['replay:u1']);

      await feed(t, makePost(15)); // u1 again
      const [rejected] = await alice.list('askgmp', 'rejected');
      expect(rejected).toMatchObject({ post: { id: 'replay:15' }, filter: 'author-block' });
      expect((await alice.join('askgmp')).queue).toEqual([]);

      await alice.unban('askgmp', 'replay:u1');
      await feed(t, makePost(22));
      expect((await alice.join('askgmp')).queue.map((r) => r.post.id)).toEqual(['replay:22']);
    });

    it('a moderator whose connection drops joins its walls again and keeps receiving the queue', async () => {
      const { t, alice } = await setup();
      const back = nextMod(alice, 'status', (s) => s.state === 'live');
      const sockets = [...t.relay.io.of('/moderate').sockets.values()];
      sockets.find((s) => (s.data as { moderator: { name: string } }).moderator.name === 'alice')!.conn.close();
      await back;
      // The rejoin is a request of its own; its answer lands before a post held after it.
      await alice.settings('askgmp');
      const held = nextMod(alice, 'queue', (c) => c.kind === 'held');
      await feed(t, makePost(5));
      expect((await held).post.post.id).toBe('replay:5');
    });

    it('after a reconnect, a post held while the connection was down arrives through rejoined', async () => {
      const { t, alice } = await setup();
      await feed(t, makePost(1));
      // Keep alice out until the test lets her in, so post 2 is held while she is surely away.
      let admit!: () => void;
      const gate = new Promise<void>((resolve) => (admit = resolve));
      t.relay.io.of('/moderate').use((_socket, next) => void gate.then(() => next()));
      const pushes = collectMod(alice, 'queue');
      const away = nextMod(alice, 'status', (s) => s.state === 'reconnecting');
      const rejoined = nextMod(alice, 'rejoined');
      const sockets = [...t.relay.io.of('/moderate').sockets.values()];
      sockets.find((s) => (s.data as { moderator: { name: string } }).moderator.name === 'alice')!.conn.close();
      await away;
      await feed(t, makePost(2));
      admit();
      const joined = await rejoined;
      expect(joined.tag).toBe('askgmp');
      expect(joined.settings.mode).toBe('pre');
      expect(joined.queue.map((m) => m.post.id)).toEqual(['replay:1', 'replay:2']);
      // The push about post 2 went out while she was away: only the rejoin brought it.
      expect(pushes.map((c) => c.post.post.id)).not.toContain('replay:2');
    });

    it('an action on an unknown post is not_found; a display action on a held post is a conflict', async () => {
      const { t, alice } = await setup();
      await feed(t, makePost(1));
      await expect(alice.approve('askgmp', 'replay:999')).rejects.toMatchObject({ code: 'not_found' });
      await expect(alice.pin('askgmp', 'replay:1')).rejects.toMatchObject({ code: 'conflict' });
      await expect(alice.approve('nowall', 'replay:1')).rejects.toMatchObject({ code: 'unknown_wall' });
    });
  });

  describe('two moderators, one post', () => {
    it('of racing decisions exactly one wins; both consoles and every viewer agree', async () => {
      const { t, viewers, alice, bob } = await setup();
      const n = 20;
      await feed(t, ...Array.from({ length: n }, (_, i) => makePost(i + 1)));
      const decidedA = collectMod(alice, 'queue');
      const decidedB = collectMod(bob, 'queue');

      // Both decide every post at once: alice approves, bob rejects, each having seen it held.
      const outcomes = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const id = `replay:${i + 1}`;
          const [a, b] = await Promise.allSettled([
            alice.approve('askgmp', id, { expected: 'held' }),
            bob.reject('askgmp', id, { expected: 'held' }),
          ]);
          return { id, a, b };
        }),
      );

      const approved: string[] = [];
      for (const { id, a, b } of outcomes) {
        // Exactly one fulfilled, one refused with a conflict that names the winner.
        expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
        const loser = (a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason) as ChatWallError;
        const winner = a.status === 'fulfilled' ? 'alice' : 'bob';
        expect(loser).toBeInstanceOf(ChatWallError);
        expect(loser.code).toBe('conflict');
        expect(loser.message).toMatch(new RegExp(`already (approved|rejected) by ${winner} at \\d{4}-`));
        expect(loser.current?.decidedBy).toBe(winner);
        if (a.status === 'fulfilled') approved.push(id);
      }

      // Every decision reaches both consoles once, and viewers show exactly the approved posts.
      const decisions = (changes: typeof decidedA) => changes.filter((c) => c.kind === 'decided');
      await untilMod(bob, 'queue', () => decisions(decidedB).length === n);
      await untilMod(alice, 'queue', () => decisions(decidedA).length === n);
      const byPost = (changes: typeof decidedA) =>
        Object.fromEntries(decisions(changes).map((c) => [c.post.post.id, [c.post.status, c.post.decidedBy]]));
      expect(byPost(decidedA)).toEqual(byPost(decidedB));
      await Promise.all(viewers.map((v) => waitForSeq(v, approved.length)));
      for (const v of viewers) expect(ids(v).sort()).toEqual(approved.sort());
    });
  });

  describe('auto mode', () => {
    it('filters decide: clean posts go live, unsure ones are held with the reason, blocked ones rejected', async () => {
      const { t, viewers, alice } = await setup({
        walls: [
          { tag: 'askGMP', sources: ['replay'], moderation: 'auto', filters: { blocklist: { words: ['casino'] } } },
        ],
        replay: { file: 'fed-by-the-test.jsonl' },
      });
      const held = nextMod(alice, 'queue', (c) => c.kind === 'held');
      await feed(
        t,
        makePost(1, 'How do you qualify a new supplier? #askGMP'),
        makePost(2, 'This audit was bullshit #askGMP'),
        makePost(3, 'Best casino bonus here #askGMP'),
      );
      await Promise.all(viewers.map((v) => waitForSeq(v, 1)));
      expect(viewers.map(ids)).toEqual([['replay:1'], ['replay:1']]);
      expect((await held).post).toMatchObject({ post: { id: 'replay:2' }, filter: 'profanity', status: 'held' });
      expect((await alice.list('askgmp', 'rejected')).map((r) => [r.post.id, r.reason])).toEqual([
        ['replay:3', 'contains "casino"'],
      ]);

      // Switching the wall to pre-moderation takes effect on the next post.
      await alice.updateSettings('askgmp', { mode: 'pre' });
      await feed(t, makePost(4, 'Another clean one #askGMP'));
      expect((await alice.join('askgmp')).queue.map((r) => r.post.id)).toEqual(['replay:2', 'replay:4']);
    });
  });
});
