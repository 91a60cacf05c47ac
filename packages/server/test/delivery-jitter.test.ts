import type { Socket as NetSocket } from 'node:net';
import type { Wall } from '@chat-wall/sdk';
import type { Socket } from 'socket.io-client';
import { afterEach, expect, it } from 'vitest';
import { client, makePost, startRelay, type TestRelay } from './support/util.js';

// Delivery under network jitter: every viewer's connection is cut at random while posts flow; each
// viewer must end with every post, and fold no event twice. The full run (5 minutes, a cut
// about every 15 s) is this test with CHAT_WALL_JITTER_SECONDS=300 CHAT_WALL_JITTER_CUT_SECONDS=15;
// the suite runs a short one with cuts as often relative to its length.

const SECONDS = Number(process.env.CHAT_WALL_JITTER_SECONDS ?? 20);
const CUT_SECONDS = Number(process.env.CHAT_WALL_JITTER_CUT_SECONDS ?? 1.5);
const VIEWERS = 12;
const POSTS_PER_SECOND = 5;

let t: TestRelay | undefined;
const walls: Wall[] = [];
afterEach(async () => {
  walls.splice(0).forEach((w) => w.close());
  await t?.close();
});

/** Cuts a viewer's TCP connection as a network would: the SDK sees it drop, reconnects and resumes. */
function cut(wall: Wall): boolean {
  const socket = (wall as unknown as { socket: Socket }).socket;
  const transport = socket.io.engine?.transport as unknown as { ws?: { _socket?: NetSocket } } | undefined;
  const tcp = transport?.ws?._socket;
  if (!tcp || tcp.destroyed) return false;
  tcp.destroy();
  return true;
}

it(
  `every viewer gets every post exactly once while its connection is cut about every ${CUT_SECONDS} s`,
  async () => {
    const relay = (t = await startRelay(
      {
        walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'auto', maxPosts: 1000 }],
        replay: { file: 'fed-by-the-test.jsonl' },
      },
      { viewers: { connectionsPerMinute: 100_000 } },
    ));
    const folded = Array.from({ length: VIEWERS }, () => new Map<number, number>());
    for (let i = 0; i < VIEWERS; i++) {
      const wall = client(relay.url);
      walls.push(wall);
      wall.on('event', (event) => folded[i]!.set(event.seq, (folded[i]!.get(event.seq) ?? 0) + 1));
    }

    const end = performance.now() + SECONDS * 1000;
    const nextCut = walls.map(() => performance.now() + Math.random() * 2 * CUT_SECONDS * 1000);
    let cuts = 0;
    let n = 0;
    while (performance.now() < end) {
      // One author per post: the flood filters (per-author rate cap) are not what this test is about.
      const post = makePost(++n, `Question ${n} #askGMP`);
      relay.source.push({ ...post, author: { ...post.author, id: `a${n}`, handle: `a${n}` } });
      const at = performance.now();
      walls.forEach((wall, i) => {
        if (at < nextCut[i]!) return;
        if (cut(wall)) cuts++;
        nextCut[i] = at + Math.random() * 2 * CUT_SECONDS * 1000;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000 / POSTS_PER_SECOND));
    }
    await relay.relay.ingest.drain();
    const head = relay.relay.walls.get('askGMP')!.log.snapshot;
    expect(head.posts).toHaveLength(n);
    await expect
      .poll(() => walls.filter((w) => w.state?.seq === head.seq).length, { timeout: 20_000, interval: 100 })
      .toBe(VIEWERS);

    const expected = head.posts.map((p) => p.id);
    for (let i = 0; i < VIEWERS; i++) {
      // 100 % delivered: the viewer shows every post, in the wall's order.
      expect(walls[i]!.posts.map((p) => p.id)).toEqual(expected);
      // 0 duplicates: no event was folded twice.
      expect([...folded[i]!.values()].filter((count) => count > 1)).toEqual([]);
    }
    // The jitter happened: about one cut per viewer per CUT_SECONDS.
    expect(cuts).toBeGreaterThanOrEqual((VIEWERS * SECONDS) / CUT_SECONDS / 3);
  },
  (SECONDS + 60) * 1000,
);
