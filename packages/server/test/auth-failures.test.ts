import { Writable } from 'node:stream';
import { pino } from 'pino';
import { io as ioClient } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminTokenError, MIN_ADMIN_TOKEN_LENGTH } from '../src/auth/admin-token.js';
import { AuthFailures } from '../src/auth/auth-failures.js';
import { clockReading, startRelay, type TestRelay } from './support/util.js';

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

/** A relay whose log lines the test can read. */
async function relay(options: Parameters<typeof startRelay>[1] = {}): Promise<TestRelay & { logs: string[] }> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const t = await startRelay(CONFIG, {
    adminToken: ADMIN,
    logger: pino({ level: 'warn' }, sink),
    clock: clockReading(() => clock),
    ...options,
  });
  open.push(t);
  return Object.assign(t, { logs });
}

function mint(t: TestRelay, token: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'jo', walls: ['askGMP'] }),
  });
}

describe('admin token strength', () => {
  it('refuses to start with an admin token under 32 characters; 32 and more work', async () => {
    const short = 'y'.repeat(MIN_ADMIN_TOKEN_LENGTH - 1);
    await expect(startRelay(CONFIG, { adminToken: short })).rejects.toThrow(AdminTokenError);
    await expect(startRelay(CONFIG, { adminToken: short })).rejects.toThrow(/openssl rand -base64 32/);
    const exact = 'z'.repeat(MIN_ADMIN_TOKEN_LENGTH);
    const t = await relay({ adminToken: exact });
    expect((await mint(t, exact)).status).toBe(201);
  });
});

describe('failed authentication', () => {
  it('backs off an address after 5 failures, even for the right token, and logs no token', async () => {
    const t = await relay();
    for (let i = 0; i < 5; i++) expect((await mint(t, `guess-number-${i}`)).status).toBe(401);
    // The sixth failure starts the backoff: one second.
    expect((await mint(t, 'guess-number-5')).status).toBe(401);
    const blocked = await mint(t, ADMIN);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect((await blocked.json()).error.code).toBe('rate_limited');
    // Moderator tokens guessed from the same address wait too.
    const mod = await fetch(`${t.url}/api/mod/me`, { headers: { authorization: 'Bearer cwm_guess' } });
    expect(mod.status).toBe(429);

    clock += 1000;
    expect((await mint(t, ADMIN)).status).toBe(201);

    const failures = t.logs.filter((l) => l.includes('authentication failed'));
    expect(failures).toHaveLength(6);
    expect(JSON.parse(failures[0]!)).toMatchObject({ kind: 'admin', address: expect.stringMatching(/127\.0\.0\.1/) });
    for (const line of t.logs) expect(line).not.toMatch(/guess-number|admin-secret/);
  });

  it('counts failures overall: many addresses (through a trusted proxy) back everyone off', async () => {
    const t = await relay({ trustProxy: 'loopback' });
    const from = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}` });
    // 100 failures a minute are allowed overall, each address staying under its own 5.
    for (let i = 0; i < 100; i++) expect((await mint(t, 'wrong-token', from(i % 50))).status).toBe(401);
    expect((await mint(t, 'wrong-token', from(200))).status).toBe(401); // the 101st trips the overall limit
    const fresh = await mint(t, ADMIN, from(201));
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBe(60);
    clock += 60_000;
    expect((await mint(t, ADMIN, from(201))).status).toBe(201);
  });

  it('refuses moderator sockets from a backing-off address with rate_limited and retryInMs', async () => {
    const t = await relay();
    const attempt = (token: string) =>
      new Promise<{ code: string; retryInMs?: number }>((resolve) => {
        const s = ioClient(`${t.url}/moderate`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: { token },
        });
        open.push(s);
        s.once('connect_error', (err: Error & { data?: { code: string; retryInMs?: number } }) => resolve(err.data!));
      });
    for (let i = 0; i < 6; i++) expect((await attempt(`cwm_guess${i}`)).code).toBe('unauthorized');
    expect(await attempt('cwm_guess6')).toEqual(expect.objectContaining({ code: 'rate_limited', retryInMs: 1000 }));
  });
});

describe('AuthFailures', () => {
  it('doubles the wait per further failure up to the ceiling, and a success clears the address', () => {
    const now = 0;
    const f = new AuthFailures({ freePerAddress: 2, maxBackoffMs: 8000, overallPerMinute: 1000, now: () => now });
    f.fail('a');
    f.fail('a');
    expect(f.retryIn('a')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      f.fail('a');
      waits.push(f.retryIn('a'));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(f.retryIn('b')).toBe(0);
    f.succeed('a');
    expect(f.retryIn('a')).toBe(0);
  });

  it('forgets quiet addresses, so the map does not grow without end', () => {
    let now = 0;
    const f = new AuthFailures({ overallPerMinute: 1e9, now: () => now });
    for (let i = 0; i < 1000; i++) f.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(f.size).toBe(1000);
    now += 16 * 60_000;
    f.fail('10.9.9.9');
    expect(f.size).toBe(1);
  });
});
