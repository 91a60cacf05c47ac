import { connectModerator, ModeratorState, type ModeratorClient } from '@chat-wall/sdk';
import { io as ioClient } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moderator, nextMod } from './support/moderator.js';
import { api, clockReading, makePost, startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const CONFIG = {
  walls: [
    { tag: 'askGMP', sources: ['replay'], moderation: 'pre' },
    { tag: 'other', sources: ['replay'], moderation: 'pre' },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

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

async function mint(t: TestRelay, walls: string[] = ['askGMP'], name = 'alice', ttlSeconds?: number) {
  const res = await api(t, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name, walls, ttlSeconds } });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; id: string; walls: string[]; expiresAt: string };
}

describe('admin tokens', () => {
  it('mints a token scoped to walls and stores only its hash', async () => {
    const t = await relay();
    const minted = await mint(t, ['#AskGMP']);
    expect(minted.token).toMatch(/^cwm_[A-Za-z0-9_-]{43}$/);
    expect(minted.walls).toEqual(['askgmp']);
    const stored = await t.relay.store.findToken(
      (await import('node:crypto')).createHash('sha256').update(minted.token).digest('hex'),
    );
    expect(stored?.id).toBe(minted.id);
    expect(JSON.stringify(stored)).not.toContain(minted.token);
  });

  it('refuses a wrong admin token (401), and minting when no admin token is configured (403)', async () => {
    const t = await relay();
    const wrong = await api(t, '/admin/tokens', { method: 'POST', token: 'nope', body: { name: 'x', walls: ['*'] } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    const bad = await api(t, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name: 'x', walls: [] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('walls');

    const off = await relay({ adminToken: '' });
    const res = await api(off, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name: 'x', walls: ['*'] } });
    expect(res.status).toBe(403);
  });

  it('a revoked token stops working', async () => {
    const t = await relay();
    const { token, id } = await mint(t);
    expect((await api(t, '/mod/me', { token })).status).toBe(200);
    expect((await api(t, `/admin/tokens/${id}`, { method: 'DELETE', token: ADMIN })).status).toBe(204);
    expect((await api(t, '/mod/me', { token })).status).toBe(401);
  });
});

describe('moderator REST', () => {
  it('401 without, with an invalid, or with an expired token; 403 for another wall', async () => {
    const t = await relay();
    const { token } = await mint(t, ['askgmp'], 'alice', 3600);
    for (const bad of [undefined, 'cwm_not-a-real-token', 'garbage']) {
      const res = await api(t, '/mod/walls/askgmp/queue', { ...(bad ? { token: bad } : {}) });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    const other = await api(t, '/mod/walls/other/queue', { token });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('forbidden');

    clock += 3601_000;
    const expired = await api(t, '/mod/walls/askgmp/queue', { token });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.message).toMatch(/expired/);
  });

  it('acts on posts: 200 with the post, 404 for an unknown post, 409 naming who decided', async () => {
    const t = await relay();
    const alice = await mint(t, ['askgmp'], 'alice');
    const bob = await mint(t, ['*'], 'bob');
    t.source.push(makePost(1));
    await t.relay.ingest.drain();

    const queue = await (await api(t, '/mod/walls/askgmp/queue', { token: alice.token })).json();
    expect(queue.posts.map((r: { post: { id: string } }) => r.post.id)).toEqual(['replay:1']);

    const ok = await api(t, '/mod/walls/askgmp/posts/replay:1/approve', {
      method: 'POST',
      token: alice.token,
      body: { expected: 'held', reason: 'fine' },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).post).toMatchObject({ status: 'approved', decidedBy: 'alice' });
    expect(t.relay.walls.get('askgmp')!.log.snapshot.posts.map((p) => p.id)).toEqual(['replay:1']);

    const late = await api(t, '/mod/walls/askgmp/posts/replay:1/reject', {
      method: 'POST',
      token: bob.token,
      body: { expected: 'held' },
    });
    expect(late.status).toBe(409);
    const body = await late.json();
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/already approved by alice/);
    expect(body.current.status).toBe('approved');

    const missing = await api(t, '/mod/walls/askgmp/posts/replay:404/approve', { method: 'POST', token: bob.token });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const badAction = await api(t, '/mod/walls/askgmp/posts/replay:1/explode', { method: 'POST', token: bob.token });
    expect(badAction.status).toBe(400);
    expect((await badAction.json()).error.field).toBe('action');
  });

  it('malformed filter settings: 400 naming the field, settings unchanged', async () => {
    const t = await relay();
    const { token } = await mint(t);
    const before = await (await api(t, '/mod/walls/askgmp/settings', { token })).json();
    const res = await api(t, '/mod/walls/askgmp/settings', {
      method: 'PUT',
      token,
      body: { mode: 'auto', filters: { links: 'hold', patterns: { regex: ['[z-a]'] } } },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'bad_request', field: 'filters.patterns.regex.0' });
    expect(error.message).toMatch(/^filters\.patterns\.regex\.0: not a valid regular expression/);
    expect(await (await api(t, '/mod/walls/askgmp/settings', { token })).json()).toEqual(before);
    expect(await t.relay.store.getWallSettings('askgmp')).toBeUndefined();

    const good = await api(t, '/mod/walls/askgmp/settings', {
      method: 'PUT',
      token,
      body: { filters: { links: 'hold' } },
    });
    expect(good.status).toBe(200);
    expect((await t.relay.store.getWallSettings('askgmp'))?.filters.links).toBe('hold');
  });

  it('exports the audit log as CSV with formula-safe cells', async () => {
    const t = await relay();
    const { token } = await mint(t, ['askgmp'], '=cmd|calc');
    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    await api(t, '/mod/walls/askgmp/posts/replay:1/approve', { method: 'POST', token, body: { reason: 'a, "b"' } });
    const res = await api(t, '/mod/walls/askgmp/audit?format=csv', { token });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"id","at","actor","action","postId","author","from","to","reason"');
    expect(lines[1]).toBe(
      `"1","2026-11-01T12:00:00.000Z","'=cmd|calc","approve","replay:1","replay:u1","held","approved","a, ""b"""`,
    );
    expect((await api(t, '/mod/walls/askgmp/audit?format=xml', { token })).status).toBe(400);
  });

  it('rate limits per token with 429', async () => {
    const t = await relay({
      adminToken: ADMIN,
      clock: clockReading(() => clock),
      moderation: { rateLimit: { windowMs: 60_000, limit: 3 } },
    });
    const { token } = await mint(t);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(t, '/mod/me', { token })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('moderator socket', () => {
  function refusal(client: ModeratorClient) {
    return nextMod(client, 'status', (s) => s.state === ModeratorState.Failed);
  }

  it('refuses a connection without, or with an invalid or expired token, with a code', async () => {
    const t = await relay();
    const { token } = await mint(t, ['askgmp'], 'alice', 60);
    for (const bad of ['', 'cwm_forged']) {
      const c = connectModerator({ server: t.url, token: bad });
      open.push(c);
      expect((await refusal(c)).error).toMatchObject({ code: 'unauthorized' });
    }
    clock += 61_000;
    const c = moderator(t.url, token);
    open.push(c);
    expect((await refusal(c)).error?.message).toMatch(/expired/);
    await expect(c.join('askgmp')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('a raw socket.io client gets connect_error with data.code', async () => {
    const t = await relay();
    const socket = ioClient(`${t.url}/moderate`, { transports: ['websocket'], forceNew: true, auth: { token: 'x' } });
    open.push({ close: () => socket.close() });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    expect(err.data?.code).toBe('unauthorized');
  });

  it('a moderator cannot join a wall outside its token', async () => {
    const t = await relay();
    const c = moderator(t.url, (await mint(t, ['askgmp'])).token);
    open.push(c);
    await expect(c.join('other')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(c.join('askgmp')).resolves.toMatchObject({ tag: 'askgmp' });
  });

  it('viewer sockets can never moderate', async () => {
    const t = await relay();
    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    const viewer = ioClient(`${t.url}/walls`, { transports: ['websocket'], forceNew: true });
    open.push({ close: () => viewer.close() });
    await new Promise((resolve) => viewer.once('connect', () => resolve(undefined)));
    // The viewer namespace has no such handler: the ack never comes and nothing changes.
    const answer = viewer
      .timeout(300)
      .emitWithAck('act', { tag: 'askgmp', postId: 'replay:1', action: 'approve' })
      .catch((err: Error) => err.message);
    expect(await answer).toMatch(/timed out/);
    expect((await t.relay.store.getPost('askgmp', 'replay:1'))?.status).toBe('held');
  });

  it('rate limits a moderator socket and validates requests', async () => {
    const t = await relay({
      adminToken: ADMIN,
      clock: clockReading(() => clock),
      moderation: { socketRateLimit: { capacity: 3, perSecond: 0.001 } },
    });
    const c = moderator(t.url, (await mint(t)).token);
    open.push(c);
    await expect(c.act({ tag: 'askgmp', postId: '', action: 'approve' })).rejects.toMatchObject({
      code: 'bad_request',
      field: 'postId',
    });
    await c.settings('askgmp');
    await c.settings('askgmp');
    await expect(c.settings('askgmp')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('shares the socket budget among all sockets of one token, not one budget per socket', async () => {
    const t = await relay({ adminToken: ADMIN, moderation: { socketRateLimit: { capacity: 3, perSecond: 0.001 } } });
    const { token } = await mint(t);
    const sockets = [moderator(t.url, token), moderator(t.url, token), moderator(t.url, token)];
    open.push(...sockets);
    for (const s of sockets) await s.settings('askgmp');
    // The budget is spent: a fourth socket of the same token gets no fresh one.
    const more = moderator(t.url, token);
    open.push(more);
    await expect(more.settings('askgmp')).rejects.toMatchObject({ code: 'rate_limited' });
    // Another token has its own.
    const other = moderator(t.url, (await mint(t)).token);
    open.push(other);
    await other.settings('askgmp');
  });
});

describe('GET /api/mod/sources', () => {
  it("shows only the sources that feed the token's walls", async () => {
    const t = await startRelay(
      {
        walls: [
          { tag: 'askGMP', sources: ['replay'] },
          { tag: 'questions', sources: ['native'] },
        ],
        replay: { file: 'fed-by-the-test.jsonl' },
      },
      { adminToken: ADMIN },
    );
    open.push(t);
    const sourcesFor = async (walls: string[]) => {
      const { token } = await mint(t, walls);
      const res = await api(t, '/mod/sources', { token });
      expect(res.status).toBe(200);
      return Object.keys(((await res.json()) as { sources: object }).sources).sort();
    };
    expect(await sourcesFor(['questions'])).toEqual(['native']);
    expect(await sourcesFor(['askGMP'])).toEqual(['replay']);
    expect(await sourcesFor(['*'])).toEqual(['native', 'replay']);
  });
});
