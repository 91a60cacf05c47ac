// Writes docs/screenshot.png, the README's picture of the demo: starts the built demo, waits for
// a well-filled wall in Chromium, and captures the embed page.
//   node --import tsx scripts/screenshot.ts   (after `pnpm build`)
// Debian: fonts-inter and fonts-noto-color-emoji give it the fonts most viewers have.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../test/e2e/support/demo.js';
import { chromiumArgs, chromiumPath } from './chromium.js';

const out = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
const POSTS = 6;

const demo = await startDemo(20);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 760 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce', // no card caught half-way through its enter animation
  });
  await page.goto(`${demo.url}/`);
  await page.locator('chat-wall [part="status"][data-state="live"]').waitFor();
  await page
    .locator('chat-wall [part~="post"]')
    .nth(POSTS - 1)
    .waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await demo.stop();
}
