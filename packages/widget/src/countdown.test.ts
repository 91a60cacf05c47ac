import { describe, expect, it } from 'vitest';
import { countdown, formatSessionTimes } from './countdown.js';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const before = (ms: number) => countdown(START, START - ms, 'en');

describe('countdown', () => {
  it.each([
    [2 * 86_400_000 + 5000, 'in 2 days', undefined],
    [1.6 * 86_400_000, 'in 2 days', undefined],
    [1.4 * 86_400_000, 'in 1 day', undefined],
    [86_400_000, 'in 1 day', undefined],
    [86_399_000, 'in 23 hours', '23:59:59'],
    [5 * 3_600_000, 'in 5 hours', '5:00:00'],
    [3_599_500, 'in 1 hour', '1:00:00'],
    [3_599_000, 'in 59 minutes', '59:59'],
    [12 * 60_000 + 5000, 'in 12 minutes', '12:05'],
    [42_000, 'in 42 seconds', '00:42'],
    [1, 'in 1 second', '00:01'],
  ])('%i ms ahead → %s (%s)', (ms, words, clock) => {
    const view = before(ms);
    expect(view.due).toBe(false);
    expect(view.words).toBe(words);
    expect(view.clock).toBe(clock);
  });

  it('is due at and after the start', () => {
    expect(before(0)).toMatchObject({ due: true, clock: undefined, nextChangeIn: Infinity });
    expect(before(-60_000).due).toBe(true);
  });

  it('says when it next changes: on the next whole second, or when the rounded days change', () => {
    expect(before(12_500).nextChangeIn).toBe(500);
    expect(before(12_000).nextChangeIn).toBe(1000);
    const days = before(2 * 86_400_000 + 5000);
    expect(days.nextChangeIn).toBe(43_200_000 + 5001);
    expect(before(2 * 86_400_000 + 5000 - days.nextChangeIn + 1).words).toBe('in 2 days');
    expect(before(2 * 86_400_000 + 5000 - days.nextChangeIn).words).toBe('in 1 day');
    // From one day on, the clock takes over.
    const day = before(86_400_000 + 60_000);
    expect(day.nextChangeIn).toBe(61_000);
    expect(before(86_400_000 + 60_000 - day.nextChangeIn).clock).toBe('23:59:59');
  });

  it('speaks the viewer’s language and digits', () => {
    expect(countdown(START, START - 2 * 86_400_000, 'de').words).toBe('in 2 Tagen');
    expect(countdown(START, START - 65_000, 'ar-EG').clock).toBe('٠١:٠٥');
  });
});

describe('formatSessionTimes', () => {
  const end = new Date(START + 2 * 3_600_000).toISOString();
  const start = new Date(START).toISOString();

  it('shows the range in the viewer’s time zone', () => {
    expect(formatSessionTimes(start, end, 'en-GB', 'Europe/London')).toBe('Tuesday 1 December, 12:00–14:00 GMT');
    expect(formatSessionTimes(start, end, 'en-US', 'America/New_York')).toBe('Tuesday, December 1, 7:00 – 9:00 AM EST');
  });

  it('returns an empty string for times it cannot read', () => {
    expect(formatSessionTimes('soon', end, 'en')).toBe('');
    expect(formatSessionTimes(end, start, 'en')).toBe('');
  });
});
