import type { Wall } from '@chat-wall/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../src/store/postgres-store.js';
import { collectMod, moderator, nextMod, untilMod } from './support/moderator.js';
import { freshSchema, startPostgres, startRedis, type PostgresService, type RedisService } from './support/services.js';
import { client, makePost, startRelay, waitFor, type TestRelay } from './support/util.js';

const ADMIN = 'cluster-test-admin-token-0123456789abcdef';
const CONFIG = {
  walls: [
    { tag: 'askGMP', sources: ['replay'], moderation: 'auto' },
    { tag: 'held', sources: ['replay'], moderation: 'pre' },
    { tag: 'ask', sources: ['native'], moderation: 'pre' },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

/** Small, so that the test reaches it; the budget is the cluster's, counted in Redis. */
const EXPORTS_PER_MINUTE = 3;

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
      exportsPerMinute: EXPORTS_PER_MINUTE,
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
      // The other follower's moderator sees the ban's audit entry and the new settings.
      const audited = nextMod(mods[1]!, 'audit', (a) => a.action === 'ban' && a.author === 'replay:u3');
      const settled = nextMod(mods[1]!, 'settings', (s) => s.settings.filters.authors.block.includes('replay:u3'));
      await mods[0]!.ban('held', 'replay:u3', 'spam');
      await Promise.all([audited, settled]);
      const root = { id: 'test', name: 'test', walls: ['*'], expiresAt: '2100-01-01T00:00:00.000Z' };
      await until(() => holder().relay.moderation.settings(root, 'held').filters.authors.block.includes('replay:u3'));
      holder().source.push(makePost(108, 'Again #held'));
      await holder().relay.ingest.drain();
      expect(await holder().relay.store.getPost('held', 'replay:108')).toMatchObject({ status: 'rejected' });
    } finally {
      for (const m of mods) m.close();
    }
  });

  it('rate limits count across relays: an address spends one budget, whichever relay it reaches', async () => {
    const codes: number[] = [];
    for (let n = 0; n < EXPORTS_PER_MINUTE + 1; n++) {
      // Round robin, as a load balancer would spread one address's requests.
      const res = await fetch(`${relays[n % relays.length]!.url}/api/walls/askGMP/export?format=json`);
      await res.arrayBuffer();
      codes.push(res.status);
    }
    expect(codes).toEqual([...Array<number>(EXPORTS_PER_MINUTE).fill(200), 429]);
  });

  it('every relay takes audience submissions, not only the holder, and moderators on every relay get them', async () => {
    const mod = moderator(holder().url, (await holder().relay.tokens.mint('carol', ['*'])).token);
    try {
      await mod.join('ask');
      const queued = collectMod(mod, 'queue');
      const ids: string[] = [];
      for (const [n, r] of relays.entries()) {
        const res = await fetch(`${r.url}/api/walls/ask/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Guest ${n}`, text: `Question ${n} through relay ${n}?` }),
        });
        expect(res.status, r.relay.role).toBe(202);
        ids.push(((await res.json()) as { id: string }).id);
      }
      const inQueue = (): string[] => queued.flatMap((c) => (c.post ? [c.post.post.id] : []));
      await untilMod(mod, 'queue', () => ids.every((id) => inQueue().includes(id)));
      const held = await holder().relay.store.listPosts('ask', { status: ['held'], limit: 10 });
      expect(held.map((p) => p.post.id).sort()).toEqual([...ids].sort());
    } finally {
      mod.close();
    }
  });
});
