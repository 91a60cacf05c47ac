import type { SourceName } from '@chat-wall/sdk/protocol';
import type { SourceSink } from '../ingest/sink.js';

export type { SourceSink };

export type SourceState = 'idle' | 'running' | 'backoff' | 'stopped' | 'failed';

/** How a source is doing, for /healthz, metrics and the console. */
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
}

/** A source whose reads are paid for and capped per day; operators can change the cap while it runs. */
export interface BudgetedSource extends Source {
  budgetState(): SourceBudget;
  /** Changes the daily budget at once: raising it resumes a paused source, lowering it to the spent count pauses it. */
  setReadBudget(limit: number): void;
}

/** Whether `source` has a read budget an operator can change. */
export function isBudgeted(source: Source): source is BudgetedSource {
  const s = source as Partial<BudgetedSource>;
  return typeof s.budgetState === 'function' && typeof s.setReadBudget === 'function';
}

/**
 * A producer of posts: X, replay, later Mastodon, Bluesky and native submissions.
 * The relay tells it which tags are wanted; it delivers normalised posts to the sink.
 */
export interface Source {
  readonly name: SourceName;
  start(sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
  /** The tags (canonical) of the walls that use this source. May be called while running. */
  setTags(tags: readonly string[]): Promise<void>;
  health(): SourceHealth;
}
