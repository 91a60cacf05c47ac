/**
 * Moderator action → viewer latency, on loopback.
 *
 * One relay (this process) with a pre-moderated wall; N real socket.io-client viewers (websocket
 * transport) in a child process, so their decoding does not share a thread with the relay; one
 * moderator (the SDK's moderator client) approves held posts one at a time. For each action we
 * take the time from the moderator's call to the arrival of the `post.added` event at every viewer.
 *
 * As a same-run baseline, the relay's socket.io server then broadcasts an identical-size message
 * straight to the same room (no moderation, no store, no log), measured the same way.
 *
 *   node --import tsx packages/server/bench/moderation-latency.ts [viewers=1000] [actions=200] [processes=2] [store=memory|sqlite]
 *
 * With `sqlite`, the relay keeps everything in a SQLite file in a temporary folder (removed at the end).
 */
import { connectModerator } from '@chat-wall/sdk';
import type { WallEventMessage } from '@chat-wall/sdk/protocol';
import { startBenchRelay } from './bench-relay.js';
import { now, startViewers, summary, timeEach } from './viewer-fleet.js';

async function main(viewers: number, actions: number, procs: number, storeKind: string): Promise<void> {
  const bench = await startBenchRelay('pre', storeKind, actions);
  const { relay, url } = bench;

  const fleet = startViewers(url, 'askgmp', viewers, procs);
  const t0 = now();
  await fleet.ready;
  process.stdout.write(
    `${viewers} viewers (${procs} processes) connected and subscribed in ${Math.round(now() - t0)} ms\n`,
  );

  const { token } = await relay.tokens.mint('bench', ['askgmp']);
  const mod = connectModerator({ server: url, token });
  await mod.join('askgmp');

  const log = relay.walls.get('askgmp')!.log;
  let sample: WallEventMessage | undefined;
  log.subscribe((event, epoch) => (sample ??= { tag: 'askgmp', epoch, event }));

  // Warm-up: a few actions not measured (JIT, socket buffers).
  const warm = Math.min(10, Math.floor(actions / 10));
  const measured = await timeEach(
    fleet,
    actions,
    warm,
    () => log.snapshot.seq + 1,
    (i) => mod.approve('askgmp', `replay:${i}`, { expected: 'held' }),
  );
  mod.close();

  // Baseline: the same message size, broadcast by socket.io directly to the same room.
  const nsp = relay.io.of('/walls');
  const baseline = await timeEach(
    fleet,
    actions,
    warm,
    (i) => 1_000_000 + i,
    async (i) => {
      nsp.to('wall:askgmp').emit('wall:event', { ...sample!, event: { ...sample!.event, seq: 1_000_000 + i } });
    },
  );

  const bytes = JSON.stringify(sample).length;
  process.stdout.write(
    `\nModerator action (approve → post.added, ${bytes} B JSON, ${storeKind} store) to ${viewers} viewers, ${actions - warm} actions:\n` +
      `  every arrival   ${summary(measured.every)}\n` +
      `  last viewer     ${summary(measured.last)}\n` +
      `Baseline: socket.io room broadcast of the same message, ${actions - warm} messages:\n` +
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
