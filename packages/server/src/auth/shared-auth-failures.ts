import type { Logger } from 'pino';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import type { createClient } from 'redis';
import type { AuthFailures, AuthFailuresOptions, FailureLedger } from './auth-failures.js';

type RedisClient = ReturnType<typeof createClient>;

const MINUTE = 60_000;
/** The key of the overall count and block. No address key looks like it. */
const EVERYONE = '*';

/**
 * {@linkcode AuthFailures}' rules over the relays of a cluster: failed sign-ins on any relay count
 * for the address on every relay, and an address (or everyone) backing off waits on every relay.
 * The counts and blocks are `rate-limiter-flexible` keys in Redis (`chat-wall:auth:*`):
 *
 * - failures per address, remembered for `maxBackoffMs` after the first (the relay's own record
 *   forgets `maxBackoffMs` after the last);
 * - a block per address, set for the address's backoff by the failure that earns it;
 * - failures from everyone in a minute, and the overall block with its strikes (forgotten two
 *   minutes after the last, as a quiet minute forgives them on one relay).
 *
 * Every failure is also counted by the relay's own {@linkcode AuthFailures}, which answers while
 * Redis cannot be reached: sign-ins then back off per relay, as on a lone relay, rather than not at
 * all or not at all admitted.
 */
export class SharedAuthFailures implements FailureLedger {
  private readonly failures: RateLimiterRedis;
  private readonly blocks: RateLimiterRedis;
  private readonly overall: RateLimiterRedis;
  private readonly strikes: RateLimiterRedis;
  private readonly free: number;
  private readonly overallPerMinute: number;
  private readonly maxBackoffMs: number;
  private readonly firstBackoffMs: number;

  constructor(
    redis: RedisClient,
    private readonly local: AuthFailures,
    options: AuthFailuresOptions = {},
    private readonly onFallback?: () => void,
    private readonly logger?: Logger,
  ) {
    this.free = options.freePerAddress ?? 5;
    this.overallPerMinute = options.overallPerMinute ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 15 * MINUTE;
    this.firstBackoffMs = options.firstBackoffMs ?? 1000;
    const limiter = (name: string, seconds: number): RateLimiterRedis =>
      new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `chat-wall:auth:${name}`,
        // A counter, never a refusal: the rules below decide.
        points: Number.MAX_SAFE_INTEGER,
        duration: seconds,
      });
    this.failures = limiter('failures', Math.ceil(this.maxBackoffMs / 1000));
    this.blocks = limiter('blocked', 1);
    this.overall = limiter('overall', 60);
    this.strikes = limiter('strikes', 120);
  }

  async retryIn(address: string): Promise<number> {
    try {
      const [own, all] = await Promise.all([this.blocks.get(address), this.blocks.get(EVERYONE)]);
      return Math.max(0, waitOf(own), waitOf(all));
    } catch (err) {
      this.fellBack(err);
      return this.local.retryIn(address);
    }
  }

  async fail(address: string): Promise<void> {
    this.local.fail(address);
    try {
      const { consumedPoints: failures } = await this.failures.consume(address);
      if (failures > this.free) {
        await this.blocks.block(address, this.seconds(this.firstBackoffMs * 2 ** (failures - this.free - 1)));
      }
      const { consumedPoints: everyone } = await this.overall.consume(EVERYONE);
      if (everyone > this.overallPerMinute) {
        // Strikes are few (one a minute at most): a read then a write is enough here.
        const strikes = ((await this.strikes.get(EVERYONE))?.consumedPoints ?? 0) + 1;
        await this.strikes.set(EVERYONE, strikes, 120);
        await this.blocks.block(EVERYONE, this.seconds(MINUTE * 2 ** (strikes - 1)));
        await this.overall.delete(EVERYONE);
      }
    } catch (err) {
      this.fellBack(err);
    }
  }

  async succeed(address: string): Promise<void> {
    this.local.succeed(address);
    try {
      await Promise.all([this.failures.delete(address), this.blocks.delete(address)]);
    } catch (err) {
      this.fellBack(err);
    }
  }

  /** A backoff in whole seconds (Redis expiries), at least one, at most `maxBackoffMs`. */
  private seconds(ms: number): number {
    return Math.max(1, Math.ceil(Math.min(this.maxBackoffMs, ms) / 1000));
  }

  private fellBack(err: unknown): void {
    this.onFallback?.();
    this.logger?.debug({ err: (err as Error).message }, 'auth failures: Redis unreachable, counting on this relay');
  }
}

/** The wait a block key stands for: its time to live, or nothing. */
function waitOf(res: RateLimiterRes | null): number {
  return res ? Math.max(0, res.msBeforeNext) : 0;
}
