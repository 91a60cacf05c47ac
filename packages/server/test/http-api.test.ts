import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Post, WallError } from '@chat-wall/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { Metrics } from '../src/metrics.js';
import { api as call, makePost, silent, startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-token-for-http-tests-0123456789';
let relay: TestRelay;
let api: string;
beforeAll(async () => {
  relay = await startRelay(
    {
      walls: [
        { tag: 'askGMP', title: '#askGMP', sources: ['replay'], moderation: 'post' },
        { tag: 'quiet', sources: ['replay'], moderation: 'post' },
      ],
      replay: { file: 'fed-by-the-test.jsonl' },
    },
    { adminToken: ADMIN },
  );
  api = `${relay.url}/api/walls`;
  relay.source.push(...Array.from({ length: 45 }, (_, i) => makePost(i + 1)));
  await relay.relay.ingest.drain();
});
afterAll(() => relay.close());

async function json<T>(url: string): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

describe('GET /healthz', () => {
  it('answers ok with the walls and the state of each source and of the store, and no detail', async () => {
    const { status, body } = await json<Record<string, unknown>>(`${relay.url}/healthz`);
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      version: expect.any(String),
      embed: expect.anything(),
      walls: 2,
      sources: { replay: { state: 'running' } },
      store: { state: 'ok' },
    });
  });
});

describe('GET /api/admin/health', () => {
  it('gives the admin token the detailed answer', async () => {
    const res = await call(relay, '/admin/health', { token: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      ok: true,
      walls: 2,
      sources: { replay: { state: 'running', postsDelivered: 45 } },
      store: { state: 'ok' },
    });
  });

  it('refuses a request without the admin token or with a moderator token, and counts the failures', async () => {
    // A relay of its own: the failures below make this address back off.
    const own = await startRelay(undefined, { adminToken: ADMIN });
    try {
      expect((await call(own, '/admin/health')).status).toBe(401);
      const created = await call(own, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name: 'mo' } });
      const { token } = (await created.json()) as { token: string };
      const asModerator = await call(own, '/admin/health', { token });
      expect(asModerator.status).toBe(401);
      expect(await asModerator.json()).toMatchObject({ error: { code: 'unauthorized' } });
      // Five failures are free (the token's creation cleared the first); the sixth starts the
      // backoff, and then even the right token is not checked.
      for (let i = 0; i < 5; i++) await call(own, '/admin/health', { token: `guess-${i}` });
      const refused = await call(own, '/admin/health', { token: ADMIN });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it('is off when the relay has no admin token', async () => {
    const own = await startRelay();
    try {
      const res = await call(own, '/admin/health', { token: ADMIN });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { message: expect.stringMatching(/CHAT_WALL_ADMIN_TOKEN/) } });
    } finally {
      await own.close();
    }
  });
});

describe('GET /metrics', () => {
  /** Value of one sample line in Prometheus text format, 0 when absent. */
  function sample(text: string, name: string): number {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : 0;
  }

  it('serves Prometheus text whose chat_wall_ counters move', async () => {
    const before = await fetch(`${relay.url}/metrics`);
    expect(before.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text1 = await before.text();
    expect(text1).toMatch(/^# HELP chat_wall_posts_received_total /m);
    expect(text1).toMatch(/^# TYPE chat_wall_events_total counter$/m);
    const received = sample(text1, 'chat_wall_posts_received_total{source="replay"}');
    const added = sample(text1, 'chat_wall_events_total{type="post.added"}');
    const dupes = sample(text1, 'chat_wall_posts_duplicate_total');
    const bad = sample(text1, 'chat_wall_client_errors_total{code="bad_request"}');
    expect(received).toBeGreaterThanOrEqual(45);

    relay.source.push(makePost(1), makePost(1000, 'a fresh one #askGMP #quiet'));
    await relay.relay.ingest.drain();
    await fetch(`${api}/askGMP/posts?limit=0`);

    const text2 = await (await fetch(`${relay.url}/metrics`)).text();
    expect(sample(text2, 'chat_wall_posts_received_total{source="replay"}')).toBe(received + 2);
    expect(sample(text2, 'chat_wall_posts_duplicate_total')).toBe(dupes + 1);
    expect(sample(text2, 'chat_wall_events_total{type="post.added"}')).toBe(added + 2); // one post, two walls
    expect(sample(text2, 'chat_wall_client_errors_total{code="bad_request"}')).toBe(bad + 1);
  });
});

describe('GET /api/walls/:tag', () => {
  it('describes the wall, whatever the tag spelling', async () => {
    for (const tag of ['askGMP', 'askgmp', 'ASKGMP', '%23AskGmp']) {
      const { status, body } = await json<{ wall: { tag: string; title: string }; epoch: string; seq: number }>(
        `${api}/${tag}`,
      );
      expect(status).toBe(200);
      expect(body.wall).toMatchObject({ tag: 'askgmp', title: '#askGMP', onAir: true });
      expect(body.epoch).toBe(relay.relay.walls.get('askgmp')!.log.epoch);
      expect(body.seq).toBeGreaterThanOrEqual(45);
    }
  });

  it('answers 404 unknown_wall for a wall this server does not have', async () => {
    for (const url of [`${api}/nope`, `${api}/nope/posts`, `${api}/${'x'.repeat(300)}/posts`]) {
      const { status, body } = await json<{ error: WallError }>(url);
      expect(status).toBe(404);
      expect(body.error).toMatchObject({ code: 'unknown_wall', field: 'tag' });
    }
  });

  it('answers 400, not 500, for a tag that is not valid percent-encoding', async () => {
    const { status, body } = await json<{ error: WallError }>(`${api}/%E0%A4%A/posts`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });
});

describe('GET /api/walls/:tag/posts', () => {
  it('lists posts newest first, 20 by default', async () => {
    const { status, body } = await json<{ posts: Post[] }>(`${api}/askGMP/posts`);
    expect(status).toBe(200);
    expect(body.posts).toHaveLength(20);
    const visible = relay.relay.walls.get('askgmp')!.log.snapshot.posts;
    expect(body.posts).toEqual(visible.slice(0, 20));
    expect(body.posts[0]!.id).toBe(visible[0]!.id);
  });

  it('walks every visible post exactly once with limit and before', async () => {
    const visible = relay.relay.walls.get('askgmp')!.log.snapshot.posts.map((p) => p.id);
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ limit: '7', ...(before ? { before } : {}) });
      const { body } = await json<{ posts: Post[] }>(`${api}/ASKGMP/posts?${query}`);
      if (body.posts.length === 0) break;
      expect(body.posts.length).toBeLessThanOrEqual(7);
      seen.push(...body.posts.map((p) => p.id));
      before = body.posts.at(-1)!.id;
    }
    expect(seen).toEqual(visible);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(45);
  });

  it('lists only the posts of the wall asked for', async () => {
    relay.source.push(makePost(2000, 'only on the quiet wall #quiet'));
    await relay.relay.ingest.drain();
    const quiet = await json<{ posts: Post[] }>(`${api}/quiet/posts?limit=100`);
    expect(quiet.body.posts[0]!.id).toBe('replay:2000');
    expect(quiet.body.posts.every((p) => p.tags.includes('quiet'))).toBe(true);
    const askgmp = await json<{ posts: Post[] }>(`${api}/askgmp/posts?limit=100`);
    expect(askgmp.body.posts.map((p) => p.id)).not.toContain('replay:2000');
  });

  it('ignores the cache-buster `_`, whatever its value, and still names other unknown parameters', async () => {
    const plain = await json<{ posts: Post[] }>(`${api}/askGMP/posts?limit=3`);
    for (const query of ['limit=3&_=1762000000000', '_=&limit=3', 'limit=3&_=a&_=b']) {
      const busted = await json<{ posts: Post[] }>(`${api}/askGMP/posts?${query}`);
      expect(busted.status).toBe(200);
      expect(busted.body).toEqual(plain.body);
    }
    const typo = await json<{ error: WallError }>(`${api}/askGMP/posts?_=1&limt=3`);
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({
      field: 'limt',
      message: expect.stringContaining('unknown query parameter'),
    });
    const other = await json<{ error: WallError }>(`${api}/askGMP/posts?__=1`);
    expect(other.body.error.field).toBe('__');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=-3', 'limit'],
    ['limit=', 'limit'],
    ['limit=5&limit=6', 'limit'],
    ['before=', 'before'],
    [`before=${'x'.repeat(201)}`, 'before'],
    ['before=replay%3Anot-on-this-wall', 'before'],
    ['limt=5', 'limt'],
  ])('answers 400 naming the field for ?%s', async (query, field) => {
    const { status, headers, body } = await json<{ error: WallError }>(`${api}/askGMP/posts?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.field).toBe(field);
    expect(body.error.message.startsWith(`${field}: `)).toBe(true);
    expect(headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('headers', () => {
  it('lets any origin read the public API, errors included', async () => {
    for (const url of [`${api}/askGMP`, `${api}/askGMP/posts`, `${api}/nope`, `${relay.url}/api/unknown-route`]) {
      const res = await fetch(url, { headers: { Origin: 'https://police.example.org' } });
      expect(res.headers.get('access-control-allow-origin'), url).toBe('*');
    }
  });

  it('sends security headers and no X-Powered-By', async () => {
    for (const url of [`${relay.url}/healthz`, `${api}/askGMP/posts`]) {
      const res = await fetch(url);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self' data: https:/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('GET /embed/chat-wall.js', () => {
  let dir: string;
  let server: Server | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-embed-'));
  });
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function serve(embedFile: string | undefined): Promise<string> {
    const app = createApp({
      walls: relay.relay.walls,
      store: relay.relay.store,
      metrics: new Metrics(),
      logger: silent,
      sources: () => ({}),
      embedFile,
    });
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('serves the bundle as a cross-origin JavaScript module', async () => {
    const file = path.join(dir, 'chat-wall.js');
    await writeFile(file, 'customElements.define("chat-wall", class extends HTMLElement {});\n');
    const res = await fetch(`${await serve(file)}/embed/chat-wall.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toContain('customElements.define');
  });

  it('explains a missing bundle, readable from other origins', async () => {
    const res = await fetch(`${await serve(undefined)}/embed/chat-wall.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await res.json()) as { error: WallError }).error.message).toMatch(/pnpm build/);
  });
});
