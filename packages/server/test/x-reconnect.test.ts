import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { XSource } from '../src/sources/x/x-source.js';
import { FakeXApi } from './fake-x/fake-x-server.js';
import { startX, type XHarness } from './fake-x/x-harness.js';
import { fixture, xTweet } from './fake-x/x-posts.js';

const harnesses: XHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function x(...args: Parameters<typeof startX>): Promise<XHarness> {
  const h = await startX(...args);
  harnesses.push(h);
  return h;
}
async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => {
    if (!condition()) throw new Error('condition not met yet');
  });
}
const live = (source: XSource) => until(() => source.streamStatus.state === 'connected');
const backoff = (source: XSource) => until(() => source.streamStatus.state === 'backoff');

describe('X stream reconnects by X’s rules', () => {
  it('reconnects at once after an established stream drops, and backfills the gap', async () => {
    const { api, source, sink, clock } = await x({ config: { backfill: { enabled: true, maxPosts: 10 } } });
    await live(source);
    api.send(xTweet(700, 'before #askgmp'));
    await sink.count(1);
    clock.advance(20_000); // established (up for more than 5 s), and close to the stall limit
    expect(clock.pendingDelays()).toContain(10_000);
    api.keepAlive(); // …which a keep-alive pushes back to a full 30 s
    await until(() => clock.pendingDelays().includes(30_000));

    api.drop();
    api.post(xTweet(701, 'while away #askgmp'));
    await backoff(source);
    expect(source.streamStatus).toMatchObject({ kind: 'dropped', retryInMs: 0 });
    clock.advance(0);
    await live(source);
    await sink.count(2);
    expect(sink.ids()).toEqual(['x:700', 'x:701']);
    expect(api.maxConcurrentStreams).toBe(1);
  });

  it('treats X’s operational-disconnect message as a drop and comes back', async () => {
    const { api, source, clock } = await x();
    await live(source);
    clock.advance(10_000);
    api.operationalDisconnect();
    await backoff(source);
    expect(source.streamStatus.retryInMs).toBe(0);
    clock.advance(0);
    await api.connected(2);
    expect(api.maxConcurrentStreams).toBe(1);
  });

  it('backs off linearly from 250 ms when a stream stalls (no data or keep-alive for 30 s)', async () => {
    const { api, source, clock } = await x();
    await live(source);
    for (let i = 1; i <= 3; i++) {
      clock.advance(30_000); // stall → close → network backoff
      await backoff(source);
      expect(source.streamStatus).toMatchObject({ kind: 'network', retryInMs: 250 * i });
      await until(() => api.openStreams === 0);
      clock.advance(250 * i);
      await api.connected(i + 1);
      await live(source);
    }
    expect(api.maxConcurrentStreams).toBe(1);
  });

  it('backs off exponentially from 5 s on HTTP 503 and from 60 s on HTTP 429', async () => {
    const api = await FakeXApi.start();
    const unavailable = { status: 503, body: { title: 'Service Unavailable', type: 'about:blank', status: 503 } };
    const limited = { status: 429, body: fixture('error-429-rate-limit.json') };
    api.failStream(unavailable, unavailable, unavailable, limited, limited);
    const { source, clock } = await x({ api });
    const seen: number[] = [];
    for (const expected of [5_000, 10_000, 20_000, 60_000, 120_000]) {
      await until(() => source.streamStatus.state === 'backoff' && seen.length < api.streamAttempts);
      seen.push(source.streamStatus.retryInMs!);
      expect(source.streamStatus.retryInMs).toBe(expected);
      // One millisecond early nothing happens; on time the next attempt goes out.
      clock.advance(expected - 1);
      expect(api.streamAttempts).toBe(seen.length);
      clock.advance(1);
      await api.attempts(seen.length + 1);
    }
    await live(source);
    expect(seen).toEqual([5_000, 10_000, 20_000, 60_000, 120_000]);
    expect(api.maxConcurrentStreams).toBe(1);
  });

  it('waits a minute when another connection holds the stream (TooManyConnections)', async () => {
    const api = await FakeXApi.start();
    // Someone else (another relay with the same app) holds the one allowed connection.
    const rogue = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${api.url}/2/tweets/search/stream`, { headers: { authorization: `Bearer ${api.token}` } }, resolve),
    );
    await api.connected();
    const { source, clock } = await x({ api });
    await backoff(source);
    expect(source.streamStatus).toMatchObject({ kind: 'rate-limited', retryInMs: 60_000 });
    expect(source.health().detail).toContain('TooManyConnections');
    rogue.destroy();
    await until(() => api.openStreams === 0);
    clock.advance(60_000);
    await live(source);
    expect(api.maxConcurrentStreams).toBe(1);
  });

  it('reports a wrong token clearly and retries slowly, never in a hot loop', async () => {
    const { api, source, clock } = await x({ token: 'wrong-token' });
    await backoff(source);
    expect(source.health()).toMatchObject({ state: 'failed', detail: expect.stringContaining('X_BEARER_TOKEN') });
    expect(source.streamStatus).toMatchObject({ kind: 'auth', retryInMs: 60_000 });
    expect(api.requests).toEqual(['GET /2/tweets/search/stream/rules']);
    clock.advance(60_000);
    await until(() => api.requests.length === 2 && source.streamStatus.retryInMs === 120_000);
    expect(api.requests).toHaveLength(2);
  });

  it('reports a missing token without touching the network', async () => {
    const { api, source } = await x({ token: '' });
    expect(source.health()).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('X_BEARER_TOKEN is not set'),
    });
    expect(api.requests).toEqual([]);
  });
});
