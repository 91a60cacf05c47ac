/**
 * X's documented reconnect rules for the filtered stream, as data plus pure functions, so the
 * stream's timing can be read in one place and tested without sockets or clocks.
 */

/** Why the stream is not connected; each kind has its own reconnect rule at X. */
export const DisconnectKind = {
  /** An established stream dropped (closed, operational disconnect): reconnect at once. */
  Dropped: 'dropped',
  /** TCP/TLS/DNS failure or a stall: linear backoff. */
  Network: 'network',
  /** HTTP error status other than 429: exponential backoff. */
  Http: 'http',
  /** HTTP 429 (rate limit or TooManyConnections): exponential backoff from a minute. */
  RateLimited: 'rate-limited',
  /** Bad or revoked token (401/403): slow retries, a person has to fix the token. */
  Auth: 'auth',
} as const;
export type DisconnectKind = (typeof DisconnectKind)[keyof typeof DisconnectKind];

/** One rule: the first delay, how it grows per failed attempt, and its ceiling (milliseconds). */
export interface BackoffRule {
  initialMs: number;
  growth: 'linear' | 'exponential';
  /** Linear step, or exponential factor. */
  step: number;
  maxMs: number;
}

/**
 * X's rules ("Handling disconnections"): network errors back off linearly by 250 ms up to 16 s;
 * HTTP errors exponentially from 5 s up to 320 s; HTTP 429 exponentially from 1 minute.
 * Auth errors follow the HTTP rule but start higher: retrying a wrong token cannot succeed sooner.
 */
export const X_BACKOFF: Readonly<Record<DisconnectKind, BackoffRule>> = {
  [DisconnectKind.Dropped]: { initialMs: 0, growth: 'linear', step: 0, maxMs: 0 },
  [DisconnectKind.Network]: { initialMs: 250, growth: 'linear', step: 250, maxMs: 16_000 },
  [DisconnectKind.Http]: { initialMs: 5_000, growth: 'exponential', step: 2, maxMs: 320_000 },
  [DisconnectKind.RateLimited]: { initialMs: 60_000, growth: 'exponential', step: 2, maxMs: 960_000 },
  [DisconnectKind.Auth]: { initialMs: 60_000, growth: 'exponential', step: 2, maxMs: 960_000 },
};

/** X sends a keep-alive every 20 s; silence longer than this means the connection stalled. */
export const STALL_TIMEOUT_MS = 20_000 + 10_000;

/**
 * A connection that ends sooner than this after connecting does not count as established:
 * reconnecting at once after such short lives would hammer X, so they back off as network errors.
 */
export const MIN_ESTABLISHED_MS = 5_000;

/** Delay before reconnect attempt number `attempt` (1-based, per run of the same kind). */
export function backoffDelay(kind: DisconnectKind, attempt: number, rules = X_BACKOFF): number {
  const rule = rules[kind];
  const n = Math.max(1, Math.floor(attempt)) - 1;
  const raw = rule.growth === 'linear' ? rule.initialMs + rule.step * n : rule.initialMs * rule.step ** n;
  return Math.min(raw, rule.maxMs);
}

/** How a connection attempt or a live connection ended, as the stream saw it. */
export type StreamFailure =
  | { type: 'dropped'; connectedForMs: number }
  | { type: 'stalled' }
  | { type: 'network' }
  | { type: 'http'; status: number };

/** The reconnect rule that applies to a failure. */
export function classify(failure: StreamFailure): DisconnectKind {
  switch (failure.type) {
    case 'dropped':
      return failure.connectedForMs >= MIN_ESTABLISHED_MS ? DisconnectKind.Dropped : DisconnectKind.Network;
    case 'stalled':
    case 'network':
      return DisconnectKind.Network;
    case 'http':
      if (failure.status === 429) return DisconnectKind.RateLimited;
      if (failure.status === 401 || failure.status === 403) return DisconnectKind.Auth;
      return DisconnectKind.Http;
  }
}

/**
 * Counts attempts per kind: the backoff grows while failures of one kind repeat and starts over
 * when the kind changes or a connection becomes established.
 */
export class Backoff {
  private kind: DisconnectKind | undefined;
  private attempt = 0;

  constructor(private readonly rules = X_BACKOFF) {}

  /** The delay before the next attempt after `kind`, counting this failure. */
  next(kind: DisconnectKind): { delayMs: number; attempt: number } {
    if (kind !== this.kind) {
      this.kind = kind;
      this.attempt = 0;
    }
    this.attempt++;
    return { delayMs: backoffDelay(kind, this.attempt, this.rules), attempt: this.attempt };
  }

  /** A connection became established: the next failure starts from the first delay again. */
  reset(): void {
    this.kind = undefined;
    this.attempt = 0;
  }
}
