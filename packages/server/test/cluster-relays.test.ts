import type { Wall } from '@chat-wall/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../src/store/postgres-store.js';
import { moderator, nextMod } from './support/moderator.js';
import { freshSchema, startPostgres, startRedis, type PostgresService, type RedisService } from './support/services.js';
import { client, makePost, startRelay, waitFor, type TestRelay } from './support/util.js';

const ADMIN = 'cluster-test-admin-token-0123456789abcdef';
const CONFIG = {
  walls: [
    { tag: 'askGMP', sources: ['replay'], moderation: 'auto' },
    { tag: 'held', sources: ['replay'], moderation: 'pre' },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

let postgres: PostgresService;
let redis: RedisService;
let relays: TestRelay[] = [];
const viewers: Wall[] = [];

/** Checks `condition` after every event loop turn until it holds (for lease roles, which emit nothing). */
async function until(condition: () => boolean, timeout = 15_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error('not yet');
    },
    { timeout, interval: 50 },
  );
}

const holder = (): TestRelay => relays.find((r) => r.relay.role === 'holder')!;

/** Every post id a viewer was told about, in order, repeats included. */
function collect(wall: Wall): string[] {
  const ids: string[] = [];
  wall.on('post', (post) => ids.push(post.id));
  return ids;
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const schema = await freshSchema(postgres.url);
  // The first relay creates the schema; the others start together.
  const start = async (): Promise<TestRelay> =>
    startRelay(CONFIG, {
      store: await PostgresStore.open(postgres.url, { schema, poolSize: 4 }),
      adminToken: ADMIN,
      cluster: { redisUrl: redis.url, leaseTtlMs: 3_000, leaseIntervalMs: 200, syncIntervalMs: 300 },
    });
  relays = [await start()];
  relays.push(...(await Promise.all([start(), start()])));
  await until(() => relays.filter((r) => r.relay.role === 'holder').length === 1);
}, 60_000);

afterAll(async () => {
  for (const v of viewers) v.close();
  await Promise.all(relays.map((r) => r.close()));
  await Promise.all([postgres?.destroy(), redis?.stop()]);
});

describe('three relays sharing PostgreSQL and Redis', () => {
  it('exactly one relay holds the sources; /healthz names each role and Redis', async () => {
    expect(relays.map((r) => r.relay.role).sort()).toEqual(['follower', 'follower', 'holder']);
    for (const r of relays) {
      const health = (await (await fetch(`${r.url}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({
        ok: true,
        store: { state: 'ok' },
        cluster: { role: r.relay.role, redis: { state: 'ok' } },
      });
    }
    const metrics = await (await fetch(`${holder().url}/metrics`)).text();
    expect(metrics).toMatch(/^chat_wall_cluster_role\{role="holder"\} 1$/m);
    expect(metrics).toMatch(/^chat_wall_source_lease_changes_total\{change="taken"\} 1$/m);
  });

  it('viewers on every relay see every post once, in the same order', async () => {
    const walls = relays.map((r) => client(r.url));
    viewers.push(...walls);
    await Promise.all(walls.map((w) => waitFor(w, 'status', (s) => s.state === 'live')));
    const seen = walls.map(collect);
    const before = walls[0]!.state!.seq;
    for (let n = 1; n <= 30; n++) holder().source.push(makePost(n));
    await Promise.all(walls.map((w) => until(() => (w.state?.seq ?? 0) >= before + 30)));
    const expected = Array.from({ length: 30 }, (_, i) => `replay:${i + 1}`);
    for (const ids of seen) expect(ids).toEqual(expected);
    expect(new Set(walls.map((w) => JSON.stringify(w.state)))).toHaveProperty('size', 1);
  });

  it('a moderator action on one relay reaches viewers on the others', async () => {
    const follower = relays.find((r) => r.relay.role === 'follower')!;
    const { token } = await follower.relay.tokens.mint('alice', ['*']);
    const alice = moderator(follower.url, token);
    try {
      const removed = viewers.map((w) => waitFor(w, 'remove', (p) => p.id === 'replay:3'));
      const pinned = viewers.map((w) =>
        waitFor(w, 'update', (u) => u.post.id === 'replay:4' && u.patch.pinned === true),
      );
      await alice.remove('askgmp', 'replay:3', { reason: 'off topic' });
      await alice.pin('askgmp', 'replay:4');
      await Promise.all([...removed, ...pinned]);
      // Appended by a follower, numbered by the store: every relay still agrees on the whole state.
      await Promise.all(viewers.map((w) => until(() => w.state?.seq === viewers[0]!.state?.seq)));
      expect(new Set(viewers.map((w) => JSON.stringify(w.state)))).toHaveProperty('size', 1);
    } finally {
      alice.close();
    }
  });

  it('moderators on every relay get the queue, and a ban on one relay filters on the holder', async () => {
    const others = relays.filter((r) => r.relay.role === 'follower');
    const mods = await Promise.all(
      others.map(async (r) => moderator(r.url, (await r.relay.tokens.mint('bob', ['*'])).token)),
    );
    try {
      await Promise.all(mods.map((m) => m.join('held')));
      const queued = mods.map((m) => nextMod(m, 'queue', (c) => c.post?.post.id === 'replay:101'));
      holder().source.push(makePost(101, 'A question #held'));
      await Promise.all(queued);
      // makePost(108) has post 101's author (u3): banned on a follower, rejected by the holder's filters.
      await mods[0]!.ban('held', 'replay:u3', 'spam');
      const root = { id: 'test', name: 'test', walls: ['*'], expiresAt: '2100-01-01T00:00:00.000Z' };
      await until(() => holder().relay.moderation.settings(root, 'held').filters.authors.block.includes('replay:u3'));
      holder().source.push(makePost(108, 'Again #held'));
      await holder().relay.ingest.drain();
      expect(await holder().relay.store.getPost('held', 'replay:108')).toMatchObject({ status: 'rejected' });
    } finally {
      for (const m of mods) m.close();
    }
  });
});
