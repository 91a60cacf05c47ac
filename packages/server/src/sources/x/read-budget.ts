/** What {@linkcode ReadBudget.usage} saves and {@linkcode ReadBudget.restore} loads across restarts. */
export interface BudgetUsage {
  /** UTC date (`YYYY-MM-DD`) the count belongs to. */
  day: string;
  /** Distinct posts read on that day. */
  used: number;
}

/**
 * The pay-per-use cost guard: X bills each post read, counted once per post and UTC day. This
 * counts the distinct post ids read today and says when the day's budget is spent.
 */
export class ReadBudget {
  private day: string;
  private readonly seen = new Set<string>();
  /**
   * Reads counted before a restart. Their ids are not kept, so an id read again after a restart
   * counts twice: the guard errs on the side of reading less, never more, than paid for.
   */
  private carried = 0;

  constructor(
    private limit: number,
    private readonly now: () => number,
  ) {
    this.day = utcDay(now());
  }

  /** Counts posts as read (each id once per UTC day); returns how many of them were new today. */
  record(ids: Iterable<string>): number {
    this.roll();
    let fresh = 0;
    for (const id of ids) {
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      fresh++;
    }
    return fresh;
  }

  /** Distinct posts read today. */
  get used(): number {
    this.roll();
    return this.carried + this.seen.size;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  get exhausted(): boolean {
    return this.remaining === 0;
  }

  get dailyLimit(): number {
    return this.limit;
  }

  /** Changes the daily budget (e.g. raised by an operator); takes effect at once. */
  setLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`read budget must be a whole number ≥ 1, got ${limit}`);
    this.limit = limit;
  }

  /** Today's count, to be saved. */
  usage(): BudgetUsage {
    return { day: this.currentDay(), used: this.used };
  }

  /**
   * Takes today's count as saved (before a restart, or by another relay of a cluster that read X
   * meanwhile), if it is of today (UTC); a count of another day is ignored. The saved count already
   * includes what this process read before it saved, so restoring again never counts a read twice.
   * Returns whether it applied.
   */
  restore(saved: BudgetUsage): boolean {
    if (saved.day !== this.currentDay()) return false;
    this.carried = Math.max(this.carried, saved.used - this.seen.size);
    return true;
  }

  /** The UTC date (`YYYY-MM-DD`) being counted. */
  currentDay(): string {
    this.roll();
    return this.day;
  }

  /** Milliseconds until the next UTC midnight, when the count starts over. */
  msUntilReset(): number {
    const now = this.now();
    const next = new Date(now);
    next.setUTCHours(24, 0, 0, 0);
    return next.getTime() - now;
  }

  private roll(): void {
    const today = utcDay(this.now());
    if (today !== this.day) {
      this.day = today;
      this.seen.clear();
      this.carried = 0;
    }
  }
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
