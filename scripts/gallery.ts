// Writes the widget README's gallery: one PNG per layout and theme, and the list in Arabic and
// Hebrew (right to left), each of a <chat-wall> on the running demo.
//   node --import tsx scripts/gallery.ts [name-filter]   (after `pnpm build`)
// Debian: fonts-inter, fonts-noto-core (Arabic, Hebrew), fonts-noto-cjk and fonts-noto-color-emoji
// give it the fonts most viewers have.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startDemo } from '../test/e2e/support/demo.js';
import { chromiumArgs, chromiumPath } from './chromium.js';

const dir = fileURLToPath(new URL('../packages/widget/docs/gallery/', import.meta.url));
const BROADCAST = new Set(['overlay', 'lower-third', 'ticker', 'spotlight']);
/** Venue screens: wide, with more posts. */
const VENUE = new Set(['grid', 'masonry']);

interface Shot {
  name: string;
  attributes: Record<string, string>;
}

const layouts = ['list', 'qa', 'grid', 'masonry', 'overlay', 'lower-third', 'ticker', 'spotlight'];
const shots: Shot[] = [
  ...layouts.flatMap((layout) =>
    ['light', 'dark'].map((theme) => ({ name: `${layout}-${theme}`, attributes: { layout, theme } })),
  ),
  { name: 'list-ar', attributes: { layout: 'list', theme: 'light', locale: 'ar' } },
  { name: 'list-he', attributes: { layout: 'list', theme: 'dark', locale: 'he' } },
  { name: 'lower-third-ar', attributes: { layout: 'lower-third', theme: 'dark', locale: 'ar' } },
].filter((s) => !process.argv[2] || s.name.includes(process.argv[2]));

/** Puts one <chat-wall> alone on the demo page, sized for its layout, and waits until it is drawn. */
async function show(page: Page, shot: Shot, url: string): Promise<void> {
  const broadcast = BROADCAST.has(shot.attributes.layout!);
  const venue = VENUE.has(shot.attributes.layout!);
  await page.evaluate(
    ({ attributes, server, broadcast, venue }) => {
      document.body.replaceChildren();
      document.body.style.cssText = `margin:0;padding:${broadcast ? 0 : 16}px;background:${
        broadcast
          ? 'linear-gradient(135deg,#2b3a55,#0f1724 60%,#3b2b44)'
          : attributes.theme === 'dark'
            ? '#0b0d12'
            : '#eef0f3'
      }`;
      const el = document.createElement('chat-wall');
      for (const [name, value] of Object.entries({
        tag: 'askGMP',
        server,
        motion: 'none',
        'max-posts': venue ? '6' : '4',
        ...attributes,
      })) {
        el.setAttribute(name, value);
      }
      el.style.cssText = broadcast
        ? 'display:block;width:768px;height:432px'
        : `display:block;width:${venue ? 960 : 520}px`;
      document.body.append(el);
    },
    { attributes: shot.attributes, server: url, broadcast, venue },
  );
  await page.locator('chat-wall [part="status"][data-state="live"], chat-wall [part~="on-air"]').first().waitFor();
  if (!broadcast || shot.attributes.layout === 'overlay')
    await page.locator('chat-wall [part~="post"]').nth(2).waitFor();
  if (shot.attributes.layout === 'ticker')
    await page.locator('chat-wall .ticker-track > span').nth(1).waitFor({ state: 'attached' });
  await page.evaluate(() => document.fonts.ready);
}

const demo = await startDemo(20);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  mkdirSync(dir, { recursive: true });
  // The lower third and spotlight draw the post on air: put the newest one there.
  const token = /sign in with the token (\S+)\)/.exec(demo.stdout())?.[1];
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, reducedMotion: 'reduce' });
  await page.goto(`${demo.url}/`);
  await page.locator('chat-wall [part~="post"]').nth(3).waitFor();
  const newest = await page.locator('chat-wall [part~="post"]').first().getAttribute('data-post-id');
  if (token && newest) {
    const res = await fetch(`${demo.url}/api/mod/walls/askGMP/program`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'take', postId: newest }),
    });
    if (!res.ok) throw new Error(`taking ${newest} on air: ${res.status} ${await res.text()}`);
  }
  for (const shot of shots) {
    await show(page, shot, demo.url);
    const path = `${dir}${shot.name}.png`;
    // Tall walls (the Q&A threads) are cut at 640 px: the README shows how they start.
    const box = (await page.locator('chat-wall').boundingBox())!;
    await page.screenshot({ path, clip: { ...box, height: Math.min(box.height, 640) } });
    process.stdout.write(`wrote ${path}\n`);
  }
} finally {
  await browser.close();
  await demo.stop();
}
