import type { SourceBudget, SourceHealth, SourceName } from '@chat-wall/sdk/protocol';
import type { SourceSink } from '../ingest/sink.js';

export type { SourceSink };
// The health types are part of the wire contract (admin health, the console's sources view).
export type { SourceBudget, SourceHealth, SourcePartHealth, SourceState } from '@chat-wall/sdk/protocol';

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
