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
import { startBenchRelay, timeAgainstBroadcast } from './bench-relay.js';
import { now, startViewers } from './viewer-fleet.js';

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

  await timeAgainstBroadcast(bench, {
    fleet,
    count: actions,
    isTimed: () => true,
    act: (i) => mod.approve('askgmp', `replay:${i}`, { expected: 'held' }),
    done: () => mod.close(),
    title: (bytes, n) =>
      `Moderator action (approve → post.added, ${bytes} B JSON, ${storeKind} store) to ${viewers} viewers, ${n} actions:`,
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
