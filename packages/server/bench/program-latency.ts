/**
 * Take → on screen latency, on loopback.
 *
 * One relay (this process) with a post-moderated wall of approved posts; N real socket.io-client
 * viewers in child processes (what an overlay page's `<chat-wall>` holds open); one producer (the
 * SDK's moderator client) takes a post to air, again and again, each time another one. For each
 * take we time the moderator's call until the `wall.updated` event carrying the program arrives at
 * every viewer.
 *
 * As a same-run baseline, the relay's socket.io server then broadcasts the same message (the take's
 * event, same size) straight to the same room: no desk, no store, no log. The target: p99 ≤ 100 ms
 * with 1,000 viewers.
 *
 *   node --import tsx packages/server/bench/program-latency.ts [viewers=1000] [takes=200] [processes=2] [store=memory|sqlite]
 *
 * With `sqlite`, the relay keeps everything in a SQLite file in a temporary folder (removed at the end).
 */
import { connectModerator } from '@chat-wall/sdk';
import { startBenchRelay, timeAgainstBroadcast } from './bench-relay.js';
import { now, startViewers } from './viewer-fleet.js';

/** Posts the takes rotate through. */
const POSTS = 20;

async function main(viewers: number, takes: number, procs: number, storeKind: string): Promise<void> {
  const bench = await startBenchRelay('post', storeKind, POSTS);
  const { relay, url } = bench;

  const fleet = startViewers(url, 'askgmp', viewers, procs);
  const t0 = now();
  await fleet.ready;
  process.stdout.write(
    `${viewers} viewers (${procs} processes) connected and subscribed in ${Math.round(now() - t0)} ms\n`,
  );

  const { token } = await relay.tokens.mint('bench', ['askgmp'], undefined, ['produce']);
  const producer = connectModerator({ server: url, token });
  await producer.join('askgmp');

  await timeAgainstBroadcast(bench, {
    fleet,
    count: takes,
    isTimed: (event) => event.type === 'wall.updated' && event.wall.program !== undefined,
    act: (i) => producer.produce({ tag: 'askgmp', action: 'take', postId: `replay:${(i % POSTS) + 1}` }),
    done: () => producer.close(),
    title: (bytes, n) =>
      `Take to air (take → wall.updated with the program, ${bytes} B JSON, ${storeKind} store) to ${viewers} viewers, ${n} takes:`,
  });
  fleet.close();
  await bench.close();
}

await main(
  Number(process.argv[2] ?? 1000),
  Number(process.argv[3] ?? 200),
  Number(process.argv[4] ?? 2),
  process.argv[5] ?? 'memory',
);
