import { describe, expect, it } from 'vitest';
import { ReadBudget } from './read-budget.js';

describe('read budget', () => {
  it('counts each post once per UTC day and starts over at midnight UTC', () => {
    let now = Date.UTC(2026, 0, 15, 23, 59, 0);
    const budget = new ReadBudget(3, () => now);
    expect(budget.record(['1', '2', '1'])).toBe(2);
    expect(budget.remaining).toBe(1);
    expect(budget.record(['2', '3'])).toBe(1);
    expect(budget.exhausted).toBe(true);
    expect(budget.msUntilReset()).toBe(60_000);
    now += 60_000;
    expect(budget.exhausted).toBe(false);
    expect(budget.record(['1'])).toBe(1);
  });

  it('can be raised, and refuses nonsense limits', () => {
    const budget = new ReadBudget(1, () => 0);
    budget.record(['1']);
    budget.setLimit(2);
    expect(budget.remaining).toBe(1);
    expect(() => budget.setLimit(0)).toThrow(RangeError);
    expect(budget.dailyLimit).toBe(2);
  });

  it('restores a count saved by another relay without counting its own reads twice', () => {
    const now = Date.UTC(2026, 0, 15, 12);
    const day = '2026-01-15';
    const a = new ReadBudget(1000, () => now);
    a.record(['1', '2', '3']);
    // A saved 3 and stopped; relay B took over, restored 3, read 4 more and saved 7.
    const b = new ReadBudget(1000, () => now);
    expect(b.restore(a.usage())).toBe(true);
    b.record(['4', '5', '6', '7']);
    expect(b.usage()).toEqual({ day, used: 7 });
    // A holds the sources again: it takes B's count, its own 3 reads included once.
    expect(a.restore(b.usage())).toBe(true);
    expect(a.used).toBe(7);
    expect(a.restore(b.usage())).toBe(true);
    expect(a.used).toBe(7);
    // A stale, smaller count never lowers it; another day's count is ignored.
    a.restore({ day, used: 2 });
    expect(a.used).toBe(7);
    expect(a.restore({ day: '2026-01-14', used: 900 })).toBe(false);
  });
});
