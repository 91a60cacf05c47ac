import type { ModeratedPost } from '@chat-wall/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../src/store/postgres-store.js';
import { freshSchema, startPostgres, startRedis, type PostgresService, type RedisService } from './support/services.js';
import { startRelay, type TestRelay } from './support/util.js';

/**
 * The duplicate and rate-cap filters over two relays of a cluster: audience submissions reach
 * whichever relay the load balancer picks, so a flood split over relays must be caught as on one.
 */

const CONFIG = {
  walls: [
    {
      tag: 'ask',
      sources: ['native'],
      moderation: 'pre',
      // Rejections, so the record names the filter (a submission is held for a person anyway).
      filters: { duplicates: { action: 'reject' }, rateCap: { max: 2, action: 'reject' } },
    },
  ],
};

let postgres: PostgresService;
let redis: RedisService;
let relays: TestRelay[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const schema = await freshSchema(postgres.url);
  const start = async (): Promise<TestRelay> =>
    startRelay(CONFIG, {
      store: await PostgresStore.open(postgres.url, { schema, poolSize: 2 }),
      trustProxy: 'loopback',
      submissions: { perAddress: { max: 100, windowMs: 60_000 }, perWall: { max: 100, windowMs: 60_000 } },
      cluster: { redisUrl: redis.url, leaseTtlMs: 3_000, leaseIntervalMs: 200 },
    });
  relays = [await start()];
  relays.push(await start());
}, 60_000);

afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
  await Promise.all([postgres?.destroy(), redis?.stop()]);
});

/** Submits on `relay` from `address`; resolves with the stored record once ingest has screened it. */
async function submit(relay: TestRelay, address: string, text: string): Promise<ModeratedPost> {
  const res = await fetch(`${relay.url}/api/walls/ask/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ name: 'Sam', text }),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return vi.waitFor(
    async () => {
      const record = await relay.relay.store.getPost('ask', id);
      if (!record) throw new Error('not recorded yet');
      return record;
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe('flood filters shared by the relays', () => {
  it('one submitter has one author id on every relay (one salt, kept in the database)', async () => {
    const [a, b] = relays as [TestRelay, TestRelay];
    const onA = await submit(a, '198.51.100.1', 'What time does the keynote start?');
    const onB = await submit(b, '198.51.100.1', 'Is there a recording of day one?');
    expect(onB.post.author.id).toBe(onA.post.author.id);
    const other = await submit(b, '198.51.100.2', 'Where is room B?');
    expect(other.post.author.id).not.toBe(onA.post.author.id);
    expect(await a.relay.store.getCursor('native:submitter-salt')).toMatch(/^[\w-]{43}$/);
  });

  it('the same text sent to two relays is caught as a duplicate', async () => {
    const [a, b] = relays as [TestRelay, TestRelay];
    const first = await submit(a, '198.51.100.10', 'Will the slides be shared after the talk?');
    expect(first.filter).toBeUndefined();
    // Another address, another relay, the same words (case and punctuation aside).
    const again = await submit(b, '198.51.100.11', 'will the SLIDES be shared after the talk');
    expect(again).toMatchObject({ status: 'rejected', filter: 'duplicates' });
    expect(again.reason).toMatch(/^same text as a post \d+ s ago$/);
  });

  it("one submitter's posts over both relays count against one rate cap", async () => {
    const [a, b] = relays as [TestRelay, TestRelay];
    const from = '198.51.100.20';
    expect((await submit(a, from, 'First question about the venue')).filter).toBeUndefined();
    expect((await submit(b, from, 'Second question about the food')).filter).toBeUndefined();
    const third = await submit(a, from, 'Third question about parking');
    expect(third).toMatchObject({ status: 'rejected', filter: 'rate-cap' });
    expect(third.reason).toMatch(/posted 3 times in 60 s \(cap 2\)/);
  });
});
