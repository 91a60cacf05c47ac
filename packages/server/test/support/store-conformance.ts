import {
  applyEvents,
  emptyState,
  type NewWallEvent,
  type Post,
  type WallEvent,
  type WallState,
} from '@chat-wall/sdk/protocol';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { PostStatus, UnknownCursorError, type Store, type StoredPost } from '../../src/store/store.js';
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

function record(n: number, status: PostStatus = PostStatus.Approved, receivedAt = AT): StoredPost {
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

      it('sets a status and reason; refuses an unknown post', async () => {
        const { store } = await fresh();
        await store.addPost(record(1, PostStatus.Held));
        await store.setPostStatus(TAG, 'replay:1', PostStatus.Rejected, 'spam filter');
        expect(await store.getPost(TAG, 'replay:1')).toMatchObject({ status: 'rejected', reason: 'spam filter' });
        await expect(store.setPostStatus(TAG, 'replay:2', PostStatus.Approved)).rejects.toThrow(/no post/);
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

    describe('cursors and health', () => {
      it('stores source cursors by key', async () => {
        const { store } = await fresh();
        expect(await store.getCursor('x:newest')).toBeUndefined();
        await store.setCursor('x:newest', '1590011992812277762');
        await store.setCursor('x:newest', '1590011992812277999');
        expect(await store.getCursor('x:newest')).toBe('1590011992812277999');
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
  });
}
