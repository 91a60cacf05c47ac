/**
 * Retry timing shared by the Mastodon and Bluesky sources: exponential backoff with jitter (so
 * that many relays, or many feeds of one relay, do not retry in step) and the rate-limit headers
 * servers send with a refusal.
 */

export interface RetryPolicy {
  /** Delay after the first failure, before jitter. */
  initialMs: number;
  /** Ceiling of the delay, before jitter. */
  maxMs: number;
  /** Growth per failed attempt. @default 2 */
  factor?: number;
}

/**
 * Counts failures in a row and answers the delay before the next attempt: the exponential delay
 * with "equal jitter" (a random point in its upper half), so it never drops below half of it.
 */
export class JitterBackoff {
  private attempt = 0;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt, counting this failure. */
  next(): number {
    this.attempt++;
    const { initialMs, maxMs, factor = 2 } = this.policy;
    const raw = Math.min(maxMs, initialMs * factor ** (this.attempt - 1));
    return Math.round(raw / 2 + (raw / 2) * this.random());
  }

  /** Failures in a row so far. */
  get failures(): number {
    return this.attempt;
  }

  /** It worked: the next failure starts from the first delay again. */
  reset(): void {
    this.attempt = 0;
  }
}

/**
 * How long a server asked us to wait, from `Retry-After` (seconds or an HTTP date) or
 * `X-RateLimit-Reset` (an ISO date as Mastodon sends it, or epoch seconds); `undefined` if
 * neither says. Never negative; capped at an hour so a wrong clock cannot park a source for days.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const candidates = [headers.get('retry-after'), headers.get('x-ratelimit-reset')];
  for (const raw of candidates) {
    if (!raw) continue;
    const value = raw.trim();
    let at: number;
    if (/^\d+(\.\d+)?$/.test(value)) {
      const n = Number(value);
      // Small numbers are seconds to wait; epoch seconds are large.
      at = n < 1e9 ? now + n * 1000 : n * 1000;
    } else {
      at = Date.parse(value);
    }
    if (Number.isNaN(at)) continue;
    return Math.min(Math.max(0, at - now), 3_600_000);
  }
  return undefined;
}

/** A refused HTTP request, with the wait the server asked for. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
