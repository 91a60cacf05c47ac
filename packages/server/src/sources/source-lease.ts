import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { createClient } from 'redis';
import type { LeaseFence } from './lease-fence.js';

type RedisClient = ReturnType<typeof createClient>;

/** Whether this relay runs the sources of the cluster. */
export type LeaseRole = 'holder' | 'follower';

export interface SourceLeaseOptions {
  /** The cluster's Redis client; the lease runs its commands on a connection of its own (see the class). */
  redis: RedisClient;
  logger: Logger;
  /** Called when this relay takes the lease: start the sources. `token` increases with every holder. */
  onAcquire: (token: number) => Promise<void>;
  /** Called when this relay loses (or gives up) the lease: stop the sources. */
  onLose: () => Promise<void>;
  /** Redis key. @default 'chat-wall:source-lease' */
  key?: string;
  /**
   * How long a lease lasts without renewal: a dead holder's lease ends this long after its last
   * renewal, then a follower takes over at its next try.
   * @default 8000
   */
  ttlMs?: number;
  /** How often the holder renews and followers try to take it. @default 1000 */
  intervalMs?: number;
  /** Time source. @default Date.now */
  now?: () => number;
  /**
   * Where fencing tokens are recorded beyond Redis (the database): new tokens are raised above the
   * highest recorded, so they only grow even after Redis restarts empty. Without it tokens are
   * Redis's `INCR` alone.
   */
  fence?: Pick<LeaseFence, 'floor' | 'record'>;
}

/** The next fencing token: Redis's counter, raised above ARGV[1] (the highest token recorded) if it fell behind. */
const NEXT_TOKEN = `
local token = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if token <= floor then
  token = floor + 1
  redis.call('SET', KEYS[1], token)
end
return token`;

/** Renews our lease; takes it again if Redis lost it (a restart without persistence); else 0. */
const RENEW = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

/** Deletes the lease only if it is still ours. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * At most one relay of a cluster runs the sources (X allows one stream connection per app): the one
 * holding a lease in Redis (`SET key id NX PX ttl`), renewed every second. Each new holder gets a
 * fencing token (`INCR key:token`, raised above the highest recorded in the database by
 * {@linkcode SourceLeaseOptions.fence}), so logs and `/healthz` show which holder did what, and an
 * older holder's cursor writes are refused (see {@linkcode LeaseFence}).
 *
 * When the holder dies its lease runs out after `ttlMs`; a follower takes it at its next try
 * (within `ttlMs + intervalMs`) and starts the sources, which resume from their stored cursors and
 * backfill the gap. A holder that cannot renew for `ttlMs` (Redis unreachable) stops its sources
 * first: another relay may have taken over, and two stream connections would break X's rule.
 *
 * The lease speaks to Redis on a connection of its own that fails commands at once while it is
 * down, rather than queueing them: a holder cut off from Redis must notice within `ttlMs`, not when
 * the queue drains. A Redis restarted without persistence comes back without the key: whenever its
 * connection comes back, a follower waits `ttlMs` before trying, so that a living holder (which
 * writes its lease again at its next renewal) keeps it, and two relays never read X at once.
 */
export class SourceLease {
  readonly id = randomUUID();
  private state: LeaseRole = 'follower';
  private fencingToken: number | undefined;
  private lastRenewed = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private redisOk = true;
  /** The lease's own connection: commands fail at once while Redis is away. */
  private readonly redis: RedisClient;
  /** A follower does not try before this time (ms): set when the connection comes back. */
  private quietUntil = 0;
  private readonly onReconnect = (): void => {
    this.quietUntil = this.now() + this.ttlMs;
  };

  constructor(private readonly options: SourceLeaseOptions) {
    this.key = options.key ?? 'chat-wall:source-lease';
    this.ttlMs = options.ttlMs ?? 8_000;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.redis = options.redis.duplicate({ disableOfflineQueue: true });
    this.redis.on('error', () => {
      // Reported by the tick that fails; the client reconnects by itself.
    });
  }

  get role(): LeaseRole {
    return this.state;
  }

  /** The fencing token of this relay's lease, while it holds it. */
  get token(): number | undefined {
    return this.state === 'holder' ? this.fencingToken : undefined;
  }

  /** Whether the last lease command reached Redis. */
  get redisHealthy(): boolean {
    return this.redisOk;
  }

  /** Connects, tries at once, then every `intervalMs`. */
  start(): void {
    const run = (): void => {
      this.ticking = this.ticking.then(() => this.tick());
    };
    this.ticking = this.redis.connect().then(
      () => {
        // Only reconnections hold a follower back, not this first connection.
        this.redis.on('ready', this.onReconnect);
      },
      (err: unknown) => {
        this.redisOk = false;
        this.options.logger.warn({ err: (err as Error).message }, 'source lease: cannot reach Redis (retrying)');
        this.redis.on('ready', this.onReconnect);
      },
    );
    run();
    this.timer = setInterval(run, this.intervalMs);
    this.timer.unref();
  }

  /** Stops trying; a holder stops its sources and releases the lease so a follower takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    this.redis.off('ready', this.onReconnect);
    if (this.state === 'holder') {
      await this.lose('released');
      await this.redis.eval(RELEASE, { keys: [this.key], arguments: [this.id] }).catch(() => undefined);
    }
    if (this.redis.isOpen) await this.redis.close().catch(() => undefined);
    else this.redis.destroy();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { logger } = this.options;
    const redis = this.redis;
    try {
      if (this.state === 'holder') {
        const renewed = await redis.eval(RENEW, { keys: [this.key], arguments: [this.id, String(this.ttlMs)] });
        this.redisOk = true;
        if (renewed === 1) this.lastRenewed = this.now();
        else await this.lose('taken by another relay');
        return;
      }
      if (this.now() < this.quietUntil) {
        // Redis just came back: its answer says nothing yet of whether a holder is alive.
        await redis.ping();
        this.redisOk = true;
        return;
      }
      const taken = await redis.set(this.key, this.id, {
        condition: 'NX',
        expiration: { type: 'PX', value: this.ttlMs },
      });
      this.redisOk = true;
      if (taken !== 'OK') return;
      this.lastRenewed = this.now();
      const token = await this.nextToken();
      if (token === undefined) return;
      this.fencingToken = token;
      this.state = 'holder';
      logger.info({ token: this.fencingToken }, 'source lease taken: this relay runs the sources');
      await this.options.onAcquire(this.fencingToken);
    } catch (err) {
      this.redisOk = false;
      logger.warn({ err: (err as Error).message }, 'source lease: Redis did not answer');
      if (this.state === 'holder' && this.now() - this.lastRenewed >= this.ttlMs) {
        await this.lose('could not renew it');
      }
    }
  }

  /**
   * A token above every earlier holder's, recorded before the sources start; `undefined` (and the
   * lease let go, to be tried again) when the fence's store cannot be reached: sources never run
   * without a token older holders' writes are refused by.
   */
  private async nextToken(): Promise<number | undefined> {
    const { fence, logger } = this.options;
    let floor = 0;
    try {
      if (fence) floor = await fence.floor();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'source lease: cannot read the fencing token floor (retrying)');
      await this.redis.eval(RELEASE, { keys: [this.key], arguments: [this.id] });
      return undefined;
    }
    const token = Number(
      await this.redis.eval(NEXT_TOKEN, { keys: [`${this.key}:token`], arguments: [String(floor)] }),
    );
    try {
      await fence?.record(token);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'source lease: cannot record the fencing token (retrying)');
      await this.redis.eval(RELEASE, { keys: [this.key], arguments: [this.id] });
      return undefined;
    }
    return token;
  }

  private async lose(why: string): Promise<void> {
    this.state = 'follower';
    this.options.logger.warn({ token: this.fencingToken }, `source lease given up (${why}): sources stop here`);
    await this.options.onLose();
  }
}
