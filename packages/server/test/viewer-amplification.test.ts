import type { Socket as NetSocket } from 'node:net';
import { ConnectionState, VIEWER_NAMESPACE, type SubscribeResult, type Wall } from '@chat-wall/sdk';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './fake-x/manual-clock.js';
import {
  client,
  DEFAULT_CONFIG,
  makePost,
  startRelay,
  waitFor,
  type TestRelay,
  rawViewerSocket,
} from './support/util.js';

let relay: TestRelay | undefined;
const sockets: Socket[] = [];
const walls: Wall[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  walls.splice(0).forEach((w) => w.close());
  await relay?.close();
  relay = undefined;
});

async function rawSocket(url: string): Promise<Socket> {
  const socket = await rawViewerSocket(url);
  sockets.push(socket);
  return socket;
}

function subscribe(socket: Socket, request: unknown): Promise<SubscribeResult> {
  return socket.timeout(5000).emitWithAck('subscribe', request) as Promise<SubscribeResult>;
}

/** Appends `n` posts straight to the wall's log (the real log and store), `size` characters of text each. */
async function appendPosts(t: TestRelay, from: number, n: number, size = 40): Promise<void> {
  const log = t.relay.walls.get('askGMP')!.log;
  for (let i = from; i < from + n; i++) {
    await log.append({ type: 'post.added', post: makePost(i, `${'x'.repeat(size)} #askGMP`) });
  }
}

describe('subscribe answers are capped', () => {
  it('answers a resume that lacks more than maxResumeEvents with a snapshot, fewer with the events', async () => {
    relay = await startRelay(DEFAULT_CONFIG, { log: { maxResumeEvents: 20 } });
    await appendPosts(relay, 1, 30);
    const epoch = relay.relay.walls.get('askGMP')!.log.epoch;

    const far = await subscribe(await rawSocket(relay.url), { tag: 'askGMP', since: { epoch, seq: 0 } });
    expect(far).toMatchObject({ ok: true, mode: 'snapshot' });
    if (far.ok && far.mode === 'snapshot') expect(far.snapshot.seq).toBe(30);

    const near = await subscribe(await rawSocket(relay.url), { tag: 'askGMP', since: { epoch, seq: 10 } });
    expect(near).toMatchObject({ ok: true, mode: 'events' });
    if (near.ok && near.mode === 'events') expect(near.events.map((e) => e.seq)).toEqual(range(11, 30));
  });
});

describe('re-subscribing a wall already joined', () => {
  it('answers only what the socket lacks, never the retained log again', async () => {
    relay = await startRelay();
    await appendPosts(relay, 1, 30);
    const epoch = relay.relay.walls.get('askGMP')!.log.epoch;
    const socket = await rawSocket(relay.url);

    const first = await subscribe(socket, { tag: 'askGMP', since: { epoch, seq: 0 } });
    expect(first).toMatchObject({ ok: true, mode: 'events' });
    if (first.ok && first.mode === 'events') expect(first.events).toHaveLength(30);

    // The same 80-byte request again: the socket was sent all of that already.
    const again = await subscribe(socket, { tag: 'askGMP', since: { epoch, seq: 0 } });
    expect(again).toMatchObject({ ok: true, mode: 'snapshot' });

    // A resume from what it has (the SDK after a gap) gets exactly the newer events.
    await appendPosts(relay, 31, 2);
    const resumed = await subscribe(socket, { tag: 'askGMP', since: { epoch, seq: 30 } });
    expect(resumed).toMatchObject({ ok: true, mode: 'events' });
    if (resumed.ok && resumed.mode === 'events') expect(resumed.events.map((e) => e.seq)).toEqual([31, 32]);

    // Still one room membership: each live event reaches the socket once.
    const seen: number[] = [];
    socket.on('wall:event', (m: { event: { seq: number } }) => seen.push(m.event.seq));
    await appendPosts(relay, 33, 1);
    await expect.poll(() => seen).toEqual([33]);
    expect(relay.relay.io.of(VIEWER_NAMESPACE).adapter.rooms.get('wall:askgmp')?.size).toBe(1);
  });

  it('after unsubscribe, a subscribe is a first one again', async () => {
    relay = await startRelay();
    await appendPosts(relay, 1, 5);
    const epoch = relay.relay.walls.get('askGMP')!.log.epoch;
    const socket = await rawSocket(relay.url);
    await subscribe(socket, { tag: 'askGMP' });
    await socket.emitWithAck('unsubscribe', { tag: 'askGMP' });
    const result = await subscribe(socket, { tag: 'askGMP', since: { epoch, seq: 2 } });
    expect(result).toMatchObject({ ok: true, mode: 'events' });
    if (result.ok && result.mode === 'events') expect(result.events.map((e) => e.seq)).toEqual([3, 4, 5]);
  });
});

describe('slow readers', () => {
  const limit = 256 * 1024;

  it('a client that stops reading cannot make the relay hold more than the limit for it; it resumes without loss', async () => {
    // Each event in a frame of its own (the batch window is closed after every append), as the
    // bound below is per frame.
    const clock = new ManualClock();
    relay = await startRelay(DEFAULT_CONFIG, {
      connections: { maxUnsentBytes: limit },
      viewers: { batchWindowMs: 50, batchClock: clock },
    });
    const t = relay;
    // Watch what the relay holds for each connection: engine.io's queue plus the WebSocket's buffer.
    let held = 0;
    const conns: EngineConn[] = [];
    t.relay.io.engine.on('connection', (conn: EngineConn) => conns.push(conn));
    const measure = (): void => {
      for (const conn of conns) held = Math.max(held, unsentBytes(conn));
    };

    const wall = client(t.url);
    walls.push(wall);
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    expect(conns).toHaveLength(1);
    // Stop reading: the relay's writes fill the kernel's buffers, then its own.
    const tcp = clientTcpSocket(wall);
    tcp.pause();

    const size = 8 * 1024;
    // 16 MB of events for this client: far more than the limit and the kernel's buffers together.
    for (let i = 1; i <= 2000 && conns[0]!.readyState !== 'closed'; i++) {
      await appendPosts(t, i, 1, size);
      clock.advance(50);
      // Let the relay's writes reach the WebSocket and the kernel, as they would under real traffic.
      await new Promise((resolve) => setImmediate(resolve));
      measure();
    }
    const dropped = await t.relay.metrics.slowReadersDropped.get();
    expect(dropped.values[0]?.value).toBe(1);
    // At most the limit, the event that crossed it and the one that found it crossed (each event
    // carries its text twice: text and segments), until the connection's buffers are let go.
    const event = 2 * size + 1024;
    expect(held).toBeLessThanOrEqual(limit + 2 * event);
    await expect.poll(() => t.relay.io.of(VIEWER_NAMESPACE).sockets.size).toBe(0);

    // More happens while it is away; then it reads again, reconnects and catches up.
    const seq = t.relay.walls.get('askGMP')!.log.snapshot.seq;
    await appendPosts(t, 5000, 3);
    clock.advance(50);
    tcp.resume();
    await waitFor(wall, 'state', (s) => s.seq === seq + 3, 10_000);
    expect(wall.posts.map((p) => p.id)).toEqual(t.relay.walls.get('askGMP')!.log.snapshot.posts.map((p) => p.id));
  });
});

interface EngineConn {
  readyState: string;
  writeBuffer: { data?: unknown }[];
  transport: { socket?: { bufferedAmount?: number } };
}

function unsentBytes(conn: EngineConn): number {
  let bytes = conn.transport.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer) bytes += typeof packet.data === 'string' ? packet.data.length : 0;
  return bytes;
}

/** The TCP socket under an SDK wall's private connection (socket.io-client → engine.io-client → ws). */
function clientTcpSocket(wall: Wall): NetSocket {
  const socket = (wall as unknown as { socket: Socket }).socket;
  const transport = socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
