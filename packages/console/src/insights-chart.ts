import { html, svg, type TemplateResult } from 'lit';
import type { ConsoleTranslator } from './i18n/translator.js';

/** One bar of the posts-per-minute chart. */
export interface Bar {
  /** ISO time of the minute's start. */
  minute: string;
  posts: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Chart size in SVG user units; the SVG scales to its box. */
export const CHART = { width: 600, height: 160, gap: 1 } as const;

/**
 * Bars for a posts-per-minute series, tallest at full height, the first minute at the start of the
 * reading direction (the right, in a right-to-left language). Pure, so the geometry is tested
 * without a browser.
 */
export function chartBars(series: readonly { minute: string; posts: number }[], dir: 'ltr' | 'rtl' = 'ltr'): Bar[] {
  if (series.length === 0) return [];
  const max = Math.max(1, ...series.map((p) => p.posts));
  const slot = CHART.width / series.length;
  const width = Math.max(slot - CHART.gap, 0.5);
  return series.map((p, i) => {
    const height = (p.posts / max) * CHART.height;
    const at = dir === 'rtl' ? series.length - 1 - i : i;
    return { minute: p.minute, posts: p.posts, x: at * slot, y: CHART.height - height, width, height };
  });
}

/** The busiest minute and the average, in words: the chart's short text alternative. */
export function describeSeries(series: readonly { minute: string; posts: number }[], t: ConsoleTranslator): string {
  if (series.length === 0) return t.t('noPostsYet');
  const total = series.reduce((n, p) => n + p.posts, 0);
  const peak = series.reduce((a, b) => (b.posts > a.posts ? b : a));
  return t.t('chartSummary', {
    posts: t.t('postCount', { count: total }),
    minutes: t.t('minuteCount', { count: series.length }),
    average: t.number(total / series.length, 1),
    time: t.time(peak.minute),
    peak: peak.posts,
  });
}

/**
 * Posts per minute as an SVG bar chart that screen readers get as an image with a summary, and
 * everyone can open as a table of the same figures.
 */
export function renderPostsChart(
  series: readonly { minute: string; posts: number }[],
  id: string,
  t: ConsoleTranslator,
): TemplateResult {
  const bars = chartBars(series, t.dir);
  const summary = describeSeries(series, t);
  return html`<figure class="chart" data-part="posts-chart">
    <svg
      viewBox="0 0 ${CHART.width} ${CHART.height}"
      preserveAspectRatio="none"
      role="img"
      aria-labelledby="${id}-title"
      aria-describedby="${id}-desc"
    >
      <title id="${id}-title">${t.t('postsPerMinute')}</title>
      <desc id="${id}-desc">${summary}</desc>
      ${bars.map(
        (b) =>
          svg`<rect class="bar" x=${b.x} y=${b.y} width=${b.width} height=${b.height}><title>${t.time(b.minute)}: ${t.number(b.posts)}</title></rect>`,
      )}
    </svg>
    <figcaption>
      ${t.t('chartCaption', { summary })}
      <details>
        <summary>${t.t('showTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">${t.t('minute')}</th>
              <th scope="col">${t.t('posts')}</th>
            </tr>
          </thead>
          <tbody>
            ${series.map(
              (p) =>
                html`<tr>
                  <td><time datetime=${p.minute}>${t.time(p.minute)}</time></td>
                  <td>${t.number(p.posts)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figcaption>
  </figure>`;
}
