/**
 * Ingest of a busy wall: how many posts a second one wall records, and the relay's CPU per post,
 * when a burst arrives at once (recorded in batches, one store transaction each) next to the same
 * posts recorded one at a time (each waits for the one before: one transaction per post, what a
 * quiet wall does), on each store, in the same run.
 *
 *   pnpm bench ingest-burst [posts=2000] [stores=memory,sqlite,postgres]
 *
 * The PostgreSQL server is started as the tests start it (loopback, a free port, a temp folder).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { freshSchema, startPostgres, type PostgresService } from '../test/support/services.js';
import { benchPost, BenchSource } from './viewer-fleet.js';

const args = new Map(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const posts = Number(args.get('posts') ?? 2000);
const stores = (args.get('stores') ?? 'memory,sqlite,postgres').split(',');

let pg: PostgresService | undefined;
const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-ingest-'));

async function open(kind: string): Promise<Store> {
  if (kind === 'memory') return new MemoryStore();
  if (kind === 'sqlite') return SqliteStore.open(path.join(dir, `${Math.random().toString(36).slice(2)}.db`));
  pg ??= await startPostgres();
  return PostgresStore.open(pg.url, { schema: await freshSchema(pg.url), poolSize: 8 });
}

interface Figures {
  perSecond: number;
  cpuMsPerPost: number;
}

let next = 0;
async function measure(kind: string, burst: boolean): Promise<Figures> {
  const source = new BenchSource();
  const relay = await Relay.create({
    store: await open(kind),
    config: parseConfig({
      walls: [
        {
          tag: 'askGMP',
          sources: ['replay'],
          moderation: 'post',
          maxPosts: 200,
          filters: { rateCap: { enabled: false } },
        },
      ],
      replay: { file: 'unused.jsonl' },
    }),
    logger: pino({ level: 'warn' }),
    sources: [source],
  });
  await relay.listen(0, '127.0.0.1');
  // Warm-up, not measured.
  for (let i = 0; i < 100; i++) source.sink!.post(benchPost(++next));
  await relay.ingest.drain();
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < posts; i++) {
    source.sink!.post(benchPost(++next));
    if (!burst) await relay.ingest.drain();
  }
  await relay.ingest.drain();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  await relay.close();
  return { perSecond: (posts / ms) * 1000, cpuMsPerPost: (used.user + used.system) / 1000 / posts };
}

console.log(
  `\nIngest: ${posts} posts to one wall, one at a time vs in a burst (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version})`,
);
console.log('store       arrival         posts/s   relay CPU ms/post');
try {
  for (const kind of stores) {
    const alone = await measure(kind, false);
    const together = await measure(kind, true);
    for (const [how, f] of [
      ['one at a time', alone],
      ['burst', together],
    ] as const) {
      console.log(
        `${kind.padEnd(11)} ${how.padEnd(15)} ${f.perSecond.toFixed(0).padStart(7)}   ${f.cpuMsPerPost.toFixed(3).padStart(17)}`,
      );
    }
    console.log(
      `  burst ÷ one at a time: ${(together.perSecond / alone.perSecond).toFixed(2)}× posts/s, ` +
        `${(together.cpuMsPerPost / alone.cpuMsPerPost).toFixed(2)}× CPU per post`,
    );
  }
} finally {
  await pg?.destroy();
  await rm(dir, { recursive: true, force: true });
}
