import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { BUDGET_LIMIT_CURSOR, BUDGET_USAGE_CURSOR } from '../src/sources/x/budget-persistence.js';
import type { XSource } from '../src/sources/x/x-source.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { FakeXApi } from './fake-x/fake-x-server.js';
import { ManualClock } from './fake-x/manual-clock.js';
import { xTweet } from './fake-x/x-posts.js';
import { silent } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const DAY_ONE = Date.UTC(2026, 0, 15, 10, 0, 0);

interface Running {
  relay: Relay;
  url: string;
  source: XSource;
}

/** A relay reading #askGMP from the fake X API, on the SQLite file `file`. */
async function start(api: FakeXApi, file: string, at: number, dailyReadBudget: number): Promise<Running> {
  const relay = await Relay.create({
    config: parseConfig({
      walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'auto' }],
      x: { dailyReadBudget, backfill: { enabled: false } },
    }),
    store: SqliteStore.open(file),
    logger: silent,
    adminToken: ADMIN,
    clock: new ManualClock(at),
    x: { bearerToken: api.token, baseUrl: api.url },
  });
  cleanup.push(() => relay.close());
  const url = await relay.listen(0, '127.0.0.1');
  return { relay, url, source: relay.sources.find((s) => s.name === 'x') as XSource };
}

async function stop(running: Running, api: FakeXApi): Promise<void> {
  await running.relay.close();
  await vi.waitFor(() => expect(api.openStreams).toBe(0));
}

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-budget-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'wall.db');
}

describe('the X read budget across restarts (SQLite)', () => {
  it('continues today’s count, keeps a budget raised at run time, and starts over on a new UTC day', async () => {
    const api = await FakeXApi.start();
    cleanup.push(() => api.close());
    const file = await tempFile();
    let id = 1850000000000000100n;
    const read = async (running: Running, n: number): Promise<void> => {
      const before = running.source.budgetState().usedToday;
      for (let i = 0; i < n; i++) api.send(xTweet(String(id++), `post ${i} #askGMP`));
      await vi.waitFor(() => expect(running.source.budgetState().usedToday).toBe(before + n));
    };

    // Day one: 3 posts read, then the operator raises the budget from 5 to 8.
    const first = await start(api, file, DAY_ONE, 5);
    await api.connected(1);
    await read(first, 3);
    const raised = await fetch(`${first.url}/api/admin/sources/x/budget`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dailyReadBudget: 8 }),
    });
    expect(raised.status).toBe(200);
    await stop(first, api);

    // Same day, same file: the count goes on from 3 and the raised budget still holds.
    const second = await start(api, file, DAY_ONE + 3_600_000, 5);
    expect(second.source.budgetState()).toMatchObject({ dailyReadBudget: 8, usedToday: 3, remaining: 5 });
    await api.connected(2);
    await read(second, 5);
    await vi.waitFor(() => expect(api.openStreams).toBe(0));
    expect(second.source.budgetState()).toMatchObject({ usedToday: 8, remaining: 0, pausedByBudget: true });
    await stop(second, api);

    // Restarting with the budget spent does not open the stream at all.
    const third = await start(api, file, DAY_ONE + 7_200_000, 5);
    expect(third.source.budgetState()).toMatchObject({ usedToday: 8, remaining: 0 });
    expect(third.source.health()).toMatchObject({ state: 'backoff', detail: expect.stringContaining('budget of 8') });
    await stop(third, api);
    expect(api.streamConnects).toBe(2);

    // Next UTC day: the count starts at 0; the run-time budget is still the operator's.
    const fourth = await start(api, file, Date.UTC(2026, 0, 16, 0, 5), 5);
    expect(fourth.source.budgetState()).toMatchObject({ dailyReadBudget: 8, usedToday: 0 });
    await api.connected(3);
    await read(fourth, 2);
    await stop(fourth, api);
    expect(api.maxConcurrentStreams).toBe(1);

    // Once the config file's budget changes, the file is the newer word.
    const fifth = await start(api, file, Date.UTC(2026, 0, 16, 1, 0), 6);
    expect(fifth.source.budgetState()).toMatchObject({ dailyReadBudget: 6, usedToday: 2 });
    await stop(fifth, api);
  });

  it('ignores unreadable saved values and starts from the config', async () => {
    const api = await FakeXApi.start();
    cleanup.push(() => api.close());
    const file = await tempFile();
    const store = SqliteStore.open(file);
    await store.setCursor(BUDGET_USAGE_CURSOR, '{"day":"2026-01-15","used":-4}');
    await store.setCursor(BUDGET_LIMIT_CURSOR, 'not json');
    await store.close();
    const running = await start(api, file, DAY_ONE, 5);
    expect(running.source.budgetState()).toMatchObject({ dailyReadBudget: 5, usedToday: 0 });
    await stop(running, api);
  });
});
