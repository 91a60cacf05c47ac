import type { Logger } from 'pino';
import { z } from 'zod';
import type { Store } from '../../store/store.js';
import type { ReadBudget } from './read-budget.js';

/** Store key of today's read count: JSON `{ "day": "YYYY-MM-DD", "used": n }`. */
export const BUDGET_USAGE_CURSOR = 'x:read-budget-usage';
/**
 * Store key of a budget changed at run time: JSON `{ "limit": n, "configured": m }`, where `m` is
 * the config file's budget it replaced.
 */
export const BUDGET_LIMIT_CURSOR = 'x:read-budget-limit';

const usageSchema = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  used: z.number().int().min(0),
});
const limitSchema = z.strictObject({
  limit: z.number().int().min(1),
  configured: z.number().int().min(1),
});

export interface BudgetPersistenceOptions {
  store: Store;
  logger: Logger;
  budget: ReadBudget;
  /** The config file's daily budget. */
  configured: number;
  now: () => number;
  /**
   * Save after this many new reads at the latest.
   * @default 100
   */
  everyReads?: number;
  /**
   * Save on the first read this long after the last save.
   * @default 30000
   */
  everyMs?: number;
}

/**
 * Keeps the X read budget across restarts in the store's cursor map: today's count and a budget
 * changed at run time. Counts are saved in batches (never one write per post), so a crash may lose
 * the last few reads of the count; a clean stop saves everything.
 */
export class BudgetPersistence {
  private unsaved = 0;
  private lastSave: number;
  private writes: Promise<void> = Promise.resolve();
  private readonly everyReads: number;
  private readonly everyMs: number;

  constructor(private readonly options: BudgetPersistenceOptions) {
    this.everyReads = options.everyReads ?? 100;
    this.everyMs = options.everyMs ?? 30_000;
    this.lastSave = options.now();
  }

  /** Loads the saved count (if it is of today, UTC) and the run-time budget (if the config did not change since). */
  async load(): Promise<void> {
    const { store, budget, configured, logger } = this.options;
    const usage = parse(usageSchema, await store.getCursor(BUDGET_USAGE_CURSOR));
    if (usage.ok && usage.value && budget.restore(usage.value)) {
      logger.info({ day: usage.value.day, usedToday: usage.value.used }, 'x: read count of today restored');
    } else if (!usage.ok) {
      logger.warn(`x: ignored an unreadable saved read count (${BUDGET_USAGE_CURSOR})`);
    }
    const limit = parse(limitSchema, await store.getCursor(BUDGET_LIMIT_CURSOR));
    if (!limit.ok) {
      logger.warn(`x: ignored an unreadable saved read budget (${BUDGET_LIMIT_CURSOR})`);
    } else if (limit.value && limit.value.configured === configured) {
      budget.setLimit(limit.value.limit);
      logger.info({ dailyReadBudget: limit.value.limit }, 'x: daily read budget set at run time restored');
    } else if (limit.value) {
      // The config file changed since the operator's change: the file is the newer word.
      logger.info(
        { saved: limit.value.limit, configured },
        'x: the config file’s read budget changed; the budget set at run time no longer applies',
      );
    }
  }

  /** Notes new reads; saves the count when enough reads or time have gone by since the last save. */
  noteReads(fresh: number): void {
    if (fresh <= 0) return;
    this.unsaved += fresh;
    if (this.unsaved >= this.everyReads || this.options.now() - this.lastSave >= this.everyMs) this.saveUsage();
  }

  /** Saves a budget changed at run time (and the count, so both describe the same moment). */
  saveLimit(limit: number): Promise<void> {
    const value = JSON.stringify({ limit, configured: this.options.configured });
    this.enqueue(BUDGET_LIMIT_CURSOR, value);
    return this.saveUsage();
  }

  /** Saves the count now if it changed since the last save; resolves when every write so far is done. */
  flush(): Promise<void> {
    return this.unsaved > 0 ? this.saveUsage() : this.writes;
  }

  private saveUsage(): Promise<void> {
    this.unsaved = 0;
    this.lastSave = this.options.now();
    return this.enqueue(BUDGET_USAGE_CURSOR, JSON.stringify(this.options.budget.usage()));
  }

  /** Writes one at a time, so an older value never lands after a newer one. */
  private enqueue(key: string, value: string): Promise<void> {
    this.writes = this.writes
      .then(() => this.options.store.setCursor(key, value))
      .catch((err: unknown) => this.options.logger.warn({ err }, `x: could not save ${key}`));
    return this.writes;
  }
}

function parse<T>(schema: z.ZodType<T>, raw: string | undefined): { ok: true; value: T | undefined } | { ok: false } {
  if (raw === undefined) return { ok: true, value: undefined };
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? { ok: true, value: result.data } : { ok: false };
  } catch {
    return { ok: false };
  }
}
