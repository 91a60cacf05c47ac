import {
  applyEvents,
  emptyState,
  type NewWallEvent,
  type Post,
  type WallEvent,
  type WallState,
  type ModeratedPost,
} from '@chat-wall/sdk/protocol';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { initialSettings } from '../../src/moderation/settings.js';
import {
  PostStatus,
  PostWriteConflict,
  UnknownCursorError,
  type Store,
  type StoredToken,
} from '../../src/store/store.js';
import { makePost } from './util.js';

/** How the suite gets stores: a fresh empty one, and (for durable stores) the same data reopened. */
export interface StoreHarness {
  store: Store;
  /** Closes `store` and opens its data again; required when the suite runs with `durable`. */
  reopen?: () => Promise<Store>;
}

const TAG = 'askgmp';
const AT = '2026-11-01T12:00:00.000Z';

/** Numbers events after `head`, as a wall log does. */
export function numbered(head: number, ...events: NewWallEvent[]): WallEvent[] {
  return events.map((e, i) => ({ ...e, seq: head + i + 1, at: AT }) as WallEvent);
}

const added = (n: number): NewWallEvent => ({ type: 'post.added', post: makePost(n) });

function record(n: number, status: PostStatus = PostStatus.Approved, receivedAt = AT): ModeratedPost {
  return { tag: TAG, post: makePost(n), status, reason: 'test', receivedAt };
}

/** Opens the test wall's log and appends `events` to it. */
async function wallWith(store: Store, events: NewWallEvent[]): Promise<void> {
  await store.openLog(TAG, 'e1');
  await store.append(TAG, 'e1', numbered(0, ...events));
}

/**
 * The behaviour every {@linkcode Store} must have. Run it from a `store-<name>.test.ts` with a
 * factory for fresh stores; a store that passes can back a relay.
 */
export function describeStoreConformance(
  name: string,
  open: () => Promise<StoreHarness>,
  options: { durable: boolean },
): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    async function fresh(): Promise<StoreHarness> {
      const harness = await open();
      opened.push(harness.store);
      return harness;
    }
    async function reopened(harness: StoreHarness): Promise<Store> {
      const store = await harness.reopen!();
      opened.push(store);
      return store;
    }

    describe('wall logs', () => {
      it('creates a log with the given epoch once, then keeps it', async () => {
        const { store } = await fresh();
        expect(await store.openLog(TAG, 'e1')).toEqual({ epoch: 'e1', events: [] });
        expect(await store.openLog(TAG, 'e2')).toEqual({ epoch: 'e1', events: [] });
        expect((await store.openLog('other', 'e3')).epoch).toBe('e3');
      });

      it('returns appended events in order, equal to what was appended', async () => {
        const { store } = await fresh();
        await store.openLog(TAG, 'e1');
        const first = numbered(0, added(1), added(2));
        const second = numbered(2, { type: 'post.updated', id: 'replay:1', patch: { pinned: true } });
        await store.append(TAG, 'e1', first);
        await store.append(TAG, 'e1', second);
        expect((await store.openLog(TAG, 'ignored')).events).toEqual([...first, ...second]);
      });

      it('refuses appends to another epoch, with gaps or repeats, and keeps the log as it was', async () => {
        const { store } = await fresh();
        await store.openLog(TAG, 'e1');
        await store.append(TAG, 'e1', numbered(0, added(1)));
        await expect(store.append(TAG, 'e0', numbered(1, added(2)))).rejects.toThrow(/epoch/);
        await expect(store.append(TAG, 'e1', numbered(2, added(3)))).rejects.toThrow(/seq 3, expected 2/);
        await expect(store.append(TAG, 'e1', numbered(0, added(9)))).rejects.toThrow(/seq 1, expected 2/);
        await expect(store.append('nowall', 'e1', numbered(0, added(1)))).rejects.toThrow(/No log/);
        // A batch with a gap inside stores none of it.
        const broken = [...numbered(1, added(2)), ...numbered(3, added(4))];
        await expect(store.append(TAG, 'e1', broken)).rejects.toThrow(/seq 4, expected 3/);
        expect((await store.openLog(TAG, 'x')).events.map((e) => e.seq)).toEqual([1]);
        expect((await store.listVisiblePosts(TAG, { limit: 10 })).posts.map((p) => p.id)).toEqual(['replay:1']);
      });

      it('hands out the events after a seq, or undefined when it no longer has them all', async () => {
        const { store } = await fresh();
        await store.openLog(TAG, 'e1');
        const events = numbered(0, added(1), added(2), added(3), added(4));
        await store.append(TAG, 'e1', events);
        expect(await store.eventsAfter(TAG, 'e1', 1)).toEqual(events.slice(1));
        expect(await store.eventsAfter(TAG, 'e1', 0)).toEqual(events);
        expect(await store.eventsAfter(TAG, 'e1', 4)).toEqual([]);
        expect(await store.eventsAfter(TAG, 'e0', 1)).toBeUndefined();
        expect(await store.eventsAfter('nowall', 'e1', 0)).toBeUndefined();
        await store.compact(TAG, 'e1', applyEvents(emptyState('e1', TAG), events.slice(0, 3)), 3);
        expect(await store.eventsAfter(TAG, 'e1', 2)).toEqual(events.slice(2));
        expect(await store.eventsAfter(TAG, 'e1', 1)).toBeUndefined();
      });

      it('compacts: keeps the snapshot and the events from keepFrom on', async () => {
        const { store } = await fresh();
        await store.openLog(TAG, 'e1');
        const events = numbered(0, added(1), added(2), added(3), added(4));
        await store.append(TAG, 'e1', events);
        const snapshot = applyEvents(emptyState('e1', TAG), events.slice(0, 3));
        await store.compact(TAG, 'e1', snapshot, 3);
        expect(await store.openLog(TAG, 'x')).toEqual({ epoch: 'e1', snapshot, events: events.slice(2) });
        await store.append(TAG, 'e1', numbered(4, added(5)));
        expect((await store.openLog(TAG, 'x')).events.map((e) => e.seq)).toEqual([3, 4, 5]);
      });

      it('refuses a compaction ahead of the log or that would leave a gap after the snapshot', async () => {
        const { store } = await fresh();
        await store.openLog(TAG, 'e1');
        const events = numbered(0, added(1), added(2));
        await store.append(TAG, 'e1', events);
        const at1 = applyEvents(emptyState('e1', TAG), events.slice(0, 1));
        const ahead: WallState = { ...applyEvents(emptyState('e1', TAG), events), seq: 3 };
        await expect(store.compact(TAG, 'e1', ahead, 1)).rejects.toThrow(/ahead/);
        await expect(store.compact(TAG, 'e1', at1, 3)).rejects.toThrow(/keepFrom/);
        await expect(store.compact(TAG, 'e0', at1, 1)).rejects.toThrow(/epoch/);
        expect(await store.openLog(TAG, 'x')).toEqual({ epoch: 'e1', events });
      });

      it('rebuilds every state: snapshot + events after it == all events folded (property)', async () => {
        const ops = fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 12 }) }),
            fc.record({ kind: fc.constant('pin' as const), n: fc.integer({ min: 1, max: 12 }), on: fc.boolean() }),
            fc.record({ kind: fc.constant('remove' as const), n: fc.integer({ min: 1, max: 12 }) }),
            fc.record({ kind: fc.constant('max' as const), max: fc.integer({ min: 1, max: 6 }) }),
            fc.record({ kind: fc.constant('compact' as const), keep: fc.nat({ max: 4 }) }),
          ),
          { maxLength: 40 },
        );
        await fc.assert(
          fc.asyncProperty(ops, fc.integer({ min: 1, max: 5 }), async (steps, batch) => {
            const { store } = await fresh();
            await store.openLog(TAG, 'e1');
            const base = emptyState('e1', TAG, { maxPosts: 4 });
            const all: WallEvent[] = [];
            let pending: NewWallEvent[] = [];
            const flush = async (): Promise<void> => {
              const events = numbered(all.length, ...pending);
              pending = [];
              await store.append(TAG, 'e1', events);
              all.push(...events);
            };
            for (const step of steps) {
              if (step.kind === 'compact') {
                await flush();
                const state = applyEvents(base, all);
                await store.compact(TAG, 'e1', state, Math.max(1, state.seq + 1 - step.keep));
                continue;
              }
              if (step.kind === 'add') pending.push(added(step.n));
              if (step.kind === 'pin')
                pending.push({ type: 'post.updated', id: `replay:${step.n}`, patch: { pinned: step.on } });
              if (step.kind === 'remove') pending.push({ type: 'post.removed', id: `replay:${step.n}` });
              if (step.kind === 'max') pending.push({ type: 'wall.updated', wall: { maxPosts: step.max } });
              if (pending.length >= batch) await flush();
            }
            await flush();
            const stored = await store.openLog(TAG, 'x');
            const from = stored.snapshot ?? base;
            const rebuilt = applyEvents(
              from,
              stored.events.filter((e) => e.seq > from.seq),
            );
            expect(rebuilt).toEqual(applyEvents(base, all));
            // The events kept are contiguous and reach the head.
            const seqs = stored.events.map((e) => e.seq);
            expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
            if (all.length > 0) expect(seqs.at(-1) ?? from.seq).toBe(all.length);
            await store.close();
          }),
          { numRuns: 40 },
        );
      });
    });

    describe('posts', () => {
      it('records a post once; a repeat changes nothing', async () => {
        const { store } = await fresh();
        expect(await store.addPost(record(1, PostStatus.Held))).toBe(true);
        const repeat = { ...record(1, PostStatus.Approved), post: { ...makePost(1), text: 'changed' } };
        expect(await store.addPost(repeat)).toBe(false);
        expect(await store.getPost(TAG, 'replay:1')).toEqual(record(1, PostStatus.Held));
        expect(await store.addPost({ ...record(1), tag: 'other' })).toBe(true);
        expect(await store.getPost(TAG, 'replay:404')).toBeUndefined();
      });

      it('hands out copies: changing a returned post does not change the store', async () => {
        const { store } = await fresh();
        const original = record(1);
        await store.addPost(original);
        original.post.text = 'mutated after add';
        const got = (await store.getPost(TAG, 'replay:1'))!;
        expect(got.post.text).toBe(makePost(1).text);
        got.post.text = 'mutated after get';
        expect((await store.getPost(TAG, 'replay:1'))!.post.text).toBe(makePost(1).text);
      });

      it('changes a status and reason; an unknown post changes nothing', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        const change = { expected: [PostStatus.Held], status: PostStatus.Rejected, reason: 'spam filter' };
        expect(await store.changePostStatus(TAG, 'replay:1', change)).toMatchObject({ applied: true });
        expect(await store.getPost(TAG, 'replay:1')).toMatchObject({ status: 'rejected', reason: 'spam filter' });
        expect(await store.changePostStatus(TAG, 'replay:2', change)).toBeUndefined();
        expect(await store.getPost(TAG, 'replay:2')).toBeUndefined();
      });
    });

    describe('history', () => {
      it('lists what the log shows, newest first, with marks, in pages', async () => {
        const { store } = await fresh();
        await store.addPost(record(99, PostStatus.Held)); // held: never on the wall
        await wallWith(store, [
          ...[1, 2, 3, 4, 5, 6, 7].map(added),
          { type: 'post.removed', id: 'replay:3' },
          { type: 'post.updated', id: 'replay:5', patch: { pinned: true, answered: true } },
          added(2), // shown again: now the newest
        ]);
        const first = await store.listVisiblePosts(TAG, { limit: 3 });
        expect(first.posts.map((p) => p.id)).toEqual(['replay:2', 'replay:7', 'replay:6']);
        expect(first.next).toBe('replay:6');
        const second = await store.listVisiblePosts(TAG, { limit: 3, before: first.next! });
        expect(second.posts.map((p) => p.id)).toEqual(['replay:5', 'replay:4', 'replay:1']);
        expect(second.posts[0]).toMatchObject({ pinned: true, answered: true, text: makePost(5).text });
        expect(second.next).toBeUndefined();
        expect((await store.listVisiblePosts(TAG, { limit: 3, before: 'replay:1' })).posts).toEqual([]);
        expect((await store.listVisiblePosts('other', { limit: 3 })).posts).toEqual([]);
      });

      it('refuses a cursor that is not a visible post', async () => {
        const { store } = await fresh();
        await store.addPost(record(9, PostStatus.Held));
        await wallWith(store, [added(1), added(2), { type: 'post.removed', id: 'replay:2' }]);
        for (const before of ['replay:404', 'replay:9', 'replay:2']) {
          await expect(store.listVisiblePosts(TAG, { limit: 5, before })).rejects.toBeInstanceOf(UnknownCursorError);
        }
      });

      it('keeps the stored status when the log shows a post', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        await wallWith(store, [added(1)]);
        expect((await store.getPost(TAG, 'replay:1'))?.status).toBe('held');
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts.map((p) => p.id)).toEqual(['replay:1']);
      });
    });

    describe('retention', () => {
      it('prunes posts received before a time, whatever their status', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Approved, '2026-01-01T00:00:00.000Z'));
        await store.addPost(record(2, PostStatus.Rejected, '2026-01-02T00:00:00.000Z'));
        await store.addPost(record(3, PostStatus.Approved, '2026-01-03T00:00:00.000Z'));
        await wallWith(store, [added(1), added(3)]);
        expect(await store.prune(TAG, { receivedBefore: '2026-01-03T00:00:00.000Z' })).toEqual(['replay:1']);
        expect(await store.getPost(TAG, 'replay:2')).toBeUndefined();
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts.map((p) => p.id)).toEqual(['replay:3']);
        // Gone means gone: the same post from a source counts as new again.
        expect(await store.addPost(record(1))).toBe(true);
      });

      it('keeps at most maxVisible visible posts, dropping the oldest', async () => {
        const { store } = await fresh();
        await store.addPost(record(9, PostStatus.Held));
        await wallWith(store, [1, 2, 3, 4, 5].map(added));
        expect((await store.prune(TAG, { maxVisible: 2 })).sort()).toEqual(['replay:1', 'replay:2', 'replay:3']);
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts.map((p) => p.id)).toEqual([
          'replay:5',
          'replay:4',
        ]);
        expect(await store.getPost(TAG, 'replay:9')).toBeDefined();
        expect(await store.prune(TAG, { maxVisible: 2 })).toEqual([]);
      });
    });

    describe('writes that commit with a log append', () => {
      const approve = (n: number) => ({
        id: `replay:${n}`,
        expected: [PostStatus.Held],
        status: PostStatus.Approved,
        reason: 'looks fine',
        decidedBy: 'alice',
        decidedAt: AT,
      });
      const entry = (n: number) => ({
        tag: TAG,
        at: AT,
        actor: 'alice',
        action: 'approve' as const,
        postId: `replay:${n}`,
      });

      it('records a post with its post.added, keeping the status, reason and filter it was given', async () => {
        const { store } = await fresh();
        await store.openLog(TAG, 'e1');
        const screened = { ...record(1), reason: 'clean', filter: 'links' };
        await store.append(TAG, 'e1', numbered(0, added(1)), { add: [screened] });
        expect(await store.getPost(TAG, 'replay:1')).toEqual(screened);
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts.map((p) => p.id)).toEqual(['replay:1']);
      });

      it('a duplicate post refuses the whole append: no event, nothing shown', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        await store.openLog(TAG, 'e1');
        const attempt = store.append(TAG, 'e1', numbered(0, added(2), added(1)), { add: [record(2), record(1)] });
        await expect(attempt).rejects.toBeInstanceOf(PostWriteConflict);
        await expect(attempt).rejects.toMatchObject({ id: 'replay:1', current: { status: 'held' } });
        expect((await store.openLog(TAG, 'x')).events).toEqual([]);
        expect(await store.getPost(TAG, 'replay:2')).toBeUndefined();
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts).toEqual([]);
      });

      it('a decision changes the status, shows the post and numbers its audit entry, together', async () => {
        const { store } = await fresh();
        await store.addPost({ ...record(1, PostStatus.Held), filter: 'profanity' });
        await store.openLog(TAG, 'e1');
        const result = await store.append(TAG, 'e1', numbered(0, added(1)), {
          change: [approve(1)],
          audit: [entry(1)],
        });
        const decided = { ...record(1, PostStatus.Approved), reason: 'looks fine', decidedBy: 'alice', decidedAt: AT };
        expect(result.changed).toEqual([decided]);
        expect(result.audit).toEqual([{ ...entry(1), id: expect.any(Number) }]);
        expect(await store.getPost(TAG, 'replay:1')).toEqual(decided); // the filter no longer applies
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts.map((p) => p.id)).toEqual(['replay:1']);
        expect(await store.listAudit(TAG, { limit: 5 })).toEqual(result.audit);

        // Taking it down: status and post.removed together.
        const remove = { ...approve(2), id: 'replay:1', expected: [PostStatus.Approved], status: PostStatus.Removed };
        await store.append(TAG, 'e1', numbered(1, { type: 'post.removed', id: 'replay:1' }), { change: [remove] });
        expect((await store.getPost(TAG, 'replay:1'))?.status).toBe('removed');
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts).toEqual([]);
      });

      it('a decision that lost its race, or whose events cannot be appended, writes nothing', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        await store.addPost(record(2, PostStatus.Held));
        await store.openLog(TAG, 'e1');
        await store.changePostStatus(TAG, 'replay:1', { expected: [PostStatus.Held], status: PostStatus.Rejected });
        const lost = store.append(TAG, 'e1', numbered(0, added(2), added(1)), {
          change: [approve(2), approve(1)],
          audit: [entry(2), entry(1)],
        });
        await expect(lost).rejects.toMatchObject({ name: 'PostWriteConflict', current: { status: 'rejected' } });
        const missing = store.append(TAG, 'e1', numbered(0, added(9)), { change: [approve(9)] });
        await expect(missing).rejects.toMatchObject({ name: 'PostWriteConflict', id: 'replay:9', current: undefined });
        // A stale log position (another writer appended first) refuses the writes with it.
        const stale = store.append(TAG, 'e1', numbered(5, added(2)), { change: [approve(2)], audit: [entry(2)] });
        await expect(stale).rejects.toThrow(/seq 6, expected 1/);
        expect((await store.getPost(TAG, 'replay:2'))?.status).toBe('held');
        expect((await store.openLog(TAG, 'x')).events).toEqual([]);
        expect(await store.listAudit(TAG, { limit: 5 })).toEqual([]);
        expect((await store.listVisiblePosts(TAG, { limit: 5 })).posts).toEqual([]);
      });

      it('a decision that changes no screen commits with no events', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        await store.openLog(TAG, 'e1');
        const reject = { ...approve(1), status: PostStatus.Rejected };
        const { changed } = await store.append(TAG, 'e1', [], { change: [reject], audit: [entry(1)] });
        expect(changed[0]?.status).toBe('rejected');
        expect(await store.listAudit(TAG, { limit: 5 })).toHaveLength(1);
      });

      it('saves wall settings with their audit entry, or neither when the append is refused', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        await store.openLog(TAG, 'e1');
        const before = initialSettings('pre', undefined);
        await store.setWallSettings(TAG, before);
        const banned = initialSettings('pre', { authors: { block: ['replay:u1'] } });
        const ban = { tag: TAG, at: AT, actor: 'alice', action: 'ban' as const, author: 'replay:u1' };
        // Refused (stale log position): neither the settings nor the entry are saved.
        const stale = store.append(TAG, 'e1', numbered(3, added(1)), { settings: banned, audit: [ban] });
        await expect(stale).rejects.toThrow(/expected 1/);
        expect(await store.getWallSettings(TAG)).toEqual(before);
        // Refused (a change in the same bundle lost its race): the same.
        const lost = store.append(TAG, 'e1', [], {
          settings: banned,
          audit: [ban],
          change: [{ ...approve(1), expected: [PostStatus.Approved] }],
        });
        await expect(lost).rejects.toBeInstanceOf(PostWriteConflict);
        expect(await store.getWallSettings(TAG)).toEqual(before);
        expect(await store.listAudit(TAG, { limit: 5 })).toEqual([]);

        const { audit } = await store.append(TAG, 'e1', [], { settings: banned, audit: [ban] });
        expect(await store.getWallSettings(TAG)).toEqual(banned);
        expect(await store.listAudit(TAG, { limit: 5 })).toEqual(audit);
        expect(await store.getWallSettings('other')).toBeUndefined();
      });
    });

    describe('moderation', () => {
      it('compare-and-set: of concurrent changes from the same status exactly one wins', async () => {
        const { store } = await fresh();
        for (let n = 1; n <= 10; n++) await store.addPost(record(n, PostStatus.Held));
        const results = await Promise.all(
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((n) =>
            [PostStatus.Approved, PostStatus.Rejected].map((status) =>
              store.changePostStatus(TAG, `replay:${n}`, {
                expected: [PostStatus.Held],
                status,
                decidedBy: status === PostStatus.Approved ? 'alice' : 'bob',
                decidedAt: AT,
              }),
            ),
          ),
        );
        for (let n = 0; n < 10; n++) {
          const pair = results.slice(2 * n, 2 * n + 2);
          expect(pair.filter((r) => r?.applied)).toHaveLength(1);
          const winner = pair.find((r) => r?.applied)!.record;
          // The loser is told what the post is now: the winner's decision.
          expect(pair.find((r) => !r?.applied)!.record).toEqual(winner);
          expect(await store.getPost(TAG, `replay:${n + 1}`)).toEqual(winner);
        }
        expect(await store.changePostStatus(TAG, 'replay:404', { expected: [], status: PostStatus.Held })).toBe(
          undefined,
        );
      });

      it('lists a wall’s posts in arrival order, by status and author, in pages', async () => {
        const { store } = await fresh();
        // makePost(n) is by author u(n % 7): posts 1 and 8 share one.
        const statuses = [PostStatus.Held, PostStatus.Approved, PostStatus.Held, PostStatus.Rejected];
        for (const n of [5, 1, 8, 3, 2, 4, 6, 7]) await store.addPost(record(n, statuses[n % 4]));
        await store.addPost({ ...record(1, PostStatus.Held), tag: 'other' });
        const ids = (posts: ModeratedPost[]) => posts.map((p) => p.post.id);
        expect(ids(await store.listPosts(TAG, { limit: 100 }))).toEqual(
          [5, 1, 8, 3, 2, 4, 6, 7].map((n) => `replay:${n}`),
        );
        const held = { status: [PostStatus.Held], limit: 2 };
        const page1 = await store.listPosts(TAG, held);
        expect(ids(page1)).toEqual(['replay:8', 'replay:2']);
        const page2 = await store.listPosts(TAG, { ...held, after: page1.at(-1)!.post.id });
        expect(ids(page2)).toEqual(['replay:4', 'replay:6']);
        expect(await store.listPosts(TAG, { ...held, after: 'replay:6' })).toEqual([]);
        const live = await store.listPosts(TAG, { status: [PostStatus.Held, PostStatus.Approved], limit: 100 });
        expect(ids(live)).toEqual(['replay:5', 'replay:1', 'replay:8', 'replay:2', 'replay:4', 'replay:6']);
        expect(live[0]).toEqual(record(5, PostStatus.Approved));
        expect(ids(await store.listPosts(TAG, { author: 'replay:u1', limit: 100 }))).toEqual(['replay:1', 'replay:8']);
        const heldByU1 = await store.listPosts(TAG, { author: 'replay:u1', status: [PostStatus.Held], limit: 9 });
        expect(ids(heldByU1)).toEqual(['replay:8']);
        expect(await store.listPosts(TAG, { limit: 5, after: 'replay:404' })).toEqual([]);
        // A post first seen through the log arrives when it was shown.
        await wallWith(store, [added(9)]);
        expect(ids(await store.listPosts(TAG, { limit: 100 })).at(-1)).toBe('replay:9');
      });

      it('lists decisions newest first, both statuses at once, in pages that keep ties in order', async () => {
        const { store } = await fresh();
        const at = (minute: number) => `2026-11-01T12:${String(minute).padStart(2, '0')}:00.000Z`;
        // Arrival order 1..9; decision minutes with ties (3 and 6 at :05, 4 and 8 and 9 at :02).
        const decided: Record<number, [PostStatus, number | undefined]> = {
          1: [PostStatus.Rejected, 1],
          2: [PostStatus.Held, undefined],
          3: [PostStatus.Removed, 5],
          4: [PostStatus.Rejected, 2],
          5: [PostStatus.Approved, 9],
          6: [PostStatus.Removed, 5],
          7: [PostStatus.Rejected, 7],
          8: [PostStatus.Removed, 2],
          9: [PostStatus.Rejected, 2],
        };
        for (let n = 1; n <= 9; n++) {
          const [status, minute] = decided[n]!;
          await store.addPost({ ...record(n, status), ...(minute !== undefined ? { decidedAt: at(minute) } : {}) });
        }
        await store.addPost({ ...record(10, PostStatus.Removed), tag: 'other', decidedAt: at(59) });
        const ids = (posts: ModeratedPost[]) => posts.map((p) => Number(p.post.id.slice('replay:'.length)));
        const down = { status: [PostStatus.Removed, PostStatus.Rejected], order: 'decided', limit: 100 } as const;
        const expected = [7, 6, 3, 9, 8, 4, 1];
        expect(ids(await store.listPosts(TAG, down))).toEqual(expected);
        // Every page size walks the same order, with no post twice or left out, across the ties.
        for (const limit of [1, 2, 3]) {
          const seen: number[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await store.listPosts(TAG, { ...down, limit, ...(after ? { after } : {}) });
            if (page.length === 0) break;
            expect(page.length).toBeLessThanOrEqual(limit);
            seen.push(...ids(page));
            after = page.at(-1)!.post.id;
          }
          expect(seen).toEqual(expected);
        }
        // Undecided posts come last; one status alone; arrival stays the default.
        expect(ids(await store.listPosts(TAG, { order: 'decided', limit: 100 }))).toEqual([5, ...expected, 2]);
        expect(ids(await store.listPosts(TAG, { order: 'decided', limit: 100, after: 'replay:1' }))).toEqual([2]);
        expect(ids(await store.listPosts(TAG, { ...down, status: [PostStatus.Removed] }))).toEqual([6, 3, 8]);
        expect(ids(await store.listPosts(TAG, { ...down, order: 'arrival' }))).toEqual([1, 3, 4, 6, 7, 8, 9]);
        expect(await store.listPosts(TAG, { ...down, after: 'replay:404' })).toEqual([]);
        // A new decision moves the post to the top; a page after it continues from its new place.
        await store.changePostStatus(TAG, 'replay:1', {
          expected: [PostStatus.Rejected],
          status: PostStatus.Removed,
          decidedBy: 'alice',
          decidedAt: at(30),
        });
        expect(ids(await store.listPosts(TAG, { ...down, limit: 2 }))).toEqual([1, 7]);
        expect(ids(await store.listPosts(TAG, { ...down, limit: 2, after: 'replay:1' }))).toEqual([7, 6]);
      });

      it('numbers audit entries across walls and pages them newest first', async () => {
        const { store } = await fresh();
        const entries = [];
        for (let i = 0; i < 7; i++) {
          const tag = i === 3 ? 'other' : TAG;
          entries.push(await store.addAudit({ tag, at: AT, actor: 'alice', action: 'approve', postId: `replay:${i}` }));
        }
        const ids = entries.map((e) => e.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(new Set(ids).size).toBe(7);
        const first = await store.listAudit(TAG, { limit: 4 });
        expect(first.map((e) => e.postId)).toEqual(['replay:6', 'replay:5', 'replay:4', 'replay:2']);
        const second = await store.listAudit(TAG, { limit: 4, before: first.at(-1)!.id });
        expect(second.map((e) => e.postId)).toEqual(['replay:1', 'replay:0']);
        expect(first[0]).toEqual(entries[6]);
        const full = await store.addAudit({
          tag: TAG,
          at: AT,
          actor: 'bob',
          action: 'reject',
          postId: 'replay:1',
          author: 'replay:u1',
          from: PostStatus.Approved,
          to: PostStatus.Rejected,
          reason: 'off topic',
        });
        expect(await store.listAudit(TAG, { limit: 1 })).toEqual([full]);
      });

      it('saves wall settings', async () => {
        const { store } = await fresh();
        expect(await store.getWallSettings(TAG)).toBeUndefined();
        const settings = initialSettings('pre', { blocklist: { words: ['casino'] } });
        await store.setWallSettings(TAG, settings);
        await store.setWallSettings('other', initialSettings('auto', undefined));
        expect(await store.getWallSettings(TAG)).toEqual(settings);
        const changed = { ...settings, mode: 'post' as const };
        await store.setWallSettings(TAG, changed);
        expect(await store.getWallSettings(TAG)).toEqual(changed);
        expect((await store.getWallSettings('other'))?.mode).toBe('auto');
      });

      it('keeps token hashes: put, find, delete by id', async () => {
        const { store } = await fresh();
        const token = (n: number): StoredToken => ({
          id: `id${n}`,
          hash: `${n}`.repeat(64).slice(0, 64),
          name: `mod ${n}`,
          walls: n === 1 ? ['*'] : [TAG, 'other'],
          createdAt: AT,
          expiresAt: '2026-11-08T12:00:00.000Z',
        });
        await store.putToken(token(1));
        await store.putToken(token(2));
        expect(await store.findToken(token(1).hash)).toEqual(token(1));
        expect(await store.findToken(token(2).hash)).toEqual(token(2));
        expect(await store.findToken('f'.repeat(64))).toBeUndefined();
        expect((await store.listTokens()).map((t) => t.id)).toEqual(['id1', 'id2']);
        expect(await store.deleteToken('id1')).toBe(true);
        expect(await store.deleteToken('id1')).toBe(false);
        expect(await store.findToken(token(1).hash)).toBeUndefined();
        expect(await store.findToken(token(2).hash)).toEqual(token(2));
        expect(await store.listTokens()).toEqual([token(2)]);
      });

      it('keeps token roles; a token stored without roles reads back without them (every role)', async () => {
        const { store } = await fresh();
        const base = { name: 'desk', walls: [TAG], createdAt: AT, expiresAt: '2026-11-08T12:00:00.000Z' };
        const producer: StoredToken = { ...base, id: 'p', hash: 'a'.repeat(64), roles: ['produce'] };
        const moderatorOnly: StoredToken = { ...base, id: 'm', hash: 'b'.repeat(64), roles: ['moderate'] };
        const both: StoredToken = { ...base, id: 'b', hash: 'c'.repeat(64), roles: ['moderate', 'produce'] };
        const legacy: StoredToken = { ...base, id: 'l', hash: 'd'.repeat(64) };
        for (const t of [producer, moderatorOnly, both, legacy]) await store.putToken(t);
        expect(await store.findToken(producer.hash)).toEqual(producer);
        expect(await store.findToken(moderatorOnly.hash)).toEqual(moderatorOnly);
        expect(await store.findToken(both.hash)).toEqual(both);
        const found = await store.findToken(legacy.hash);
        expect(found).toEqual(legacy);
        expect(found).not.toHaveProperty('roles');
        expect(new Map((await store.listTokens()).map((t) => [t.id, t.roles]))).toEqual(
          new Map([
            ['p', ['produce']],
            ['m', ['moderate']],
            ['b', ['moderate', 'produce']],
            ['l', undefined],
          ]),
        );
      });
    });

    describe('cursors and health', () => {
      it('stores source cursors by key', async () => {
        const { store } = await fresh();
        expect(await store.getCursor('x:newest')).toBeUndefined();
        await store.setCursor('x:newest', '1590011992812277762');
        await store.setCursor('x:newest', '1590011992812277999');
        expect(await store.getCursor('x:newest')).toBe('1590011992812277999');
      });

      it('claims a cursor once: racing claims all get the first value, later ones too', async () => {
        const { store } = await fresh();
        const claims = await Promise.all(['a', 'b', 'c', 'd'].map((v) => store.claimCursor('salt', v)));
        expect(new Set(claims).size).toBe(1);
        expect(['a', 'b', 'c', 'd']).toContain(claims[0]);
        expect(await store.claimCursor('salt', 'e')).toBe(claims[0]);
        expect(await store.getCursor('salt')).toBe(claims[0]);
      });

      it('raises a numeric cursor, never lowers it', async () => {
        const { store } = await fresh();
        expect(await store.raiseCursor('fence', 5)).toBe(5);
        expect(await store.raiseCursor('fence', 3)).toBe(5);
        expect(await store.raiseCursor('fence', 12)).toBe(12);
        const raced = await Promise.all([7, 30, 9, 21].map((n) => store.raiseCursor('fence', n)));
        expect(Math.max(...raced)).toBe(30);
        expect(await store.getCursor('fence')).toBe('30');
      });

      it('refuses a fenced write whose token is older than the fence, takes one as new or newer', async () => {
        const { store } = await fresh();
        expect(await store.setCursorFenced('x:newest', '100', 'lease', 1)).toBe(true);
        await store.raiseCursor('lease', 4);
        expect(await store.setCursorFenced('x:newest', '90', 'lease', 3)).toBe(false);
        expect(await store.getCursor('x:newest')).toBe('100');
        expect(await store.setCursorFenced('x:newest', '120', 'lease', 4)).toBe(true);
        expect(await store.setCursorFenced('x:newest', '130', 'lease', 5)).toBe(true);
        expect(await store.getCursor('x:newest')).toBe('130');
      });

      it('reports itself healthy when it can write', async () => {
        const { store } = await fresh();
        await store.setCursor('k', 'v');
        expect(await store.health()).toEqual({ state: 'ok' });
      });
    });

    // Only durable stores make this promise; a memory store forgets by design.
    if (!options.durable) return;
    it('keeps everything across a reopen', async () => {
      const harness = await fresh();
      const { store } = harness;
      await store.addPost(record(1));
      await store.addPost(record(2, PostStatus.Held));
      await store.openLog(TAG, 'e1');
      const events = numbered(0, added(1), { type: 'post.updated', id: 'replay:1', patch: { highlighted: true } });
      await store.append(TAG, 'e1', events);
      const snapshot = applyEvents(emptyState('e1', TAG), events);
      await store.compact(TAG, 'e1', snapshot, 2);
      await store.setCursor('x:newest', '42');
      const again = await reopened(harness);
      expect(await again.openLog(TAG, 'e2')).toEqual({ epoch: 'e1', snapshot, events: events.slice(1) });
      expect(await again.getPost(TAG, 'replay:2')).toEqual(record(2, PostStatus.Held));
      const shown: Post[] = (await again.listVisiblePosts(TAG, { limit: 5 })).posts;
      expect(shown).toEqual([{ ...makePost(1), highlighted: true }]);
      expect(await again.getCursor('x:newest')).toBe('42');
    });

    it('keeps moderation data across a reopen', async () => {
      const harness = await fresh();
      const { store } = harness;
      await store.addPost({ ...record(1, PostStatus.Held), filter: 'profanity' });
      await store.addPost(record(2, PostStatus.Held));
      await store.changePostStatus(TAG, 'replay:2', {
        expected: [PostStatus.Held],
        status: PostStatus.Rejected,
        reason: 'spam',
        decidedBy: 'alice',
        decidedAt: AT,
      });
      const entry = await store.addAudit({ tag: TAG, at: AT, actor: 'alice', action: 'reject', postId: 'replay:2' });
      const settings = initialSettings('pre', undefined);
      await store.setWallSettings(TAG, settings);
      const token: StoredToken = {
        id: 'id1',
        hash: 'a'.repeat(64),
        name: 'alice',
        walls: ['*'],
        createdAt: AT,
        expiresAt: AT,
      };
      await store.putToken(token);
      const before = await store.listPosts(TAG, { limit: 10 });
      const again = await reopened(harness);
      expect(await again.listPosts(TAG, { limit: 10 })).toEqual(before);
      expect(before.map((p) => p.status)).toEqual(['held', 'rejected']);
      expect(await again.listAudit(TAG, { limit: 10 })).toEqual([entry]);
      expect(await again.getWallSettings(TAG)).toEqual(settings);
      expect(await again.findToken(token.hash)).toEqual(token);
      // Ids keep increasing after a reopen.
      const { id: _, ...unnumbered } = entry;
      expect((await again.addAudit(unnumbered)).id).toBeGreaterThan(entry.id);
    });
  });
}
