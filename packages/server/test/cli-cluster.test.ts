import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCliRelay, type CliRelay } from './support/cli-relay.js';
import { freePort, startPostgres, startRedis, type PostgresService, type RedisService } from './support/services.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const cli = path.join(repoRoot, 'packages', 'server', 'src', 'cli.ts');
const tsx = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const ADMIN = 'cli-workers-admin-token-0123456789abcdefgh';

let postgres: PostgresService;
let redis: RedisService;
let dir: string;
let config: string;
let primary: CliRelay | undefined;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-workers-'));
  config = path.join(dir, 'wall.json');
  await writeFile(config, JSON.stringify({ walls: [{ tag: 'askGMP', sources: ['native'] }] }));
}, 60_000);

afterAll(async () => {
  await primary?.kill();
  await Promise.all([postgres?.destroy(), redis?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The pids of the workers that logged "chat-wall relay listening", in order. */
function workerPids(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; pid?: number })
    .filter((entry) => entry.msg === 'chat-wall relay listening')
    .map((entry) => entry.pid!);
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('chat-wall serve --workers N', () => {
  it('runs N relays sharing one port, one of them holding the sources; replaces a worker that dies; stops cleanly', async () => {
    primary = await startCliRelay(
      config,
      { DATABASE_URL: postgres.url, REDIS_URL: redis.url, CHAT_WALL_ADMIN_TOKEN: ADMIN },
      ['--workers', '2'],
    );
    // One URL line for the whole set, printed once both workers listen.
    expect(primary.output().match(/^chat-wall: serving /gm)).toHaveLength(1);
    expect(primary.output()).toMatch(/^chat-wall: serving #askgmp with 2 workers at http:\/\/127\.0\.0\.1:\d+$/m);
    // Each worker logs once it listens (after the primary has seen both listen).
    await vi.waitFor(() => expect(workerPids(primary!.output())).toHaveLength(2), { timeout: 10_000 });
    const pids = workerPids(primary.output());
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(primary.process.pid);
    const health = await fetch(`${primary.url}/healthz`);
    expect(health.status, JSON.stringify(await health.clone().json())).toBe(200);
    // The workers are relays of one cluster: exactly one takes the source lease.
    await vi.waitFor(() => expect(primary!.output()).toContain('source lease taken'), { timeout: 15_000 });
    expect(primary.output().match(/source lease taken/g)).toHaveLength(1);

    process.kill(pids[0]!, 'SIGKILL');
    await vi.waitFor(() => expect(workerPids(primary!.output())).toHaveLength(3), { timeout: 20_000 });
    expect(primary.output()).toMatch(new RegExp(`worker ${pids[0]} died \\(SIGKILL\\); starting another`));
    expect((await fetch(`${primary.url}/healthz`)).status).toBe(200);

    const all = workerPids(primary.output());
    await primary.stop();
    expect(primary.process.exitCode).toBe(0);
    for (const pid of all) expect(running(pid), `worker ${pid}`).toBe(false);
  }, 60_000);

  it('refuses --workers without REDIS_URL or PostgreSQL, or of a bad count, naming what is missing', () => {
    const run = (args: string[], env: Record<string, string>) => {
      const clean: NodeJS.ProcessEnv = { ...process.env, ...env };
      if (!env.REDIS_URL) delete clean.REDIS_URL;
      if (!env.DATABASE_URL) delete clean.DATABASE_URL;
      return spawnSync(process.execPath, ['--import', tsx, cli, 'serve', '--config', config, ...args], {
        env: clean,
        encoding: 'utf8',
        timeout: 30_000,
      });
    };
    const noRedis = run(['--workers', '2'], { DATABASE_URL: postgres.url });
    expect(noRedis.status).toBe(2);
    expect(noRedis.stderr).toMatch(/--workers needs REDIS_URL/);
    const noPostgres = run(['--workers', '2'], { REDIS_URL: redis.url, DATABASE_URL: 'sqlite:wall.db' });
    expect(noPostgres.status).toBe(2);
    expect(noPostgres.stderr).toMatch(/--workers needs a postgres:\/\/ DATABASE_URL/);
    const bad = run(['--workers', 'two'], { REDIS_URL: redis.url, DATABASE_URL: postgres.url });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Invalid --workers "two"/);
  }, 60_000);
});

describe('chat-wall serve with a REDIS_URL it cannot use', () => {
  const serve = (redisUrl: string) =>
    spawnSync(process.execPath, ['--import', tsx, cli, 'serve', '--config', config, '--port', '0'], {
      env: { ...process.env, DATABASE_URL: postgres.url, REDIS_URL: redisUrl, CHAT_WALL_ADMIN_TOKEN: ADMIN },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('names an unreachable Redis (without its password), says how to fix it, and exits 1', async () => {
    const port = await freePort();
    const result = serve(`redis://:hunter2secret@127.0.0.1:${port}`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Cannot connect to Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    expect(result.stderr).toMatch(/Check that the server is running and REDIS_URL names it/);
    expect(result.stderr).not.toContain('hunter2secret');
  }, 60_000);

  it('refuses a REDIS_URL that is not redis:// by name', () => {
    const result = serve('http://127.0.0.1:6379');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/REDIS_URL "http:\/\/127\.0\.0\.1:6379\/?": use redis:\/\/host:port/);
  }, 60_000);
});
