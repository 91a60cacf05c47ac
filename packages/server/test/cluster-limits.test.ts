import { MODERATOR_NAMESPACE, VIEWER_NAMESPACE } from '@chat-wall/sdk/protocol';
import { createClient } from 'redis';
import { io as ioClient, Manager, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedConnections } from '../src/realtime/shared-connections.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { startRedis, type RedisService } from './support/services.js';
import { startRelay, type TestRelay } from './support/util.js';

/**
 * Limits that every relay of a cluster spends together, counted in Redis: two relays on loopback
 * (memory stores: what is shared here is Redis alone) and one Redis started by the test.
 */

const ADMIN = 'cluster-limits-admin-token-0123456789abcdef';
const CONFIG = { walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post' }], replay: { file: 'x.jsonl' } };
/** The address key every loopback client counts under. */
const LOOPBACK = '127.0.0.1';

let redis: RedisService;
let admin: ReturnType<typeof createClient>;
const open: { close(): unknown }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  admin = createClient({ url: redis.url });
  admin.on('error', () => {});
  await admin.connect();
}, 30_000);

afterAll(async () => {
  await admin?.close().catch(() => undefined);
  await redis?.stop();
});

beforeEach(async () => {
  await admin.flushAll();
});

afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

/** Two relays of one cluster with the same options. */
async function pair(options: Parameters<typeof startRelay>[1] = {}): Promise<[TestRelay, TestRelay]> {
  const start = async (): Promise<TestRelay> => {
    const t = await startRelay(CONFIG, {
      adminToken: ADMIN,
      cluster: { redisUrl: redis.url, leaseTtlMs: 3_000, leaseIntervalMs: 200 },
      ...options,
    });
    open.push(t);
    return t;
  };
  return [await start(), await start()];
}

/** A raw engine.io connection (no namespace); resolves whether the relay admitted it. */
function engine(url: string): Promise<{ ok: boolean; close(): void }> {
  const manager = new Manager(url, {
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
    forceNew: true,
  });
  const close = (): void => {
    manager.engine?.close();
  };
  open.push({ close });
  return new Promise((resolve) => manager.open((err) => resolve({ ok: !err, close })));
}

/** Open connections from `key` that Redis counts over every relay's hash. */
async function countedInRedis(key: string): Promise<number> {
  let total = 0;
  for (const hash of await admin.keys('chat-wall:conns:relay:*')) total += Number((await admin.hGet(hash, key)) ?? 0);
  return total;
}

async function until(check: () => Promise<boolean> | boolean, timeout = 10_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error('not yet');
    },
    { timeout, interval: 25 },
  );
}

describe('connections per address across relays', () => {
  it('caps one address at the cluster limit, wherever its connections land, and frees places as they close', async () => {
    const [a, b] = await pair({ connections: { perAddress: 4, overall: 1_000 } });
    const first = await Promise.all([engine(a.url), engine(a.url), engine(b.url), engine(b.url)]);
    expect(first.map((c) => c.ok)).toEqual([true, true, true, true]);
    expect((await engine(a.url)).ok).toBe(false);
    expect((await engine(b.url)).ok).toBe(false);
    expect(a.relay.connectionCaps.openFrom(LOOPBACK)).toBe(2);
    expect(b.relay.connectionCaps.openFrom(LOOPBACK)).toBe(2);

    first[0]!.close();
    await until(async () => (await countedInRedis(LOOPBACK)) === 3);
    expect((await engine(b.url)).ok).toBe(true);
    expect((await engine(a.url)).ok).toBe(false);
    expect(b.relay.connectionCaps.openFrom(LOOPBACK)).toBe(3);
  });

  it('stops counting a relay that died without closing once its heartbeat runs out', async () => {
    const [a] = await pair({ connections: { perAddress: 4, overall: 1_000 } });
    // A relay's counting, on a Redis connection of its own, then cut as `kill -9` would cut it.
    const doomed = createClient({ url: redis.url });
    doomed.on('error', () => {});
    await doomed.connect();
    const dead = new SharedConnections({ redis: doomed, ttlMs: 600 });
    dead.start();
    for (let i = 0; i < 3; i++) expect((await dead.admit(LOOPBACK, 4)).admitted).toBe(true);
    expect((await engine(a.url)).ok).toBe(true);
    expect((await engine(a.url)).ok).toBe(false);
    doomed.destroy();

    // Its three connections count until its heartbeat lapses, then never again.
    await until(async () => (await engine(a.url)).ok);
    expect(a.relay.connectionCaps.openFrom(LOOPBACK)).toBe(2);
    expect(await admin.zScore('chat-wall:conns:relays', dead.id)).not.toBeNull();
    await until(async () => (await admin.exists(`chat-wall:conns:relay:${dead.id}`)) === 0);
  });

  it('counts on each relay alone while Redis is down, and writes its counts again when Redis restarts empty', async () => {
    const [a, b] = await pair({ connections: { perAddress: 3, overall: 1_000 } });
    expect((await engine(a.url)).ok).toBe(true);
    expect((await engine(a.url)).ok).toBe(true);
    await redis.stop();
    // Fails over to per relay: b admits up to the cap by its own count, not none and not unlimited.
    await until(() => !b.relay.redis!.isReady);
    const down = await Promise.all([engine(b.url), engine(b.url), engine(b.url), engine(b.url)]);
    expect(down.filter((c) => c.ok)).toHaveLength(3);
    expect(await b.relay.metrics.registry.metrics()).toMatch(
      /chat_wall_limit_fallbacks_total\{limit="connections"\} 3/,
    );
    for (const c of down) c.close();
    await until(() => b.relay.connectionCaps.openFrom(LOOPBACK) === 0);

    await redis.start();
    await admin.ping().catch(() => undefined);
    // a's two connections are written again, so b has one place left.
    await until(async () => (await countedInRedis(LOOPBACK).catch(() => 0)) === 2);
    await until(() => b.relay.redis!.isReady);
    expect((await engine(b.url)).ok).toBe(true);
    expect((await engine(b.url)).ok).toBe(false);
  });
});

/** A raw viewer socket; resolves with the outcome of its first attempt. */
function viewer(url: string): Promise<{ error?: { code: string; retryInMs: number } }> {
  const socket = ioClient(`${url}${VIEWER_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({}));
    socket.once('connect_error', (err: Error & { data?: { code: string; retryInMs: number } }) =>
      resolve(err.data ? { error: err.data } : {}),
    );
  });
}

describe('budgets spent together by every relay', () => {
  it('viewer connects per minute: one budget per address for the cluster', async () => {
    const [a, b] = await pair({ viewers: { connectionsPerMinute: 3 } });
    expect(await viewer(a.url)).toEqual({});
    expect(await viewer(b.url)).toEqual({});
    expect(await viewer(a.url)).toEqual({});
    const refused = await viewer(b.url);
    expect(refused.error?.code).toBe('rate_limited');
    expect(refused.error!.retryInMs).toBeGreaterThan(0);
    expect(refused.error!.retryInMs).toBeLessThanOrEqual(60_000);
    expect((await viewer(a.url)).error?.code).toBe('rate_limited');
  });

  it('moderator requests: one budget per token over its sockets on every relay', async () => {
    // One store for both, as PostgreSQL is in production: the token is known to both relays.
    const store = new MemoryStore();
    const [a, b] = await pair({ store, moderation: { socketRateLimit: { capacity: 4, perSecond: 0.1 } } });
    const { token } = await a.relay.tokens.mint('alice', ['*']);
    const connect = async (url: string): Promise<Socket> => {
      const socket = ioClient(`${url}${MODERATOR_NAMESPACE}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { token },
      });
      open.push(socket);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
      return socket;
    };
    const [onA, onB] = await Promise.all([connect(a.url), connect(b.url)]);
    const ask = async (s: Socket): Promise<{ ok: boolean; error?: { code: string } }> =>
      (await s.emitWithAck('getSettings', { tag: 'askGMP' })) as { ok: boolean; error?: { code: string } };
    const answers = [await ask(onA), await ask(onB), await ask(onA), await ask(onB)];
    expect(answers.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(await ask(onA)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await ask(onB)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('failed sign-ins on one relay count on the other, and the backoff holds on both', async () => {
    const [a, b] = await pair({ authFailures: { freePerAddress: 2, firstBackoffMs: 60_000 } });
    const health = (t: TestRelay, token: string) =>
      fetch(`${t.url}/api/admin/health`, { headers: { authorization: `Bearer ${token}` } });
    const wrong = 'not-the-admin-token-but-long-enough-0123';
    expect((await health(a, wrong)).status).toBe(401);
    expect((await health(b, wrong)).status).toBe(401);
    // The third failure of the address (over the two free ones), though only b's second.
    expect((await health(b, wrong)).status).toBe(401);
    const backedOff = await health(a, ADMIN);
    expect(backedOff.status).toBe(429);
    expect(Number(backedOff.headers.get('retry-after'))).toBeGreaterThan(50);
    expect((await health(b, ADMIN)).status).toBe(429);

    // A moderator socket from the same address is backed off too, on either relay.
    const socket = ioClient(`${b.url}${MODERATOR_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: 'cwm_guess' },
    });
    open.push(socket);
    const error = await new Promise<{ code?: string }>((resolve) =>
      socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve(err.data ?? {})),
    );
    expect(error.code).toBe('rate_limited');
  });

  it('failures from many addresses over both relays spend one overall budget, and everyone waits on both', async () => {
    const [a, b] = await pair({
      trustProxy: 'loopback',
      authFailures: { freePerAddress: 100, overallPerMinute: 3 },
    });
    const health = (t: TestRelay, token: string, from: string) =>
      fetch(`${t.url}/api/admin/health`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': from } });
    const wrong = 'not-the-admin-token-but-long-enough-0123';
    // Four addresses, two failures on each relay: the fourth failure is over the cluster's three.
    expect((await health(a, wrong, '203.0.113.1')).status).toBe(401);
    expect((await health(b, wrong, '203.0.113.2')).status).toBe(401);
    expect((await health(a, wrong, '203.0.113.3')).status).toBe(401);
    expect((await health(b, wrong, '203.0.113.4')).status).toBe(401);
    for (const t of [a, b]) {
      const refused = await health(t, ADMIN, '203.0.113.99');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
    }
  });
});
