import type { AddressInfo } from 'node:net';
import { ConnectionState } from '@chat-wall/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { client, DEFAULT_CONFIG, makePost, startRelay, waitFor, waitForSeq, type TestRelay } from './support/util.js';

const relays: TestRelay[] = [];
const walls: { close(): void }[] = [];
afterEach(async () => {
  walls.splice(0).forEach((w) => w.close());
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relay(...args: Parameters<typeof startRelay>): Promise<TestRelay> {
  const r = await startRelay(...args);
  relays.push(r);
  return r;
}
function viewer(url: string, tag?: string) {
  const w = client(url, tag);
  walls.push(w);
  return w;
}

describe('relay → SDK stream', () => {
  it('delivers posts in order, each once, even when the source repeats them', async () => {
    const { url, source, relay: r } = await relay();
    const wall = viewer(url);
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    const received: string[] = [];
    wall.on('post', (p) => received.push(p.id));

    const posts = Array.from({ length: 60 }, (_, i) => makePost(i + 1));
    source.push(...posts.slice(0, 30), posts[3]!, posts[10]!, ...posts.slice(30), posts[59]!);
    await r.ingest.drain();
    await waitForSeq(wall, 60);

    expect(received).toEqual(posts.map((p) => p.id));
    expect(wall.posts.map((p) => p.id)).toEqual(posts.map((p) => p.id).reverse());
    expect(wall.state?.seq).toBe(60);
  });

  it('gives a late viewer a snapshot of what is already on the wall', async () => {
    const { url, source, relay: r } = await relay();
    source.push(makePost(1), makePost(2), makePost(3));
    await r.ingest.drain();
    const wall = viewer(url, '#ASKGMP');
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    expect(wall.posts.map((p) => p.id)).toEqual(['replay:3', 'replay:2', 'replay:1']);
    expect(wall.state?.wall.tag).toBe('askgmp');
  });

  it('routes posts only to the walls whose hashtag they carry', async () => {
    const {
      url,
      source,
      relay: r,
    } = await relay({
      ...DEFAULT_CONFIG,
      walls: [
        { tag: 'askGMP', sources: ['replay'] },
        { tag: 'BuyerChat', sources: ['replay'] },
      ],
    });
    source.push(makePost(1, 'about #askGMP'), makePost(2, 'about #BuyerChat'), makePost(3, 'both #askgmp #buyerchat'));
    await r.ingest.drain();
    const a = viewer(url, 'askGMP');
    const b = viewer(url, 'buyerchat');
    await Promise.all([waitForSeq(a, 2), waitForSeq(b, 2)]);
    expect(a.posts.map((p) => p.id)).toEqual(['replay:3', 'replay:1']);
    expect(b.posts.map((p) => p.id)).toEqual(['replay:3', 'replay:2']);
  });

  it('holds posts on a pre-moderated wall instead of showing them', async () => {
    const {
      url,
      source,
      relay: r,
    } = await relay({
      ...DEFAULT_CONFIG,
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre' }],
    });
    source.push(makePost(1));
    await r.ingest.drain();
    const wall = viewer(url);
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    expect(wall.posts).toEqual([]);
    expect((await r.store.getPost('askgmp', 'replay:1'))?.status).toBe('held');
  });
});

describe('resume', () => {
  it('a viewer that drops mid-stream ends with exactly the posts of one that never dropped', async () => {
    const { url, source, relay: r } = await relay();
    const steady = viewer(url);
    const flaky = viewer(url);
    await Promise.all([steady, flaky].map((w) => waitFor(w, 'status', (s) => s.state === 'live')));
    const flakyAdds: string[] = [];
    flaky.on('post', (p) => flakyAdds.push(p.id));

    source.push(...Array.from({ length: 20 }, (_, i) => makePost(i + 1)));
    await r.ingest.drain();
    await waitForSeq(flaky, 20);

    // Cut the flaky viewer's connection at the server, then keep posting while it is away.
    const reconnected = waitFor(flaky, 'status', (s) => s.state === 'live');
    const dropped = waitFor(flaky, 'status', (s) => s.state === 'reconnecting');
    const sockets = [...r.io.of('/walls').sockets.values()];
    expect(sockets).toHaveLength(2);
    sockets[1]!.conn.close();
    await dropped;
    source.push(...Array.from({ length: 20 }, (_, i) => makePost(i + 21)));
    await r.ingest.drain();
    const change = await reconnected;
    await Promise.all([waitForSeq(steady, 40), waitForSeq(flaky, 40)]);

    expect(change.resumed).toBe(true);
    expect(flaky.state).toEqual(steady.state);
    expect(flakyAdds).toEqual(Array.from({ length: 40 }, (_, i) => `replay:${i + 1}`));
  });

  it('sends a snapshot when the server log has a new epoch (store lost)', async () => {
    const first = await relay();
    const port = (first.relay.http.address() as AddressInfo).port;
    first.source.push(makePost(1), makePost(2));
    await first.relay.ingest.drain();
    const wall = viewer(first.url);
    await waitForSeq(wall, 2);
    const oldEpoch = wall.state!.epoch;
    const removed: string[] = [];
    wall.on('remove', (p) => removed.push(p.id));

    const dropped = waitFor(wall, 'status', (s) => s.state === 'reconnecting');
    await first.close();
    await dropped;

    // A new relay on the same port with an empty store: new epoch, other posts.
    const second = await relay(DEFAULT_CONFIG, { port });
    second.source.push(makePost(7));
    await second.relay.ingest.drain();
    const change = await waitFor(wall, 'status', (s) => s.state === 'live', 10_000);
    await waitForSeq(wall, 1);

    expect(change.resumed).toBe(false);
    expect(wall.state!.epoch).not.toBe(oldEpoch);
    expect(wall.state!.epoch).toBe(second.relay.walls.get('askgmp')!.log.epoch);
    expect(wall.posts.map((p) => p.id)).toEqual(['replay:7']);
    expect(removed.sort()).toEqual(['replay:1', 'replay:2']);
  });
});
