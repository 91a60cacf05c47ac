/**
 * Scale-out: the same audience on one relay and on two relays of a cluster, in the same run.
 *
 *   pnpm bench scale [viewers=10000] [rate=10] [seconds=10] [relays=1,2]
 *
 * Starts a PostgreSQL and a Redis (as the tests do: loopback, free ports), then for each relay
 * count runs that many relays (`scale-server.ts`, each a cluster node in a child process) on a
 * fresh schema, spreads `viewers` light viewers (`fanout-clients.ts`, child processes of 2,500)
 * evenly over them, and has the lease holder post `rate` posts a second for `seconds`. It prints
 * deliveries, latency p50/p99 (from the moment a post is handed to ingest to its arrival at a
 * viewer: ingest, PostgreSQL, Redis and fan-out), the relays' CPU-seconds together, deliveries per
 * relay CPU-second, and the machine's core count: on a machine with fewer free cores than relays
 * plus viewer processes, the relays share cores and two cannot do twice the work of one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { freshSchema, startPostgres, startRedis } from '../test/support/services.js';
import { BUCKET_MS, type FromClients, type ToClients } from './fanout-clients.js';
import type { FromScaleServer, ToScaleServer } from './scale-server.js';

const args = new Map(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const viewers = Number(args.get('viewers') ?? 10_000);
const rate = Number(args.get('rate') ?? 10);
const seconds = Number(args.get('seconds') ?? 10);
const relayCounts = (args.get('relays') ?? '1,2').split(',').map(Number);

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const execArgv = ['--import', 'tsx'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `message` to `child` and resolves with the first answer `pick` accepts. */
function ask<M, R>(child: ChildProcess, message: ToScaleServer | ToClients | undefined, pick: (m: M) => R | undefined) {
  return new Promise<R>((resolve) => {
    const on = (m: M): void => {
      const r = pick(m);
      if (r === undefined) return;
      child.off('message', on);
      resolve(r);
    };
    child.on('message', on);
    if (message) child.send(message);
  });
}

interface Result {
  relays: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  relayCpuSeconds: number;
}

async function measure(relays: number, databaseUrl: string, redisUrl: string): Promise<Result> {
  const schema = await freshSchema(databaseUrl);
  const start = (): ChildProcess => {
    const child = fork(here('./scale-server.ts'), [databaseUrl, redisUrl, schema], { execArgv });
    child.on('exit', (code) => code && (console.error(`relay exited with code ${code}`), process.exit(1)));
    return child;
  };
  // The first creates the schema, the others start together.
  const servers = [start()];
  const urls = [
    await ask(servers[0]!, undefined, (m: FromScaleServer) => (m.type === 'listening' ? m.url : undefined)),
  ];
  servers.push(...Array.from({ length: relays - 1 }, start));
  urls.push(
    ...(await Promise.all(
      servers
        .slice(1)
        .map((s) => ask(s, undefined, (m: FromScaleServer) => (m.type === 'listening' ? m.url : undefined))),
    )),
  );
  let holder: ChildProcess | undefined;
  while (!holder) {
    const roles = await Promise.all(
      servers.map((s) => ask(s, { type: 'role' }, (m: FromScaleServer) => (m.type === 'role' ? m.role : undefined))),
    );
    holder = servers[roles.indexOf('holder')];
    if (!holder) await sleep(200);
  }

  const procs = Math.max(2, Math.ceil(viewers / 2500), relays);
  const clients: ChildProcess[] = [];
  for (let p = 0; p < procs; p++) {
    const n = Math.floor(viewers / procs) + (p < viewers % procs ? 1 : 0);
    clients.push(fork(here('./fanout-clients.ts'), ['light', urls[p % relays]!, String(n), '1'], { execArgv }));
  }
  await Promise.all(clients.map((c) => ask(c, undefined, (m: FromClients) => (m.type === 'ready' ? true : undefined))));
  const all = <R>(message: ToClients, pick: (m: FromClients) => R | undefined): Promise<R[]> =>
    Promise.all(clients.map((c) => ask(c, message, pick)));

  const deliver = async (count: number): Promise<void> => {
    for (const s of servers) if (s !== holder) s.send({ type: 'run', rate, count: 0 } satisfies ToScaleServer);
    let sending = true;
    void ask(holder!, { type: 'run', rate, count }, (m: FromScaleServer) =>
      m.type === 'sent' ? true : undefined,
    ).then(() => (sending = false));
    let last = -1;
    let still = 0;
    // Until every delivery arrived, or nothing moved for 5 s after the last post was sent.
    for (;;) {
      await sleep(250);
      const got = (await all({ type: 'count' }, (m) => (m.type === 'count' ? m.delivered : undefined))).reduce(
        (a, b) => a + b,
        0,
      );
      if (got >= count * viewers && !sending) return;
      still = got === last && !sending ? still + 1 : 0;
      if (still >= 20) return;
      last = got;
    }
  };
  await deliver(Math.max(5, Math.round(rate))); // warm-up, not measured
  await all({ type: 'reset' }, (m) => (m.type === 'reset' ? true : undefined));
  const count = Math.round(rate * seconds);
  await deliver(count);
  const cpu = await Promise.all(
    servers.map((s) => ask(s, { type: 'cpu' }, (m: FromScaleServer) => (m.type === 'cpu' ? m.cpuMicros : undefined))),
  );
  const reports = await all({ type: 'report' }, (m) => (m.type === 'report' ? m : undefined));
  for (const c of clients) c.kill();
  await Promise.all(
    servers.map((s) => {
      const exited = new Promise((resolve) => s.once('exit', resolve));
      s.disconnect();
      return exited;
    }),
  );

  const histogram = new Map<number, number>();
  for (const r of reports) for (const [b, n] of r.histogram) histogram.set(b, (histogram.get(b) ?? 0) + n);
  const delivered = reports.reduce((a, r) => a + r.delivered, 0);
  const quantile = (q: number): number => {
    let seen = 0;
    for (const [bucket, n] of [...histogram].sort((a, b) => a[0] - b[0])) {
      seen += n;
      if (seen >= Math.ceil(q * delivered)) return (bucket + 1) * BUCKET_MS;
    }
    return NaN;
  };
  return {
    relays,
    delivered,
    expected: count * viewers,
    p50: quantile(0.5),
    p99: quantile(0.99),
    relayCpuSeconds: cpu.reduce((a, b) => a + b, 0) / 1e6,
  };
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const cores = os.cpus();
process.stdout.write(
  `\nScale-out: ${viewers} light viewers at ${rate} posts/s for ${seconds} s, on 1 relay and on 2 (PostgreSQL + Redis)\n` +
    `(${cores.length} × ${cores[0]?.model ?? '?'}, Node ${process.version}; viewers in ${Math.max(2, Math.ceil(viewers / 2500))}+ processes on the same machine)\n` +
    'relays  delivered       p50       p99  relay CPU-s  deliveries per relay CPU-s\n',
);
const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
try {
  const results: Result[] = [];
  for (const relays of relayCounts) {
    const r = await measure(relays, postgres.url, redis.url);
    results.push(r);
    process.stdout.write(
      [
        String(r.relays).padStart(6),
        `${((r.delivered / r.expected) * 100).toFixed(2)} %`.padStart(10),
        ms(r.p50).padStart(9),
        ms(r.p99).padStart(9),
        r.relayCpuSeconds.toFixed(2).padStart(12),
        Math.round(r.delivered / Math.max(0.001, r.relayCpuSeconds))
          .toLocaleString('en')
          .padStart(27),
      ].join('  ') + '\n',
    );
  }
  const [one, two] = [results.find((r) => r.relays === 1), results.find((r) => r.relays === 2)];
  if (one && two) {
    process.stdout.write(
      `  2 relays ÷ 1 relay: p99 ${(two.p99 / one.p99).toFixed(2)}×, deliveries per relay CPU-s ` +
        `${(two.delivered / two.relayCpuSeconds / (one.delivered / one.relayCpuSeconds)).toFixed(2)}×\n`,
    );
  }
} finally {
  await Promise.all([postgres.destroy(), redis.stop()]);
}
