import { io as ioClient, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, clockReading, makePost, startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const CONFIG = { walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre' }], replay: { file: 'x.jsonl' } };

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

let clock = 0;
beforeEach(() => {
  clock = Date.parse('2026-11-01T12:00:00Z');
});

async function relay(options: Parameters<typeof startRelay>[1] = {}): Promise<TestRelay> {
  const t = await startRelay(CONFIG, { adminToken: ADMIN, clock: clockReading(() => clock), ...options });
  open.push(t);
  return t;
}

async function mint(t: TestRelay, name: string, ttlSeconds?: number) {
  const res = await api(t, '/admin/tokens', {
    method: 'POST',
    token: ADMIN,
    body: { name, walls: ['askGMP'], ...(ttlSeconds ? { ttlSeconds } : {}) },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; id: string };
}

/** A raw moderator socket that has joined #askGMP; records what it receives and when it is dropped. */
async function moderatorSocket(t: TestRelay, token: string) {
  const socket: Socket = ioClient(`${t.url}/moderate`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token },
  });
  open.push(socket);
  const queue: unknown[] = [];
  socket.on('mod:queue', (change: unknown) => queue.push(change));
  const dropped = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const joined = (await socket.emitWithAck('join', { tag: 'askGMP' })) as { ok: boolean };
  expect(joined.ok).toBe(true);
  return { socket, queue, dropped };
}

describe('token revocation and expiry end moderator sockets', () => {
  it('revoking one token ends its open sockets at once; other tokens keep theirs', async () => {
    const t = await relay();
    const alice = await mint(t, 'alice');
    const bob = await mint(t, 'bob');
    const a1 = await moderatorSocket(t, alice.token);
    const a2 = await moderatorSocket(t, alice.token);
    const b = await moderatorSocket(t, bob.token);

    expect((await api(t, `/admin/tokens/${alice.id}`, { method: 'DELETE', token: ADMIN })).status).toBe(204);
    expect(await a1.dropped).toBe('io server disconnect');
    expect(await a2.dropped).toBe('io server disconnect');
    expect(b.socket.connected).toBe(true);

    // Held posts now reach bob only.
    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    await expect.poll(() => b.queue.length).toBe(1);
    expect(a1.queue).toEqual([]);
  });

  it('a socket whose token expired is ended before anything else is pushed to it', async () => {
    const t = await relay();
    const short = await mint(t, 'short', 60);
    const long = await mint(t, 'long');
    const s = await moderatorSocket(t, short.token);
    const l = await moderatorSocket(t, long.token);
    clock += 61_000; // the relay's clock: the short token has expired

    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    expect(await s.dropped).toBe('io server disconnect');
    await expect.poll(() => l.queue.length).toBe(1);
    expect(s.queue).toEqual([]);
  });

  it('a token revoked elsewhere (another relay, the store) is caught by the periodic re-check', async () => {
    const t = await relay({ moderation: { tokenRecheckMs: 50 } });
    const alice = await mint(t, 'alice');
    const a = await moderatorSocket(t, alice.token);
    await t.relay.store.deleteToken(alice.id); // not through this relay's token service
    expect(await a.dropped).toBe('io server disconnect');
  });
});

describe('admin token listing and revoke-all', () => {
  it('GET /api/admin/tokens lists tokens without their secret or hash; admin only', async () => {
    const t = await relay();
    const alice = await mint(t, 'alice');
    clock += 1000;
    await mint(t, 'bob', 60);
    clock += 61_000;
    expect((await api(t, '/admin/tokens', { token: alice.token })).status).toBe(401);
    const res = await api(t, '/admin/tokens', { token: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).not.toContain(alice.token);
    const { tokens } = JSON.parse(text) as { tokens: Record<string, unknown>[] };
    expect(tokens.map((x) => [x.name, x.expired])).toEqual([
      ['alice', false],
      ['bob', true],
    ]);
    expect(Object.keys(tokens[0]!).sort()).toEqual([
      'createdAt',
      'expired',
      'expiresAt',
      'id',
      'name',
      'roles',
      'walls',
    ]);
  });

  it('DELETE /api/admin/tokens revokes every token and ends every moderator socket', async () => {
    const t = await relay();
    const alice = await mint(t, 'alice');
    const bob = await mint(t, 'bob');
    const a = await moderatorSocket(t, alice.token);
    const b = await moderatorSocket(t, bob.token);
    const res = await api(t, '/admin/tokens', { method: 'DELETE', token: ADMIN });
    expect(await res.json()).toEqual({ revoked: 2 });
    expect(await a.dropped).toBe('io server disconnect');
    expect(await b.dropped).toBe('io server disconnect');
    expect((await api(t, '/mod/me', { token: bob.token })).status).toBe(401);
    expect((await (await api(t, '/admin/tokens', { token: ADMIN })).json()).tokens).toEqual([]);
  });
});
