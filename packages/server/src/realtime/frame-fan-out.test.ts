import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Metrics } from '../metrics.js';
import { FrameFanOut } from './frame-fan-out.js';
import { dropSlowReaders } from './slow-readers.js';

const NSP = '/walls';
const ROOM = 'wall:askgmp';

let http: HttpServer | undefined;
let server: Server | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await server?.close();
  server = undefined;
  http = undefined;
});

/** A socket.io server like the relay's (WebSocket only) whose `/walls` sockets all join one room. */
async function start(): Promise<{ url: string; nsp: Namespace; fanOut: FrameFanOut }> {
  http = createServer();
  server = new Server(http, { transports: ['websocket'] });
  const slowReaders = dropSlowReaders(server, 1024 * 1024, new Metrics());
  const nsp = server.of(NSP);
  nsp.on('connection', (socket) => void socket.join(ROOM));
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, nsp, fanOut: new FrameFanOut(nsp, slowReaders) };
}

/** A socket.io client on `/walls`, connected (and so in the room). */
async function client(url: string): Promise<ClientSocket> {
  const socket = connect(`${url}${NSP}`, { transports: ['websocket'], forceNew: true });
  closers.push(() => socket.disconnect());
  await next(socket, 'connect');
  return socket;
}

/** The next time `socket` receives `event`. */
const next = (socket: ClientSocket, event: string): Promise<void> =>
  new Promise((resolve) => socket.once(event, () => resolve()));

/** A raw WebSocket speaking engine.io v4 / socket.io v5 by hand: what it receives, as text, after joining `/walls`. */
async function rawClient(url: string): Promise<string[]> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  closers.push(() => ws.terminate());
  const received: string[] = [];
  const joined = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) ws.send(`40${NSP},`);
      else if (text.startsWith(`40${NSP},`)) resolve();
      else received.push(text);
    });
  });
  await joined;
  return received;
}

describe('FrameFanOut', () => {
  it('sends every socket of the room the bytes socket.io’s own broadcast sends', async () => {
    const { url, nsp, fanOut } = await start();
    const [a, b] = [await rawClient(url), await rawClient(url)];
    const payload = { tag: 'askgmp', epoch: 'e1', event: { seq: 1, text: 'Wie geht’s? 👋 "quoted" \\ <b>' } };
    fanOut.emit(ROOM, 'wall:event', payload);
    nsp.to(ROOM).emit('wall:event', payload);
    await expect.poll(() => a.length + b.length).toBe(4);
    expect(a[0]).toBe(a[1]);
    expect(b).toEqual(a);
    expect(JSON.parse(a[0]!.slice(`42${NSP},`.length))).toEqual(['wall:event', payload]);
  });

  it('writes straight to an idle connection’s WebSocket, and behind what engine.io still holds through its queue', async () => {
    const { url, nsp, fanOut } = await start();
    const socket = await client(url);
    const seen: string[] = [];
    socket.onAny((event: string) => seen.push(event));
    const [server] = [...nsp.sockets.values()];
    const packets: unknown[] = [];
    server!.conn.on('packetCreate', (packet: unknown) => packets.push(packet));
    fanOut.emit(ROOM, 'direct', {});
    await expect.poll(() => seen).toEqual(['direct']);
    expect(packets).toEqual([]);
    // The first emit is handed to the WebSocket and engine.io waits for its write to finish; the
    // second waits in engine.io's queue meanwhile. The fan-out's messages must come after both.
    server!.emit('first');
    server!.emit('second');
    fanOut.emit(ROOM, 'third', {});
    fanOut.emit(ROOM, 'fourth', {});
    await expect.poll(() => seen.length).toBe(5);
    expect(seen).toEqual(['direct', 'first', 'second', 'third', 'fourth']);
    expect(packets).toHaveLength(4);
  });

  it('reaches only the room, and a message with binary data through socket.io’s broadcast', async () => {
    const { url, nsp, fanOut } = await start();
    const inRoom = await client(url);
    const outside = await client(url);
    const [, other] = [...nsp.sockets.values()];
    void other!.leave(ROOM);
    const got = { inRoom: [] as unknown[], outside: [] as unknown[] };
    inRoom.on('bin', (data: unknown) => got.inRoom.push(data));
    outside.on('bin', (data: unknown) => got.outside.push(data));
    fanOut.emit(ROOM, 'bin', { bytes: Buffer.from([1, 2, 3]) });
    fanOut.emit('nobody-here', 'bin', { bytes: Buffer.from([4]) });
    await expect.poll(() => got.inRoom.length).toBe(1);
    expect(new Uint8Array((got.inRoom[0] as { bytes: ArrayBuffer }).bytes)).toEqual(new Uint8Array([1, 2, 3]));
    // A round trip on the other socket: had it been sent anything, it would have arrived first.
    const [, otherServer] = [...nsp.sockets.values()];
    otherServer!.emit('done');
    await next(outside, 'done');
    expect(got.outside).toEqual([]);
  });
});
