/** Where failed sign-ins are counted: this relay ({@linkcode AuthFailures}) or the cluster. */
export interface FailureLedger {
  /** Milliseconds `address` must wait before an attempt is checked; 0 when it may try now. */
  retryIn(address: string): number | Promise<number>;
  /** Records a failed attempt from `address`. */
  fail(address: string): void | Promise<void>;
  /** Records a success from `address`: its count starts over. */
  succeed(address: string): void | Promise<void>;
}

/** Limits on failed authentication; see {@linkcode AuthFailures}. */
export interface AuthFailuresOptions {
  /** Failures one address may make before backoff starts. @default 5 */
  freePerAddress?: number;
  /** Failures from all addresses together per minute before everyone backs off. @default 100 */
  overallPerMinute?: number;
  /** Longest wait imposed. @default 900000 (15 minutes) */
  maxBackoffMs?: number;
  /** The first wait, doubled with every further failure. @default 1000 */
  firstBackoffMs?: number;
  /** Clock in ms (tests). @default Date.now */
  now?: () => number;
}

interface AddressRecord {
  failures: number;
  blockedUntil: number;
  last: number;
}

const MINUTE = 60_000;

/**
 * Counts failed authentication per client address and overall, with exponential backoff: after
 * `freePerAddress` failures an address waits 1 s, then 2 s, 4 s… (up to `maxBackoffMs`) before its
 * next attempt is even checked; a minute with more than `overallPerMinute` failures from everyone
 * makes every address wait, doubling each minute it happens again. Guessing a token is then
 * hopeless from one address and from many. A success clears the address's count.
 *
 * This relay's own count; in a cluster {@linkcode SharedAuthFailures} counts in Redis and falls
 * back on it.
 */
export class AuthFailures implements FailureLedger {
  private readonly addresses = new Map<string, AddressRecord>();
  private readonly free: number;
  private readonly overallPerMinute: number;
  private readonly maxBackoffMs: number;
  private readonly firstBackoffMs: number;
  private readonly now: () => number;
  private windowStart = 0;
  private windowFailures = 0;
  private overallBlockedUntil = 0;
  private overallStrikes = 0;
  private nextSweep = 0;

  constructor(options: AuthFailuresOptions = {}) {
    this.free = options.freePerAddress ?? 5;
    this.overallPerMinute = options.overallPerMinute ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 15 * MINUTE;
    this.firstBackoffMs = options.firstBackoffMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds `address` must wait before an attempt is checked; 0 when it may try now. */
  retryIn(address: string): number {
    const now = this.now();
    const own = this.addresses.get(address)?.blockedUntil ?? 0;
    return Math.max(0, own - now, this.overallBlockedUntil - now);
  }

  /** Records a failed attempt from `address`. */
  fail(address: string): void {
    const now = this.now();
    this.sweep(now);
    const record = this.addresses.get(address) ?? { failures: 0, blockedUntil: 0, last: now };
    record.failures += 1;
    record.last = now;
    if (record.failures > this.free) {
      record.blockedUntil =
        now + Math.min(this.maxBackoffMs, this.firstBackoffMs * 2 ** (record.failures - this.free - 1));
    }
    this.addresses.set(address, record);

    if (now - this.windowStart >= MINUTE) {
      // A quiet minute forgives earlier overall strikes.
      if (now - this.windowStart >= 2 * MINUTE) this.overallStrikes = 0;
      this.windowStart = now;
      this.windowFailures = 0;
    }
    this.windowFailures += 1;
    if (this.windowFailures > this.overallPerMinute) {
      this.overallStrikes += 1;
      this.overallBlockedUntil = now + Math.min(this.maxBackoffMs, MINUTE * 2 ** (this.overallStrikes - 1));
      this.windowStart = now;
      this.windowFailures = 0;
    }
  }

  /** Records a success from `address`: its count starts over. */
  succeed(address: string): void {
    this.addresses.delete(address);
  }

  /** Addresses tracked (memory checks). */
  get size(): number {
    return this.addresses.size;
  }

  /** Forgets addresses quiet for longer than the longest backoff, at most once a minute. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + MINUTE;
    for (const [address, record] of this.addresses) {
      if (now - record.last > this.maxBackoffMs && record.blockedUntil <= now) this.addresses.delete(address);
    }
  }
}
