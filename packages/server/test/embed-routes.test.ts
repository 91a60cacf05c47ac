// The pinned embed: a build laid out as the widget's embed build writes it, served by a real app.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { loadEmbedBundle } from '../src/http/embed-routes.js';
import { Metrics } from '../src/metrics.js';
import { silent, startRelay, type TestRelay } from './support/util.js';

const ENTRY = 'export const wall = "v2"; import("./chunks/qr.Bx1Y_z-9.js");\n';
const CHUNK = 'export const qr = 1;\n';
const sri = (text: string): string => `sha384-${createHash('sha384').update(text).digest('base64')}`;

let relay: TestRelay;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  relay = await startRelay({
    walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post' }],
    replay: { file: 'fed-by-the-test.jsonl' },
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-embed-'));
  await mkdir(path.join(dir, 'chunks'));
  await writeFile(path.join(dir, 'chat-wall.D4fw9Q1x.js'), ENTRY);
  await writeFile(path.join(dir, 'chunks', 'qr.Bx1Y_z-9.js'), CHUNK);
  await writeFile(path.join(dir, 'chat-wall.js'), "export * from './chat-wall.D4fw9Q1x.js';\n");
  // A stale integrity in the build's manifest must not reach pages: the relay hashes what it sends.
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ version: '1.2.3', url: './chat-wall.D4fw9Q1x.js', integrity: 'sha384-stale' }),
  );
  const app = createApp({
    walls: relay.relay.walls,
    store: relay.relay.store,
    metrics: new Metrics(),
    logger: silent,
    sources: () => ({}),
    embedFile: path.join(dir, 'chat-wall.js'),
  });
  server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await relay?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the pinned embed', () => {
  it('describes the entry at /embed/manifest.json with the sha384 of exactly the bytes at its URL', async () => {
    const res = await fetch(`${base}/embed/manifest.json`, { headers: { Origin: 'https://site.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await res.json()) as { version: string; url: string; integrity: string };
    expect(manifest).toEqual({
      version: '1.2.3',
      url: `${base}/embed/chat-wall.D4fw9Q1x.js`,
      integrity: sri(ENTRY),
    });

    const entry = await fetch(manifest.url, { headers: { Origin: 'https://site.example' } });
    const bytes = Buffer.from(await entry.arrayBuffer());
    expect(`sha384-${createHash('sha384').update(bytes).digest('base64')}`).toBe(manifest.integrity);
    expect(entry.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(entry.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // `<script type="module" integrity crossorigin>` is a CORS request: without this header it fails.
    expect(entry.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves chunks by their content-hashed names for good, and the latest alias with a short cache', async () => {
    const chunk = await fetch(`${base}/embed/chunks/qr.Bx1Y_z-9.js`);
    expect(chunk.status).toBe(200);
    expect(await chunk.text()).toBe(CHUNK);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(chunk.headers.get('access-control-allow-origin')).toBe('*');

    const latest = await fetch(`${base}/embed/chat-wall.js`);
    expect(latest.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await latest.text()).toContain('./chat-wall.D4fw9Q1x.js');
  });

  it('answers unknown embed files with a 404 that other origins can read', async () => {
    const res = await fetch(`${base}/embed/chat-wall.00000000.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('reports the embed version and entry in /healthz', async () => {
    const health = (await (await fetch(`${base}/healthz`)).json()) as { version: string; embed: unknown };
    expect(health.embed).toEqual({ version: '1.2.3', url: '/embed/chat-wall.D4fw9Q1x.js' });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses a build manifest whose url leaves the folder, naming the key', async () => {
    const bad = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-embed-bad-'));
    try {
      await writeFile(path.join(bad, 'chat-wall.js'), '');
      await writeFile(path.join(bad, 'manifest.json'), JSON.stringify({ version: '1', url: '../../etc/passwd' }));
      expect(() => loadEmbedBundle(path.join(bad, 'chat-wall.js'))).toThrow(/manifest\.json: url:/);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
