// Writes docs/console.png, the moderation guide's picture of the console: a relay in this process
// with a pre-moderated #askGMP, a few held posts (one caught by a filter), the queue in Chromium.
//   node --import tsx scripts/console-screenshot.ts   (after `pnpm build`)
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makePost } from '../packages/server/test/support/util.js';
import { item, mintToken, signIn, startConsoleRelay } from '../test/e2e/support/console.js';
import { chromiumArgs, chromiumPath } from './chromium.js';

const out = fileURLToPath(new URL('../docs/console.png', import.meta.url));

const people = [
  { id: 'p1', handle: 'mira_builds', name: 'Mira Okafor' },
  { id: 'p2', handle: 'devon.k', name: 'Devon Kim' },
  { id: 'p3', handle: 'promo_bot_77', name: 'Deals Deals' },
  { id: 'p4', handle: 'lena_ships', name: 'Lena Hofmann' },
];
const texts = [
  'How did you price your first paid plan, and what would you change now? #askGMP',
  'What was the hardest hire you made before product-market fit? @gmp_host #askGMP',
  'Crypto giveaway!! Click the link to claim your prize #askGMP https://example.org/win',
  'Did shipping weekly ever hurt quality? How do you keep the bar up? #askGMP',
];

const t = await startConsoleRelay();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const token = await mintToken(t.url, 'alice', ['askgmp']);
  t.source.push(
    ...texts.map((text, i) => ({ ...makePost(i + 1, text), author: { ...people[i]!, verified: i === 0 } })),
  );
  await t.relay.ingest.drain();
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
  await signIn(page, t.url, token);
  await item(page, 'replay:4').waitFor();
  await page.keyboard.press('j');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await t.close();
}
