// `pnpm bench widget-frames`: the <chat-wall> embed in Chromium (playwright-core, Debian's Chromium)
// holding many posts while 50 posts a second arrive: frame intervals (requestAnimationFrame), long
// tasks (PerformanceObserver `longtask`) and the page's main-thread time (CDP Performance metrics),
// for the widget as built (`pnpm build` first) next to same-run baselines: the same widget holding
// 200 posts, and holding 1,000 with every card in the page (`ChatWall.feedWindow = Infinity`, the
// keyed list with `content-visibility` before the window), with and without `content-visibility`.
//   node --import tsx packages/server/bench/widget-frames.ts [seconds=10] [rate=50] [only=<variant substring>]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.js';
import { startBenchRelay } from './bench-relay.js';
import { benchPost } from './viewer-fleet.js';

const args = new Map(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const SECONDS = Number(args.get('seconds') ?? 10);
const RATE = Number(args.get('rate') ?? 50);
const HELD = 1000;

interface Variant {
  name: string;
  maxPosts: number;
  /** CSS the page adds around the element (through `::part`), to switch a technique off. */
  css?: string;
  /** Draws every post at once (no window over the feed). */
  allCards?: boolean;
}

const ALL = 'chat-wall::part(post) { content-visibility: visible; }';
const variants: Variant[] = [
  { name: '200 posts, every card (baseline)', maxPosts: 200, allCards: true },
  { name: '1000 posts, every card, c-v off', maxPosts: HELD, allCards: true, css: ALL },
  { name: '1000 posts, every card (keyed + c-v)', maxPosts: HELD, allCards: true },
  { name: '1000 posts, window (as built)', maxPosts: HELD },
].filter((v) => !args.has('only') || v.name.includes(args.get('only')!));

interface Figures {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  maxFrame: number;
  longTasks: number;
  maxLongTask: number;
  /** Cards in the page at the end. */
  cards: number;
  /** The page's main-thread busy time (tasks), ms per second of the run. */
  busy: number;
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

/** The host site: one page embedding the wall, as hosts do (set before each variant). */
const host = { origin: '', html: '' };

async function measure(page: Page, url: string, variant: Variant, next: () => number): Promise<Figures> {
  const bench = { url, maxPosts: variant.maxPosts, css: variant.css ?? '' };
  // The element class is the embed's; its static `feedWindow` says how many cards the list draws at first.
  const all = variant.allCards
    ? `<script type="module">customElements.whenDefined('chat-wall').then((C) => { C.feedWindow = Infinity; });</script>`
    : '';
  host.html = `<!doctype html><html><head><style>body{margin:0;font-family:sans-serif}${bench.css}</style>
    <script type="module" src="${url}/embed/chat-wall.js"></script>${all}</head>
    <body><chat-wall tag="askGMP" server="${url}" max-posts="${bench.maxPosts}" history="none"></chat-wall></body></html>`;
  await page.goto(`${host.origin}/`);
  // Every held post on the wall and drawn (with the window, its newest) before measuring.
  await page.waitForFunction(
    ({ n, all }) => {
      const el = document.querySelector('chat-wall') as (HTMLElement & { posts?: unknown[] }) | null;
      const cards = el?.shadowRoot?.querySelectorAll('[part~="post"]').length ?? 0;
      return (el?.posts?.length ?? 0) >= n && cards >= (all ? n : 1);
    },
    { n: Math.min(variant.maxPosts, HELD), all: variant.allCards === true },
    { timeout: 120_000, polling: 200 },
  );
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const busyBefore = await taskTime();
  await page.evaluate(() => {
    const w = window as unknown as { bench: { frames: number[]; long: number[]; stop: boolean } };
    w.bench = { frames: [], long: [], stop: false };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.bench.long.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      w.bench.frames.push(t - last);
      last = t;
      if (!w.bench.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // 50 posts a second, spread evenly, for SECONDS.
  const total = SECONDS * RATE;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    next();
  }
  // Let the last arrivals render.
  await page.waitForTimeout(500);
  const seconds = (Date.now() - started) / 1000;
  const busy = ((await taskTime()) - busyBefore) * 1000;
  const result = await page.evaluate(() => {
    const w = window as unknown as { bench: { frames: number[]; long: number[]; stop: boolean } };
    w.bench.stop = true;
    const cards = document.querySelector('chat-wall')?.shadowRoot?.querySelectorAll('[part~="post"]').length ?? 0;
    return { frames: w.bench.frames.slice(1), long: w.bench.long, cards };
  });
  const sorted = [...result.frames].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    maxFrame: sorted.at(-1) ?? 0,
    longTasks: result.long.filter((d) => d > 50).length,
    maxLongTask: Math.max(0, ...result.long),
    cards: result.cards,
    busy: busy / seconds,
  };
}

const bench = await startBenchRelay('auto', 'memory', HELD, { maxPosts: HELD });
const site = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(host.html));
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
host.origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
let n = HELD;
try {
  console.log(
    `widget frames: <chat-wall> in Chromium (${await browser.version()}), 1920×1080, ${HELD} posts held by the wall, ${RATE} posts/s for ${SECONDS} s`,
  );
  console.log(
    'variant                                    frames  p50 ms  p95 ms  p99 ms  max ms  long>50ms  longest ms  cards  main ms/s',
  );
  for (const variant of variants) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    // tsx keeps function names with an `__name` helper that the page does not have.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    const figures = await measure(page, bench.url, variant, () => {
      n += 1;
      bench.source.sink!.post(benchPost(n));
      return n;
    });
    await page.close();
    const f = (x: number) => x.toFixed(1).padStart(6);
    console.log(
      `${variant.name.padEnd(42)} ${String(figures.frames).padStart(6)}  ${f(figures.p50)}  ${f(figures.p95)}  ${f(figures.p99)}  ${f(figures.maxFrame)}  ${String(figures.longTasks).padStart(9)}  ${f(figures.maxLongTask).padStart(10)}  ${String(figures.cards).padStart(5)}  ${f(figures.busy).padStart(9)}`,
    );
  }
} finally {
  await browser.close();
  await bench.close();
  site.close();
}
