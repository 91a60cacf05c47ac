import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Wall } from '@chat-wall/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeXApi } from './fake-x/fake-x-server.js';
import { xTweet } from './fake-x/x-posts.js';
import { startCliRelay, type CliRelay } from './support/cli-relay.js';
import { startPostgres, startRedis, type PostgresService, type RedisService } from './support/services.js';
import { client, waitFor } from './support/util.js';

/**
 * Three `chat-wall serve` processes sharing a PostgreSQL and a Redis started here, reading X (the
 * fake X API, which counts stream connections) — with the production lease timings: what an
 * operator runs, and what the scale-out promises are stated from (docs/scaling.md).
 */

const ADMIN = 'cluster-failover-admin-token-0123456789abcdef';

let postgres: PostgresService;
let redis: RedisService;
let x: FakeXApi;
let dir: string;
let config: string;
const relays: CliRelay[] = [];
const viewers: Wall[] = [];

/** What a relay's detailed health (admin token) says of its part in the cluster. */
async function cluster(relay: CliRelay): Promise<{ role: string; leaseToken?: number; redis: { state: string } }> {
  const res = await fetch(`${relay.url}/api/admin/health`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await res.json()) as { cluster: { role: string; leaseToken?: number; redis: { state: string } } }).cluster;
}

const alive = (): CliRelay[] => relays.filter((r) => r.process.exitCode === null && r.process.signalCode === null);

/** The relays whose health says they hold the sources. */
async function holders(): Promise<CliRelay[]> {
  const roles = await Promise.all(alive().map(async (r) => ((await cluster(r)).role === 'holder' ? r : undefined)));
  return roles.filter((r): r is CliRelay => r !== undefined);
}

/** Polls (lease roles emit nothing a test can await) until exactly one living relay holds the sources. */
async function oneHolder(timeout: number): Promise<CliRelay> {
  return vi.waitFor(
    async () => {
      const found = await holders();
      if (found.length !== 1) throw new Error(`${found.length} holders`);
      return found[0]!;
    },
    { timeout, interval: 100 },
  );
}

let nextId = 1_900_000_000_000_000_000n;
/** A new X post for the wall, by its own author (so no per-author cap holds it), with a distinct text. */
function tweet(label: string): ReturnType<typeof xTweet> {
  nextId += 1_000n;
  return xTweet(String(nextId), `${label}: question ${nextId} #askGMP`, { author_id: String(nextId % 1_000_000n) });
}

/** Every post id a viewer is told about, in order, repeats included. */
function collect(wall: Wall): string[] {
  const ids: string[] = [];
  wall.on('post', (post) => ids.push(post.id));
  return ids;
}

/** Waits until each of `lists` has every one of `ids`. */
async function allSeen(lists: string[][], ids: string[], timeout = 20_000): Promise<void> {
  await vi.waitFor(
    () => {
      for (const list of lists) for (const id of ids) if (!list.includes(id)) throw new Error(`missing ${id}`);
    },
    { timeout, interval: 50 },
  );
}

/** A live viewer on each living relay, what each is told from now on, and the holder. */
async function watchLiving(): Promise<{ living: CliRelay[]; seen: string[][]; holder: CliRelay }> {
  const living = alive();
  const walls = living.map((r) => client(r.url));
  viewers.push(...walls);
  await Promise.all(walls.map((w) => waitFor(w, 'status', (s) => s.state === 'live', 15_000)));
  return { living, seen: walls.map(collect), holder: await oneHolder(1_000) };
}

beforeAll(async () => {
  [postgres, redis, x] = await Promise.all([startPostgres(), startRedis(), FakeXApi.start()]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-failover-'));
  config = path.join(dir, 'wall.json');
  await writeFile(config, JSON.stringify({ walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'auto' }] }));
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    X_BEARER_TOKEN: x.token,
    X_API_BASE_URL: x.url,
    CHAT_WALL_ADMIN_TOKEN: ADMIN,
  };
  // The first creates the schema; the others start together.
  relays.push(await startCliRelay(config, env));
  relays.push(...(await Promise.all([startCliRelay(config, env), startCliRelay(config, env)])));
  await oneHolder(20_000);
  await x.connected(1);
}, 90_000);

afterAll(async () => {
  for (const v of viewers) v.close();
  await Promise.all(relays.map((r) => r.stop()));
  await Promise.all([postgres?.destroy(), redis?.stop(), x?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('three chat-wall serve processes on PostgreSQL and Redis, reading X', () => {
  it('one X stream for the cluster; a SIGKILLed holder is replaced within 15 s and nothing is lost or doubled', async () => {
    const walls = relays.map((r) => client(r.url));
    viewers.push(...walls);
    await Promise.all(walls.map((w) => waitFor(w, 'status', (s) => s.state === 'live', 15_000)));
    const seen = walls.map(collect);

    const before = Array.from({ length: 5 }, (_, i) => tweet(`before ${i}`));
    for (const t of before) x.send(t);
    await allSeen(
      seen,
      before.map((t) => `x:${t.id}`),
    );

    const old = await oneHolder(1_000);
    const oldToken = (await cluster(old)).leaseToken!;
    // Sent just before the kill: the holder may have read them from the stream but not stored them.
    const inFlight = Array.from({ length: 20 }, (_, i) => tweet(`in flight ${i}`));
    for (const t of inFlight) x.send(t);
    const killedAt = Date.now();
    await old.kill();
    walls[relays.indexOf(old)]!.close();
    // Posted while no relay reads X: only a backfill from the stored cursor brings them.
    const gap = Array.from({ length: 6 }, (_, i) => tweet(`gap ${i}`));
    for (const t of gap) x.post(t);

    await x.connected(2);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThanOrEqual(15_000);
    const now = await oneHolder(5_000);
    expect(now).not.toBe(old);
    expect((await cluster(now)).leaseToken).toBeGreaterThan(oldToken);

    const after = Array.from({ length: 5 }, (_, i) => tweet(`after ${i}`));
    for (const t of after) x.send(t);
    const survivors = relays.flatMap((r, i) => (r === old ? [] : [seen[i]!]));
    const all = [...before, ...inFlight, ...gap, ...after].map((t) => `x:${t.id}`);
    await allSeen(survivors, all);
    for (const list of survivors) {
      // Each post once: the backfill re-reads nothing twice onto the wall.
      expect(list.filter((id) => all.includes(id)).sort()).toEqual([...all].sort());
      expect(new Set(list).size).toBe(list.length);
    }
    // Never two stream connections at once, and no relay was turned away for trying.
    expect(x.maxConcurrentStreams).toBe(1);
    expect(x.streamAttempts).toBe(x.streamConnects);
    expect(x.openStreams).toBe(1);
  }, 60_000);

  it('a Redis restart mid-stream loses nothing: the holder keeps reading, the others catch up from PostgreSQL', async () => {
    const { living, seen, holder } = await watchLiving();
    const onHolder = seen[living.indexOf(holder)]!;

    await redis.stop();
    const during = Array.from({ length: 5 }, (_, i) => tweet(`redis down ${i}`));
    for (const t of during) x.send(t);
    // Ingest goes on without Redis: the holder's own viewers get the posts at once.
    await allSeen(
      [onHolder],
      during.map((t) => `x:${t.id}`),
    );
    // Redis down is not a failing relay: it still serves its viewers.
    const health = await fetch(`${holder.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, cluster: { role: 'holder', redis: { state: 'failing' } } });
    await redis.start();

    const after = Array.from({ length: 5 }, (_, i) => tweet(`redis back ${i}`));
    for (const t of after) x.send(t);
    const all = [...during, ...after].map((t) => `x:${t.id}`);
    await allSeen(seen, all);
    for (const list of seen) {
      expect(list).toEqual(all);
    }
    // Redis came back empty (no persistence): the holder wrote its lease again, nobody else took it.
    expect(await oneHolder(5_000)).toBe(holder);
    await vi.waitFor(async () => expect((await cluster(holder)).redis.state).toBe('ok'), { timeout: 10_000 });
    expect(x.maxConcurrentStreams).toBe(1);
    expect(x.streamAttempts).toBe(x.streamConnects);
  }, 60_000);

  it('a PostgreSQL restart pauses ingest; it resumes when the database is back, with nothing lost', async () => {
    const { seen, holder } = await watchLiving();

    await postgres.stop();
    const health = await fetch(`${holder.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, store: { state: 'failing' } });
    const during = Array.from({ length: 5 }, (_, i) => tweet(`database down ${i}`));
    for (const t of during) x.send(t);
    // The holder has read them but cannot store them: its ingest pauses (it says so), nobody sees them yet.
    await vi.waitFor(() => expect(holder.output()).toContain('database unreachable: ingest paused'), {
      timeout: 15_000,
    });
    for (const list of seen) expect(list).toEqual([]);
    await postgres.start();

    const after = Array.from({ length: 3 }, (_, i) => tweet(`database back ${i}`));
    for (const t of after) x.send(t);
    const all = [...during, ...after].map((t) => `x:${t.id}`);
    await allSeen(seen, all, 30_000);
    for (const list of seen) expect(list).toEqual(all);
    expect(await oneHolder(5_000)).toBe(holder);
    expect(x.maxConcurrentStreams).toBe(1);
  }, 60_000);
});
