// End to end: the overlay pages (`/overlay/:tag`) in Debian's Chromium at 1920×1080, against a real
// relay in this process: transparency, the post on air after a take and gone after a clear, the
// join panel's QR code decoded back, and a ticker that keeps every task short under load.
import jsQR from 'jsqr';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePost, type TestRelay } from '../../packages/server/test/support/util.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';
import { mintToken, problems, startConsoleRelay, watch } from './support/console.js';

let browser: Browser;
let t: TestRelay;
let token: string;
const pages: Page[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  t = await startConsoleRelay();
  token = await mintToken(t.url, 'pat', ['*']);
  // BuyerChat is auto-moderated: posts are approved on arrival.
  t.source.push(
    ...[1, 2, 3, 4, 5].map((n) => ({ ...makePost(n, `Buyer question ${n} #BuyerChat`), tags: ['buyerchat'] })),
  );
  await t.relay.ingest.drain();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  expect(problems.splice(0)).toEqual([]);
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  pages.push(page);
  watch(page);
  await page.goto(`${t.url}${path}`);
  return page;
}

async function program(body: unknown): Promise<void> {
  const res = await fetch(`${t.url}/api/mod/walls/BuyerChat/program`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** Share of fully transparent pixels in a PNG screenshot. */
function transparentShare(png: Buffer): number {
  const { data, width, height } = PNG.sync.read(png);
  let clear = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] === 0) clear++;
  return clear / (width * height);
}

const onAir = (p: Page) => p.locator('chat-wall [part~="on-air"]');

describe('overlay pages', () => {
  for (const layout of ['lower-third', 'spotlight', 'overlay', 'ticker']) {
    it(`${layout}: transparent, no scrollbars, the post on air after a take and gone after a clear`, async () => {
      const page = await open(`/overlay/BuyerChat?layout=${layout}&motion=none`);
      await page.locator('chat-wall').waitFor();
      await program({ action: 'take', postId: 'replay:2' });
      await onAir(page).and(page.locator('[data-post-id="replay:2"]')).waitFor();
      await page.evaluate(() => document.fonts.ready);
      const shots = process.env.OVERLAY_SHOTS; // a folder to keep the screenshots in, to look at them
      const shot = await page.screenshot({
        omitBackground: true,
        ...(shots ? { path: `${shots}/${layout}.png` } : {}),
      });
      // A broadcast graphic leaves most of the frame to the video behind it.
      expect(transparentShare(shot)).toBeGreaterThan(layout === 'spotlight' ? 0.4 : 0.6);
      const scroll = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth,
        y: document.documentElement.scrollHeight,
      }));
      expect(scroll).toEqual({ x: 1920, y: 1080 });
      await program({ action: 'clear' });
      await onAir(page).waitFor({ state: 'detached' });
    });
  }

  it('lower-third keeps the on-air band inside the title-safe area and scales its type, at 1080 and 2160 lines', async () => {
    await program({ action: 'take', postId: 'replay:3' });
    const sizes: number[] = [];
    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      pages.push(page);
      watch(page);
      await page.goto(`${t.url}/overlay/BuyerChat?layout=lower-third&motion=none&width=${width}&height=${height}`);
      const band = onAir(page).and(page.locator('[data-post-id="replay:3"]'));
      await band.waitFor();
      const box = (await band.boundingBox())!;
      // Title-safe: 5% of the frame on each side; the band sits in the lower third.
      expect(box.x).toBeGreaterThanOrEqual(width * 0.05 - 0.5);
      expect(box.x + box.width).toBeLessThanOrEqual(width * 0.95 + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(height * 0.95 + 0.5);
      expect(box.y).toBeGreaterThanOrEqual(height * (2 / 3) - 0.5);
      sizes.push(await band.evaluate((el) => parseFloat(getComputedStyle(el).fontSize)));
    }
    // The same page reads the same at 4K: type twice the size of 1080 lines'.
    expect(sizes[1]! / sizes[0]!).toBeCloseTo(2, 1);
    await program({ action: 'clear' });
  });

  it('answers 400 with a readable page for an unknown parameter or value, the input escaped', async () => {
    for (const query of ['layout=sideways', 'colour=red', 'theme=<b>x</b>']) {
      const res = await fetch(`${t.url}/overlay/BuyerChat?${query}`);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain('lower-third, ticker, spotlight, overlay');
      expect(text).not.toContain('<b>x</b>');
    }
    expect((await fetch(`${t.url}/overlay/nowhere`)).status).toBe(404);
  });

  it('the join panel shows the hashtag and a QR code that decodes to the compose link', async () => {
    const page = await open('/overlay/BuyerChat?layout=lower-third&join=on&motion=none&theme=light');
    const qr = page.locator('chat-wall [part="join-qr"]');
    await qr.waitFor();
    // The relay keeps wall tags in lower case; a wall titled like its tag keeps the host's spelling.
    await expect(page.locator('chat-wall [part="join"]').textContent()).resolves.toContain('#buyerchat');
    const png = PNG.sync.read(await qr.screenshot());
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe('https://x.com/intent/post?text=%23buyerchat');
  });

  it('ticker: no long task over 50 ms while 50 posts a second arrive', async () => {
    const page = await open('/overlay/BuyerChat?layout=ticker&ticker-speed=200');
    await page.locator('chat-wall .ticker-track [part~="post"]').first().waitFor();
    let n = 1000;
    /** 50 posts a second for `seconds`, 5 every 100 ms: the rate is what is tested, so this paces by the clock. */
    const arrive = async (seconds: number): Promise<void> => {
      for (let tick = 0; tick < seconds * 10; tick++) {
        for (let i = 0; i < 5; i++) t.source.push({ ...makePost(++n, `Crawl ${n} #BuyerChat`), tags: ['buyerchat'] });
        await t.relay.ingest.drain();
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // The first second warms the page up (code compiled on first use); the steady state is measured.
    await arrive(1);
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    await arrive(3);
    const items = await page.locator('chat-wall .ticker-track [part~="post"]').count();
    expect(items).toBeGreaterThan(3);
    const long = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(long.filter((d) => d > 50)).toEqual([]);
  });
});
