import http from 'node:http';
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

describe('relay with the X source', () => {
  it('streams X posts from the fake X API to SDK viewers of every matching wall', async () => {
    const api = await FakeXApi.start();
    cleanup.push(() => api.close());
    const config = parseConfig({
      walls: [
        // Reposts are rejected by default filters; this wall lets them through so the X option is what differs.
        { tag: 'askGMP', sources: ['x'], moderation: 'auto', filters: { reposts: 'allow' } },
        { tag: 'BuyerChat', sources: ['x'], x: { excludeReposts: true } },
      ],
      x: { backfill: { enabled: false } },
    });
    const relay = await Relay.create({
      config,
      logger: silent,
      clock: new ManualClock(),
      x: { bearerToken: api.token, baseUrl: api.url },
    });
    cleanup.push(() => relay.close());
    const url = await relay.listen(0, '127.0.0.1');
    const source = relay.sources.find((s) => s.name === 'x') as XSource;
    await vi.waitFor(() => expect(source.streamStatus.state).toBe('connected'));

    const ask = client(url, 'askgmp');
    const buy = client(url, 'buyerchat');
    cleanup.push(
      () => ask.close(),
      () => buy.close(),
    );
    await Promise.all([ask, buy].map((w) => waitFor(w, 'status', (s) => s.state === ConnectionState.Live)));

    api.send(xTweet('1850000000000000001', 'Hello 👋 #askGMP & #BuyerChat'));
    api.send(
      xTweet('1850000000000000002', 'RT @a: only ask #askgmp #buyerchat', {
        referenced_tweets: [{ type: 'retweeted', id: '5' }],
      }),
    );
    const [a1, b1] = await Promise.all([waitFor(ask, 'post'), waitFor(buy, 'post')]);
    expect(a1.id).toBe('x:1850000000000000001');
    expect(a1.text).toBe('Hello 👋 #askGMP & #BuyerChat');
    expect(b1.id).toBe('x:1850000000000000001');
    await vi.waitFor(() => expect(ask.posts.map((p) => p.id)).toContain('x:1850000000000000002'));
    await relay.ingest.drain();
    expect(buy.posts.map((p) => p.id)).toEqual(['x:1850000000000000001']);

    const health = await new Promise<{ sources: Record<string, { state: string }> }>((resolve) =>
      http.get(`${url}/healthz`, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(JSON.parse(body) as { sources: Record<string, { state: string }> }));
      }),
    );
    expect(health.sources.x?.state).toBe('running');
    const metrics = await relay.metrics.registry.metrics();
    expect(metrics).toMatch(/chat_wall_x_posts_read_total\{via="stream"\} 2/);
    expect(metrics).toMatch(/chat_wall_x_stream_state\{state="connected"\} 1/);
  });

  it('rejects a config with a bad X option, naming the key', () => {
    expect(() => parseConfig({ walls: [{ tag: 'a', sources: ['x'], x: { languages: ['English'] } }] })).toThrow(
      /walls\[0\]\.x\.languages\[0\]/,
    );
  });
});

describe('the fake X API', () => {
  it('really splits a character across chunks (a per-chunk decoder breaks it)', async () => {
    const api = await FakeXApi.start();
    cleanup.push(() => api.close());
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${api.url}/2/tweets/search/stream`, { headers: { authorization: `Bearer ${api.token}` } }, resolve),
    );
    cleanup.push(() => void res.destroy());
    await api.connected();
    let naive = '';
    const done = new Promise<void>((resolve) =>
      res.on('data', (chunk: Buffer) => {
        naive += chunk.toString(); // what the library does per chunk
        if (naive.endsWith('\r\n')) resolve();
      }),
    );
    api.sendSplit(xTweet(1, 'split 🎉 #askgmp'));
    await done;
    expect(naive).toContain('\uFFFD');
  });
});
