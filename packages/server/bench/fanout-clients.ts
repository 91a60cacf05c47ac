/**
 * The viewers of `pnpm bench fanout`, one child process each: `fanout-clients.ts <light|sdk> <url> <n> <batch 0|1>`.
 *
 * - `light`: the cheapest client that still speaks the relay's protocol. A raw `ws` WebSocket talks
 *   engine.io v4 / socket.io v5 text frames by hand: the open packet, ping → pong, the namespace
 *   connect (`40/walls,`), one `subscribe` with an ack id, then from each event frame it reads only
 *   the posts' `createdAt` timestamps. It decodes no JSON, so the figures measure the server.
 * - `sdk`: the real SDK (`connectWall`), each wall on its own connection, folding every event; its
 *   CPU per event is what a page pays.
 *
 * Each child keeps a latency histogram (now − the post's `createdAt`, both on the bench's shared
 * clock, `now` in `viewer-fleet.ts`; the timestamp has 1 ms resolution) and counts deliveries; the
 * parent resets, polls and collects them over IPC.
 */
import { connectWall, type Wall } from '@chat-wall/sdk';
import WebSocket from 'ws';
import { now } from './viewer-fleet.js';

export type ToClients = { type: 'reset' } | { type: 'count' } | { type: 'report' };
export type FromClients =
  | { type: 'ready' }
  | { type: 'reset' }
  | { type: 'count'; delivered: number; closed: number }
  | { type: 'report'; delivered: number; closed: number; cpuMicros: number; histogram: [number, number][] };

/** Histogram buckets of 0.25 ms, up to two minutes. */
export const BUCKET_MS = 0.25;
const BUCKETS = (120_000 / BUCKET_MS) | 0;

class Stats {
  histogram = new Uint32Array(BUCKETS);
  delivered = 0;
  closed = 0;
  cpu = process.cpuUsage();
  record(sentAt: number): void {
    const ms = now() - sentAt;
    this.histogram[Math.min(BUCKETS - 1, Math.max(0, (ms / BUCKET_MS) | 0))]! += 1;
    this.delivered += 1;
  }
  reset(): void {
    this.histogram.fill(0);
    this.delivered = 0;
    this.cpu = process.cpuUsage();
  }
  report(): FromClients {
    const cpu = process.cpuUsage(this.cpu);
    const histogram: [number, number][] = [];
    this.histogram.forEach((count, bucket) => {
      if (count) histogram.push([bucket, count]);
    });
    return {
      type: 'report',
      delivered: this.delivered,
      closed: this.closed,
      cpuMicros: cpu.user + cpu.system,
      histogram,
    };
  }
}

const CREATED = '"createdAt":"';
/** Length of `2026-12-01T00:00:00.000Z`. */
const ISO_LENGTH = 24;

/** One light viewer; calls `subscribed` once its subscribe is acknowledged. */
function lightViewer(
  url: string,
  batch: boolean,
  stats: Stats,
  subscribed: () => void,
  failed: (why: string) => void,
): void {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  const subscribe = `42/walls,1["subscribe",${JSON.stringify(batch ? { tag: 'askgmp', batch: true } : { tag: 'askgmp' })}]`;
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const data = raw.toString();
    if (data.startsWith('42/walls,')) {
      // An event frame: one or several posts, each with its timestamp.
      for (let at = data.indexOf(CREATED); at >= 0; at = data.indexOf(CREATED, at + ISO_LENGTH)) {
        const start = at + CREATED.length;
        stats.record(Date.parse(data.slice(start, start + ISO_LENGTH)));
      }
    } else if (data === '2') ws.send('3');
    else if (data.startsWith('0')) ws.send('40/walls,');
    else if (data.startsWith('40/walls,')) ws.send(subscribe);
    else if (data.startsWith('43/walls,1')) {
      if (!data.includes('"ok":true')) return failed(`subscribe refused: ${data.slice(0, 200)}`);
      subscribed();
    } else if (data.startsWith('44/walls,')) failed(`namespace refused: ${data}`);
  });
  ws.on('error', (err) => failed(err.message));
  ws.on('close', () => (stats.closed += 1));
}

async function main(kind: string, url: string, n: number, batch: boolean): Promise<void> {
  const stats = new Stats();
  let ready = 0;
  const subscribed = (): void => {
    if (++ready === n) process.send!({ type: 'ready' } satisfies FromClients);
  };
  const failed = (why: string): void => {
    // Fail loudly: a benchmark whose viewers cannot connect must not look like one that ran.
    console.error(`viewer failed: ${why}`);
    process.exit(1);
  };
  const walls: Wall[] = [];
  // Open in waves, so the relay's accept queue keeps up.
  const WAVE = 100;
  for (let i = 0; i < n; i += WAVE) {
    const wave = Math.min(WAVE, n - i);
    const target = ready + wave;
    for (let j = 0; j < wave; j++) {
      if (kind === 'light') lightViewer(url, batch, stats, subscribed, failed);
      else {
        const wall = connectWall({ server: url, tag: 'askgmp', forceNew: true });
        walls.push(wall);
        let first = true;
        wall.on('status', ({ state }) => {
          if (state === 'live' && first) {
            first = false;
            subscribed();
          }
        });
        wall.on('event', (event) => {
          if (event.type === 'post.added') stats.record(Date.parse(event.post.createdAt));
        });
      }
    }
    while (ready < target) await new Promise((r) => setTimeout(r, 5));
  }
  process.on('message', (m: ToClients) => {
    if (m.type === 'reset') {
      stats.reset();
      process.send!({ type: 'reset' } satisfies FromClients);
    } else if (m.type === 'count') {
      process.send!({ type: 'count', delivered: stats.delivered, closed: stats.closed } satisfies FromClients);
    } else process.send!(stats.report());
  });
  process.on('disconnect', () => process.exit(0));
}

await main(process.argv[2]!, process.argv[3]!, Number(process.argv[4]), process.argv[5] === '1');
