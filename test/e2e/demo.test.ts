// End to end: the built CLI's demo, the built embed bundle, Debian's Chromium.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';
import { startDemo, type Demo } from './support/demo.js';

let demo: Demo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemo(20),
    chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs }),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), demo?.stop()]);
});

/** `data-post-id`s rendered in the widget's shadow root (Playwright's CSS pierces open shadow roots). */
async function renderedIds(page: Page): Promise<string[]> {
  return page
    .locator('chat-wall [part~="post"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-post-id') ?? ''));
}

describe('chat-wall demo', () => {
  it('serves the embed page at / with a wall that fills up and receives new posts live', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) problems.push(msg.text());
    });
    try {
      const response = await page.goto(`${demo.url}/`);
      expect(response?.status()).toBe(200);
      await page.locator('chat-wall [part="status"][data-state="live"]').waitFor();
      await page.locator('chat-wall [part~="post"]').first().waitFor();
      const before = await renderedIds(page);
      expect(before.length).toBeGreaterThan(0);
      expect(new Set(before).size).toBe(before.length);

      // The next post the widget announces must be one it did not have, and must be drawn.
      const next = await page.evaluate(
        (known) =>
          new Promise<string>((resolve) => {
            const wall = document.querySelector('chat-wall')!;
            const onPost = (event: Event) => {
              const id = (event as Event & { post: { id: string } }).post.id;
              if (known.includes(id)) return;
              wall.removeEventListener('chat-wall-post', onPost);
              resolve(id);
            };
            wall.addEventListener('chat-wall-post', onPost);
          }),
        before,
      );
      await page.locator(`chat-wall [part~="post"][data-post-id="${next}"]`).waitFor();
      expect(before).not.toContain(next);
      // Newest first: above every post the page had. (Posts that arrived since may sit above it.)
      const after = await renderedIds(page);
      expect(after.indexOf(next)).toBeLessThan(after.indexOf(before[0]!));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('runs #askGMP as a live session: Q&A threads at once, a recap, and a second wall counting down', async () => {
    const page = await browser.newPage();
    try {
      // The qa layout: Q1 with answers threaded beneath it, from the backlog the demo starts with.
      await page.goto(`${demo.url}/examples/qa/`);
      await page.locator('chat-wall [part~="session"][data-phase="live"]').waitFor();
      const q1 = page.locator('chat-wall li.question-thread[data-question="1"]');
      await q1.locator('[part~="post"]').nth(1).waitFor();
      expect(await q1.locator('[part~="post"]').first().textContent()).toContain('Q1:');

      // The printed recap link answers the live session's threads, grouped by question.
      const recapPath = /recap of the live session: (\S+)/.exec(demo.stdout())?.[1];
      expect(recapPath).toMatch(/^\/api\/walls\/askgmp\/export\?format=md&session=s-\d{8}T\d{4}Z$/);
      const json = (await (await fetch(`${demo.url}${recapPath!.replace('format=md', 'format=json')}`)).json()) as {
        questions: { number: number; post: { host?: boolean }; answers: unknown[] }[];
      };
      expect(json.questions[0]).toMatchObject({ number: 1, post: { host: true } });
      expect(json.questions[0]!.answers.length).toBeGreaterThan(0);
      expect(await (await fetch(`${demo.url}${recapPath!}`)).text()).toMatch(/^## Q1: /m);

      // The second wall's session starts minutes later: its screen counts down, with no posts.
      await page.goto(`${demo.url}/examples/countdown/`);
      const panel = page.locator('chat-wall[tag="askGMPscams"] [part~="session"][data-phase="before"]');
      await panel.waitFor();
      expect(await panel.locator('[part~="countdown"]').textContent()).toMatch(/\d+:\d\d/);
      expect(await page.locator('chat-wall [part~="post"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('serves the overlay and custom examples', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${demo.url}/examples/overlay/`);
      await page.locator('chat-wall[layout="overlay"] [part~="post"]').first().waitFor();
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgba(0, 0, 0, 0)');

      await page.goto(`${demo.url}/examples/custom/`);
      await page.locator('#status', { hasText: 'Live' }).waitFor();
      await page.locator('#people li').first().waitFor();
      expect(await page.locator('#latest cite').textContent()).toMatch(/@\w+/);
    } finally {
      await page.close();
    }
  });

  it('serves the pinned embed entry as a self-contained module under 40 KB gzipped, and an alias of it', async () => {
    const manifest = (await (await fetch(`${demo.url}/embed/manifest.json`)).json()) as { url: string };
    const res = await fetch(manifest.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = Buffer.from(await res.arrayBuffer());
    // Bare imports (`from "lit"`) would not load in a browser without a bundler.
    expect(code.toString()).not.toMatch(/(?:^|[;}\s])import\s*(?:[\w{}*\s,]+from\s*)?["'][^./]/);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(40 * 1024);
    // The always-latest URL re-exports that entry, so both share one module instance.
    const latest = await (await fetch(`${demo.url}/embed/chat-wall.js`)).text();
    expect(latest).toContain(`./${new URL(manifest.url).pathname.split('/').pop()}`);
  });

  it('loads the pinned embed with integrity and crossorigin from a page on another origin', async () => {
    const manifest = (await (await fetch(`${demo.url}/embed/manifest.json`)).json()) as {
      url: string;
      integrity: string;
    };
    // Another origin: a second server on another port serves the site's pages.
    const pages: Record<string, string> = {
      '/site/': `<script type="module" src="${manifest.url}" integrity="${manifest.integrity}" crossorigin></script><chat-wall tag="askGMP" server="${demo.url}"></chat-wall>`,
      // A wrong hash must stop the script: that is what pinning buys.
      '/tampered/': `<script type="module" src="${manifest.url}" integrity="sha384-${'A'.repeat(64)}" crossorigin></script>`,
    };
    const site = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(pages[req.url!]));
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    const other = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (msg) => {
      // Avatars point at the networks' CDNs, which this machine may not reach.
      if (msg.type() === 'error' && !/ERR_NAME_NOT_RESOLVED|ERR_CONNECTION/.test(msg.text())) problems.push(msg.text());
    });
    try {
      await page.goto(`${other}/site/`);
      await page.locator('chat-wall [part~="post"]').first().waitFor();
      expect(problems).toEqual([]);

      const blocked = page.waitForEvent('console', (msg) => /integrity/i.test(msg.text()));
      await page.goto(`${other}/tampered/`);
      await blocked;
      expect(await page.evaluate(() => customElements.get('chat-wall') === undefined)).toBe(true);
    } finally {
      await page.close();
      site.close();
    }
  });
});
