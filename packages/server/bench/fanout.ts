/**
 * Fan-out: the relay against a plain socket.io server in the same run, with the same clients.
 *
 *   pnpm bench fanout [viewers=1000,5000,10000] [rate=10] [busy=200] [busyViewers=1000]
 *                     [seconds=10] [sdk=500] [batch=1] [window=50] [repeat=1]
 *
 * For each viewer count, at `rate` posts a second (a quiet wall), then `busyViewers` at `busy` posts
 * a second (a busy wall), it runs the relay and then the baseline (`fanout-server.ts`), each in a
 * child process of its own, with light viewers (`fanout-clients.ts`) in child processes. It prints
 * per run: deliveries, latency p50/p99, the server's CPU-seconds per 100k deliveries, its RSS per
 * connection, the clients' CPU per delivery; and the relay's ratios to the baseline. Last, `sdk`
 * SDK viewers on the relay: the SDK's CPU per event next to the light clients'. `batch=0` makes the
 * light viewers subscribe without asking for batches; `window` is the relay's batch window in ms;
 * `repeat` runs each relay/baseline pair that many times, alternating which goes first, and prints
 * the median and range of the CPU ratios (one run varies by about ±10 % on a shared machine). Any
 * key but `repeat` may be given as `0` to skip its runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BUCKET_MS, type FromClients, type ToClients } from './fanout-clients.js';
import { median } from '../src/recap/insights.js';
import type { FromServer, ToServer } from './fanout-server.js';

const args = new Map(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const list = (key: string, fallback: string): number[] =>
  (args.get(key) ?? fallback)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const one = (key: string, fallback: number): number => Number(args.get(key) ?? fallback);

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const execArgv = ['--expose-gc', '--import', 'tsx'];

/** Waits for the next message from `child` that `pick` accepts. */
function next<T, R>(child: ChildProcess, pick: (m: T) => R | undefined): Promise<R> {
  return new Promise((resolve) => {
    const on = (m: T): void => {
      const r = pick(m);
      if (r === undefined) return;
      child.off('message', on);
      resolve(r);
    };
    child.on('message', on);
  });
}

function ask<M, R>(child: ChildProcess, message: ToServer | ToClients, pick: (m: M) => R | undefined): Promise<R> {
  const answer = next(child, pick);
  child.send(message);
  return answer;
}

function exitLoudly(child: ChildProcess, what: string): void {
  child.on('exit', (code) => {
    if (code) {
      console.error(`${what} exited with code ${code}`);
      process.exit(1);
    }
  });
}

interface Run {
  server: 'relay' | 'baseline';
  client: 'light' | 'sdk';
  viewers: number;
  rate: number;
  seconds: number;
  batch: boolean;
}

interface Result extends Run {
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  serverCpuMicros: number;
  rssPerViewer: number;
  clientCpuMicros: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measure(run: Run): Promise<Result> {
  const server = fork(here('./fanout-server.ts'), [run.server, String(one('window', 50))], { execArgv });
  exitLoudly(server, `${run.server} server`);
  const url = await next(server, (m: FromServer) => (m.type === 'listening' ? m.url : undefined));
  const rssBefore = await ask(server, { type: 'rss' }, (m: FromServer) => (m.type === 'rss' ? m.rss : undefined));

  // One client process per 2,500 viewers (at least 2): a process reading too many sockets measures its own queue.
  const procs = Math.max(2, Math.ceil(run.viewers / (run.client === 'sdk' ? 250 : 2500)));
  const clients: ChildProcess[] = [];
  for (let p = 0; p < procs; p++) {
    const n = Math.floor(run.viewers / procs) + (p < run.viewers % procs ? 1 : 0);
    const child = fork(here('./fanout-clients.ts'), [run.client, url, String(n), run.batch ? '1' : '0'], { execArgv });
    exitLoudly(child, 'viewer process');
    clients.push(child);
  }
  await Promise.all(clients.map((c) => next(c, (m: FromClients) => (m.type === 'ready' ? true : undefined))));
  const rssAfter = await ask(server, { type: 'rss' }, (m: FromServer) => (m.type === 'rss' ? m.rss : undefined));

  const all = <R>(message: ToClients, pick: (m: FromClients) => R | undefined): Promise<R[]> =>
    Promise.all(clients.map((c) => ask(c, message, pick)));
  const deliver = async (count: number): Promise<void> => {
    const sent = ask(server, { type: 'run', rate: run.rate, count }, (m: FromServer) =>
      m.type === 'sent' ? true : undefined,
    );
    const expected = count * run.viewers;
    let last = -1;
    let still = 0;
    let sending = true;
    void sent.then(() => (sending = false));
    // Until every delivery arrived, or nothing moved for 5 s after the last post was sent.
    for (;;) {
      await sleep(250);
      const counts = await all({ type: 'count' }, (m) => (m.type === 'count' ? m.delivered : undefined));
      const got = counts.reduce((a, b) => a + b, 0);
      if (got >= expected && !sending) return;
      still = got === last && !sending ? still + 1 : 0;
      if (still >= 20) return;
      last = got;
    }
  };

  // Warm-up (JIT, socket buffers), not measured.
  await deliver(Math.max(5, Math.round(run.rate)));
  await all({ type: 'reset' }, (m) => (m.type === 'reset' ? true : undefined));
  const count = Math.round(run.rate * run.seconds);
  await deliver(count);
  const serverCpuMicros = await ask(server, { type: 'cpu' }, (m: FromServer) =>
    m.type === 'cpu' ? m.cpuMicros : undefined,
  );
  const reports = await all({ type: 'report' }, (m) => (m.type === 'report' ? m : undefined));
  for (const c of clients) c.kill();
  server.kill();

  const histogram = new Map<number, number>();
  for (const r of reports)
    for (const [bucket, n] of r.histogram) histogram.set(bucket, (histogram.get(bucket) ?? 0) + n);
  const delivered = reports.reduce((a, r) => a + r.delivered, 0);
  const quantile = (q: number): number => {
    const target = Math.ceil(q * delivered);
    let seen = 0;
    for (const [bucket, n] of [...histogram].sort((a, b) => a[0] - b[0])) {
      seen += n;
      if (seen >= target) return (bucket + 1) * BUCKET_MS;
    }
    return NaN;
  };
  return {
    ...run,
    delivered,
    expected: count * run.viewers,
    p50: quantile(0.5),
    p99: quantile(0.99),
    serverCpuMicros,
    rssPerViewer: (rssAfter - rssBefore) / run.viewers,
    clientCpuMicros: reports.reduce((a, r) => a + r.cpuMicros, 0),
  };
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const cpuPer100k = (r: Result): number => (r.serverCpuMicros / 1e6 / Math.max(1, r.delivered)) * 100_000;

function row(r: Result): string {
  const cells = [
    r.server.padEnd(8),
    r.client.padEnd(5),
    String(r.viewers).padStart(6),
    String(r.rate).padStart(5),
    `${((r.delivered / r.expected) * 100).toFixed(2)} %`.padStart(9),
    ms(r.p50).padStart(9),
    ms(r.p99).padStart(9),
    cpuPer100k(r).toFixed(2).padStart(8),
    (r.rssPerViewer / 1024).toFixed(1).padStart(7),
    (r.clientCpuMicros / Math.max(1, r.delivered)).toFixed(1).padStart(8),
  ];
  return cells.join('  ');
}

const header =
  'server    client viewers posts/s  delivered       p50       p99  CPU-s/100k  KB/viewer  client µs/delivery';

function ratios(relay: Result, base: Result): string {
  const f = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  return (
    `  relay ÷ baseline: CPU per delivery ${f(cpuPer100k(relay), cpuPer100k(base))}, ` +
    `p50 ${f(relay.p50, base.p50)}, p99 ${f(relay.p99, base.p99)}, RSS per viewer ${f(relay.rssPerViewer, base.rssPerViewer)}`
  );
}

/** The median of `values` and their range, as ratios. */
function spread(values: readonly number[]): string {
  return `median ${median(values)!.toFixed(2)}× (${Math.min(...values).toFixed(2)}× to ${Math.max(...values).toFixed(2)}×)`;
}

const cpu = os.cpus();
process.stdout.write(
  `\nFan-out: relay vs plain socket.io, same clients (${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version})\n`,
);
const seconds = one('seconds', 10);
const batch = one('batch', 1) === 1;
const scenarios: { viewers: number; rate: number }[] = [
  ...list('viewers', '1000,5000,10000').map((viewers) => ({ viewers, rate: one('rate', 10) })),
  ...(one('busy', 200) > 0 ? list('busyViewers', '1000').map((viewers) => ({ viewers, rate: one('busy', 200) })) : []),
];
process.stdout.write(`${header}\n`);
const repeat = Math.max(1, one('repeat', 1));
for (const { viewers, rate } of scenarios) {
  const base = { client: 'light' as const, viewers, rate, seconds, batch };
  const cpuRatios: number[] = [];
  const p99Ratios: number[] = [];
  for (let pair = 0; pair < repeat; pair++) {
    // Pairs alternate which server goes first, so neither always runs on a warmer or busier machine.
    const order = pair % 2 === 0 ? (['relay', 'baseline'] as const) : (['baseline', 'relay'] as const);
    const results = new Map<Run['server'], Result>();
    for (const server of order) {
      const result = await measure({ ...base, server });
      results.set(server, result);
      process.stdout.write(`${row(result)}\n`);
    }
    const [relay, baseline] = [results.get('relay')!, results.get('baseline')!];
    process.stdout.write(`${ratios(relay, baseline)}\n`);
    cpuRatios.push(cpuPer100k(relay) / cpuPer100k(baseline));
    p99Ratios.push(relay.p99 / baseline.p99);
  }
  if (repeat > 1) {
    process.stdout.write(
      `  ${viewers} viewers at ${rate} posts/s, ${repeat} pairs, relay ÷ baseline: ` +
        `CPU per delivery ${spread(cpuRatios)}, p99 ${spread(p99Ratios)}\n`,
    );
  }
}

const sdkViewers = one('sdk', 500);
if (sdkViewers > 0) {
  const rate = one('rate', 10);
  const light = await measure({ server: 'relay', client: 'light', viewers: sdkViewers, rate, seconds, batch });
  const sdk = await measure({ server: 'relay', client: 'sdk', viewers: sdkViewers, rate, seconds, batch });
  process.stdout.write(
    `\nSDK viewers against light viewers on the relay:\n${header}\n${row(light)}\n${row(sdk)}\n` +
      `  SDK client CPU per event: ${(sdk.clientCpuMicros / Math.max(1, sdk.delivered)).toFixed(1)} µs ` +
      `(light client ${(light.clientCpuMicros / Math.max(1, light.delivered)).toFixed(1)} µs)\n`,
  );
}
