import { ConnectionState } from '@chat-wall/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import type { XSource } from '../src/sources/x/x-source.js';
import { FakeXApi } from './fake-x/fake-x-server.js';
import { ManualClock } from './fake-x/manual-clock.js';
import { xTweet } from './fake-x/x-posts.js';
import { client, silent, waitFor } from './support/util.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function relayWith(api: FakeXApi, x: Record<string, unknown>) {
  const clock = new ManualClock();
  const relay = await Relay.create({
    config: parseConfig({
      walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'post', filters: { rateCap: { enabled: false } } }],
      x: { backfill: { enabled: false }, ...x },
    }),
    logger: silent,
    clock,
    x: { bearerToken: api.token, baseUrl: api.url },
  });
  cleanup.push(() => relay.close());
  const url = await relay.listen(0, '127.0.0.1');
  const source = relay.sources.find((s) => s.name === 'x') as XSource;
  await vi.waitFor(() => expect(source.streamStatus.state).toBe('connected'));
  const wall = client(url, 'askgmp');
  cleanup.push(() => wall.close());
  await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
  return { relay, url, clock, source, wall };
}

async function fakeX(): Promise<FakeXApi> {
  const api = await FakeXApi.start();
  cleanup.push(() => api.close());
  return api;
}

const id = (n: number): string => String(1_850_000_000_000_000_000n + BigInt(n));

describe('X deletions', () => {
  it('looks the shown posts up again in batches of 100 and takes down those X no longer has', async () => {
    const api = await fakeX();
    const { relay, url, clock, source } = await relayWith(api, {
      deletionCheck: { intervalSeconds: 120, maxPostsPerWall: 150 },
    });
    for (let n = 1; n <= 150; n++) api.send(xTweet(id(n), `Question ${n} #askGMP`));
    const shown = async () =>
      ((await relay.store.listVisiblePosts('askgmp', { limit: 200 })).posts as unknown[]).length;
    await vi.waitFor(async () => expect(await shown()).toBe(150), { timeout: 10_000 });
    api.deleteTweet(id(7));
    api.deleteTweet(id(140));

    clock.advance(119_000);
    expect(api.requests.filter((r) => r === 'GET /2/tweets')).toEqual([]); // not yet
    clock.advance(1_000);
    await vi.waitFor(() => expect(api.requests.filter((r) => r === 'GET /2/tweets')).toHaveLength(2));
    await source.deletions!.settled();
    await relay.ingest.drain();
    expect(source.deletions!.checked).toBe(150);
    expect(source.deletions!.deleted).toBe(2);
    expect(await shown()).toBe(148);
    const listed = (await (await fetch(`${url}/api/walls/askgmp/posts?limit=100`)).json()) as {
      posts: { id: string }[];
    };
    expect(listed.posts.map((p) => p.id)).not.toContain(`x:${id(140)}`);
    const audit = await relay.store.listAudit('askgmp', { limit: 5 });
    expect(
      audit
        .filter((a) => a.reason === 'deleted at source')
        .map((a) => a.postId)
        .sort(),
    ).toEqual([`x:${id(140)}`, `x:${id(7)}`].sort());
    expect(await relay.metrics.registry.getSingleMetricAsString('chat_wall_posts_deleted_at_source_total')).toMatch(
      /source="x"} 2/,
    );
    // Posts read today cost nothing more to look up again today; what each use read is counted apart.
    expect(source.budgetState().readsBy).toEqual({ stream: 150, backfill: 0, deletionCheck: 0 });

    // The next UTC day the same posts are reads again, and the console shows what the check cost.
    clock.advance(24 * 3600_000);
    await vi.waitFor(() => expect(api.requests.filter((r) => r === 'GET /2/tweets')).toHaveLength(4));
    await source.deletions!.settled();
    expect(source.budgetState().readsBy).toEqual({ stream: 0, backfill: 0, deletionCheck: 148 });
    expect(source.budgetState().usedToday).toBe(148);
  });

  it('skips the check while the day’s read budget is spent', async () => {
    const api = await fakeX();
    const { clock, source, wall } = await relayWith(api, {
      dailyReadBudget: 2,
      deletionCheck: { intervalSeconds: 60 },
    });
    api.send(xTweet(id(1), 'one #askGMP'));
    api.send(xTweet(id(2), 'two #askGMP'));
    await vi.waitFor(() => expect(wall.posts).toHaveLength(2));
    await vi.waitFor(() => expect(source.budgetState().pausedByBudget).toBe(true));
    api.deleteTweet(id(1));
    clock.advance(60_000);
    await source.deletions!.settled();
    expect(api.requests).not.toContain('GET /2/tweets');
    expect(source.deletions!.lastRound).toBe('skipped: the daily read budget is spent');
    expect(wall.posts).toHaveLength(2);
  });

  it('refuses a check interval under a minute, naming the key', () => {
    expect(() =>
      parseConfig({ walls: [{ tag: 'a', sources: ['x'] }], x: { deletionCheck: { intervalSeconds: 5 } } }),
    ).toThrow(/x\.deletionCheck\.intervalSeconds/);
  });
});
