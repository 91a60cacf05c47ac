/**
 * What the latency benchmarks share: N real socket.io-client viewers (websocket transport) spread
 * over child processes, so their decoding does not share a thread with the relay, reporting per
 * event `seq` every viewer's arrival time; a source the benchmark pushes posts into; a post; and
 * the percentile summary.
 *
 * A child is this file forked with `viewers <url> <n> <tag>`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Post, WallEventMessage } from '@chat-wall/sdk/protocol';
import { io as ioClient, type Socket } from 'socket.io-client';
import { segmentText, tagsOf } from '../src/sources/segments.js';
import type { Source, SourceSink } from '../src/sources/source.js';

/**
 * The clock every process of a bench shares: the machine's monotonic clock, which steps of the wall
 * clock (a time sync during a run) do not move, anchored to the wall clock once, by the first bench
 * process, and handed to the processes it starts through the environment. A time taken in one
 * process and read in another therefore compares exactly; `performance.timeOrigin` or `Date` on
 * either side would differ by whatever step the wall clock took between the processes' starts.
 */
const CLOCK_ANCHOR = 'CHAT_WALL_BENCH_CLOCK';
process.env[CLOCK_ANCHOR] ??= `${Date.now()}:${process.hrtime.bigint()}`;
const [anchorWall, anchorMonotonic] = process.env[CLOCK_ANCHOR].split(':') as [string, string];
const anchorMs = Number(anchorWall);
const anchorNs = BigInt(anchorMonotonic);

/** Milliseconds, on the wall clock when the bench started, comparable across the bench's processes. */
export const now = (): number => anchorMs + Number(process.hrtime.bigint() - anchorNs) / 1e6;

type FromChild = { type: 'ready' } | { type: 'arrived'; id: number; times: number[] };

/** The child: N viewers that subscribe and report, per event seq, every viewer's arrival time. */
async function runViewers(url: string, n: number, tag: string): Promise<void> {
  const arrivals = new Map<number, number[]>();
  const sockets: Socket[] = [];
  let subscribed = 0;
  for (let i = 0; i < n; i++) {
    const socket = ioClient(`${url}/walls`, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on('wall:event', (message: WallEventMessage) => {
      const t = now();
      const id = message.event.seq;
      let times = arrivals.get(id);
      if (!times) arrivals.set(id, (times = []));
      times.push(t);
      if (times.length === n) {
        arrivals.delete(id);
        process.send!({ type: 'arrived', id, times } satisfies FromChild);
      }
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      // Fail loudly: a benchmark whose viewers cannot connect must not look like one that ran.
      console.error(`viewer ${i} could not connect: ${err.message} ${JSON.stringify(err.data ?? '')}`);
      process.exit(1);
    });
    socket.on('connect', () => {
      socket.emit('subscribe', { tag }, () => {
        if (++subscribed === n) process.send!({ type: 'ready' } satisfies FromChild);
      });
    });
    // Connect in small batches so the accept queue keeps up.
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  process.on('disconnect', () => {
    for (const s of sockets) s.close();
    process.exit(0);
  });
}

/** Viewers of one wall in child processes. */
export interface ViewerFleet {
  /** Resolves once every viewer has subscribed. */
  ready: Promise<void>;
  /** Resolves with every viewer's arrival time of the event with `seq`; call before it is sent. */
  arrivalOf(seq: number): Promise<number[]>;
  close(): void;
}

/**
 * Starts `viewers` viewers of `tag` over `procs` child processes: one process decoding 1,000
 * sockets' frames one after another measures its own queue more than the relay.
 */
export function startViewers(url: string, tag: string, viewers: number, procs: number): ViewerFleet {
  const children: ChildProcess[] = [];
  const per = Math.ceil(viewers / procs);
  const waiting = new Map<number, { times: number[]; reports: number; done: (times: number[]) => void }>();
  let readyCount = 0;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  for (let p = 0; p < procs; p++) {
    const n = Math.min(per, viewers - p * per);
    const child = fork(fileURLToPath(import.meta.url), ['viewers', url, String(n), tag], {
      execArgv: ['--import', 'tsx'],
    });
    children.push(child);
    child.on('exit', (code) => {
      if (code) {
        console.error(`viewer process ${p} exited with code ${code}`);
        process.exit(1);
      }
    });
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') {
        if (++readyCount === procs) ready();
        return;
      }
      const w = waiting.get(m.id);
      if (!w) return;
      w.times.push(...m.times);
      if (++w.reports === procs) w.done(w.times);
    });
  }
  return {
    ready: isReady,
    arrivalOf: (seq) => new Promise<number[]>((done) => waiting.set(seq, { times: [], reports: 0, done })),
    close: () => {
      for (const child of children) child.disconnect();
    },
  };
}

/** A source the benchmark pushes posts into. */
export class BenchSource implements Source {
  readonly name = 'replay' as const;
  sink: SourceSink | undefined;
  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
  }
  async stop(): Promise<void> {}
  async setTags(): Promise<void> {}
  health() {
    return { state: 'running' as const, postsDelivered: 0 };
  }
}

/** Post `n` of #askGMP, the size of a typical question. */
export function benchPost(n: number): Post {
  const text = `Question ${n}: how do you handle deviations found during a supplier audit? #askGMP`;
  const segments = segmentText(text);
  return {
    id: `replay:${n}`,
    source: 'replay',
    author: { id: `u${n}`, handle: `user${n}`, name: `User ${n}`, verified: false },
    text,
    segments,
    media: [],
    createdAt: new Date(now()).toISOString(),
    reply: false,
    repost: false,
    quote: false,
    tags: tagsOf(segments),
  };
}

/** Arrival times of a series of events, from the moment each was sent. */
export interface Timings {
  /** Every viewer's arrival, ms after the send. */
  every: number[];
  /** The last viewer's arrival of each event. */
  last: number[];
}

/**
 * Sends `count` events one after another with `send(i)`, which resolves with the seq it caused
 * to be delivered, and times each one's arrival at every viewer; the first `warm` are not counted
 * (JIT, socket buffers). `seqOf(i)` says before the send which seq to wait for.
 */
export async function timeEach(
  fleet: ViewerFleet,
  count: number,
  warm: number,
  seqOf: (i: number) => number,
  send: (i: number) => Promise<unknown>,
): Promise<Timings> {
  const every: number[] = [];
  const last: number[] = [];
  for (let i = 1; i <= count; i++) {
    const arrived = fleet.arrivalOf(seqOf(i));
    const start = now();
    await send(i);
    const times = await arrived;
    if (i <= warm) continue;
    for (const t of times) every.push(t - start);
    last.push(Math.max(...times) - start);
  }
  return { every, last };
}

/** p50, p95, p99 and max of `values` in ms. */
export function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
  return `p50 ${q(50)} ms  p95 ${q(95)} ms  p99 ${q(99)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  (n=${sorted.length})`;
}

if (process.argv[2] === 'viewers' && process.argv[1] === fileURLToPath(import.meta.url)) {
  await runViewers(process.argv[3]!, Number(process.argv[4]), process.argv[5] ?? 'askgmp');
}
