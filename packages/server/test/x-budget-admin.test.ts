import { ConnectionState } from '@chat-wall/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import type { SourceHealth } from '../src/sources/source.js';
import type { XSource } from '../src/sources/x/x-source.js';
import { FakeXApi } from './fake-x/fake-x-server.js';
import { ManualClock } from './fake-x/manual-clock.js';
import { xTweet } from './fake-x/x-posts.js';
import { client, silent, startRelay, waitFor } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function call(url: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  return fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function xHealth(url: string): Promise<SourceHealth> {
  const body = (await (await call(url, '/api/admin/health', { token: ADMIN })).json()) as {
    sources: Record<string, SourceHealth>;
  };
  return body.sources.x!;
}

describe('raising the X read budget at run time', () => {
  it('budget reached → stream stops and health says why → raised by the admin route → stream resumes', async () => {
    const api = await FakeXApi.start();
    cleanup.push(() => api.close());
    const config = parseConfig({
      walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'auto' }],
      x: { dailyReadBudget: 2, backfill: { enabled: false } },
    });
    const relay = await Relay.create({
      config,
      logger: silent,
      adminToken: ADMIN,
      clock: new ManualClock(),
      x: { bearerToken: api.token, baseUrl: api.url },
    });
    cleanup.push(() => relay.close());
    const url = await relay.listen(0, '127.0.0.1');
    const source = relay.sources.find((s) => s.name === 'x') as XSource;
    await api.connected();
    const viewer = client(url, 'askgmp');
    cleanup.push(() => viewer.close());
    await waitFor(viewer, 'status', (s) => s.state === ConnectionState.Live);

    api.send(xTweet('1850000000000000001', 'one #askGMP'));
    api.send(xTweet('1850000000000000002', 'two #askGMP'));
    await vi.waitFor(() => expect(viewer.posts).toHaveLength(2));
    await vi.waitFor(() => expect(api.openStreams).toBe(0));

    const paused = await xHealth(url);
    expect(paused).toMatchObject({
      state: 'backoff',
      detail: expect.stringContaining('read budget of 2 posts reached'),
      budget: { dailyReadBudget: 2, usedToday: 2, remaining: 0, pausedByBudget: true },
    });
    const { token } = (await (
      await call(url, '/api/admin/tokens', { method: 'POST', token: ADMIN, body: { name: 'mo', walls: ['askgmp'] } })
    ).json()) as { token: string };
    const forConsole = (await (await call(url, '/api/mod/sources', { token })).json()) as {
      sources: Record<string, SourceHealth>;
    };
    expect(forConsole.sources.x?.budget).toMatchObject({ usedToday: 2, pausedByBudget: true });
    expect((await call(url, '/api/mod/sources')).status).toBe(401);

    // Refusals change nothing: wrong token, moderator token, bad bodies.
    const put = (body: unknown, as = ADMIN) =>
      call(url, '/api/admin/sources/x/budget', { method: 'PUT', token: as, body });
    expect((await put({ dailyReadBudget: 5 }, 'wrong')).status).toBe(401);
    expect((await put({ dailyReadBudget: 5 }, token)).status).toBe(401);
    for (const bad of [{ dailyReadBudget: 0 }, { dailyReadBudget: 2.5 }, { dailyReadBudget: '5' }, {}]) {
      const res = await put(bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('dailyReadBudget');
    }
    const extra = await put({ dailyReadBudget: 5, more: 1 });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { error: { message: string } }).error.message).toMatch(/more/);
    expect(source.budgetState()).toMatchObject({ dailyReadBudget: 2, pausedByBudget: true });
    expect(api.openStreams).toBe(0);

    const raised = await put({ dailyReadBudget: 5 });
    expect(raised.status).toBe(200);
    expect(await raised.json()).toMatchObject({
      source: 'x',
      budget: { dailyReadBudget: 5, usedToday: 2, remaining: 3, pausedByBudget: false },
    });
    await api.connected(2);
    api.send(xTweet('1850000000000000003', 'three #askGMP'));
    await vi.waitFor(() => expect(viewer.posts.map((p) => p.id)).toContain('x:1850000000000000003'));
    expect(await xHealth(url)).toMatchObject({ state: 'running', budget: { usedToday: 3, remaining: 2 } });
    expect(await relay.metrics.registry.metrics()).toMatch(/chat_wall_x_read_budget_remaining 2/);

    // Lowered to what was already read: the stream stops at once, without waiting for another post.
    expect((await put({ dailyReadBudget: 3 })).status).toBe(200);
    await vi.waitFor(() => expect(api.openStreams).toBe(0));
    expect(await xHealth(url)).toMatchObject({ state: 'backoff', budget: { pausedByBudget: true } });
    expect(api.maxConcurrentStreams).toBe(1);
  });

  it('answers 404 when the relay has no X source', async () => {
    const t = await startRelay(undefined, { adminToken: ADMIN });
    cleanup.push(() => t.close());
    const res = await call(t.url, '/api/admin/sources/x/budget', {
      method: 'PUT',
      token: ADMIN,
      body: { dailyReadBudget: 10 },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('No "x" source'),
    });
    const replay = await call(t.url, '/api/admin/sources/replay/budget', {
      method: 'PUT',
      token: ADMIN,
      body: { dailyReadBudget: 10 },
    });
    expect(replay.status).toBe(404);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/no read budget/);
  });
});
