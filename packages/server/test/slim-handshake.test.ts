import { IncomingMessage } from 'node:http';
import { VIEWER_NAMESPACE } from '@chat-wall/sdk';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from './support/util.js';

let relay: TestRelay | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await relay?.close();
  relay = undefined;
});

describe('handshake requests', () => {
  it('a connection keeps only what its namespaces read of the upgrade request, and they still read it', async () => {
    relay = await startRelay();
    socket = io(new URL(VIEWER_NAMESPACE, relay.url).toString(), {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: 'https://venue.example', 'x-filler': 'x'.repeat(4000) },
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    const [server] = relay.relay.io.of(VIEWER_NAMESPACE).sockets.values();
    expect(server!.conn.request).not.toBeInstanceOf(IncomingMessage);
    expect(server!.conn.request.headers).toEqual({ origin: 'https://venue.example' });
    expect(server!.handshake.headers.origin).toBe('https://venue.example');
    expect(server!.handshake.address).toBe('127.0.0.1');
    expect(server!.handshake.query).toMatchObject({ EIO: '4', transport: 'websocket' });
    // The origin check of a subscribe still sees it.
    const answer = await socket.timeout(5000).emitWithAck('subscribe', { tag: 'askGMP' });
    expect(answer).toMatchObject({ ok: true });
  });
});
