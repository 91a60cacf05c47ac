import { VIEWER_NAMESPACE, type SubscribeResult } from '@chat-wall/sdk';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { startRelay, type TestRelay } from './support/util.js';

const ALLOWED = 'https://police.example.org';
const OTHER = 'https://evil.example';

let relay: TestRelay;
const sockets: Socket[] = [];
beforeEach(async () => {
  relay = await startRelay({
    walls: [
      // Written with a trailing slash and upper case: still the origin browsers send.
      { tag: 'askGMP', sources: ['replay', 'native'], origins: ['https://Police.example.org/'] },
      { tag: 'open', sources: ['replay'] },
    ],
    replay: { file: 'fed-by-the-test.jsonl' },
  });
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await relay.close();
});

function get(path: string, origin?: string, method = 'GET'): Promise<Response> {
  return fetch(`${relay.url}${path}`, { method, headers: origin ? { origin } : {} });
}

async function subscribeFrom(origin: string): Promise<SubscribeResult> {
  const socket = io(new URL(VIEWER_NAMESPACE, relay.url).toString(), {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin },
  });
  sockets.push(socket);
  return (await socket.timeout(5000).emitWithAck('subscribe', { tag: 'askGMP' })) as SubscribeResult;
}

describe('wall origins', () => {
  it('are kept normalised; a non-http(s) origin is refused by name', () => {
    const config = parseConfig({
      walls: [{ tag: 'a', sources: ['native'], origins: ['HTTPS://Example.org:443/page/'] }],
    });
    expect(config.walls[0]!.origins).toEqual(['https://example.org']);
    expect(() => parseConfig({ walls: [{ tag: 'a', sources: ['native'], origins: ['javascript:alert(1)'] }] })).toThrow(
      /walls\[0\]\.origins\[0\]: must be an http\(s\) origin/,
    );
  });

  it('hold on the socket whatever the slash: the allowed origin subscribes, another is refused', async () => {
    expect(await subscribeFrom(`${ALLOWED}/`)).toMatchObject({ ok: true });
    expect(await subscribeFrom(ALLOWED)).toMatchObject({ ok: true });
    expect(await subscribeFrom(OTHER)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each(['/api/walls/askGMP', '/api/walls/askGMP/posts', '/api/walls/askGMP/export?format=json'])(
    '%s: CORS for the wall’s origin only, 403 for another origin',
    async (path) => {
      const allowed = await get(path, ALLOWED);
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(allowed.headers.get('vary')).toMatch(/Origin/i);

      const refused = await get(path, OTHER);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(await refused.json()).toEqual({
        error: {
          code: 'forbidden',
          message: `This wall may not be used from ${OTHER}: it is not one of the wall's origins.`,
          field: 'origin',
        },
      });

      // No Origin: a server or a same-origin read, not a cross-site one.
      expect((await get(path)).status).toBe(200);
      // The relay's own pages.
      expect((await get(path, relay.url)).status).toBe(200);
    },
  );

  it('a question from another origin is refused before anything is read or kept, preflight included', async () => {
    const preflight = await get('/api/walls/askGMP/submissions', OTHER, 'OPTIONS');
    expect(preflight.status).toBe(403);
    const post = await fetch(`${relay.url}/api/walls/askGMP/submissions`, {
      method: 'POST',
      headers: { origin: OTHER, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Eve', text: 'hello' }),
    });
    expect(post.status).toBe(403);
    await relay.relay.ingest.drain();
    const received = await relay.relay.metrics.postsReceived.get();
    expect(received.values.filter((v) => v.labels.source === 'native')).toEqual([]);
  });

  it('a wall without origins answers every page', async () => {
    const res = await get('/api/walls/open/posts', OTHER);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('the overlay page may be framed by the wall’s origins only (by anyone for a wall without)', async () => {
    const page = await get('/overlay/askGMP');
    expect(page.headers.get('content-security-policy')).toMatch(
      /frame-ancestors 'self' https:\/\/police\.example\.org(;|$)/,
    );
    expect(page.headers.get('x-frame-options')).toBeNull();
    const open = await get('/overlay/open');
    expect(open.headers.get('content-security-policy')).toMatch(/frame-ancestors \*(;|$)/);
    // Other pages keep helmet's same-origin framing.
    const health = await get('/healthz');
    expect(health.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'(;|$)/);
  });
});
