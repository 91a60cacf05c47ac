#!/usr/bin/env node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkXApiBaseUrl, ConfigError, loadConfig, parseConfig, type Config } from './config.js';
import type { Relay, RelayOptions } from './relay.js';
import type { Store } from './store/store.js';

const HELP = `Usage: chat-wall <command> [options]

Commands:
  demo                    Serve the bundled #askGMP demo wall and the example pages
  serve --config <file>   Serve the walls of a JSON config file

Environment:
  DATABASE_URL    Where posts, wall logs and moderation data are kept: sqlite:<path>, a file
                  path, memory:, or postgres://user:password@host:port/database (shared by many
                  relays) (default for serve: SQLite at ./data/chat-wall.db; the demo keeps
                  nothing unless DATABASE_URL is set)
  CHAT_WALL_ADMIN_TOKEN
                  Mints moderator tokens; at least 32 characters (openssl rand -base64 32)
  TRUST_PROXY     Proxies that may name the client: a hop count, addresses or CIDRs
                  (see docs/security.md)
  REDIS_URL       redis://host:port: run as one of several relays sharing a PostgreSQL
                  DATABASE_URL (socket.io's Redis adapter; one relay at a time runs the sources)

Options:
  --port <n>      Port to listen on (env PORT; default 8080)
  --host <addr>   Address to bind (env HOST; default 0.0.0.0)
  --speed <x>     demo: replay speed factor (default 1)
  --workers <n>   serve: run n relays in this machine's cores (node:cluster), sharing the port;
                  needs REDIS_URL and a postgres:// DATABASE_URL (see docs/scaling.md)
  -h, --help      Show this help
`;

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The recorded #askGMP session the demo replays. */
export const DEMO_REPLAY_FILE = path.join(packageDir, 'data', 'demo-askgmp.jsonl');
/** Posts the demo shows at once: up to the first question and its first answers. */
const DEMO_BACKLOG = 16;
/** How long after the demo starts its second wall's session begins, so its screens show the countdown. */
export const DEMO_COUNTDOWN_MS = 5 * 60_000;

/**
 * The demo: #askGMP, fed by a recorded office-hours session, is a scheduled session that starts when
 * the demo starts and lasts as long as the replay's first pass (`replaySeconds` of recording at
 * `speed`, plus a minute), hosted by the account that asks Q1…Q5, with a few posts at once so it is
 * never empty; #askGMPscams, a second wall fed only by audience submissions, has a session that starts
 * a few minutes later, so its screens count down.
 */
export function demoConfig(speed: number, now = Date.now(), replaySeconds = 0): Config {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const liveEnd = now + Math.ceil(replaySeconds / speed) * 1000 + 60_000;
  const laterStart = now + DEMO_COUNTDOWN_MS;
  return parseConfig({
    walls: [
      {
        tag: 'askGMP',
        title: '#askGMP',
        sources: ['replay'],
        moderation: 'auto',
        hosts: ['GMillbrookPolice'],
        sessions: [
          {
            title: 'Office hours with Greater Millbrook Police',
            description: 'Bikes, scams, roads, your neighbourhood and joining us: five topics, Q1 to Q5.',
            start: iso(now),
            end: iso(liveEnd),
          },
        ],
      },
      {
        tag: 'askGMPscams',
        title: '#askGMPscams',
        sources: ['native'],
        moderation: 'pre',
        hosts: ['GMillbrookPolice'],
        sessions: [
          {
            title: 'Scams clinic with the fraud team',
            description: 'Bring your questions about phone, text and online scams.',
            start: iso(laterStart),
            end: iso(laterStart + 30 * 60_000),
          },
        ],
      },
    ],
    replay: { file: DEMO_REPLAY_FILE, speed, loop: true, backlog: DEMO_BACKLOG },
  });
}

/** Seconds of recording the demo's replay plays after its backlog: the length of its live session. */
async function demoReplaySeconds(): Promise<number> {
  const { ReplaySource } = await import('./sources/replay-source.js');
  const records = await ReplaySource.read(DEMO_REPLAY_FILE);
  const from = records[Math.min(DEMO_BACKLOG, records.length) - 1]?.offset ?? 0;
  return (records.at(-1)?.offset ?? 0) - from;
}

/**
 * The example pages the demo serves: the repository's `examples/` when running from a checkout
 * (`packages/server`), so edits show without a build; else the copy shipped in `dist/examples`.
 */
function examplesDir(): string {
  const checkout = path.resolve(packageDir, '..', '..', 'examples');
  const inCheckout = path.basename(path.dirname(packageDir)) === 'packages';
  return inCheckout && existsSync(path.join(checkout, 'embed', 'index.html'))
    ? checkout
    : path.join(packageDir, 'dist', 'examples');
}

/**
 * The relay options that come from the environment (`TRUST_PROXY` aside, parsed where it is checked).
 * Read here, in the CLI, so that a relay built in code gets exactly the options it is given. Throws
 * a message naming the variable for a value the relay cannot use.
 */
function relayOptionsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<RelayOptions, 'adminToken' | 'viewers' | 'connections' | 'x'> {
  const options: Pick<RelayOptions, 'adminToken' | 'viewers' | 'connections' | 'x'> = {
    x: {
      ...(env.X_BEARER_TOKEN ? { bearerToken: env.X_BEARER_TOKEN } : {}),
      ...(env.X_API_BASE_URL ? { baseUrl: checkXApiBaseUrl(env.X_API_BASE_URL, 'X_API_BASE_URL') } : {}),
    },
  };
  if (env.CHAT_WALL_ADMIN_TOKEN) options.adminToken = env.CHAT_WALL_ADMIN_TOKEN;
  const perMinute = wholeNumber(env, 'CHAT_WALL_VIEWER_CONNECTIONS_PER_MINUTE');
  if (perMinute !== undefined) options.viewers = { connectionsPerMinute: perMinute };
  const perAddress = wholeNumber(env, 'CHAT_WALL_CONNECTIONS_PER_ADDRESS');
  const overall = wholeNumber(env, 'CHAT_WALL_MAX_CONNECTIONS');
  const maxUnsentBytes = wholeNumber(env, 'CHAT_WALL_MAX_UNSENT_BYTES');
  options.connections = {
    ...(perAddress !== undefined ? { perAddress } : {}),
    ...(overall !== undefined ? { overall } : {}),
    ...(maxUnsentBytes !== undefined ? { maxUnsentBytes } : {}),
  };
  return options;
}

/** A whole number ≥ 1 from the environment variable `name`, `undefined` when unset; anything else is refused. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        speed: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }

  // An empty PORT (a common leftover of `PORT= cmd`) means "not set", not port 0.
  const rawPort = values.port ?? (process.env.PORT || undefined);
  const port = rawPort === undefined ? 8080 : Number(rawPort);
  if (rawPort !== undefined && (!/^\d{1,5}$/.test(rawPort) || port > 65535)) {
    const from = values.port === undefined ? 'PORT' : '--port';
    process.stderr.write(`Invalid ${from} "${rawPort}": use a whole number from 0 to 65535.\n`);
    return 2;
  }
  const host = values.host ?? process.env.HOST ?? '0.0.0.0';

  let config: Config;
  let configDir = process.cwd();
  let staticDir: string | undefined;
  try {
    if (command === 'demo') {
      const speed = Number(values.speed ?? 1);
      if (!(speed > 0)) throw new ConfigError(`Invalid --speed "${values.speed}": use a number above 0.`);
      config = demoConfig(speed, Date.now(), await demoReplaySeconds());
      staticDir = examplesDir();
    } else if (command === 'serve') {
      if (!values.config) throw new ConfigError('serve needs --config <file>. See `chat-wall --help`.');
      config = await loadConfig(values.config);
      configDir = path.dirname(path.resolve(values.config));
    } else {
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }

  // Settings that would weaken the relay stop it before anything opens.
  const [{ checkAdminTokenStrength }, { parseTrustProxy }] = await Promise.all([
    import('./auth/admin-token.js'),
    import('./realtime/client-address.js'),
  ]);
  let fromEnv: Pick<RelayOptions, 'adminToken' | 'trustProxy' | 'viewers' | 'connections' | 'x'>;
  try {
    checkAdminTokenStrength(process.env.CHAT_WALL_ADMIN_TOKEN);
    fromEnv = { ...relayOptionsFromEnv(process.env), trustProxy: parseTrustProxy(process.env.TRUST_PROXY) };
  } catch (err) {
    process.stderr.write(`chat-wall: ${(err as Error).message}\n`);
    return 2;
  }

  if (values.workers !== undefined) {
    const count = Number(values.workers);
    const problem =
      command !== 'serve'
        ? '--workers is for serve.'
        : !/^\d{1,3}$/.test(values.workers) || count < 1 || count > 256
          ? `Invalid --workers "${values.workers}": use a whole number from 1 to 256 (one per core is a good start).`
          : !process.env.REDIS_URL?.trim()
            ? '--workers needs REDIS_URL (redis://host:port): the workers are relays of one cluster.'
            : !/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL?.trim() ?? '')
              ? '--workers needs a postgres:// DATABASE_URL: the workers share one database.'
              : undefined;
    if (problem) {
      process.stderr.write(`chat-wall: ${problem}\n`);
      return 2;
    }
    const cluster = (await import('node:cluster')).default;
    if (cluster.isPrimary) {
      const { superviseWorkers } = await import('./cli-workers.js');
      return superviseWorkers({
        count,
        host,
        walls: config.walls.map((w) => `#${w.tag}`).join(', '),
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    }
  }

  // Loaded only now, so that --help and bad arguments answer at once.
  const [
    { pino },
    { Relay },
    { DEMO_DATABASE_URL, describeLocation, openStore, parseDatabaseUrl },
    { StoreOpenError },
  ] = await Promise.all([
    import('pino'),
    import('./relay.js'),
    import('./store/open-store.js'),
    import('./store/store.js'),
  ]);
  // The demo talks to a person: its own lines only, unless LOG_LEVEL asks for more.
  const logger = pino({ level: process.env.LOG_LEVEL ?? (command === 'demo' ? 'warn' : 'info') });
  let store: Store;
  let storeKind: string;
  try {
    const databaseUrl = process.env.DATABASE_URL?.trim() || (command === 'demo' ? DEMO_DATABASE_URL : undefined);
    const location = parseDatabaseUrl(databaseUrl);
    storeKind = location.kind;
    store = await openStore(databaseUrl, {
      onMigrated: (applied) => {
        for (const m of applied) logger.info({ version: m.version }, `database: migrated (${m.name})`);
      },
    });
    logger.info({ database: describeLocation(location) }, 'database open');
    if (location.kind === 'memory' || (location.kind === 'sqlite' && location.file === ':memory:')) {
      logger.info('the database is in memory: posts, decisions and tokens are gone when the process ends');
    }
  } catch (err) {
    if (err instanceof StoreOpenError) {
      process.stderr.write(`chat-wall: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  let relay: Relay;
  const redisUrl = process.env.REDIS_URL?.trim();
  try {
    relay = await Relay.create({
      ...fromEnv,
      config,
      configDir,
      logger,
      store,
      processMetrics: true,
      ...(staticDir ? { staticDir } : {}),
      ...(redisUrl ? { cluster: { redisUrl } } : {}),
    });
  } catch (err) {
    await store.close();
    if ((err as Error).name === 'RedisUnavailableError') {
      process.stderr.write(`chat-wall: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
  if (redisUrl && storeKind !== 'postgres') {
    logger.warn(
      'REDIS_URL is set but DATABASE_URL is not PostgreSQL: relays of a cluster must share one postgres:// database',
    );
  }
  let url: string;
  try {
    url = await relay.listen(port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ` Port ${port} is in use: pass --port or set PORT.` : '';
    process.stderr.write(`Cannot listen on ${host}:${port}: ${(err as Error).message}.${hint}\n`);
    await store.close();
    return 1;
  }
  logger.info(
    { host, port: Number(new URL(url).port), walls: config.walls.map((w) => w.tag) },
    'chat-wall relay listening',
  );
  // One stdout line carries the URL: people open it, scripts and tests read it.
  if (command === 'demo') {
    // A moderator token for the demo wall, so a newcomer can try the console at once. The demo's
    // store is in memory by default, so the token ends with the process.
    const tags = config.walls.map((w) => w.tag);
    const { token } = await relay.tokens.mint('demo moderator', tags, 24 * 3600);
    const live = relay.walls.get(tags[0]!)?.log.snapshot.wall.sessions[0];
    const recap = live ? `/api/walls/${tags[0]}/export?format=md&session=${live.id}` : undefined;
    process.stdout.write(
      `chat-wall demo: open ${url}/ in a browser (Ctrl+C to stop)\n` +
        `  Q&A threads (layout="qa"): /examples/qa/\n` +
        `  the next session's countdown (#askGMPscams): /examples/countdown/\n` +
        (recap ? `  recap of the live session: ${recap} (or format=json, format=csv)\n` : '') +
        `  broadcast overlay: /examples/overlay/ , and /overlay/askGMP (the OBS page: shows what a producer takes on air in the console)\n` +
        `  custom rendering on the SDK: /examples/custom/\n` +
        `  moderator console: /console/ (sign in with the token ${token})\n`,
    );
  } else if (values.workers === undefined) {
    // Under --workers the primary prints the one URL line, once every worker listens.
    process.stdout.write(`chat-wall: serving ${config.walls.map((w) => `#${w.tag}`).join(', ')} at ${url}\n`);
  }

  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'shutting down');
    try {
      await relay.close();
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`chat-wall: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
