import { PostStatus, type Post } from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import type { Moderator } from '../src/auth/tokens.js';
import { parseConfig } from '../src/config.js';
import { Moderation } from '../src/moderation/moderation.js';
import { MemoryStore } from '../src/store/memory-store.js';
import type { Store } from '../src/store/store.js';
import { WallRegistry } from '../src/wall/wall-registry.js';
import { makePost } from './support/util.js';

const TAG = 'askgmp';
const config = parseConfig({
  walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre' }],
  replay: { file: 'unused.jsonl' },
});
const alice: Moderator = { id: 't1', name: 'alice', walls: ['*'], expiresAt: '2099-01-01T00:00:00.000Z' };
const WRITES = ['append', 'addPost', 'setWallSettings', 'addAudit', 'changePostStatus', 'compact'] as const;

/** Thrown by the crashing store; stands for the process dying at that write. */
class Crash extends Error {}

/**
 * The store as a process sees it that dies at its `failAt`-th write: that write and every later one
 * fail (before touching the store), reads still work. The underlying store is what survives the crash.
 */
function crashingStore(inner: Store, failAt: number): { store: Store; writes: () => number } {
  let writes = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!(WRITES as readonly (string | symbol)[]).includes(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        writes++;
        if (writes >= failAt) return Promise.reject(new Crash(`crashed at write ${writes}`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, writes: () => writes };
}

/** A wall with u1's posts 1 and 8 shown and 15 held, and u2's post 2 shown. */
async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const walls = await WallRegistry.open(store, config.walls);
  const log = walls.get(TAG)!.log;
  const receivedAt = '2026-11-01T12:00:00.000Z';
  for (const post of [makePost(1), makePost(2), makePost(8)]) {
    await log.commit([{ type: 'post.added', post }], {
      add: [{ tag: TAG, post, status: PostStatus.Approved, receivedAt }],
    });
  }
  await store.addPost({ tag: TAG, post: makePost(15), status: PostStatus.Held, receivedAt });
  return store;
}

async function ban(store: Store): Promise<{ removed: string[] }> {
  const walls = await WallRegistry.open(store, config.walls);
  const moderation = await Moderation.open(store, walls, () => Date.parse('2026-11-01T13:00:00Z'));
  return moderation.ban(alice, TAG, 'replay:u1', 'spam');
}

/** Everything a ban changes, as plain data. */
async function observe(store: Store) {
  const statuses = Object.fromEntries(
    (await store.listPosts(TAG, { limit: 100 })).map((r) => [r.post.id, r.status] as const),
  );
  const audit = (await store.listAudit(TAG, { limit: 100 })).map((e) => `${e.action} ${e.postId ?? e.author}`).sort();
  const visible = (await store.listVisiblePosts(TAG, { limit: 100 })).posts.map((p: Post) => p.id).sort();
  const log = await store.openLog(TAG, 'unused');
  const shown = new Set<string>();
  for (const e of log.events) {
    if (e.type === 'post.added') shown.add(e.post.id);
    if (e.type === 'post.removed') shown.delete(e.id);
  }
  return {
    block: (await store.getWallSettings(TAG))?.filters.authors.block ?? [],
    statuses,
    audit,
    visible,
    shown: [...shown].sort(),
  };
}

describe('a ban interrupted by a crash', () => {
  it('never saves the block list without its audit entry, and re-running it ends as an uninterrupted ban', async () => {
    const reference = await seeded();
    const counting = crashingStore(reference, Infinity);
    expect((await ban(counting.store)).removed.sort()).toEqual(['replay:1', 'replay:8']);
    const done = await observe(reference);
    expect(done).toEqual({
      block: ['replay:u1'],
      statuses: { 'replay:1': 'removed', 'replay:2': 'approved', 'replay:8': 'removed', 'replay:15': 'rejected' },
      audit: ['ban replay:u1', 'reject replay:15', 'remove replay:1', 'remove replay:8'],
      visible: ['replay:2'],
      shown: ['replay:2'],
    });
    const writes = counting.writes();
    expect(writes).toBeGreaterThanOrEqual(4);

    for (let failAt = 1; failAt <= writes; failAt++) {
      const survivor = await seeded();
      await expect(ban(crashingStore(survivor, failAt).store)).rejects.toBeInstanceOf(Crash);
      const after = await observe(survivor);
      // The block list and its audit entry are saved together or not at all.
      expect(after.block.includes('replay:u1'), `crash at write ${failAt}`).toBe(after.audit.includes('ban replay:u1'));
      // Every post's status agrees with what the log shows.
      expect(after.visible, `crash at write ${failAt}`).toEqual(after.shown);
      for (const id of after.visible) expect(after.statuses[id]).toBe('approved');

      await ban(survivor); // the moderator tries again after the restart
      expect(await observe(survivor), `re-run after a crash at write ${failAt}`).toEqual(done);
    }
  });

  it('banning an author already blocked writes no second ban entry', async () => {
    const store = await seeded();
    await ban(store);
    const again = await ban(store);
    expect(again.removed).toEqual([]);
    expect((await observe(store)).audit.filter((a) => a.startsWith('ban'))).toHaveLength(1);
  });
});
