/**
 * The relay the latency benchmarks measure: one wall (#askGMP) fed by a {@linkcode BenchSource}, on a
 * memory store or a SQLite file in a temporary folder, with the per-address budgets lifted (every
 * viewer comes from 127.0.0.1), listening on loopback with `posts` posts already recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModerationMode, WallEvent, WallEventMessage } from '@chat-wall/sdk/protocol';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { benchPost, BenchSource, summary, timeEach, type ViewerFleet } from './viewer-fleet.js';

export interface BenchRelay {
  relay: Relay;
  url: string;
  /** The source that feeds #askGMP. */
  source: BenchSource;
  /** Closes the relay and removes its SQLite folder. */
  close(): Promise<void>;
}

export async function startBenchRelay(
  moderation: ModerationMode,
  storeKind: string,
  posts: number,
  wall: { maxPosts?: number; batchWindowMs?: number } = {},
): Promise<BenchRelay> {
  const source = new BenchSource();
  const dir = storeKind === 'sqlite' ? await mkdtemp(path.join(os.tmpdir(), 'chat-wall-bench-')) : undefined;
  const relay = await Relay.create({
    store: dir ? SqliteStore.open(path.join(dir, 'bench.db')) : new MemoryStore(),
    config: parseConfig({
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation, maxPosts: wall.maxPosts ?? 50 }],
      replay: { file: 'unused.jsonl' },
    }),
    logger: pino({ level: 'silent' }),
    sources: [source],
    moderation: { socketRateLimit: { capacity: 10_000, perSecond: 10_000 } },
    viewers: {
      connectionsPerMinute: 1_000_000,
      ...(wall.batchWindowMs !== undefined ? { batchWindowMs: wall.batchWindowMs } : {}),
    },
    connections: { perAddress: 1_000_000, overall: 1_000_000 },
  });
  const url = await relay.listen(0, '127.0.0.1');
  for (let i = 1; i <= posts; i++) source.sink!.post(benchPost(i));
  await relay.ingest.drain();
  return {
    relay,
    url,
    source,
    close: async () => {
      await relay.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One latency run: what the relay does, timed next to a bare socket.io broadcast of the same message. */
export interface LatencyRun {
  fleet: ViewerFleet;
  /** Actions in all; the first tenth (at most 10) warm up and are not measured. */
  count: number;
  /** The log event whose arrival at every viewer ends one action's timing; the first is the baseline's message. */
  isTimed(event: WallEvent): boolean;
  /** Performs action `i`. */
  act(i: number): Promise<unknown>;
  /** Called once the relay's actions are timed, before the baseline (closes the acting client). */
  done(): void;
  /** The report's first line, given the message size in bytes and the measured count. */
  title(bytes: number, measured: number): string;
}

/** Times `run` on the bench relay's #askGMP, then the same-run baseline, and prints both. */
export async function timeAgainstBroadcast(bench: BenchRelay, run: LatencyRun): Promise<void> {
  const log = bench.relay.walls.get('askgmp')!.log;
  let sample: WallEventMessage | undefined;
  log.subscribe((event, epoch) => {
    if (run.isTimed(event)) sample ??= { tag: 'askgmp', epoch, event };
  });

  // Warm-up: a few actions not measured (JIT, socket buffers).
  const warm = Math.min(10, Math.floor(run.count / 10));
  const measured = await timeEach(run.fleet, run.count, warm, () => log.snapshot.seq + 1, run.act);
  run.done();

  // Baseline: the same message, broadcast by socket.io directly to the same room.
  const nsp = bench.relay.io.of('/walls');
  const baseline = await timeEach(
    run.fleet,
    run.count,
    warm,
    (i) => 1_000_000 + i,
    async (i) => {
      nsp.to('wall:askgmp').emit('wall:event', { ...sample!, event: { ...sample!.event, seq: 1_000_000 + i } });
    },
  );

  const n = run.count - warm;
  process.stdout.write(
    `\n${run.title(JSON.stringify(sample).length, n)}\n` +
      `  every arrival   ${summary(measured.every)}\n` +
      `  last viewer     ${summary(measured.last)}\n` +
      `Baseline: socket.io room broadcast of the same message, ${n} messages:\n` +
      `  every arrival   ${summary(baseline.every)}\n` +
      `  last viewer     ${summary(baseline.last)}\n`,
  );
}
