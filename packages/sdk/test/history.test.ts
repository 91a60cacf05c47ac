import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connectWall, fetchPosts, ChatWallError, type WallEvent } from '@chat-wall/sdk';
import { afterEach, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  makePost,
  startRelay,
  waitFor,
  waitForSeq,
  type TestRelay,
} from '../../server/test/support/util.js';

let relay: TestRelay | undefined;
afterEach(() => relay?.close());

async function relayWith(count: number): Promise<TestRelay> {
  relay = await startRelay(DEFAULT_CONFIG);
  relay.source.push(...Array.from({ length: count }, (_, i) => makePost(i + 1)));
  await relay.relay.ingest.drain();
  return relay;
}

it('fetchPosts pages through a wall’s history, newest first, until there is no next', async () => {
  const { url } = await relayWith(5);
  const first = await fetchPosts({ server: url, tag: '#ASKgmp', limit: 2 });
  expect(first.posts.map((p) => p.id)).toEqual(['replay:5', 'replay:4']);
  expect(first.next).toBe('replay:4');
  const second = await fetchPosts({ server: url, tag: 'askGMP', limit: 2, before: first.next! });
  expect(second.posts.map((p) => p.id)).toEqual(['replay:3', 'replay:2']);
  const last = await fetchPosts({ server: url, tag: 'askGMP', limit: 2, before: second.next! });
  expect(last).toEqual({ posts: [expect.objectContaining({ id: 'replay:1' })] });
});

it('fetchPosts rejects with the server’s error: unknown cursor, unknown wall, unreachable, not a relay', async () => {
  const { url } = await relayWith(1);
  const bad = await fetchPosts({ server: url, tag: 'askGMP', before: 'replay:99' }).catch((e: unknown) => e);
  expect(bad).toBeInstanceOf(ChatWallError);
  expect(bad).toMatchObject({ code: 'bad_request', field: 'before', status: 400 });
  await expect(fetchPosts({ server: url, tag: 'nope' })).rejects.toMatchObject({ code: 'unknown_wall', status: 404 });

  const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'));
  other.listen(0, '127.0.0.1');
  await once(other, 'listening');
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  await expect(fetchPosts({ server: otherUrl, tag: 'askGMP' })).rejects.toMatchObject({ code: 'internal' });
  await new Promise((resolve) => other.close(resolve));
  await expect(fetchPosts({ server: otherUrl, tag: 'askGMP' })).rejects.toMatchObject({ code: 'unreachable' });
});

it('a wall emits every live event, also about posts its state no longer holds', async () => {
  relay = await startRelay({ ...DEFAULT_CONFIG, walls: [{ tag: 'askGMP', sources: ['replay'], maxPosts: 1 }] });
  const wall = connectWall({ server: relay.url, tag: 'askGMP', forceNew: true });
  await waitFor(wall, 'status', (s) => s.state === 'live');
  const events: WallEvent['type'][] = [];
  wall.on('event', (e) => events.push(e.type));
  relay.source.push(makePost(1), makePost(2));
  await waitForSeq(wall, 2);
  await relay.relay.walls.get('askGMP')!.log.append({ type: 'post.removed', id: 'replay:1' });
  await waitForSeq(wall, 3);
  expect(wall.posts.map((p) => p.id)).toEqual(['replay:2']);
  expect(events).toEqual(['post.added', 'post.added', 'post.removed']);
  wall.close();
});
