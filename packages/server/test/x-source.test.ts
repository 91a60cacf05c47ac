import { afterEach, describe, expect, it, vi } from 'vitest';
import { NEWEST_ID_CURSOR, type XSource } from '../src/sources/x/x-source.js';
import { metricValue, startX, type XHarness } from './fake-x/x-harness.js';
import { DEFAULT_USER, xTweet } from './fake-x/x-posts.js';

const harnesses: XHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function x(...args: Parameters<typeof startX>): Promise<XHarness> {
  const h = await startX(...args);
  harnesses.push(h);
  return h;
}

describe('X source against the fake X API', () => {
  it('creates one tagged rule per wall and routes posts to every matching wall', async () => {
    const { api, sink } = await x({
      tags: ['askgmp', 'buyerchat'],
      wallOptions: { buyerchat: { excludeReposts: true, languages: ['en', 'fr'] } },
    });
    await api.connected();
    expect(api.rules.map((r) => [r.value, r.tag])).toEqual([
      ['#askgmp', 'chat-wall:askgmp'],
      ['#buyerchat -is:retweet (lang:en OR lang:fr)', 'chat-wall:buyerchat'],
    ]);

    api.send(xTweet(101, 'First question #askGMP'));
    api.send(xTweet(102, 'Both walls #askgmp #BuyerChat'));
    api.send(xTweet(103, 'Only buyers #buyerchat'));
    api.send(xTweet(104, 'German buyers #buyerchat', { lang: 'de' })); // matches no rule
    api.send(xTweet(105, 'Last #askgmp'));
    await sink.count(4);

    expect(sink.ids('askgmp')).toEqual(['x:101', 'x:102', 'x:105']);
    expect(sink.ids('buyerchat')).toEqual(['x:102', 'x:103']);
    const first = sink.posts[0]!.post;
    expect(first).toMatchObject({
      id: 'x:101',
      source: 'x',
      text: 'First question #askGMP',
      tags: ['askgmp'],
      url: 'https://x.com/Xdevelopers/status/101',
      author: { handle: 'Xdevelopers', verified: true },
    });
  });

  it('adds and removes rules as walls change, without reconnecting, and leaves foreign rules alone', async () => {
    const api = await (await import('./fake-x/fake-x-server.js')).FakeXApi.start();
    api.rules.push({ id: '1', value: 'cat has:images', tag: 'cats with images' });
    api.rules.push({ id: '2', value: '#old', tag: 'chat-wall:old' });
    const { source, sink } = await x({ api, tags: ['askgmp', 'buyerchat'] });
    await live(source);
    expect(api.rules.map((r) => r.tag).sort()).toEqual(['cats with images', 'chat-wall:askgmp', 'chat-wall:buyerchat']);

    await source.setTags(['askgmp', 'newwall']);
    expect(api.rules.map((r) => r.tag).sort()).toEqual(['cats with images', 'chat-wall:askgmp', 'chat-wall:newwall']);
    api.send(xTweet(200, 'hello #newwall'));
    await sink.count(1);
    expect(sink.posts[0]!.tags).toEqual(['newwall']);
    expect(api.streamConnects).toBe(1);
    expect(api.openStreams).toBe(1);
  });

  it('keeps an emoji split across two network chunks intact', async () => {
    const { api, sink } = await x();
    await api.connected();
    api.sendSplit(xTweet(300, 'Loving this 🎉🐶 #askgmp ünïcode'));
    await sink.count(1);
    expect(sink.posts[0]!.post.text).toBe('Loving this 🎉🐶 #askgmp ünïcode');
    expect(sink.posts[0]!.post.text).not.toContain('\uFFFD');
  });

  it('delivers duplicates once, takes out-of-order posts and remembers the newest id', async () => {
    const { api, sink, store } = await x();
    await api.connected();
    for (const id of [402, 401, 402, 404, 403, 404]) api.send(xTweet(id, `post ${id} #askgmp`));
    api.send(xTweet(405, 'last #askgmp'));
    await sink.count(5);
    expect(sink.ids()).toEqual(['x:402', 'x:401', 'x:404', 'x:403', 'x:405']);
    expect(await store.getCursor(NEWEST_ID_CURSOR)).toBe('405');
  });

  it('stores the newest id as the cursor only once ingest has recorded the post', async () => {
    const { api, sink, store } = await x();
    await api.connected();
    api.send(xTweet(601, 'first #askgmp'));
    await sink.count(1);
    await vi.waitFor(async () => expect(await store.getCursor(NEWEST_ID_CURSOR)).toBe('601'));
    sink.recordAtOnce = false;
    api.send(xTweet(602, 'read, not yet recorded #askgmp'));
    await sink.count(2);
    // A relay killed now resumes from 601 and finds 602 again.
    expect(await store.getCursor(NEWEST_ID_CURSOR)).toBe('601');
    sink.unrecorded.splice(0).forEach((recorded) => recorded());
    await vi.waitFor(async () => expect(await store.getCursor(NEWEST_ID_CURSOR)).toBe('602'));
  });

  it('counts and skips a malformed line, and ignores unknown rule tags with a warning', async () => {
    const { api, sink, metrics } = await x();
    await api.connected();
    api.sendRaw('{"data": {"id": "1", "text": \r\n');
    api.sendRaw('{"unexpected": true}\r\n');
    api.send(xTweet(501, 'still here #askgmp'), { matchingRules: [{ id: '9', tag: 'someone-elses-rule' }] });
    await sink.count(1);
    expect(sink.posts[0]).toMatchObject({ post: { id: 'x:501' }, tags: ['askgmp'] });
    expect(await metricValue(metrics, 'chat_wall_x_malformed_lines_total')).toBe(2);
    expect(await metricValue(metrics, 'chat_wall_x_unknown_rule_tags_total')).toBe(1);
    expect(api.streamConnects).toBe(1);
  });

  it('skips a stream line over the length cap, in pieces as it arrives, and reads the lines after it', async () => {
    const { api, sink, metrics } = await x();
    await api.connected();
    const { MAX_LINE_CHARS } = await import('../src/sources/x/x-stream.js');
    // A post padded past the cap (a bad proxy's endless line), arriving in 64 KiB network chunks.
    const line = `${JSON.stringify({
      data: xTweet(600, 'padded #askgmp'),
      includes: { users: [DEFAULT_USER] },
      matching_rules: [{ id: '1', tag: 'chat-wall:askgmp' }],
      padding: 'x'.repeat(2 * MAX_LINE_CHARS),
    })}\r\n`;
    for (let at = 0; at < line.length; at += 64 * 1024) api.sendRaw(line.slice(at, at + 64 * 1024));
    api.send(xTweet(502, 'after the long line #askgmp'));
    await sink.count(1);
    expect(sink.ids()).toEqual(['x:502']);
    expect(await metricValue(metrics, 'chat_wall_x_malformed_lines_total')).toBe(1);
    expect(api.streamConnects).toBe(1);
  });

  it('backfills on start from the saved newest id, oldest first, bounded', async () => {
    const api = await (await import('./fake-x/fake-x-server.js')).FakeXApi.start();
    for (let id = 1000; id < 1030; id++) api.post(xTweet(id, `archived ${id} #askgmp`));
    api.post(xTweet(990, 'too old #askgmp'));
    const { MemoryStore } = await import('../src/store/memory-store.js');
    const store = new MemoryStore();
    await store.setCursor(NEWEST_ID_CURSOR, '1009');
    const { source, sink } = await x({ api, store, config: { backfill: { enabled: true, maxPosts: 15 } } });
    await api.answered('GET /2/tweets/search/recent');
    await source.settled();
    // 20 posts are newer than 1009; the backfill reads the newest 15 (one full page of 15).
    expect(sink.ids()).toEqual(Array.from({ length: 15 }, (_, i) => `x:${1015 + i}`));
    expect(api.requests.filter((r) => r === 'GET /2/tweets/search/recent')).toHaveLength(1);
  });

  it('pages through recent search with next_token', async () => {
    const api = await (await import('./fake-x/fake-x-server.js')).FakeXApi.start();
    for (let id = 2000; id < 2250; id++) api.post(xTweet(id, `archived ${id} #askgmp`));
    const { source, sink } = await x({ api, config: { backfill: { enabled: true, maxPosts: 220 } } });
    await api.answered('GET /2/tweets/search/recent', 3);
    await source.settled();
    expect(sink.posts).toHaveLength(220);
    expect(new Set(sink.ids()).size).toBe(220);
    expect(api.requests.filter((r) => r === 'GET /2/tweets/search/recent')).toHaveLength(3);
  });
});

describe('X read budget', () => {
  it('stops the stream when the day’s budget is spent and resumes when raised or on the next UTC day', async () => {
    const { api, sink, source, clock, metrics } = await x({ config: { dailyReadBudget: 3 } });
    await api.connected();
    for (const id of [601, 602, 603]) api.send(xTweet(id, `post #askgmp`));
    await sink.count(3);
    await vi_waitFor(() => api.openStreams === 0);
    expect(source.health()).toMatchObject({ state: 'backoff', detail: expect.stringContaining('read budget of 3') });
    expect(await metricValue(metrics, 'chat_wall_x_read_budget_remaining')).toBe(0);
    expect(await metricValue(metrics, 'chat_wall_x_posts_read_total')).toBe(3);

    source.setReadBudget(5);
    await api.connected(2);
    expect(source.health().state).toBe('running');
    for (const id of [604, 605]) api.send(xTweet(id, `post #askgmp`));
    await sink.count(5);
    await vi_waitFor(() => api.openStreams === 0);

    // Next UTC day: the count starts over and the stream comes back by itself.
    const midnight = Date.UTC(2026, 0, 16);
    clock.advance(midnight - clock.now());
    await api.connected(3);
    expect(api.maxConcurrentStreams).toBe(1);
  });
});

async function vi_waitFor(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => {
    if (!condition()) throw new Error('condition not met yet');
  });
}

/** Resolves once the source's stream is connected (as the client sees it). */
function live(source: XSource): Promise<void> {
  return vi_waitFor(() => source.streamStatus.state === 'connected');
}
