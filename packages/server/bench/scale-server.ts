/**
 * One relay of `pnpm bench scale`, in a child process of its own so that its CPU time is its own:
 * `scale-server.ts <postgres url> <redis url> <schema>`. It runs as a cluster node (PostgreSQL
 * store, Redis adapter, source lease) with one post-moderated wall (#askGMP) fed by a bench
 * source; only the lease holder's source delivers, the other relays get the posts through Redis.
 */
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { benchPost, BenchSource } from './viewer-fleet.js';

export type ToScaleServer = { type: 'role' } | { type: 'run'; rate: number; count: number } | { type: 'cpu' };
export type FromScaleServer =
  | { type: 'listening'; url: string }
  | { type: 'role'; role: string }
  | { type: 'sent' }
  | { type: 'cpu'; cpuMicros: number };

const [databaseUrl, redisUrl, schema] = process.argv.slice(2) as [string, string, string];
const source = new BenchSource();
const relay = await Relay.create({
  store: await PostgresStore.open(databaseUrl, { schema, poolSize: 8 }),
  config: parseConfig({
    walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post', maxPosts: 200 }],
    replay: { file: 'unused.jsonl' },
  }),
  logger: pino({ level: 'warn' }, process.stderr),
  sources: [source],
  viewers: { connectionsPerMinute: 1_000_000 },
  connections: { perAddress: 1_000_000, overall: 1_000_000 },
  cluster: { redisUrl },
});
const url = await relay.listen(0, '127.0.0.1');

let n = 0;
let cpu = process.cpuUsage();
process.on('message', (m: ToScaleServer) => {
  if (m.type === 'role') {
    process.send!({ type: 'role', role: relay.role } satisfies FromScaleServer);
  } else if (m.type === 'cpu') {
    const used = process.cpuUsage(cpu);
    process.send!({ type: 'cpu', cpuMicros: used.user + used.system } satisfies FromScaleServer);
  } else {
    // Every relay is told when the measured part starts (its CPU counts from then); the holder posts.
    cpu = process.cpuUsage();
    if (m.count === 0) return;
    const start = performance.now();
    let sent = 0;
    // Paced from the start time, so a late timer sends what is due at once rather than drifting.
    const tick = (): void => {
      const due = Math.min(m.count, Math.floor(((performance.now() - start) / 1000) * m.rate) + 1);
      while (sent < due) {
        source.sink!.post(benchPost(++n));
        sent++;
      }
      if (sent < m.count) setTimeout(tick, Math.max(0, start + (sent / m.rate) * 1000 - performance.now()));
      else process.send!({ type: 'sent' } satisfies FromScaleServer);
    };
    tick();
  }
});
process.on('disconnect', () => void relay.close().finally(() => process.exit(0)));
process.send!({ type: 'listening', url } satisfies FromScaleServer);
