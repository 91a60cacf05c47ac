import { describe, expect, it } from 'vitest';
import { CHART, chartBars, describeSeries, formatDuration } from './insights-chart.js';

const series = [
  { minute: '2026-11-01T12:00:00.000Z', posts: 2 },
  { minute: '2026-11-01T12:01:00.000Z', posts: 8 },
  { minute: '2026-11-01T12:02:00.000Z', posts: 0 },
  { minute: '2026-11-01T12:03:00.000Z', posts: 4 },
];

describe('posts-per-minute chart', () => {
  it('scales the busiest minute to full height and spreads the minutes across the width', () => {
    const bars = chartBars(series);
    expect(bars.map((b) => b.height)).toEqual([40, 160, 0, 80]);
    expect(bars.map((b) => b.y)).toEqual([120, 0, 160, 80]);
    expect(bars.map((b) => b.x)).toEqual([0, 150, 300, 450]);
    expect(bars[0]!.width).toBe(150 - CHART.gap);
    expect(chartBars([])).toEqual([]);
  });

  it('sums the series up in words for its text alternative', () => {
    expect(describeSeries(series, 'en')).toMatch(
      /^14 posts over 4 minutes, 3\.5 a minute on average; busiest minute .+ with 8\.$/,
    );
    expect(describeSeries([], 'en')).toBe('No posts yet.');
  });

  it.each([
    [null, '–'],
    [40.4, '40 s'],
    [125, '2 min 5 s'],
    [120, '2 min'],
    [3900, '1 h 5 min'],
  ])('formats %s seconds as %s', (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});
