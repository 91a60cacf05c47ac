import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { createClient } from 'redis';

type RedisClient = ReturnType<typeof createClient>;

export interface SharedConnectionsOptions {
  redis: RedisClient;
  logger?: Logger;
  /**
   * How long a relay's counts outlive its last heartbeat (it beats every third of this): a relay
   * that dies without closing (`kill -9`) stops counting against the cluster within this time.
   * @default 15000
   */
  ttlMs?: number;
  /** Key prefix. @default 'chat-wall:conns' */
  prefix?: string;
}

/**
 * Admits a connection if the cluster stays within the cap: this relay's count for the address
 * (ARGV[3], already including the new connection) plus the counts of every live relay but this one.
 * Writes this relay's count only when admitted. Returns 1 (admitted) or 0 (refused).
 * KEYS[1] the relays' heartbeat set; ARGV: prefix, this relay, count, address, cap, ttl.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local total = tonumber(ARGV[3])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
  if id ~= ARGV[2] then
    total = total + (tonumber(redis.call('HGET', ARGV[1] .. ':relay:' .. id, ARGV[4])) or 0)
  end
end
if total > tonumber(ARGV[5]) then return 0 end
local own = ARGV[1] .. ':relay:' .. ARGV[2]
redis.call('HSET', own, ARGV[4], ARGV[3])
redis.call('PEXPIRE', own, ARGV[6])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[6]), ARGV[2])
return 1`;

/**
 * Marks this relay alive for ARGV[2] ms more and keeps its counts as long; forgets relays dead for
 * a minute. Returns whether its counts are still in Redis (not after a restart without persistence,
 * nor after a stall longer than the ttl). KEYS[1] the set, KEYS[2] this relay's counts; ARGV[1] this relay.
 */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0`;

/**
 * Open connections per address across the relays of a cluster, for the per-address cap.
 *
 * Each relay keeps its own count per address (the truth about its own sockets, which it alone can
 * know) and mirrors it to a hash of its own in Redis, `chat-wall:conns:relay:<id>`, always writing
 * the count itself (never an increment), so writes that cross each other or are lost while Redis is
 * away leave no lasting error: the next write, or the rewrite when Redis is back, sets it right. A
 * new connection is admitted by one script that adds the other live relays' counts for its address.
 *
 * A relay that dies cannot take its connections off: its hash and its heartbeat expire (`ttlMs`),
 * and the admit script counts only relays whose heartbeat is current, so a dead relay's viewers
 * (who reconnect to the others) are not counted twice for longer than `ttlMs`.
 *
 * While Redis cannot be reached the relay admits by its own count alone (as a lone relay does); its
 * hash is written again whole when Redis is back.
 */
export class SharedConnections {
  readonly id = randomUUID();
  private readonly counts = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly prefix: string;
  private readonly set: string;
  private readonly own: string;
  private timer: NodeJS.Timeout | undefined;
  private rewriting: Promise<void> | undefined;
  private readonly onReady = (): void => {
    void this.rewrite();
  };

  constructor(private readonly options: SharedConnectionsOptions) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.prefix = options.prefix ?? 'chat-wall:conns';
    this.set = `${this.prefix}:relays`;
    this.own = `${this.prefix}:relay:${this.id}`;
  }

  /** Starts the heartbeat and the rewrite after each reconnection. */
  start(): void {
    this.options.redis.on('ready', this.onReady);
    void this.beat();
    this.timer = setInterval(() => void this.beat(), Math.max(50, Math.floor(this.ttlMs / 3))).unref();
  }

  /** Stops beating and takes this relay's counts out of Redis. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.options.redis.off('ready', this.onReady);
    if (!this.options.redis.isReady) return;
    await this.options.redis
      .multi()
      .del(this.own)
      .zRem(this.set, this.id)
      .exec()
      .catch(() => undefined);
  }

  /** This relay's open connections from `key`. */
  local(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /**
   * Counts a new connection from `key` if the cluster stays within `cap`; resolves whether it was
   * admitted. With Redis unreachable, admitted by this relay's count alone. A refused connection is
   * not counted.
   */
  async admit(key: string, cap: number): Promise<{ admitted: boolean; shared: boolean }> {
    const mine = this.local(key) + 1;
    if (mine > cap) return { admitted: false, shared: false };
    this.counts.set(key, mine);
    if (!this.options.redis.isReady) return { admitted: true, shared: false };
    try {
      const admitted = await this.options.redis.eval(ADMIT, {
        keys: [this.set],
        arguments: [this.prefix, this.id, String(mine), key, String(cap), String(this.ttlMs)],
      });
      if (admitted === 1) return { admitted: true, shared: true };
      this.release(key, false);
      return { admitted: false, shared: true };
    } catch {
      // Redis went away meanwhile: this relay's own count decides; the rewrite on reconnection restores it.
      return { admitted: true, shared: false };
    }
  }

  /** Takes a closed connection from `key` off the count. */
  release(key: string, write = true): void {
    const left = this.local(key) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
    if (!write || !this.options.redis.isReady) return;
    const redis = this.options.redis;
    const sent = left > 0 ? redis.hSet(this.own, key, String(left)) : redis.hDel(this.own, key);
    sent.catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const redis = this.options.redis;
    if (!redis.isReady) return;
    try {
      const present = await redis.eval(BEAT, { keys: [this.set, this.own], arguments: [this.id, String(this.ttlMs)] });
      if (present === 0 && this.counts.size > 0) await this.rewrite();
    } catch (err) {
      this.options.logger?.debug({ err: (err as Error).message }, 'connection counts: heartbeat failed');
    }
  }

  /** Writes this relay's counts again whole (Redis restarted empty, or writes were lost while it was away). */
  private rewrite(): Promise<void> {
    this.rewriting ??= (async () => {
      const redis = this.options.redis;
      try {
        const multi = redis.multi().del(this.own);
        if (this.counts.size > 0) {
          multi.hSet(this.own, Object.fromEntries([...this.counts].map(([k, n]) => [k, String(n)])));
          multi.pExpire(this.own, this.ttlMs);
        }
        await multi.exec();
        // Counted from now on: the admit script counts only relays whose heartbeat is current.
        await redis.eval(BEAT, { keys: [this.set, this.own], arguments: [this.id, String(this.ttlMs)] });
        this.options.logger?.info({ addresses: this.counts.size }, 'connection counts written again to Redis');
      } catch (err) {
        this.options.logger?.debug({ err: (err as Error).message }, 'connection counts: rewrite failed');
      } finally {
        this.rewriting = undefined;
      }
    })();
    return this.rewriting;
  }
}
