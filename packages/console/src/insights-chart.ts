import { html, svg, type TemplateResult } from 'lit';

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
 * Bars for a posts-per-minute series, tallest at full height. Pure, so the geometry is tested
 * without a browser.
 */
export function chartBars(series: readonly { minute: string; posts: number }[]): Bar[] {
  if (series.length === 0) return [];
  const max = Math.max(1, ...series.map((p) => p.posts));
  const slot = CHART.width / series.length;
  const width = Math.max(slot - CHART.gap, 0.5);
  return series.map((p, i) => {
    const height = (p.posts / max) * CHART.height;
    return { minute: p.minute, posts: p.posts, x: i * slot, y: CHART.height - height, width, height };
  });
}

/** The busiest minute and the average, in words: the chart's short text alternative. */
export function describeSeries(series: readonly { minute: string; posts: number }[], locale?: string): string {
  if (series.length === 0) return 'No posts yet.';
  const total = series.reduce((n, p) => n + p.posts, 0);
  const peak = series.reduce((a, b) => (b.posts > a.posts ? b : a));
  const time = clock(peak.minute, locale);
  const average = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(total / series.length);
  return `${total} posts over ${series.length} ${series.length === 1 ? 'minute' : 'minutes'}, ${average} a minute on average; busiest minute ${time} with ${peak.posts}.`;
}

function clock(iso: string, locale?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/**
 * Posts per minute as an SVG bar chart that screen readers get as an image with a summary, and
 * everyone can open as a table of the same figures.
 */
export function renderPostsChart(series: readonly { minute: string; posts: number }[], id: string): TemplateResult {
  const bars = chartBars(series);
  const summary = describeSeries(series);
  return html`<figure class="chart" data-part="posts-chart">
    <svg
      viewBox="0 0 ${CHART.width} ${CHART.height}"
      preserveAspectRatio="none"
      role="img"
      aria-labelledby="${id}-title"
      aria-describedby="${id}-desc"
    >
      <title id="${id}-title">Posts per minute</title>
      <desc id="${id}-desc">${summary}</desc>
      ${bars.map(
        (b) =>
          svg`<rect class="bar" x=${b.x} y=${b.y} width=${b.width} height=${b.height}><title>${clock(b.minute)}: ${b.posts}</title></rect>`,
      )}
    </svg>
    <figcaption>
      Posts per minute. ${summary}
      <details>
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Minute</th>
              <th scope="col">Posts</th>
            </tr>
          </thead>
          <tbody>
            ${series.map(
              (p) =>
                html`<tr>
                  <td><time datetime=${p.minute}>${clock(p.minute)}</time></td>
                  <td>${p.posts}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figcaption>
  </figure>`;
}

/** "1 h 5 min", "2 min 5 s", "40 s" for a number of seconds; "–" for none. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}
