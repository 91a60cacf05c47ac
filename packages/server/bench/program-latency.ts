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
import type { WallEventMessage } from '@chat-wall/sdk/protocol';
import { startBenchRelay } from './bench-relay.js';
import { now, startViewers, summary, timeEach } from './viewer-fleet.js';

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

  const log = relay.walls.get('askgmp')!.log;
  let sample: WallEventMessage | undefined;
  log.subscribe((event, epoch) => {
    if (event.type === 'wall.updated' && event.wall.program) sample ??= { tag: 'askgmp', epoch, event };
  });

  const warm = Math.min(10, Math.floor(takes / 10));
  const measured = await timeEach(
    fleet,
    takes,
    warm,
    () => log.snapshot.seq + 1,
    (i) => producer.produce({ tag: 'askgmp', action: 'take', postId: `replay:${(i % POSTS) + 1}` }),
  );
  producer.close();

  // Baseline: the same message, broadcast by socket.io directly to the same room.
  const nsp = relay.io.of('/walls');
  const baseline = await timeEach(
    fleet,
    takes,
    warm,
    (i) => 1_000_000 + i,
    async (i) => {
      nsp.to('wall:askgmp').emit('wall:event', { ...sample!, event: { ...sample!.event, seq: 1_000_000 + i } });
    },
  );

  const bytes = JSON.stringify(sample).length;
  process.stdout.write(
    `\nTake to air (take → wall.updated with the program, ${bytes} B JSON, ${storeKind} store) to ${viewers} viewers, ${takes - warm} takes:\n` +
      `  every arrival   ${summary(measured.every)}\n` +
      `  last viewer     ${summary(measured.last)}\n` +
      `Baseline: socket.io room broadcast of the same message, ${takes - warm} messages:\n` +
      `  every arrival   ${summary(baseline.every)}\n` +
      `  last viewer     ${summary(baseline.last)}\n`,
  );
  fleet.close();
  await bench.close();
}

await main(
  Number(process.argv[2] ?? 1000),
  Number(process.argv[3] ?? 200),
  Number(process.argv[4] ?? 2),
  process.argv[5] ?? 'memory',
);
