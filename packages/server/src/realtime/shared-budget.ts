import type { Logger } from 'pino';
import type { createClient } from 'redis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

type RedisClient = ReturnType<typeof createClient>;

export interface SharedBudgetOptions {
  /** The cluster's Redis client; commands are not sent while it is not ready (see the class). */
  redis: RedisClient;
  /** Redis key prefix, one per budget: `chat-wall:limit:<name>`. */
  name: string;
  /** Takes allowed per key within each window. */
  points: number;
  /** The window, in whole seconds (Redis counts it with a key's expiry). */
  windowSeconds: number;
  /**
   * The relay's own count, used while Redis cannot be reached: 0 when allowed, else the ms until a
   * take is allowed.
   */
  local: (key: string) => number;
  /** Called when a decision falls back to `local` (metrics). */
  onFallback?: () => void;
  logger?: Logger;
}

/**
 * A budget of takes per key that every relay of a cluster spends together: `points` per key in a
 * window of `windowSeconds`, counted in Redis by `rate-limiter-flexible`'s `RateLimiterRedis`
 * (one atomic `INCRBY` + expiry per take), so an address or a token split over relays has one
 * budget, not one per relay.
 *
 * While Redis cannot be reached each relay counts on its own again (`local`, the lone relay's
 * limiter): the limit fails over to per relay rather than open (nothing limited) or closed (nobody
 * admitted while Redis is down). Commands are not queued while the client reconnects
 * (`rejectIfRedisNotReady`): a decision never waits for Redis to come back.
 */
export class SharedBudget {
  private readonly limiter: RateLimiterRedis;
  private warned = false;

  constructor(private readonly options: SharedBudgetOptions) {
    this.limiter = new RateLimiterRedis({
      storeClient: options.redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: `chat-wall:limit:${options.name}`,
      points: options.points,
      duration: options.windowSeconds,
    });
  }

  /** Takes one from `key`'s budget: resolves 0 when allowed, else the ms until a take is allowed. */
  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      this.warned = false;
      return 0;
    } catch (err) {
      if (err instanceof RateLimiterRes) return Math.max(1, err.msBeforeNext);
      if (!this.warned) {
        this.warned = true;
        this.options.logger?.warn(
          { err: (err as Error).message, budget: this.options.name },
          'limits: Redis unreachable, counting on this relay only',
        );
      }
      this.options.onFallback?.();
      return this.options.local(key);
    }
  }
}
