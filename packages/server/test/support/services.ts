import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';

/**
 * Throwaway PostgreSQL and Redis servers for tests, on loopback and free ports. Each test file
 * starts the ones it needs once (in `beforeAll`) and stops them in `afterAll`. When a service
 * cannot start the test fails with a message saying what to install: the scale-out tests never
 * skip (`bash scripts/setup.sh --services` installs both on Debian).
 */

/** A free TCP port on loopback (there is a small window before the service takes it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, child: ChildProcess, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (exited) throw new Error(`${what} exited while starting`);
    if (Date.now() > until) throw new Error(`${what} did not become ready within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `PG_BIN`, else the newest `/usr/lib/postgresql/<version>/bin`, else `pg_config --bindir`. */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  const probe = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (probe.status === 0) return probe.stdout.trim();
  throw new Error(
    'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin, no pg_config): run `bash scripts/setup.sh --services` ' +
      'as root, or `apt-get install -y postgresql`, or set PG_BIN.',
  );
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** A running throwaway PostgreSQL cluster. */
export interface PostgresService {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Stops the server, keeping its data (for {@linkcode PostgresService.start}). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** Creates a cluster in a temp folder (initdb, trust auth on loopback, fsync off) and starts it. */
export async function startPostgres(): Promise<PostgresService> {
  const bin = postgresBin();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    if (!Number.isInteger(uid))
      throw new Error('There is no `postgres` user to run PostgreSQL as (install postgresql).');
    await chown(dir, uid, gid);
  }
  const [initdb, initArgs] = asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initdb, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const [postgres, args] = asPostgres(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ]);
    const proc = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child = proc;
    try {
      await waitUntil(
        'postgres',
        async () => {
          const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
          client.on('error', () => {});
          await client.connect();
          await client.end();
          return true;
        },
        proc,
      );
    } catch (err) {
      proc.kill('SIGKILL');
      throw new Error(`${(err as Error).message}: ${stderr}`);
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    child = undefined;
    // Signal the postmaster itself (as root, runuser's child): SIGINT is PostgreSQL's fast shutdown.
    const pidFile = path.join(data, 'postmaster.pid');
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
    const exited = once(proc, 'exit');
    if (pid > 0) process.kill(pid, 'SIGINT');
    else proc.kill('SIGINT');
    await exited;
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A running throwaway Redis (no persistence). */
export interface RedisService {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops it (everything it held is gone: it keeps nothing). */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
}

/** Starts `redis-server` on a free loopback port, without persistence. */
export async function startRedis(): Promise<RedisService> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      'redis-server is not installed: run `bash scripts/setup.sh --services` as root, or ' +
        '`apt-get install -y --no-install-recommends redis-server`.',
    );
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    child = proc;
    await waitUntil(
      'redis-server',
      async () => {
        const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
        client.on('error', () => {});
        await client.connect();
        await client.ping();
        await client.close();
        return true;
      },
      proc,
    );
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    child = undefined;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop };
}

let schemas = 0;

/**
 * A fresh empty schema in `url`'s database, for one store under test: creating a schema is much
 * cheaper than creating a database. Returns its name.
 */
export async function freshSchema(url: string): Promise<string> {
  const name = `t${process.pid}_${++schemas}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE; CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  return name;
}
