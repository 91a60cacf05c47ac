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
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectModerator } from '@chat-wall/sdk';
import type { Post, WallEventMessage } from '@chat-wall/sdk/protocol';
import { pino } from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { parseConfig } from '../src/config.js';
import { segmentText, tagsOf } from '../src/sources/segments.js';
import { Relay } from '../src/relay.js';
import type { Source, SourceSink } from '../src/sources/source.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

const now = (): number => performance.timeOrigin + performance.now();

type FromChild = { type: 'ready' } | { type: 'arrived'; id: number; times: number[] };

/** The child: N viewers that subscribe and report, per message id, every viewer's arrival time. */
async function runViewers(url: string, n: number): Promise<void> {
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
      socket.emit('subscribe', { tag: 'askgmp' }, () => {
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

/** A source the benchmark pushes posts into. */
class BenchSource implements Source {
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

function post(n: number): Post {
  const text = `Question ${n}: how do you handle deviations found during a supplier audit? #askGMP`;
  const segments = segmentText(text);
  return {
    id: `replay:${n}`,
    source: 'replay',
    author: { id: `u${n}`, handle: `user${n}`, name: `User ${n}`, verified: false },
    text,
    segments,
    media: [],
    createdAt: new Date().toISOString(),
    reply: false,
    repost: false,
    quote: false,
    tags: tagsOf(segments),
  };
}

async function main(viewers: number, actions: number, procs: number, storeKind: string): Promise<void> {
  const source = new BenchSource();
  const dir = storeKind === 'sqlite' ? await mkdtemp(path.join(os.tmpdir(), 'chat-wall-bench-')) : undefined;
  const relay = await Relay.create({
    store: dir ? SqliteStore.open(path.join(dir, 'bench.db')) : new MemoryStore(),
    config: parseConfig({
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre', maxPosts: 50 }],
      replay: { file: 'unused.jsonl' },
    }),
    logger: pino({ level: 'silent' }),
    sources: [source],
    moderation: { socketRateLimit: { capacity: 10_000, perSecond: 10_000 } },
    // Every viewer comes from 127.0.0.1: lift the per-address connection budgets for the benchmark.
    viewers: { connectionsPerMinute: 1_000_000 },
    connections: { perAddress: 1_000_000, overall: 1_000_000 },
  });
  const url = await relay.listen(0, '127.0.0.1');
  for (let i = 1; i <= actions; i++) source.sink!.post(post(i));
  await relay.ingest.drain();

  // Viewers are spread over `procs` child processes: one process decoding 1,000 sockets' frames
  // one after another measures its own queue more than the relay.
  const children: ChildProcess[] = [];
  const per = Math.ceil(viewers / procs);
  const waiting = new Map<number, { times: number[]; reports: number; done: (times: number[]) => void }>();
  let readyCount = 0;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  for (let p = 0; p < procs; p++) {
    const n = Math.min(per, viewers - p * per);
    const child = fork(fileURLToPath(import.meta.url), ['viewers', url, String(n)], { execArgv: ['--import', 'tsx'] });
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
  const arrivalOf = (id: number) => new Promise<number[]>((done) => waiting.set(id, { times: [], reports: 0, done }));

  const t0 = now();
  await isReady;
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
  const all: number[] = [];
  const last: number[] = [];
  for (let i = 1; i <= actions; i++) {
    const id = log.snapshot.seq + 1;
    const arrived = arrivalOf(id);
    const start = now();
    await mod.approve('askgmp', `replay:${i}`, { expected: 'held' });
    const times = await arrived;
    if (i <= warm) continue;
    for (const t of times) all.push(t - start);
    last.push(Math.max(...times) - start);
  }
  mod.close();

  // Baseline: the same message size, broadcast by socket.io directly to the same room.
  const base: number[] = [];
  const baseLast: number[] = [];
  const nsp = relay.io.of('/walls');
  for (let i = 1; i <= actions; i++) {
    const id = 1_000_000 + i;
    const message = { ...sample!, event: { ...sample!.event, seq: id } };
    const arrived = arrivalOf(id);
    const start = now();
    nsp.to('wall:askgmp').emit('wall:event', message);
    const times = await arrived;
    if (i <= warm) continue;
    for (const t of times) base.push(t - start);
    baseLast.push(Math.max(...times) - start);
  }

  const bytes = JSON.stringify(sample).length;
  process.stdout.write(
    `\nModerator action (approve → post.added, ${bytes} B JSON, ${storeKind} store) to ${viewers} viewers, ${actions - warm} actions:\n` +
      `  every arrival   ${summary(all)}\n` +
      `  last viewer     ${summary(last)}\n` +
      `Baseline: socket.io room broadcast of the same message, ${actions - warm} messages:\n` +
      `  every arrival   ${summary(base)}\n` +
      `  last viewer     ${summary(baseLast)}\n`,
  );
  for (const child of children) child.disconnect();
  await relay.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
  return `p50 ${q(50)} ms  p95 ${q(95)} ms  p99 ${q(99)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  (n=${sorted.length})`;
}

// Entry point last: classes above are initialised by then.
if (process.argv[2] === 'viewers') {
  await runViewers(process.argv[3]!, Number(process.argv[4]));
} else {
  await main(
    Number(process.argv[2] ?? 1000),
    Number(process.argv[3] ?? 200),
    Number(process.argv[4] ?? 2),
    process.argv[5] ?? 'memory',
  );
}
