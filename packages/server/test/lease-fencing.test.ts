import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_FENCE, LeaseFence, StaleLeaseError } from '../src/sources/lease-fence.js';
import { SourceLease } from '../src/sources/source-lease.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { freshSchema, startPostgres, startRedis, type PostgresService, type RedisService } from './support/services.js';
import { silent } from './support/util.js';

/**
 * Fencing tokens of the source lease across a Redis restart without persistence: Redis forgets its
 * counter, the database remembers the highest token, so a new holder's token is still the highest
 * and the old holder's cursor writes are refused.
 */

let postgres: PostgresService;
let redis: RedisService;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await Promise.all([postgres?.destroy(), redis?.stop()]);
});

/** A relay's lease and fenced store, on a store and a Redis client of its own; resolves once it holds the lease. */
async function holder(
  schema: string,
  lease: { intervalMs: number; now?: () => number },
): Promise<{ token: number; fence: LeaseFence; store: PostgresStore; cursors: ReturnType<LeaseFence['guard']> }> {
  const store = await PostgresStore.open(postgres.url, { schema, poolSize: 2 });
  const fence = new LeaseFence(store);
  let acquired!: (token: number) => void;
  const taken = new Promise<number>((resolve) => (acquired = resolve));
  const source = new SourceLease({
    redis: createClient({ url: redis.url }),
    logger: silent,
    fence,
    ttlMs: 400,
    ...lease,
    onAcquire: async (token) => acquired(token),
    onLose: async () => {},
  });
  source.start();
  closers.push(
    () => store.close(),
    () => source.stop(),
  );
  return { token: await taken, fence, store, cursors: fence.guard(store) };
}

describe('source lease fencing tokens', () => {
  it('stay above every earlier holder after Redis restarts empty, and the old holder’s writes are refused', async () => {
    const schema = await freshSchema(postgres.url);
    const admin = createClient({ url: redis.url });
    await admin.connect();
    await admin.set('chat-wall:source-lease:token', '5');
    await admin.close();

    // The old holder: it never renews nor gives up (a relay paused, or cut off, that has not noticed).
    const frozen = Date.now();
    const old = await holder(schema, { intervalMs: 3_600_000, now: () => frozen });
    expect(old.token).toBe(6);
    await old.cursors.setCursor('x:newest', '100');
    expect(await old.store.getCursor(LEASE_FENCE)).toBe('6');

    // Redis restarts without persistence: the lease and its counter are gone.
    await redis.stop();
    await redis.start();

    const next = await holder(schema, { intervalMs: 50 });
    // Redis alone would have said 1.
    expect(next.token).toBe(7);
    expect(await next.store.getCursor(LEASE_FENCE)).toBe('7');

    await expect(old.cursors.setCursor('x:newest', '90')).rejects.toBeInstanceOf(StaleLeaseError);
    expect(await next.store.getCursor('x:newest')).toBe('100');
    await next.cursors.setCursor('x:newest', '120');
    expect(await old.store.getCursor('x:newest')).toBe('120');
    // Reads and other writes go to the store as they are.
    expect(await old.cursors.getCursor('x:newest')).toBe('120');
  });
});
