/**
 * The server side of `pnpm bench fanout`, in a child process of its own so that its CPU time and
 * RSS are its own: `fanout-server.ts <relay|baseline> [batchWindowMs=50]`.
 *
 * - `relay`: the relay with one post-moderated wall (#askGMP) fed by a bench source; every post
 *   takes the whole path (ingest, moderation, wall log, fan-out).
 * - `baseline`: a plain socket.io server, same engine options, whose `subscribe` joins one room
 *   and which emits each post to that room as the relay's `wall:event` message, one emit per post.
 *
 * On `run` it sends `count` posts at `rate` per second, each stamped with the moment it was handed
 * over (`createdAt`), and measures its own CPU time from then until asked.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AskState, emptyState, VIEWER_NAMESPACE, type SubscribeResult } from '@chat-wall/sdk/protocol';
import { Server } from 'socket.io';
import { startBenchRelay } from './bench-relay.js';
import { benchPost } from './viewer-fleet.js';

export type ToServer = { type: 'rss' } | { type: 'run'; rate: number; count: number } | { type: 'cpu' };
export type FromServer =
  | { type: 'listening'; url: string }
  | { type: 'rss'; rss: number }
  | { type: 'sent' }
  | { type: 'cpu'; cpuMicros: number };

const gc = (globalThis as { gc?: () => void }).gc;

/** Something that takes post `n` and sends it to every viewer. */
type Publish = (n: number) => void;

async function startRelay(): Promise<{ url: string; publish: Publish }> {
  const bench = await startBenchRelay('post', 'memory', 0, {
    maxPosts: 200,
    batchWindowMs: Number(process.argv[3] ?? 50),
  });
  const sink = bench.source.sink!;
  return { url: bench.url, publish: (n) => sink.post(benchPost(n)) };
}

async function startBaseline(): Promise<{ url: string; publish: Publish }> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 16 * 1024, cors: { origin: true } });
  const nsp = io.of(VIEWER_NAMESPACE);
  // The same bytes as the relay's message: a log epoch is a UUID.
  const epoch = randomUUID();
  nsp.on('connection', (socket) => {
    socket.on('subscribe', (_request: unknown, ack: (result: SubscribeResult) => void) => {
      void socket.join('wall:askgmp');
      ack({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: emptyState(epoch, 'askgmp') });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  let seq = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    publish: (n) => {
      // As the relay sends it: ingest marks the post an audience question (its text ends with "?").
      const post = { ...benchPost(n), ask: { state: AskState.Open } };
      const event = { type: 'post.added' as const, post, seq: ++seq, at: new Date().toISOString() };
      nsp.to('wall:askgmp').emit('wall:event', { tag: 'askgmp', epoch, event });
    },
  };
}

const { url, publish } = process.argv[2] === 'relay' ? await startRelay() : await startBaseline();
let n = 0;
let cpu = process.cpuUsage();
process.on('message', (m: ToServer) => {
  if (m.type === 'rss') {
    gc?.();
    process.send!({ type: 'rss', rss: process.memoryUsage().rss } satisfies FromServer);
  } else if (m.type === 'cpu') {
    const used = process.cpuUsage(cpu);
    process.send!({ type: 'cpu', cpuMicros: used.user + used.system } satisfies FromServer);
  } else {
    cpu = process.cpuUsage();
    const start = performance.now();
    let sent = 0;
    // Paced from the start time, so a late timer sends what is due at once rather than drifting.
    const tick = (): void => {
      const due = Math.min(m.count, Math.floor(((performance.now() - start) / 1000) * m.rate) + 1);
      while (sent < due) {
        publish(++n);
        sent++;
      }
      if (sent < m.count) setTimeout(tick, Math.max(0, start + (sent / m.rate) * 1000 - performance.now()));
      else process.send!({ type: 'sent' } satisfies FromServer);
    };
    tick();
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'listening', url } satisfies FromServer);
