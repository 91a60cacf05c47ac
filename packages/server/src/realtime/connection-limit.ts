import { ErrorCode, type WallError } from '@chat-wall/sdk/protocol';
import { ipKeyGenerator } from 'express-rate-limit';
import type { ExtendedError, Namespace } from 'socket.io';
import type { Metrics } from '../metrics.js';
import { clientAddress, compileTrustProxy, type TrustProxy } from './client-address.js';
import type { SharedBudget } from './shared-budget.js';

export interface ConnectionLimitOptions {
  /** New connections each client address may open per minute (a burst of that many, refilled evenly). */
  perMinute: number;
  /** Which proxies may name the client (`X-Forwarded-For`); see {@linkcode TrustProxy}. */
  trustProxy: TrustProxy;
  /** Clock in ms (tests). @default Date.now */
  now?: () => number;
  /**
   * In a cluster: the budget every relay spends together, given this relay's own limiter to fall
   * back on (see {@linkcode SharedBudget}).
   */
  shared?: (local: (key: string) => number) => Pick<SharedBudget, 'take'>;
}

/** The `connect_error` data of a refused connection: a {@linkcode WallError} plus when to try again. */
export interface RateLimitedError extends WallError {
  retryInMs: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * A token bucket per client address. The per-socket budget of a viewer starts over when it
 * reconnects; this one does not, so reconnecting is no way around it.
 */
export class ConnectionLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private nextSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Counts a connection from `key`; returns 0 when allowed, else the ms until one is. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, last: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.last) * this.perMs);
    bucket.last = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perMs);
  }

  /** Addresses currently tracked (for tests and memory checks). */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets addresses whose bucket has refilled, once a minute, so the map does not grow without end. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.last) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/**
 * Refuses connections to `nsp` beyond the per-address budget with a `connect_error` whose data is
 * `{ code: "rate_limited", message, retryInMs }`. IPv6 addresses count per /56 network (as the
 * REST rate limits do), since one host usually holds a whole prefix.
 */
export function limitConnections(nsp: Namespace, options: ConnectionLimitOptions, metrics: Metrics): ConnectionLimiter {
  const limiter = new ConnectionLimiter(options.perMinute, options.now);
  const trust = compileTrustProxy(options.trustProxy);
  const shared = options.shared?.((key) => limiter.take(key));
  const answer = (retryInMs: number, next: (err?: ExtendedError) => void): void => {
    if (retryInMs === 0) return next();
    metrics.clientErrors.inc({ code: ErrorCode.RateLimited });
    const data: RateLimitedError = {
      code: ErrorCode.RateLimited,
      message: `Too many connections from this address; try again in ${Math.ceil(retryInMs / 1000)} s.`,
      retryInMs,
    };
    const refusal: ExtendedError = new Error(data.message);
    refusal.data = data;
    next(refusal);
  };
  nsp.use((socket, next) => {
    const key = ipKeyGenerator(clientAddress(socket.handshake, trust));
    if (shared) void shared.take(key).then((retryInMs) => answer(retryInMs, next));
    else answer(limiter.take(key), next);
  });
  return limiter;
}
