import { ConnectionState } from '@chat-wall/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { CURSOR_KEY, CURSOR_SAVE_MS, type BlueskySource } from '../src/sources/bluesky/bluesky-source.js';
import { JETSTREAM_HEARTBEAT_MS, REWIND_US } from '../src/sources/bluesky/jetstream-connection.js';
import { blueskyPostId, postUri } from '../src/sources/bluesky/normalise-bluesky.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { ManualClock } from './fake-x/manual-clock.js';
import { DIDS, FakeBluesky, deleteEvent, fixture, postEvent } from './fake-bluesky/fake-bluesky-server.js';
import { GatedStore } from './support/gated-store.js';
import { client, silent, waitFor } from './support/util.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fake(): Promise<FakeBluesky> {
  const f = await FakeBluesky.start();
  cleanup.push(() => f.close());
  return f;
}

async function relayWith(
  jetstreams: FakeBluesky[],
  options: { store?: MemoryStore; clock?: ManualClock; moderation?: string; appview?: FakeBluesky } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const config = parseConfig({
    walls: [{ tag: 'askGMP', sources: ['bluesky'], moderation: options.moderation ?? 'post' }],
    bluesky: { jetstream: jetstreams.map((j) => j.wsUrl), appview: (options.appview ?? jetstreams[0]!).url },
  });
  const relay = await Relay.create({
    config,
    logger: silent,
    clock,
    ...(options.store ? { store: options.store } : {}),
  });
  cleanup.push(() => relay.close());
  const url = await relay.listen(0, '127.0.0.1');
  const source = relay.sources.find((s) => s.name === 'bluesky') as BlueskySource;
  return { relay, url, clock, source };
}

async function viewer(url: string) {
  const wall = client(url, 'askgmp');
  cleanup.push(() => wall.close());
  await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
  return wall;
}

const idOf = (e: { did: string; commit?: unknown }): string =>
  blueskyPostId(postUri(e.did, (e.commit as { rkey: string }).rkey));

describe('Bluesky source through the relay', () => {
  it('keeps the posts tagged for a wall, with their authors, facets and images, and takes a deleted one down', async () => {
    const j = await fake();
    const { relay, url } = await relayWith([j]);
    await j.subscribed();
    expect(j.requests).toContain('WS /subscribe?wantedCollections=app.bsky.feed.post');
    const wall = await viewer(url);

    // Not for this wall: another tag, a like, an account event. Then a real post from the network
    // whose tag facet names the wall in another case (tags are case-insensitive).
    j.publish(postEvent({ text: 'Something else #elsewhere' }));
    j.publish(fixture('jetstream-readme-commit-create-like'));
    j.publish(fixture('jetstream-account'));
    const real = fixture('jetstream-commit-create-post-facets-images');
    const record = (real.commit as { record: { facets: { features: { tag?: string }[] }[] } }).record;
    record.facets[1]!.features[0]!.tag = 'AskGMP';
    j.publish({ ...real, did: DIDS.alice, time_us: real.time_us + 10_000_000 });
    const post = await waitFor(wall, 'post');
    expect(post.id).toBe(idOf({ did: DIDS.alice, commit: real.commit }));
    expect(post.author).toMatchObject({ id: DIDS.alice, handle: 'alice.test', name: 'ali' });
    expect(post.author.avatar).toMatch(/^https:\/\/cdn\.bsky\.app\//);
    expect(post.segments.map((s) => s.type)).toEqual(['text', 'link', 'text', 'hashtag', 'text', 'hashtag']);
    expect(post.segments[1]).toMatchObject({
      text: 'www.tumblr.com/tempo-tales/...',
      url: expect.stringMatching(/^https:\/\/www\.tumblr\.com\/tempo-tales\//),
    });
    expect(post.segments[3]).toEqual({ type: 'hashtag', text: '#talesatwonderworld', tag: 'AskGMP' });
    expect(post.media).toEqual([
      {
        type: 'image',
        url: `https://cdn.bsky.app/img/feed_fullsize/plain/${DIDS.alice}/bafkreidrnwt23f7wy7fyfex5acdkxh62wsgpg245ame4c4rogfwb3upyaa@jpeg`,
        width: 889,
        height: 889,
      },
    ]);
    expect(post.url).toBe(`https://bsky.app/profile/${DIDS.alice}/post/3mptbyo7tas2u`);
    expect(post.lang).toBe('es');

    // A client that adds no facets: the tag written in the text still counts.
    j.publish(postEvent({ text: 'Plain text #askgmp question', did: DIDS.bob, facets: [] }));
    const plain = await waitFor(wall, 'post');
    expect(plain.author.handle).toBe('bob.test');
    expect(plain.segments).toContainEqual({ type: 'hashtag', text: '#askgmp', tag: 'askgmp' });

    // A delete commit takes it off every screen and the public list, audited.
    const rkey = (real.commit as { rkey: string }).rkey;
    j.publish(deleteEvent(DIDS.alice, rkey));
    expect((await waitFor(wall, 'remove')).id).toBe(post.id);
    const listed = (await (await fetch(`${url}/api/walls/askgmp/posts`)).json()) as { posts: { id: string }[] };
    expect(listed.posts.map((p) => p.id)).toEqual([plain.id]);
    const audit = await relay.store.listAudit('askgmp', { limit: 10 });
    expect(audit[0]).toMatchObject({ action: 'remove', actor: 'source', reason: 'deleted at source', postId: post.id });
  });

  it('fails over to the next Jetstream after a drop, resumes from the cursor moved back, and drops repeats', async () => {
    const a = await fake();
    const b = await fake();
    const { url, clock, source } = await relayWith([a, b], { appview: a });
    await a.subscribed();
    const wall = await viewer(url);
    const first = postEvent({ text: 'first #askgmp' });
    a.publish(first);
    await waitFor(wall, 'post');

    a.drop();
    await vi.waitFor(() => expect(source.health().state).toBe('backoff'));
    expect(source.health().detail).toMatch(/connection closed; next 127\.0\.0\.1:\d+/);
    // Jetstream instances share the network's history: b has what a had, and what came meanwhile.
    const missed = postEvent({ text: 'while away #askgmp' });
    for (const e of [first, missed]) b.publish(e, { live: false });
    const [delay] = clock.pendingDelays();
    expect(delay).toBeGreaterThanOrEqual(500); // 1 s with equal jitter: between 0.5 and 1 s
    expect(delay).toBeLessThanOrEqual(1_000);
    clock.advance(1_000);
    await b.subscribed();
    const resumed = b.requests.find((r) => r.startsWith('WS /subscribe'))!;
    expect(resumed).toBe(`WS /subscribe?wantedCollections=app.bsky.feed.post&cursor=${first.time_us - REWIND_US}`);
    await vi.waitFor(() => expect(wall.posts.map((p) => p.text)).toEqual(['while away #askgmp', 'first #askgmp']));

    // Live again: a repeat and an older event out of order give one post each.
    const late = postEvent({ text: 'late #askgmp' });
    const newer = postEvent({ text: 'newer #askgmp' });
    b.send(newer);
    b.send(late);
    b.send(newer);
    await vi.waitFor(() => expect(wall.posts).toHaveLength(4));
    expect(new Set(wall.posts.map((p) => p.id)).size).toBe(4);
    // The cursor never moves back for an older event.
    expect(source.resumeCursor).toBe(newer.time_us);
    expect(source.health().parts?.map((p) => p.state)).toEqual(['backoff', 'running', 'running']);
  });

  it('a delete that overtakes its post, or comes before a replayed create, keeps the post off the wall', async () => {
    const j = await fake();
    const { relay, url, source } = await relayWith([j]);
    await j.subscribed();
    const wall = await viewer(url);
    const post = postEvent({ text: 'soon gone #askgmp' });
    const rkey = (post.commit as { rkey: string }).rkey;
    j.send(deleteEvent(post.did, rkey));
    j.send(post);
    const marker = postEvent({ text: 'marker #askgmp' });
    j.send(marker);
    await waitFor(wall, 'post', (p) => p.text === 'marker #askgmp');
    await source.settled();
    await relay.ingest.drain();
    expect(wall.posts.map((p) => p.text)).toEqual(['marker #askgmp']);
  });

  it('skips and counts malformed frames and hostile records, and keeps reading', async () => {
    const j = await fake();
    const { relay, url, source } = await relayWith([j]);
    await j.subscribed();
    const wall = await viewer(url);
    j.sendRaw('not json');
    j.sendRaw(JSON.stringify({ did: 'not-a-did', time_us: 1, kind: 'commit' }));
    j.sendRaw(JSON.stringify({ ...postEvent(), time_us: 'soon' }));
    j.send(postEvent({ record: { text: 'x'.repeat(5000) + ' #askgmp' } }));
    // A link facet to javascript:, facets outside the text and splitting an emoji, an http avatar.
    const hostile = postEvent({
      text: '👋 click me #askgmp',
      facets: [
        {
          index: { byteStart: 5, byteEnd: 13 },
          features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'javascript:alert(1)' }],
        },
        { index: { byteStart: 2, byteEnd: 3 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'askgmp' }] },
        {
          index: { byteStart: 900, byteEnd: 990 },
          features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'askgmp' }],
        },
      ],
      did: DIDS.carol,
    });
    j.profiles.set(DIDS.carol, {
      did: DIDS.carol,
      handle: 'not a handle',
      displayName: 'Carol\u0007',
      avatar: 'http://x.example/a.jpg',
    });
    j.send(hostile);
    const post = await waitFor(wall, 'post');
    expect(post.text).toBe('👋 click me #askgmp');
    expect(post.segments.some((s) => s.type === 'link')).toBe(false);
    expect(post.author).toEqual({ id: DIDS.carol, handle: DIDS.carol, name: 'Carol', verified: false });
    expect(source.health().malformed).toBe(4);
    expect(await relay.metrics.registry.getSingleMetricAsString('chat_wall_source_malformed_total')).toMatch(
      /source="bluesky"} 4/,
    );
  });

  it('drops a stalled connection after an unanswered ping, and backs off on a refusal', async () => {
    const j = await fake();
    const { clock, source } = await relayWith([j]);
    await j.subscribed();
    await vi.waitFor(() => expect(clock.pendingDelays()).toContain(JETSTREAM_HEARTBEAT_MS));
    j.fail('WS /subscribe', { status: 503 });
    j.stall();
    clock.advance(JETSTREAM_HEARTBEAT_MS); // ping sent; never answered
    clock.advance(JETSTREAM_HEARTBEAT_MS); // stalled
    await vi.waitFor(() =>
      expect(source.health().parts?.[0]?.detail).toMatch(/stalled \(no answer to a ping in 30 s\)/),
    );
    clock.advance(1_000);
    await vi.waitFor(() => expect(source.health().parts?.[0]?.detail).toBe('refused (HTTP 503)'));
    expect(clock.pendingDelays().some((d) => d >= 1_000 && d <= 2_000)).toBe(true); // the backoff grows
    clock.advance(2_000);
    await j.subscribed();
    await vi.waitFor(() => expect(source.health().state).toBe('running'));
  });

  it('shows the DID while the AppView is down, and says so in the health', async () => {
    const j = await fake();
    j.fail('GET /xrpc/app.bsky.actor.getProfiles', { status: 503 });
    const { url, relay } = await relayWith([j]);
    await j.subscribed();
    const wall = await viewer(url);
    j.publish(postEvent({ text: 'who am I #askgmp' }));
    expect((await waitFor(wall, 'post')).author.handle).toBe(DIDS.alice);
    const health = (await (await fetch(`${url}/healthz`)).json()) as {
      sources: Record<string, { state: string; detail?: string }>;
    };
    // The public answer has the state; why is for the admin token and the console.
    expect(health.sources.bluesky).toEqual({ state: 'backoff' });
    expect(relay.health().bluesky?.detail).toMatch(/AppView profiles: HTTP 503/);
    expect(relay.health().bluesky?.parts?.at(-1)).toMatchObject({ state: 'backoff' });
  });

  it('resumes from the stored cursor after a restart, and a delete after the restart still takes the post down', async () => {
    const store = new MemoryStore();
    const j = await fake();
    const clock = new ManualClock();
    const first = await relayWith([j], { store, clock });
    await j.subscribed();
    const wall = await viewer(first.url);
    const event = postEvent({ text: 'before the restart #askgmp' });
    j.publish(event);
    const post = await waitFor(wall, 'post');
    await first.relay.close();
    expect(await store.getCursor(CURSOR_KEY)).toBe(String(event.time_us));

    const missed = postEvent({ text: 'during the restart #askgmp' });
    j.publish(missed, { live: false });
    const second = await relayWith([j], { store, clock });
    await j.subscribed();
    expect(j.requests.at(-1)).toBe(
      `WS /subscribe?wantedCollections=app.bsky.feed.post&cursor=${event.time_us - REWIND_US}`,
    );
    const again = await viewer(second.url);
    await vi.waitFor(() => expect(again.posts.map((p) => p.text)).toContain('during the restart #askgmp'));
    j.publish(deleteEvent(event.did, (event.commit as { rkey: string }).rkey));
    expect((await waitFor(again, 'remove')).id).toBe(post.id);
  });

  it('stores the cursor only up to the posts it has recorded', async () => {
    const store = new GatedStore();
    const j = await fake();
    const clock = new ManualClock();
    const { source } = await relayWith([j], { store, clock });
    await j.subscribed();
    const first = postEvent({ text: 'recorded #askgmp' });
    j.publish(first);
    await vi.waitFor(async () => expect((await store.listVisiblePosts('askgmp', { limit: 5 })).posts).toHaveLength(1));
    const open = store.hold();
    const second = postEvent({ text: 'read, not yet recorded #askgmp' });
    j.publish(second);
    await vi.waitFor(() => expect(source.health().postsDelivered).toBe(2));
    // Saved while the second is being recorded: just before it, so a restart reads it again.
    await vi.waitFor(async () => {
      clock.advance(CURSOR_SAVE_MS);
      expect(await store.getCursor(CURSOR_KEY)).toBe(String(second.time_us - 1));
    });
    open();
    await vi.waitFor(async () => {
      clock.advance(CURSOR_SAVE_MS);
      expect(await store.getCursor(CURSOR_KEY)).toBe(String(second.time_us));
    });
  });

  it('batches author lookups and caches them', async () => {
    const j = await fake();
    const { url, source } = await relayWith([j]);
    await j.subscribed();
    const wall = await viewer(url);
    for (let i = 0; i < 5; i++) j.send(postEvent({ text: `q${i} #askgmp`, did: i % 2 ? DIDS.bob : DIDS.alice }));
    await vi.waitFor(() => expect(wall.posts).toHaveLength(5));
    await source.settled();
    const lookups = j.requests.filter((r) => r.startsWith('GET /xrpc/app.bsky.actor.getProfiles'));
    expect(lookups.length).toBeLessThanOrEqual(2);
    expect(new Set(wall.posts.map((p) => p.author.handle))).toEqual(new Set(['alice.test', 'bob.test']));
  });

  it('refuses a Jetstream that is not a ws(s) URL, naming the key, and needs no bluesky key otherwise', () => {
    const walls = [{ tag: 'askGMP', sources: ['bluesky'] }];
    expect(() =>
      parseConfig({ walls, bluesky: { jetstream: ['wss://ok.example', 'https://jetstream.example'] } }),
    ).toThrow(ConfigError);
    expect(() => parseConfig({ walls, bluesky: { jetstream: 'https://jetstream.example' } })).toThrow(
      /bluesky\.jetstream/,
    );
    expect(parseConfig({ walls }).bluesky).toBeUndefined();
  });
});
