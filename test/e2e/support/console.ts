// Helpers for driving the moderator console in Chromium against a real in-process relay.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.js';
import { startRelay, type TestRelay } from '../../../packages/server/test/support/util.js';

export const ADMIN = 'admin-token-for-console-tests-0123456789';
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** A pre-moderated #askGMP (the examples' embed page at `/` shows it) and a second wall. */
export const CONFIG = {
  walls: [
    {
      tag: 'askGMP',
      sources: ['replay'],
      moderation: 'pre',
      filters: {
        rateCap: { enabled: false },
        duplicates: { enabled: false },
        blocklist: { words: ['giveaway'], action: 'hold' },
      },
    },
    { tag: 'BuyerChat', title: 'Buyer chat', sources: ['replay'], moderation: 'auto' },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

/** A relay on 127.0.0.1, port 0, with an admin token and the examples folder as its pages. */
export function startConsoleRelay(): Promise<TestRelay> {
  return startRelay(CONFIG, { adminToken: ADMIN, staticDir: examples });
}

/** Mints a moderator token through the REST API, as an admin would. */
export async function mintToken(
  url: string,
  name: string,
  walls: string[],
  roles?: ('moderate' | 'produce')[],
): Promise<string> {
  const res = await fetch(`${url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, walls, ...(roles ? { roles } : {}) }),
  });
  if (res.status !== 201) throw new Error(`minting failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Every view of the console, in tab order, as a moderator with every role sees them. */
export const ALL_VIEWS = [
  'queue',
  'wall',
  'removed',
  'settings',
  'audit',
  'questions',
  'sessions',
  'program',
  'sources',
] as const;

/** The console element; Playwright's CSS pierces its open shadow roots. */
export const ui = (page: Page, selector: string): Locator => page.locator(`chat-wall-console ${selector}`);

/** A held post in the queue, or a post in the wall view. */
export const item = (page: Page, id: string): Locator => ui(page, `article[data-post-id="${id}"]`);

/** Opens the console and signs in; resolves once the moderator socket is connected. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/console`);
  await ui(page, '#token').fill(token);
  await ui(page, '#token').press('Enter');
  await ui(page, '[data-part="moderator-status"][data-state="live"]').waitFor();
}

/** A page whose console was signed in, for tests that need a console page on a wall. */
export async function consolePage(browser: Browser, url: string, token: string): Promise<Page> {
  const page = await browser.newPage();
  watch(page);
  await signIn(page, url, token);
  return page;
}

/** The embed page (`/`) with its live `<chat-wall tag="askGMP">`. */
export async function viewerPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  watch(page);
  await page.goto(`${url}/`);
  await page.locator('chat-wall [part="status"][data-state="live"]').waitFor();
  return page;
}

/** Page errors and CSP violations (the relay sends `script-src 'self'`) seen so far; tests expect none. */
export const problems: string[] = [];

export function watch(page: Page): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
}

/**
 * Holds back the relay's moderator pushes (`mod:queue`, `mod:audit`, `mod:program`) to a page while `held` is on,
 * as a slow network would: requests and their answers still pass. This opens the window in which
 * two moderators decide the same post, deterministically. Install before the page navigates.
 */
export async function pushValve(page: Page): Promise<{ hold(): void; release(): void }> {
  let holding = false;
  const queued: (() => void)[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    let open = true;
    ws.onClose(() => (open = false));
    server.onClose(() => (open = false));
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const push = typeof message === 'string' && /^42\/moderate,\["mod:(queue|audit|program)"/.test(message);
      // Pushes held for a connection that has since closed are lost, as on a real network.
      if (holding && push) queued.push(() => open && ws.send(message));
      else ws.send(message);
    });
  });
  return {
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const send of queued.splice(0)) send();
    },
  };
}

/**
 * One Chromium for the test file: `keep` what a test opens (relays, pages) and it is closed after
 * that test, which then checks no page saw an error or a CSP violation.
 */
export function useBrowser(): { browser(): Browser; keep<T extends { close(): Promise<unknown> }>(thing: T): T } {
  let browser: Browser | undefined;
  const open: { close(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
    expect(problems.splice(0)).toEqual([]);
  });
  return {
    browser: () => browser!,
    keep: (thing) => {
      open.push(thing);
      return thing;
    },
  };
}

const axeSource = readFile(
  createRequire(new URL('../../../packages/widget/package.json', import.meta.url)).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's violations in the console (shadow roots included), one line per node. */
export async function consoleViolations(p: Page): Promise<string[]> {
  await p.evaluate(await axeSource);
  return p.evaluate(async () => {
    type Results = { violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Element): Promise<Results> } }).axe;
    const results = await axe.run(document.querySelector('chat-wall-console')!);
    return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary}`));
  });
}
