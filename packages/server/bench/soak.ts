/**
 * Soak: a relay under a steady rate of posts for a long time (30 minutes by default), with viewers
 * connected throughout and some of them reconnecting now and then. Memory must stay flat: the
 * relay's heap at the end is compared with its heap once warmed up (after the first sixth of the
 * run), both measured after a full garbage collection, in this same run. Every viewer must end
 * with exactly the posts the wall shows.
 *
 *   node --expose-gc --import tsx packages/server/bench/soak.ts [minutes=30] [postsPerSecond=10] [viewers=40]
 *
 * `pnpm bench` runs it with `CHAT_WALL_SOAK_MINUTES` minutes (default 30).
 */
import { connectWall, type Wall } from '@chat-wall/sdk';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { benchPost, BenchSource } from './viewer-fleet.js';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMiB(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(minutes: number, perSecond: number, viewerCount: number): Promise<void> {
  const source = new BenchSource();
  const relay = await Relay.create({
    store: new MemoryStore(),
    config: parseConfig({
      // History bounded as a production wall would keep it, so the figure is the relay's own memory.
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'auto', maxPosts: 200, retention: { maxPosts: 1000 } }],
      replay: { file: 'unused.jsonl' },
    }),
    logger: pino({ level: 'silent' }),
    sources: [source],
    viewers: { connectionsPerMinute: 1_000_000 },
    connections: { perAddress: 1_000_000, overall: 1_000_000 },
    // The resume window fills within the warm-up (at 10 posts/s: 100 s), then stays that size.
    log: { retainEvents: 1000, compactEvery: 500 },
    retentionIntervalMs: 10_000,
  });
  const url = await relay.listen(0, '127.0.0.1');
  const open = (): Wall => connectWall({ server: url, tag: 'askGMP', forceNew: true, reconnectionDelayMax: 500 });
  const viewers = Array.from({ length: viewerCount }, open);

  const durationMs = minutes * 60_000;
  const warmMs = durationMs / 6;
  const start = performance.now();
  let n = 0;
  let warm: number | undefined;
  const samples: number[] = [];
  let nextSample = start;
  let reconnects = 0;
  while (performance.now() - start < durationMs) {
    const tickStart = performance.now();
    source.sink!.post(benchPost(++n));
    // Now and then one viewer drops and comes back (a phone on a train): it must resume without loss.
    if (n % (perSecond * 5) === 0) {
      const i = n % viewerCount;
      viewers[i]!.close();
      viewers[i] = open();
      reconnects++;
    }
    const elapsed = performance.now() - start;
    if (warm === undefined && elapsed >= warmMs) warm = heapMiB();
    if (performance.now() >= nextSample) {
      samples.push(heapMiB());
      nextSample += durationMs / 30;
    }
    await sleep(Math.max(0, 1000 / perSecond - (performance.now() - tickStart)));
  }
  await relay.ingest.drain();
  const head = relay.walls.get('askgmp')!.log.snapshot;
  // Let every viewer catch up with the head.
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (viewers.every((v) => v.state?.seq === head.seq)) break;
    await sleep(100);
  }
  const end = heapMiB();
  const expected = head.posts.map((p) => p.id).join();
  const exact = viewers.filter((v) => v.posts.map((p) => p.id).join() === expected).length;
  const change = warm ? ((end - warm) / warm) * 100 : NaN;
  process.stdout.write(
    [
      `soak: ${minutes} min, ${perSecond} posts/s (${n} posts), ${viewerCount} viewers, ${reconnects} reconnects`,
      `  heap after warm-up (baseline): ${warm?.toFixed(1)} MiB; at the end: ${end.toFixed(1)} MiB (${change.toFixed(1)} %)`,
      `  heap samples (MiB): ${samples.map((s) => s.toFixed(1)).join(' ')}`,
      `  viewers with exactly the wall's posts: ${exact}/${viewerCount}`,
      `  ${Math.abs(change) <= 10 && exact === viewerCount ? 'PASS' : 'FAIL'}: memory flat within 10 %, every viewer exact${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`,
      '',
    ].join('\n'),
  );
  for (const v of viewers) v.close();
  await relay.close();
}

const minutes = Number(process.argv[2] ?? process.env.CHAT_WALL_SOAK_MINUTES ?? 30);
await main(minutes, Number(process.argv[3] ?? 10), Number(process.argv[4] ?? 40));
