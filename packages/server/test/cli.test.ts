import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'packages/server/src/cli.ts');

let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-cli-'));
});
// Tests run concurrently: clean up only once all of them are done.
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Starts the CLI from its sources (tsx resolves the SDK through the root tsconfig paths). */
function cli(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { out: () => string; err: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return Object.assign(child, { out: () => out, err: () => err });
}

async function run(
  args: string[],
  env?: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = cli(args, env);
  // 'close', not 'exit': only then has everything the child wrote to its pipes been read.
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, out: child.out(), err: child.err() };
}

/** Resolves with the URL from the CLI's stdout line that announces it. */
function listeningUrl(child: ReturnType<typeof cli>): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = /(http:\/\/\S+?)\/?(\s|$)/.exec(child.out());
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${child.err()}`)));
  });
}

async function configFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe.concurrent('chat-wall CLI: refuses bad input with exit code 2 and a clear message', () => {
  it('invalid config: names the bad keys and does not listen', async () => {
    const file = await configFile('bad.json', {
      walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'sometimes', colour: 'blue' }],
    });
    const { code, out, err } = await run(['serve', '--config', file, '--port', '0', '--host', '127.0.0.1']);
    expect(code).toBe(2);
    expect(err).toContain('bad.json');
    expect(err).toMatch(/walls\[0\]\.moderation: /);
    expect(err).toMatch(/walls\[0\]\.colour: unknown key/);
    expect(out).not.toContain('http://');
  });

  it('missing config file', async () => {
    const { code, err } = await run(['serve', '--config', path.join(dir, 'absent.json')]);
    expect(code).toBe(2);
    expect(err).toMatch(/Cannot read config file .*absent\.json/);
  });

  it('config that is not JSON', async () => {
    const file = await configFile('broken.json', '{ "walls": [ { "tag": "askGMP", } ] }');
    const { code, err } = await run(['serve', '--config', file]);
    expect(code).toBe(2);
    expect(err).toMatch(/broken\.json is not valid JSON/);
  });

  it('unknown command', async () => {
    const { code, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toMatch(/^Unknown command "frobnicate"/);
    expect(err).toContain('Usage: chat-wall');
  });

  it('serve without --config', async () => {
    const { code, err } = await run(['serve']);
    expect(code).toBe(2);
    expect(err).toMatch(/serve needs --config <file>/);
  });

  it.each([['abc'], ['70000'], ['-1'], ['1e3']])('bad --port %j', async (port) => {
    const { code, err } = await run(['serve', '--config', 'x.json', `--port=${port}`]);
    expect(code).toBe(2);
    expect(err).toContain(`Invalid --port "${port}"`);
  });

  it('bad PORT in the environment', async () => {
    const { code, err } = await run(['demo'], { PORT: 'eighty' });
    expect(code).toBe(2);
    expect(err).toContain('Invalid PORT "eighty"');
  });

  it('unknown option and bad --speed', async () => {
    const unknown = await run(['serve', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown option '--colour'/);
    const speed = await run(['demo', '--speed', 'fast']);
    expect(speed.code).toBe(2);
    expect(speed.err).toMatch(/Invalid --speed "fast"/);
  });

  it('an admin token under 32 characters: refuses to start and says how to make one', async () => {
    const file = await configFile('admin.json', {
      walls: [{ tag: 'askGMP', sources: ['replay'] }],
      replay: { file: 'never-read.jsonl' },
    });
    const args = ['serve', '--config', file, '--port', '0', '--host', '127.0.0.1'];
    const { code, out, err } = await run(args, { CHAT_WALL_ADMIN_TOKEN: 'x'.repeat(31), DATABASE_URL: 'memory:' });
    expect(code).toBe(2);
    expect(err).toContain('CHAT_WALL_ADMIN_TOKEN is 31 characters long; it needs at least 32');
    expect(err).toContain('openssl rand -base64 32');
    expect(err).not.toContain('x'.repeat(31));
    expect(out).not.toContain('http://');
  });

  it('a TRUST_PROXY it cannot read: refuses to start naming the entry', async () => {
    const file = await configFile('proxy.json', {
      walls: [{ tag: 'askGMP', sources: ['replay'] }],
      replay: { file: 'never-read.jsonl' },
    });
    const args = ['serve', '--config', file, '--port', '0', '--host', '127.0.0.1'];
    const { code, err } = await run(args, { TRUST_PROXY: '10.0.0.0/8, not-an-address', DATABASE_URL: 'memory:' });
    expect(code).toBe(2);
    expect(err).toMatch(/TRUST_PROXY: "not-an-address" is not an address/);
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: chat-wall <command>/);
  });
});

describe.concurrent('chat-wall CLI: serving', () => {
  it('serve --config on port 0 prints its URL, answers /healthz and exits cleanly on SIGTERM', async () => {
    // A replay source (relative to the config file): no network, and /healthz reports it running.
    await configFile(
      'session.jsonl',
      JSON.stringify({ offset: 0, id: '1', author: { id: 'a', handle: 'jo', name: 'Jo' }, text: 'Hi #askGMP' }),
    );
    const file = await configFile('ok.json', {
      walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post' }],
      replay: { file: 'session.jsonl', loop: false },
    });
    const child = cli(['serve', '--config', file, '--port', '0', '--host', '127.0.0.1']);
    const url = await listeningUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(
      child
        .out()
        .split('\n')
        .filter((l) => l.includes('http://')),
    ).toHaveLength(1);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, walls: 1 });
    const { posts } = (await (await fetch(`${url}/api/walls/askgmp/posts`)).json()) as { posts: { text: string }[] };
    expect(posts.map((p) => p.text)).toEqual(['Hi #askGMP']);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('an admin token of exactly 32 characters starts the relay and mints moderator tokens', async () => {
    const admin = 'A'.repeat(16) + 'b'.repeat(16);
    await configFile(
      'one-post.jsonl',
      JSON.stringify({ offset: 0, id: '1', author: { id: 'a', handle: 'jo', name: 'Jo' }, text: 'Hi #askGMP' }),
    );
    const file = await configFile('admin-ok.json', {
      walls: [{ tag: 'askGMP', sources: ['replay'] }],
      replay: { file: 'one-post.jsonl', loop: false },
    });
    const child = cli(['serve', '--config', file, '--port', '0', '--host', '127.0.0.1'], {
      CHAT_WALL_ADMIN_TOKEN: admin,
      DATABASE_URL: 'memory:',
    });
    const url = await listeningUrl(child);
    const res = await fetch(`${url}/api/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'jo', walls: ['askGMP'] }),
    });
    expect(res.status).toBe(201);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('demo prints its URL and streams the bundled session', async () => {
    const child = cli(['demo', '--port', '0', '--host', '127.0.0.1', '--speed', '50']);
    const url = await listeningUrl(child);
    expect(child.out()).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/ in a browser/);
    const res = await fetch(`${url}/api/walls/askGMP/posts?limit=5`);
    const { posts } = (await res.json()) as { posts: { id: string }[] };
    expect(posts.length).toBe(5); // the backlog is there at once
    // The printed moderator token signs in to the demo wall's console API.
    const token = /sign in with the token (\S+)\)/.exec(child.out())?.[1];
    expect(token).toMatch(/^cwm_/);
    const me = await fetch(`${url}/api/mod/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { moderator: { walls: string[] } }).moderator.walls).toEqual([
      'askgmp',
      'askgmpscams',
    ]);
    // #askGMP's session started with the demo; #askGMPscams's starts minutes later (the countdown).
    type WallInfo = { currentSession?: { start: string }; nextSession?: { start: string } };
    const live = (await (await fetch(`${url}/api/walls/askGMP`)).json()) as WallInfo;
    expect(Date.parse(live.currentSession!.start)).toBeLessThanOrEqual(Date.now());
    const later = (await (await fetch(`${url}/api/walls/askGMPscams`)).json()) as WallInfo;
    expect(later.currentSession).toBeUndefined();
    expect(Date.parse(later.nextSession!.start) - Date.now()).toBeGreaterThan(60_000);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
  });
});
