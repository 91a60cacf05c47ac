import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory-store.js';
import { silent } from '../../../test/support/util.js';
import { BUDGET_USAGE_CURSOR, BudgetPersistence } from './budget-persistence.js';
import { ReadBudget } from './read-budget.js';

/** A memory store that counts cursor writes. */
class CountingStore extends MemoryStore {
  writes = 0;
  override async setCursor(key: string, value: string): Promise<void> {
    this.writes++;
    await super.setCursor(key, value);
  }
}

function setup(now: { t: number }) {
  const store = new CountingStore();
  const budget = new ReadBudget(1_000, () => now.t);
  const saver = new BudgetPersistence({
    store,
    logger: silent,
    budget,
    configured: 1_000,
    now: () => now.t,
    everyReads: 10,
    everyMs: 5_000,
  });
  let next = 0;
  const read = (n: number) => saver.noteReads(budget.record(Array.from({ length: n }, () => String(next++))));
  return { store, budget, saver, read };
}

describe('budget persistence', () => {
  it('saves in batches of reads or time, never once per post, and everything on flush', async () => {
    const now = { t: Date.UTC(2026, 0, 15, 12) };
    const { store, saver, read } = setup(now);
    for (let i = 0; i < 9; i++) read(1);
    await saver.flush();
    expect(store.writes).toBe(1); // only the flush
    for (let i = 0; i < 25; i++) read(1);
    await saver.flush();
    expect(store.writes).toBe(4); // at 10 and 20 more reads, then the flush of the last 5
    expect(JSON.parse((await store.getCursor(BUDGET_USAGE_CURSOR))!)).toEqual({ day: '2026-01-15', used: 34 });
    now.t += 5_000;
    read(1);
    await saver.flush();
    expect(store.writes).toBe(5); // time was up: saved at once, nothing left for the flush
  });

  it('restores today’s count and ignores another day’s', async () => {
    const now = { t: Date.UTC(2026, 0, 15, 23, 59) };
    const first = setup(now);
    first.read(7);
    await first.saver.flush();
    const again = new ReadBudget(1_000, () => now.t);
    await new BudgetPersistence({
      store: first.store,
      logger: silent,
      budget: again,
      configured: 1_000,
      now: () => now.t,
    }).load();
    expect(again.used).toBe(7);
    now.t += 60_000;
    const tomorrow = new ReadBudget(1_000, () => now.t);
    await new BudgetPersistence({
      store: first.store,
      logger: silent,
      budget: tomorrow,
      configured: 1_000,
      now: () => now.t,
    }).load();
    expect(tomorrow.used).toBe(0);
    expect(again.used).toBe(0); // the restored count rolls over too
  });
});
