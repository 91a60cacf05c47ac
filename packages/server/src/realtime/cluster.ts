import type { ModerationSettings, WallEvent } from '@chat-wall/sdk/protocol';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Metrics } from '../metrics.js';
import type { Moderation } from '../moderation/moderation.js';
import type { WallRegistry } from '../wall/wall-registry.js';

/** A connected `redis` client, as `createClient` makes it. */
export type RedisClient = ReturnType<typeof createClient>;

/** Redis cannot be reached at start: the message names it and says how to fix it. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** A `redis://` URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Connects to `REDIS_URL`. At start a Redis that cannot be reached is an error (the relay does not
 * start); once connected, the client reconnects for ever (backoff up to 2 s), so a Redis restart
 * is ridden out.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const where = redactRedisUrl(url);
  if (!/^rediss?:\/\//i.test(url)) {
    throw new RedisUnavailableError(`REDIS_URL "${where}": use redis://host:port (or rediss:// for TLS).`);
  }
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, 2_000) : cause),
    },
  });
  client.on('error', (err: Error) => {
    if (connected) logger.warn({ err: err.message }, 'redis: connection problem (reconnecting)');
  });
  try {
    await client.connect();
  } catch (err) {
    throw new RedisUnavailableError(
      `Cannot connect to Redis at ${where}: ${(err as Error).message || String(err)}. ` +
        'Check that the server is running and REDIS_URL names it (redis://host:port).',
    );
  }
  connected = true;
  return client;
}

/** socket.io's Redis Streams adapter on `client`: rooms and broadcasts span every relay. */
export function clusterAdapter(client: RedisClient): ReturnType<typeof createAdapter> {
  return createAdapter(client, { streamName: 'chat-wall:socket.io', maxLen: 10_000 });
}

interface Appended {
  tag: string;
  epoch: string;
  events: WallEvent[];
  /** When the writer sent it (ms since the epoch): for the adapter lag metric. */
  sentAt: number;
}

export interface WallSyncOptions {
  /** How often each wall checks the store for events it missed (a message lost while Redis was down). @default 2000 */
  syncIntervalMs?: number;
}

/**
 * Keeps the walls of this relay in step with the other relays of a cluster.
 *
 * The writer persists, publishes to its own viewers, and sends what it appended to the other relays
 * (`serverSideEmit` through the adapter, so it rides out Redis blips); each of them folds the events
 * into its own log and publishes them to its own viewers once. Every few seconds, and whenever Redis
 * comes back, each wall also reads from the store what it may have missed: a message lost while
 * Redis was down delays a post on other relays, it never loses it. Moderation settings saved on one
 * relay are taken by the filters of every relay the same way.
 */
export function syncWalls(
  io: Server,
  redis: RedisClient,
  walls: WallRegistry,
  moderation: Moderation,
  metrics: Metrics,
  logger: Logger,
  options: WallSyncOptions = {},
): { stop(): void } {
  const outbox = new Map<string, Appended>();
  let flushing = false;
  const flush = (): void => {
    flushing = false;
    for (const message of outbox.values()) io.serverSideEmit('wall:appended', message);
    outbox.clear();
  };
  const unsubscribe = walls.all().map((wall) =>
    wall.log.subscribe((event, epoch, origin) => {
      if (origin !== 'local') return;
      const tag = wall.config.tag;
      // Events appended in the same tick travel in one message.
      let message = outbox.get(tag);
      if (!message || message.epoch !== epoch) {
        if (message) flush();
        message = { tag, epoch, events: [], sentAt: Date.now() };
        outbox.set(tag, message);
      }
      message.events.push(event);
      if (!flushing) {
        flushing = true;
        queueMicrotask(flush);
      }
    }),
  );
  const stopModeration = moderation.subscribe({
    settings: (tag, settings) => io.serverSideEmit('mod:settings', { tag, settings }),
  });

  io.on('wall:appended', (message: Appended) => {
    const wall = message && typeof message.tag === 'string' ? walls.get(message.tag) : undefined;
    if (!wall || !Array.isArray(message.events)) return;
    if (typeof message.sentAt === 'number') metrics.clusterLag.observe(Math.max(0, Date.now() - message.sentAt) / 1000);
    wall.log.receive(message.epoch, message.events).catch((err: unknown) => {
      logger.warn({ err, wall: message.tag }, 'cluster: could not catch up (will retry)');
    });
  });
  io.on('mod:settings', (message: { tag: string; settings: ModerationSettings }) => {
    if (message && typeof message.tag === 'string' && message.settings) {
      moderation.adoptSettings(message.tag, message.settings);
    }
  });

  const syncAll = (): void => {
    for (const wall of walls.all()) {
      wall.log.sync().catch((err: unknown) => logger.warn({ err, wall: wall.config.tag }, 'cluster: sync failed'));
    }
  };
  const timer = setInterval(syncAll, options.syncIntervalMs ?? 2_000).unref();
  redis.on('ready', syncAll);
  return {
    stop: () => {
      clearInterval(timer);
      redis.off('ready', syncAll);
      for (const off of unsubscribe) off();
      stopModeration();
    },
  };
}
