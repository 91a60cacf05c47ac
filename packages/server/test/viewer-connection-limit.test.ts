import { VIEWER_NAMESPACE } from '@chat-wall/sdk/protocol';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionLimiter } from '../src/realtime/connection-limit.js';
import { client, clockReading, startRelay, waitFor, type TestRelay } from './support/util.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

let clock = 0;

async function relay(options: { trustProxy?: boolean } = {}): Promise<TestRelay> {
  clock = Date.parse('2026-11-01T12:00:00Z');
  const t = await startRelay(undefined, {
    clock: clockReading(() => clock),
    viewers: { connectionsPerMinute: 3 },
    ...options,
  });
  open.push(t);
  return t;
}

/** Connects a raw socket.io client to the viewer namespace; resolves with the outcome of its first attempt. */
function connect(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ socket: Socket; error?: { code: string; message: string; retryInMs: number } }> {
  const socket = ioClient(`${url}${VIEWER_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err: Error & { data?: { code: string; message: string; retryInMs: number } }) =>
      resolve({ socket, ...(err.data ? { error: err.data } : {}) }),
    );
  });
}

describe('viewer connections per address', () => {
  it('refuses connections beyond the budget with connect_error rate_limited; reconnecting does not reset it', async () => {
    const t = await relay();
    const first = await connect(t.url);
    expect(first.error).toBeUndefined();
    // Reconnecting the same client spends the budget as a new connection would.
    first.socket.disconnect();
    first.socket.connect();
    await new Promise<void>((resolve) => first.socket.once('connect', () => resolve()));
    expect((await connect(t.url)).error).toBeUndefined();

    const refused = await connect(t.url);
    expect(refused.socket.connected).toBe(false);
    expect(refused.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/Too many connections from this address; try again in 20 s/),
      retryInMs: 20_000,
    });
    const again = (await connect(t.url)).error;
    expect(again?.code).toBe('rate_limited');
    expect(await t.relay.metrics.registry.metrics()).toMatch(/chat_wall_client_errors_total\{code="rate_limited"\} 2/);

    // The budget refills evenly: one connection per 20 s at 3 a minute.
    clock += 20_000;
    expect((await connect(t.url)).error).toBeUndefined();
    expect((await connect(t.url)).error?.code).toBe('rate_limited');
    // Connections already open are not touched.
    expect(first.socket.connected).toBe(true);
  });

  it('counts X-Forwarded-For addresses separately only when told to trust the proxy', async () => {
    const trusted = await relay({ trustProxy: true });
    const a = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' };
    const b = { 'x-forwarded-for': '198.51.100.2' };
    for (let i = 0; i < 3; i++) expect((await connect(trusted.url, a)).error).toBeUndefined();
    expect((await connect(trusted.url, a)).error?.code).toBe('rate_limited');
    // Only the first entry counts: a different proxy hop is the same client.
    expect((await connect(trusted.url, { 'x-forwarded-for': '203.0.113.7, 10.9.9.9' })).error?.code).toBe(
      'rate_limited',
    );
    expect((await connect(trusted.url, b)).error).toBeUndefined();

    const direct = await relay({ trustProxy: false });
    for (let i = 0; i < 3; i++) expect((await connect(direct.url, i % 2 ? a : b)).error).toBeUndefined();
    // Without trust the header is ignored: every client here is 127.0.0.1.
    expect((await connect(direct.url, { 'x-forwarded-for': '192.0.2.99' })).error?.code).toBe('rate_limited');
  });

  it('leaves the moderator namespace alone', async () => {
    const t = await relay();
    for (let i = 0; i < 3; i++) await connect(t.url);
    const mod = ioClient(`${t.url}/moderate`, { transports: ['websocket'], forceNew: true, reconnection: false });
    open.push(mod);
    const error = await new Promise<unknown>((resolve) => mod.once('connect_error', (err) => resolve(err.data)));
    expect(error).toMatchObject({ code: 'unauthorized' }); // refused for its missing token, not for the viewer budget
  });
});

describe('connection limiter', () => {
  it('forgets addresses once their budget has refilled', () => {
    let now = 0;
    const limiter = new ConnectionLimiter(2, () => now);
    for (let i = 0; i < 1000; i++) expect(limiter.take(`10.0.${i >> 8}.${i & 255}`)).toBe(0);
    expect(limiter.size).toBe(1000);
    now += 60_000;
    expect(limiter.take('10.9.9.9')).toBe(0);
    expect(limiter.size).toBe(1);
  });
});

describe('SDK against the connection budget', () => {
  it('shows rate_limited while refused, retries when the relay says, then goes live', async () => {
    clock = Date.parse('2026-11-01T12:00:00Z');
    // 60 a minute: a burst of 60, then one a second (on the test's clock).
    const t = await startRelay(undefined, { clock: clockReading(() => clock), viewers: { connectionsPerMinute: 60 } });
    open.push(t);
    for (let i = 0; i < 60; i++) expect((await connect(t.url)).error).toBeUndefined();

    const wall = client(t.url);
    open.push(wall);
    const refused = await waitFor(wall, 'status', (s) => s.error?.code === 'rate_limited');
    expect(refused.state).toBe('connecting');
    expect(refused.error?.message).toMatch(/try again in 1 s/);
    // A second later (on the relay's clock) a connection is allowed again: the SDK's retry gets it.
    clock += 1000;
    await waitFor(wall, 'status', (s) => s.state === 'live', 5000);
  });
});

describe('viewer connections behind a proxy', () => {
  it('TRUST_PROXY=1: a client cannot escape its budget by writing X-Forwarded-For itself', async () => {
    clock = Date.parse('2026-11-01T12:00:00Z');
    // The test is the proxy (127.0.0.1): it appends the real client, 198.51.100.7, after what the client sent.
    const t = await startRelay(undefined, {
      clock: clockReading(() => clock),
      viewers: { connectionsPerMinute: 3 },
      trustProxy: 1,
    });
    open.push(t);
    for (let i = 0; i < 3; i++) {
      expect((await connect(t.url, { 'x-forwarded-for': `6.6.6.${i}, 198.51.100.7` })).error).toBeUndefined();
    }
    expect((await connect(t.url, { 'x-forwarded-for': '6.6.6.99, 198.51.100.7' })).error?.code).toBe('rate_limited');
    // Another real client has a budget of its own.
    expect((await connect(t.url, { 'x-forwarded-for': '6.6.6.99, 198.51.100.8' })).error).toBeUndefined();
  });
});
