// The published shape: pack the public packages, install the tarballs into an empty folder outside
// the repository (only the npm registry and this machine's package store), then run the installed
// CLI with `npx` as a new user would.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectWall } from '@chat-wall/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Demo } from '../e2e/support/demo.js';
import { lockedClosure } from './support/lockfile.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const PUBLIC = ['sdk', 'widget', 'server'] as const;
// Installing compiles better-sqlite3 unless the machine's pnpm store already holds a build of it
// for the same dependency versions (the checkout's own install put one there): measured ~20 s with
// it, 1–7 minutes without, depending on the machine's load.
const INSTALL_TIMEOUT = 15 * 60_000;

/**
 * The environment of a user's shell: none of the `npm_*` variables `pnpm test` sets, and no
 * folder of this checkout on the PATH, so nothing can resolve to the repository.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'DATABASE_URL') env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !path.resolve(dir).startsWith(root))
    .join(path.delimiter);
  env.LOG_LEVEL = 'warn';
  return env;
}

let dir: string;
let app: string;
const tarballs: Record<string, string> = {};
const running: Demo[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chat-wall-packed-'));
  app = path.join(dir, 'app');
  await mkdir(app);
  for (const name of PUBLIC) {
    // `pnpm pack` replaces `workspace:` ranges and runs `prepack` (the server copies in the console).
    await run('pnpm', ['pack', '--pack-destination', dir], { cwd: path.join(root, 'packages', name) });
  }
  for (const file of await readdir(dir)) {
    const match = /^chat-wall-(\w+)-\d.*\.tgz$/.exec(file);
    if (match) tarballs[match[1]!] = path.join(dir, file);
  }
  expect(Object.keys(tarballs).sort()).toEqual([...PUBLIC].sort());

  const lock = await readFile(path.join(root, 'pnpm-lock.yaml'), 'utf8');
  const manifest = {
    name: 'chat-wall-install-check',
    private: true,
    dependencies: { '@chat-wall/server': `file:${tarballs.server}` },
    pnpm: {
      onlyBuiltDependencies: ['better-sqlite3'],
      overrides: {
        // The packed siblings instead of the registry's.
        '@chat-wall/sdk': `file:${tarballs.sdk}`,
        '@chat-wall/widget': `file:${tarballs.widget}`,
        // better-sqlite3 and what it builds with, at the checkout's versions: then the build the
        // store cached for the checkout is reused instead of compiling SQLite again.
        ...lockedClosure(lock, 'better-sqlite3'),
      },
    },
  };
  await writeFile(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  await run('pnpm', ['install', '--prefer-offline', '--reporter', 'append-only'], {
    cwd: app,
    env: userEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });
}, INSTALL_TIMEOUT);

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function listFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter(Boolean);
}

function npx(args: string[], cwd = app): Promise<Demo> {
  running.push(undefined as never);
  const index = running.length - 1;
  return startCli('npx', ['--no-install', 'chat-wall', ...args], { cwd, env: userEnv() }, 60_000).then((p) => {
    running[index] = p;
    return p;
  });
}

async function get(url: string): Promise<{ status: number; type: string; body: string; bytes: Buffer }> {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: bytes.toString(), bytes };
}

describe('packed packages', () => {
  it('hold no tests, no sources of other packages, no machine paths and no workspace ranges', async () => {
    for (const name of PUBLIC) {
      const files = await listFiles(tarballs[name]!);
      expect(files, name).toContain('package/package.json');
      expect(files, name).toContain('package/README.md');
      expect(
        files.filter((f) => /\.test\.|\/test\/|tsbuildinfo/.test(f)),
        name,
      ).toEqual([]);
      const { stdout } = await run('tar', ['-xzOf', tarballs[name]!], { maxBuffer: 64 * 1024 * 1024 });
      expect(stdout.includes(root), `${name} mentions the checkout's path`).toBe(false);
      const pkg = JSON.parse((await run('tar', ['-xzOf', tarballs[name]!, 'package/package.json'])).stdout) as Record<
        string,
        Record<string, string> | undefined
      >;
      const ranges = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies };
      expect(
        Object.values(ranges).filter((r) => r.startsWith('workspace:')),
        name,
      ).toEqual([]);
      expect(Object.keys(ranges), name).not.toContain('@chat-wall/console');
    }
    const server = await listFiles(tarballs.server!);
    expect(server).toContain('package/dist/console/index.html');
    expect(server).toContain('package/dist/examples/embed/index.html');
    expect(server).toContain('package/data/demo-askgmp.jsonl');
  });

  it('install as real folders, not links into the checkout', async () => {
    const installed = await realpath(path.join(app, 'node_modules', '@chat-wall', 'server'));
    expect(installed.startsWith(root)).toBe(false);
    const widget = await realpath(path.join(installed, '..', 'widget'));
    expect(widget.startsWith(root)).toBe(false);
  });

  it('`npx chat-wall demo` serves its page, the examples, the console and the pinned embed it prints', async () => {
    const demo = await npx(['demo', '--port', '0', '--host', '127.0.0.1', '--speed', '20']);
    const page = await get(`${demo.url}/`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<chat-wall\b[^>]*\btag="askGMP"/);

    // Every path the demo tells a person to open answers.
    const printed = [...demo.stdout().matchAll(/(\/[\w/-]*\/)\s/g)].map((m) => m[1]!);
    expect(printed).toEqual(expect.arrayContaining(['/examples/overlay/', '/examples/custom/', '/console/']));
    for (const route of printed) {
      const res = await get(`${demo.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.type, route).toMatch(/^text\/html/);
    }
    const consolePage = await get(`${demo.url}/console/`);
    const script = /<script[^>]+src="\.\/(assets\/[^"]+\.js)"/.exec(consolePage.body)?.[1];
    expect(script).toBeDefined();
    expect((await get(`${demo.url}/console/${script}`)).status).toBe(200);

    const latest = await get(`${demo.url}/embed/chat-wall.js`);
    expect(latest.status).toBe(200);
    expect(latest.type).toMatch(/^text\/javascript/);
    const manifest = JSON.parse((await get(`${demo.url}/embed/manifest.json`)).body) as {
      version: string;
      url: string;
      integrity: string;
    };
    const pinned = await get(manifest.url);
    expect(pinned.status).toBe(200);
    expect(manifest.integrity).toBe(`sha384-${createHash('sha384').update(pinned.bytes).digest('base64')}`);
    const health = JSON.parse((await get(`${demo.url}/healthz`)).body) as { embed: { version: string } };
    expect(health.embed.version).toBe(manifest.version);
  }, 180_000);

  it('`npx chat-wall serve --config …` keeps its wall in SQLite across a restart', async () => {
    // Where the user installed the package: `npx` finds its `chat-wall` there.
    const work = app;
    const replay = path.join(app, 'node_modules', '@chat-wall', 'server', 'data', 'demo-askgmp.jsonl');
    const config = {
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'auto' }],
      // Only the backlog arrives while the test runs: the second start finds the same three posts.
      replay: { file: replay, speed: 0.001, backlog: 3 },
    };
    await writeFile(path.join(work, 'walls.json'), JSON.stringify(config));
    const args = ['serve', '--config', 'walls.json', '--port', '0', '--host', '127.0.0.1'];

    const first = await npx(args, work);
    const wall = connectWall({ server: first.url, tag: 'askGMP' });
    const seen = await new Promise<string>((resolve) => wall.on('post', (post) => resolve(post.id)));
    wall.close();
    await first.stop();
    // The default database of `serve`: ./data/chat-wall.db next to where it runs.
    expect((await readdir(path.join(work, 'data'))).some((f) => f === 'chat-wall.db')).toBe(true);

    const second = await npx(args, work);
    const health = JSON.parse((await get(`${second.url}/healthz`)).body) as { store: { state: string } };
    expect(health.store.state).toBe('ok');
    const { posts } = JSON.parse((await get(`${second.url}/api/walls/askGMP/posts?limit=100`)).body) as {
      posts: { id: string }[];
    };
    expect(posts.map((p) => p.id)).toContain(seen);
    await second.stop();
  }, 180_000);

  it('publish as a dry run: the three public packages, never the private console', async () => {
    const { stdout, stderr } = await run('pnpm', ['-r', 'publish', '--dry-run', '--no-git-checks'], {
      cwd: root,
      env: userEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    const published = [...`${stdout}\n${stderr}`.matchAll(/^\+ (@chat-wall\/[\w-]+)@/gm)].map((m) => m[1]).sort();
    expect(published).toEqual(['@chat-wall/sdk', '@chat-wall/server', '@chat-wall/widget']);
  }, 180_000);
});
