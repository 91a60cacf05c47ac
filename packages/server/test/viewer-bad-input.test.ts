import { ConnectionState, VIEWER_NAMESPACE, type SubscribeResult, type WallEventMessage } from '@chat-wall/sdk';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { client, makePost, startRelay, waitFor, waitForSeq, type TestRelay, rawViewerSocket } from './support/util.js';

let relay: TestRelay;
const sockets: Socket[] = [];
const walls: { close(): void }[] = [];
beforeEach(async () => {
  relay = await startRelay();
});
afterEach(async () => {
  vi.useRealTimers();
  sockets.splice(0).forEach((s) => s.disconnect());
  walls.splice(0).forEach((w) => w.close());
  await relay.close();
});

/** A raw socket.io client on the viewer namespace: it can send anything, unlike the SDK. */
async function rawSocket(): Promise<Socket> {
  const socket = await rawViewerSocket(relay.url);
  sockets.push(socket);
  return socket;
}

function subscribe(socket: Socket, ...args: unknown[]): Promise<SubscribeResult> {
  return socket.timeout(2000).emitWithAck('subscribe', ...args) as Promise<SubscribeResult>;
}

/** The relay still serves: /healthz answers and a new viewer gets a new post. */
async function stillServing(n: number): Promise<void> {
  const health = await fetch(`${relay.url}/healthz`);
  expect(health.status).toBe(200);
  const wall = client(relay.url);
  walls.push(wall);
  await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
  const seq = wall.state!.seq;
  relay.source.push(makePost(n));
  await waitForSeq(wall, seq + 1);
  expect(wall.posts[0]!.id).toBe(`replay:${n}`);
}

describe('viewer socket: malformed subscribe', () => {
  const malformed: [string, unknown[]][] = [
    ['no payload at all', []],
    ['an empty object', [{}]],
    ['a number', [42]],
    ['null', [null]],
    ['an array', [['askGMP']]],
    ['a bare string', ['askGMP']],
    ['a numeric tag', [{ tag: 42 }]],
    ['an empty tag', [{ tag: '' }]],
    ['a huge tag', [{ tag: 'a'.repeat(10_000) }]],
    ['nested junk as tag', [{ tag: { $gt: '' }, __proto__: { tag: 'askGMP' } }]],
    ['since that is a string', [{ tag: 'askGMP', since: 'yesterday' }]],
    ['since with a negative seq', [{ tag: 'askGMP', since: { epoch: 'e', seq: -1 } }]],
    ['since with a float seq', [{ tag: 'askGMP', since: { epoch: 'e', seq: 1.5 } }]],
    ['since with a seq beyond safe integers', [{ tag: 'askGMP', since: { epoch: 'e', seq: 2 ** 64 } }]],
    ['since without epoch', [{ tag: 'askGMP', since: { seq: 3 } }]],
    ['binary payload', [Buffer.from('{"tag":"askGMP"}')]],
  ];

  it.each(malformed)('answers bad_request to %s, and the same socket then subscribes fine', async (_name, args) => {
    const socket = await rawSocket();
    const result = await subscribe(socket, ...args);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // The message starts with the field it is about (or the request, when the whole of it is wrong).
    if (!result.ok) expect(result.error.message).toMatch(/^(tag|since(\.\w+)?|subscribe request): /);

    const ok = await subscribe(socket, { tag: 'askGMP' });
    expect(ok).toMatchObject({ ok: true, mode: 'snapshot', tag: 'askgmp' });
  });

  it('answers requests that carry extra arguments before the ack', async () => {
    const socket = await rawSocket();
    expect(await subscribe(socket, { tag: '#AskGMP' }, 'extra', { more: true })).toMatchObject({ ok: true });
  });

  it('ignores a subscribe without an ack function, and joins nothing', async () => {
    const socket = await rawSocket();
    const events: WallEventMessage[] = [];
    socket.on('wall:event', (m: WallEventMessage) => events.push(m));
    socket.emit('subscribe', { tag: 'askGMP' });
    // A later request with an ack is answered, so the first one has been handled by then.
    expect(await subscribe(socket, { tag: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown_wall' } });
    const server = relay.relay.io.of(VIEWER_NAMESPACE).sockets.get(socket.id!)!;
    expect([...server.rooms]).toEqual([socket.id]);
    await stillServing(1);
    expect(events).toEqual([]);
  });

  it('answers unknown_wall for a tag this server does not have', async () => {
    const socket = await rawSocket();
    expect(await subscribe(socket, { tag: 'nope' })).toEqual({
      ok: false,
      error: { code: 'unknown_wall', message: 'There is no wall "nope" on this server.', field: 'tag' },
    });
  });

  it('answers bad_request to unsubscribe junk and ok to a real unsubscribe', async () => {
    const socket = await rawSocket();
    expect(await socket.timeout(2000).emitWithAck('unsubscribe', 7)).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await socket.timeout(2000).emitWithAck('unsubscribe')).toMatchObject({ ok: false });
    await subscribe(socket, { tag: 'askGMP' });
    expect(await socket.timeout(2000).emitWithAck('unsubscribe', { tag: 'ASKGMP' })).toEqual({ ok: true });
    const server = relay.relay.io.of(VIEWER_NAMESPACE).sockets.get(socket.id!)!;
    expect(server.rooms.has('wall:askgmp')).toBe(false);
  });
});

describe('viewer socket: barrage', () => {
  it('survives unknown events, binary payloads and oversized messages', async () => {
    const socket = await rawSocket();
    socket.emit('hello', { tag: 'askGMP' });
    socket.emit('wall:event', { tag: 'askgmp', epoch: 'x', event: { type: 'post.removed', id: 'replay:1', seq: 1 } });
    socket.emit('wall:reset', null);
    socket.emit('subscribe', Buffer.alloc(1024, 7), Buffer.alloc(3));
    socket.emit('__proto__', { constructor: { prototype: { polluted: true } } });
    expect(await subscribe(socket, { tag: Buffer.from('askGMP') })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });

    // Larger than maxHttpBufferSize: the server drops this connection, and only this one.
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('subscribe', { tag: 'x'.repeat(64 * 1024) }, () => {});
    expect(await closed).toBe('transport close');
    const other = await rawSocket();
    other.emit('subscribe', Buffer.alloc(20 * 1024), () => {});
    await new Promise((resolve) => other.once('disconnect', resolve));

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServing(2);
  });

  it('rate-limits subscribe per socket with rate_limited, then recovers', async () => {
    vi.useFakeTimers({ toFake: ['performance'] }); // the token bucket's clock; everything else stays real
    const socket = await rawSocket();
    const results = await Promise.all(Array.from({ length: 30 }, () => subscribe(socket, { tag: 'askGMP' })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(20);
    expect(codes.slice(20)).toEqual(Array(10).fill('rate_limited'));

    vi.advanceTimersByTime(1000); // five tokens back
    const later = await Promise.all(Array.from({ length: 6 }, () => subscribe(socket, { tag: 'askGMP' })));
    expect(later.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited']);

    // Another socket has its own bucket.
    expect(await subscribe(await rawSocket(), { tag: 'askGMP' })).toMatchObject({ ok: true });
  });

  it('answers every ack, whatever JSON is thrown at subscribe (fuzz)', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const socket = await rawSocket();
    const payload = fc.oneof(
      fc.jsonValue(),
      fc.record({ tag: fc.jsonValue(), since: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({
        tag: fc.oneof(fc.constantFrom('askGMP', '#ASKGMP', 'nope', ''), fc.string()),
        since: fc.record(
          { epoch: fc.jsonValue(), seq: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()) },
          { requiredKeys: [] },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (request) => {
        vi.advanceTimersByTime(1000); // keep the rate limit out of the way
        const result = await subscribe(socket, request);
        if (result.ok) {
          expect(result.tag).toBe('askgmp');
        } else {
          expect(['bad_request', 'unknown_wall']).toContain(result.error.code);
          expect(typeof result.error.message).toBe('string');
        }
      }),
      { numRuns: 150 },
    );
    expect(socket.connected).toBe(true);
    await stillServing(3);
  });
});

describe('SDK against bad requests', () => {
  it('reports unknown_wall through the error event and ends in status failed', async () => {
    const wall = client(relay.url, 'noSuchWall');
    walls.push(wall);
    const [error, status] = await Promise.all([
      waitFor(wall, 'error'),
      waitFor(wall, 'status', (s) => s.state === ConnectionState.Failed),
    ]);
    expect(error).toMatchObject({ code: 'unknown_wall', field: 'tag' });
    expect(status.error?.code).toBe('unknown_wall');
    expect(wall.status).toBe('failed');
    expect(wall.state).toBeUndefined();
  });
});
