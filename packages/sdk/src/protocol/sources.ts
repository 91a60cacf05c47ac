// How the relay's sources are doing, as the relay reports it to the admin (`GET /api/admin/health`)
// and to moderators (`GET /api/mod/sources`, the `sources` socket event): the console's sources view.

export type SourceState = 'idle' | 'running' | 'backoff' | 'stopped' | 'failed';

/** How a source is doing. */
export interface SourceHealth {
  state: SourceState;
  /** What a host should know: why it is in backoff, what failed and how to fix it. */
  detail?: string;
  /** ISO time of the last post delivered. */
  lastPostAt?: string;
  postsDelivered: number;
  /** The day's read budget, for sources that pay per read (X). */
  budget?: SourceBudget;
  /** Sources that read from several places (Mastodon instances, Jetstream hosts): each one's state. */
  parts?: SourcePartHealth[];
  /** Frames or records skipped because they were malformed. */
  malformed?: number;
}

/** One connection of a source (a Mastodon instance, a Jetstream host). */
export interface SourcePartHealth {
  name: string;
  state: SourceState;
  detail?: string;
}

/** A paid source's daily read budget: what is allowed, what is spent, and whether it stopped reading. */
export interface SourceBudget {
  /** Post reads allowed per UTC day. */
  dailyReadBudget: number;
  /** Distinct posts read today (UTC). */
  usedToday: number;
  remaining: number;
  /** True while the source has stopped reading because the budget is spent. */
  pausedByBudget: boolean;
  /** ISO time of the next UTC midnight, when the count starts over. */
  resetsAt: string;
  /**
   * Today's reads by what made them, counted since this relay started (the total, `usedToday`,
   * also counts reads from before a restart): the stream, backfill after a gap, and the re-check
   * of shown posts for deletions.
   */
  readsBy?: { stream: number; backfill: number; deletionCheck: number };
}
