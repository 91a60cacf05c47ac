import { connectWall } from '@chat-wall/sdk';
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

it('walls on one server share one connection; closing one leaves the others live', async () => {
  relay = await startRelay({
    ...DEFAULT_CONFIG,
    walls: [
      { tag: 'askGMP', sources: ['replay'] },
      { tag: 'BuyerChat', sources: ['replay'] },
    ],
  });
  const a = connectWall({ server: relay.url, tag: 'askGMP' });
  await waitFor(a, 'status', (s) => s.state === 'live');
  // The shared socket is already connected when the second wall starts.
  const b = connectWall({ server: relay.url, tag: 'BuyerChat' });
  const c = connectWall({ server: relay.url, tag: 'askgmp' });
  await Promise.all([b, c].map((w) => waitFor(w, 'status', (s) => s.state === 'live')));
  expect(relay.relay.io.of('/walls').sockets.size).toBe(1);

  a.close();
  relay.source.push(makePost(1, 'one #askGMP'), makePost(2, 'two #BuyerChat'));
  await Promise.all([waitForSeq(b, 1), waitForSeq(c, 1)]);
  expect(b.posts.map((p) => p.id)).toEqual(['replay:2']);
  expect(c.posts.map((p) => p.id)).toEqual(['replay:1']);
  expect(a.posts).toEqual([]);
  expect(a.status).toBe('closed');

  b.close();
  c.close();
  // The last user gave the connection back: the server sees it go.
  await expect.poll(() => relay!.relay.io.of('/walls').sockets.size).toBe(0);
});

it('two walls of one tag on one connection: closing one leaves the other subscribed', async () => {
  relay = await startRelay({
    ...DEFAULT_CONFIG,
    walls: [
      { tag: 'askGMP', sources: ['replay'] },
      { tag: 'BuyerChat', sources: ['replay'] },
    ],
  });
  const viewers = relay.relay.io.of('/walls');
  const a = connectWall({ server: relay.url, tag: 'askGMP' });
  const b = connectWall({ server: relay.url, tag: '#AskGMP' });
  await Promise.all([a, b].map((w) => waitFor(w, 'status', (s) => s.state === 'live')));
  expect(viewers.sockets.size).toBe(1);

  a.close();
  // The relay handles one connection's requests in order: once a wall subscribed after the close
  // is live, the close has been handled too.
  const other = connectWall({ server: relay.url, tag: 'BuyerChat' });
  await waitFor(other, 'status', (s) => s.state === 'live');
  const [socket] = viewers.sockets.values();
  expect([...socket!.rooms].filter((r) => r.startsWith('wall:askgmp'))).not.toEqual([]);

  relay.source.push(makePost(1, 'one #askGMP'));
  await waitForSeq(b, 1);
  expect(b.posts.map((p) => p.id)).toEqual(['replay:1']);
  expect(a.posts).toEqual([]);

  // The last wall of the tag leaves its room; the connection stays for the other wall.
  b.close();
  const third = connectWall({ server: relay.url, tag: 'BuyerChat' });
  await waitFor(third, 'status', (s) => s.state === 'live');
  expect([...socket!.rooms].filter((r) => r.startsWith('wall:askgmp'))).toEqual([]);
  expect(socket!.connected).toBe(true);
  other.close();
  third.close();
});
