import { ConnectionState } from '@chat-wall/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { HEARTBEAT_MS } from '../src/sources/mastodon/mastodon-feed.js';
import type { MastodonSource } from '../src/sources/mastodon/mastodon-source.js';
import { mastodonPostId } from '../src/sources/mastodon/normalise-mastodon.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { ManualClock } from './fake-x/manual-clock.js';
import { FakeMastodon, fixture, makeStatus } from './fake-mastodon/fake-mastodon-server.js';
import { GatedStore } from './support/gated-store.js';
import { client, silent, waitFor } from './support/util.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fake(options: Parameters<typeof FakeMastodon.start>[0] = {}): Promise<FakeMastodon> {
  const f = await FakeMastodon.start(options);
  cleanup.push(() => f.close());
  return f;
}

async function relayWith(
  instances: { url: string; token?: string }[],
  options: { store?: MemoryStore; clock?: ManualClock; moderation?: string } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const config = parseConfig({
    walls: [{ tag: 'askGMP', sources: ['mastodon'], moderation: options.moderation ?? 'post' }],
    mastodon: { instances, pollSeconds: 30 },
  });
  const relay = await Relay.create({
    config,
    logger: silent,
    clock,
    ...(options.store ? { store: options.store } : {}),
  });
  cleanup.push(() => relay.close());
  const url = await relay.listen(0, '127.0.0.1');
  const source = relay.sources.find((s) => s.name === 'mastodon') as MastodonSource;
  return { relay, url, clock, source };
}

async function viewer(url: string) {
  const wall = client(url, 'askgmp');
  cleanup.push(() => wall.close());
  await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
  return wall;
}

describe('Mastodon source through the relay', () => {
  it('streams with a token, polls without, shows a federated post once, and takes a deleted post down', async () => {
    const streamed = await fake();
    const polled = await fake();
    const { relay, url, clock } = await relayWith([{ url: streamed.url, token: streamed.token }, { url: polled.url }]);
    await streamed.streaming(1, 'askgmp');
    const wall = await viewer(url);

    // The stream carries the token in the Authorization header and asks for the hashtag stream.
    expect(streamed.requests).toContain('WS /api/v1/streaming?stream=hashtag&tag=askgmp');
    const status = makeStatus({ text: 'Hello from the fediverse 👋' });
    streamed.publish(status);
    const post = await waitFor(wall, 'post');
    expect(post.id).toBe(mastodonPostId(status.uri));
    expect(post.text).toBe('Hello from the fediverse 👋 #askgmp');
    expect(post.segments.at(-1)).toEqual({ type: 'hashtag', text: '#askgmp', tag: 'askgmp' });

    // Federation: the same post (same uri) under another instance's local id, read by polling.
    const before = polled.requests.filter((r) => r.startsWith('GET /api/v1/timelines')).length;
    polled.publish({ ...status, id: '999' });
    clock.advance(30_000);
    await polled.answered('GET /api/v1/timelines', before + 1);
    await relay.ingest.drain();
    expect(wall.posts.map((p) => p.id)).toEqual([post.id]);

    // A delete (the instance's local id) removes it from every screen and the public list, audited.
    streamed.delete(status.id);
    expect((await waitFor(wall, 'remove')).id).toBe(post.id);
    const listed = (await (await fetch(`${url}/api/walls/askgmp/posts`)).json()) as { posts: { id: string }[] };
    expect(listed.posts).toEqual([]);
    const audit = await relay.store.listAudit('askgmp', { limit: 10 });
    expect(audit[0]).toMatchObject({ action: 'remove', actor: 'source', reason: 'deleted at source', postId: post.id });
  });

  it('reconnects after a drop with jittered backoff and catches up on what was posted meanwhile; duplicates and order do not matter', async () => {
    const m = await fake();
    const { url, clock, source } = await relayWith([{ url: m.url, token: m.token }]);
    await m.streaming(1);
    const wall = await viewer(url);
    const first = makeStatus();
    m.publish(first);
    await waitFor(wall, 'post');

    m.drop();
    await vi.waitFor(() => expect(source.health().state).toBe('backoff'));
    expect(source.health().parts?.[0]?.detail).toMatch(/reconnecting in \d+ s/);
    const missed = [makeStatus({ text: 'while away 1' }), makeStatus({ text: 'while away 2' })];
    for (const s of missed) m.publish(s, { stream: false });
    const [delay] = clock.pendingDelays().filter((d) => d < HEARTBEAT_MS);
    expect(delay).toBeGreaterThanOrEqual(1_000); // 2 s with equal jitter: between 1 and 2 s
    expect(delay).toBeLessThanOrEqual(2_000);
    clock.advance(2_000);
    await m.streaming(1);
    await vi.waitFor(() => expect(wall.posts).toHaveLength(3));
    expect(wall.posts.map((p) => p.text)).toContain('while away 2 #askgmp');

    // Live again: an older status out of order and a repeat still give one post each.
    const late = makeStatus({ text: 'late' });
    const newer = makeStatus({ text: 'newer' });
    m.update(newer);
    m.update(late);
    m.update(newer);
    await vi.waitFor(() => expect(wall.posts).toHaveLength(5));
    expect(new Set(wall.posts.map((p) => p.id)).size).toBe(5);
  });

  it('skips and counts malformed frames, and keeps streaming', async () => {
    const m = await fake();
    const { relay, url, source } = await relayWith([{ url: m.url, token: m.token }]);
    await m.streaming(1);
    const wall = await viewer(url);
    m.sendRaw('not json');
    m.sendRaw(JSON.stringify({ stream: ['hashtag', 'askgmp'], event: 'update', payload: '{"id":1}' }));
    // A frame as a real instance sends it (the documented example).
    m.sendRaw(JSON.stringify(fixture('streaming-ws-update')));
    expect((await waitFor(wall, 'post')).text).toMatch(/^And now I can't exit the inner nvim .* 😂$/);
    expect(source.health().malformed).toBe(2);
    expect(await relay.metrics.registry.getSingleMetricAsString('chat_wall_source_malformed_total')).toMatch(
      /source="mastodon"} 2/,
    );
  });

  it('drops a stalled stream after an unanswered ping and reconnects', async () => {
    const m = await fake();
    const { clock } = await relayWith([{ url: m.url, token: m.token }]);
    await m.streaming(1);
    await vi.waitFor(() => expect(clock.pendingDelays()).toContain(HEARTBEAT_MS)); // open, heartbeat armed
    const attempts = m.streamAttempts;
    m.stall();
    clock.advance(HEARTBEAT_MS); // ping sent; the stalled server never answers
    clock.advance(HEARTBEAT_MS); // no pong: stalled
    clock.advance(5_000); // the backoff
    await vi.waitFor(() => expect(m.streamAttempts).toBeGreaterThan(attempts));
  });

  it('waits for the rate-limit reset the instance names on a 429', async () => {
    const m = await fake();
    const clock = new ManualClock();
    const reset = new Date(clock.now() + 120_000).toISOString();
    m.fail('GET /api/v1/timelines', {
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
    const { source } = await relayWith([{ url: m.url }], { clock });
    await vi.waitFor(() => expect(source.health().parts?.[0]?.state).toBe('backoff'));
    expect(source.health().parts?.[0]?.detail).toMatch(/rate limited \(HTTP 429\)/);
    const delay = Math.max(...clock.pendingDelays());
    expect(delay).toBeGreaterThan(100_000);
    expect(delay).toBeLessThanOrEqual(121_000);
    // 503 next time: backs off, and recovers after.
    m.fail('GET /api/v1/timelines', { status: 503 });
    clock.advance(delay);
    await vi.waitFor(() => expect(source.health().parts?.[0]?.detail).toMatch(/HTTP 503/));
    clock.advance(Math.max(...clock.pendingDelays()));
    await vi.waitFor(() => expect(source.health().state).toBe('running'));
  });

  it('falls back to polling when the token is refused, and says so', async () => {
    const m = await fake();
    m.publish(makeStatus({ text: 'readable without a token' }));
    const { url, source } = await relayWith([{ url: m.url, token: 'wrong-token' }]);
    await vi.waitFor(() => expect(source.health().parts?.[0]?.detail).toMatch(/token was refused \(HTTP 401\)/));
    // The timeline is read without the refused token.
    const wall = await viewer(url);
    await vi.waitFor(() => expect(wall.posts.map((p) => p.text)).toEqual(['readable without a token #askgmp']));
  });

  it('an instance that is not Mastodon is reported with the reason while the others go on', async () => {
    const good = await fake();
    const bad = await fake({ notMastodon: true });
    const { url, source, relay } = await relayWith([{ url: bad.url }, { url: good.url, token: good.token }]);
    await good.streaming(1);
    await vi.waitFor(() => expect(source.health().parts?.[0]?.state).toBe('failed'));
    const health = (await (await fetch(`${url}/healthz`)).json()) as {
      sources: Record<string, { state: string; detail?: string }>;
    };
    // The public answer has the state; why is for the admin token and the console.
    expect(health.sources.mastodon).toEqual({ state: 'backoff' });
    expect(relay.health().mastodon?.detail).toMatch(
      /not a Mastodon instance: GET \/api\/v2\/instance answered HTTP 404/,
    );
    const wall = await viewer(url);
    good.publish(makeStatus());
    await waitFor(wall, 'post');
    expect(relay.health().mastodon?.parts?.[1]).toMatchObject({ state: 'running' });
  });

  it('holds a post with a content warning for a moderator, whatever the mode', async () => {
    const m = await fake();
    const { relay } = await relayWith([{ url: m.url, token: m.token }]);
    await m.streaming(1);
    const spoiler = fixture('status-sensitive-spoiler');
    m.publish({ ...makeStatus(), spoiler_text: spoiler.spoiler_text, sensitive: true });
    await vi.waitFor(async () => {
      const held = await relay.store.listPosts('askgmp', { status: ['held'], limit: 10 });
      expect(held[0]?.reason).toBe('content warning: no context');
    });
  });

  it('resumes from the stored cursor after a restart', async () => {
    const m = await fake();
    const store = new MemoryStore();
    const first = await relayWith([{ url: m.url }], { store });
    m.publish(makeStatus({ text: 'one' }));
    first.clock.advance(30_000);
    await vi.waitFor(async () =>
      expect((await first.relay.store.listVisiblePosts('askgmp', { limit: 5 })).posts).toHaveLength(1),
    );
    const newest = m.statuses.at(-1)!.id;
    await first.relay.close();
    const requests = m.requests.length;
    // The same store: the timeline is read from the last id seen, not from the latest posts again.
    const again = await Relay.create({
      config: parseConfig({
        walls: [{ tag: 'askGMP', sources: ['mastodon'] }],
        mastodon: { instances: [{ url: m.url }] },
      }),
      logger: silent,
      store,
      clock: new ManualClock(),
    });
    cleanup.push(() => again.close());
    await again.listen(0, '127.0.0.1');
    await vi.waitFor(() =>
      expect(m.requests.slice(requests)).toContain(`GET /api/v1/timelines/tag/askgmp?limit=40&min_id=${newest}`),
    );
  });

  it('stores the cursor only once the statuses it passes are recorded', async () => {
    const m = await fake();
    const store = new GatedStore();
    const { relay, clock, source } = await relayWith([{ url: m.url }], { store });
    const key = `mastodon:${new URL(m.url).host}:askgmp:newest-id`;
    const open = store.hold();
    m.publish(makeStatus({ text: 'read, not yet recorded' }));
    clock.advance(30_000);
    await vi.waitFor(() => expect(source.health().postsDelivered).toBe(1));
    // Read but not recorded: a relay killed now must read it again on its next start.
    expect(await store.getCursor(key)).toBeUndefined();
    open();
    await vi.waitFor(async () => expect(await store.getCursor(key)).toBe(m.statuses.at(-1)!.id));
    expect((await relay.store.listVisiblePosts('askgmp', { limit: 5 })).posts).toHaveLength(1);
  });

  it('refuses a config whose wall uses Mastodon without a mastodon key', () => {
    expect(() => parseConfig({ walls: [{ tag: 'a', sources: ['mastodon'] }] })).toThrow(ConfigError);
    expect(() => parseConfig({ walls: [{ tag: 'a', sources: ['mastodon'] }] })).toThrow(/mastodon: required/);
    expect(() =>
      parseConfig({ walls: [{ tag: 'a', sources: ['mastodon'] }], mastodon: { instances: [{ url: 'ftp://x' }] } }),
    ).toThrow(/mastodon\.instances\[0\]\.url: must be an http\(s\) URL/);
  });
});
