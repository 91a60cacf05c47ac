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
});
