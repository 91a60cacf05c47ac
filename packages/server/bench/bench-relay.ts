/**
 * The relay the latency benchmarks measure: one wall (#askGMP) fed by a {@linkcode BenchSource}, on a
 * memory store or a SQLite file in a temporary folder, with the per-address budgets lifted (every
 * viewer comes from 127.0.0.1), listening on loopback with `posts` posts already recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModerationMode } from '@chat-wall/sdk/protocol';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { benchPost, BenchSource } from './viewer-fleet.js';

export interface BenchRelay {
  relay: Relay;
  url: string;
  /** Closes the relay and removes its SQLite folder. */
  close(): Promise<void>;
}

export async function startBenchRelay(
  moderation: ModerationMode,
  storeKind: string,
  posts: number,
): Promise<BenchRelay> {
  const source = new BenchSource();
  const dir = storeKind === 'sqlite' ? await mkdtemp(path.join(os.tmpdir(), 'chat-wall-bench-')) : undefined;
  const relay = await Relay.create({
    store: dir ? SqliteStore.open(path.join(dir, 'bench.db')) : new MemoryStore(),
    config: parseConfig({
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation, maxPosts: 50 }],
      replay: { file: 'unused.jsonl' },
    }),
    logger: pino({ level: 'silent' }),
    sources: [source],
    moderation: { socketRateLimit: { capacity: 10_000, perSecond: 10_000 } },
    viewers: { connectionsPerMinute: 1_000_000 },
    connections: { perAddress: 1_000_000, overall: 1_000_000 },
  });
  const url = await relay.listen(0, '127.0.0.1');
  for (let i = 1; i <= posts; i++) source.sink!.post(benchPost(i));
  await relay.ingest.drain();
  return {
    relay,
    url,
    close: async () => {
      await relay.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
