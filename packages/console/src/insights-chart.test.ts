import { describe, expect, it } from 'vitest';
import { loadTranslator, english } from './i18n/translator.js';
import { CHART, chartBars, describeSeries } from './insights-chart.js';

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

  it('runs from right to left in a right-to-left language, each bar as tall as in the other direction', () => {
    const ltr = chartBars(series);
    const rtl = chartBars(series, 'rtl');
    expect(rtl.map((b) => b.x)).toEqual([450, 300, 150, 0]);
    expect(rtl.map((b) => [b.minute, b.height, b.y, b.width])).toEqual(
      ltr.map((b) => [b.minute, b.height, b.y, b.width]),
    );
  });

  it('sums the series up in words for its text alternative', () => {
    expect(describeSeries(series, english)).toMatch(
      /^14 posts over 4 minutes, 3\.5 a minute on average; busiest minute .+ with 8\.$/,
    );
    expect(describeSeries([], english)).toBe('No posts yet.');
  });

  it('says it in the console’s language, with its plurals and decimal comma', async () => {
    const de = await loadTranslator({ lang: 'de', intl: 'de' });
    expect(describeSeries(series, de)).toMatch(/^14 Beiträge in 4 Minuten, .*3,5.*8/);
    const one = await loadTranslator({ lang: 'cy', intl: 'cy' });
    expect(describeSeries([{ minute: series[0]!.minute, posts: 1 }], one)).not.toBe(
      describeSeries([{ minute: series[0]!.minute, posts: 1 }], english),
    );
  });

  it.each([
    [null, '–'],
    [40.4, '40 sec'],
    [125, '2 min 5 sec'],
    [120, '2 min'],
    [3900, '1 hr 5 min'],
  ])('formats %s seconds as %s', (seconds, words) => {
    expect(english.duration(seconds)).toBe(words);
  });

  it('formats durations with the units of the locale', async () => {
    const de = await loadTranslator({ lang: 'de', intl: 'de' });
    expect(de.duration(3900)).toBe('1 Std., 5 Min.');
  });
});
