// End to end: the console's Sources view (X with its read budget and what each use read, and the
// audience questions' switch in the Questions view) in Debian's Chromium, on a real relay reading
// the fake X through the real twitter-api-v2 client; axe-core checks both views.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../packages/server/src/config.js';
import { Relay } from '../../packages/server/src/relay.js';
import { FakeXApi } from '../../packages/server/test/fake-x/fake-x-server.js';
import { xTweet } from '../../packages/server/test/fake-x/x-posts.js';
import { silent } from '../../packages/server/test/support/util.js';
import { ADMIN, consolePage, consoleViolations as violations, mintToken, ui, useBrowser } from './support/console.js';

const { browser, keep } = useBrowser();

/** #askGMP from X and the audience, on a relay reading the fake X. */
async function relayOnFakeX(): Promise<{ relay: Relay; url: string; api: FakeXApi }> {
  const api = keep(await FakeXApi.start());
  const relay = await Relay.create({
    config: parseConfig({
      walls: [{ tag: 'askGMP', sources: ['x', 'native'], moderation: 'auto' }],
      x: { backfill: { enabled: false }, dailyReadBudget: 500 },
    }),
    logger: silent,
    adminToken: ADMIN,
    x: { bearerToken: api.token, baseUrl: api.url },
  });
  keep(relay);
  const url = await relay.listen(0, '127.0.0.1');
  return { relay, url, api };
}

const source = (p: Page, name: string) => ui(p, `chat-wall-console-sources li[data-source="${name}"]`);

describe('console: sources and the questions switch', () => {
  it('shows each source of the wall with its state and X’s reads by use, and passes axe', async () => {
    const { url, api } = await relayOnFakeX();
    api.send(xTweet('1850000000000000001', 'First question #askGMP'));
    api.send(xTweet('1850000000000000002', 'Second question #askGMP'));
    const p = keep(await consolePage(browser(), url, await mintToken(url, 'alice', ['askgmp'])));
    await ui(p, '[data-part="wall-status"][data-state="live"]').waitFor();
    await p.keyboard.press('9');
    await expect.poll(() => source(p, 'x').getAttribute('data-state')).toBe('running');
    await expect.poll(() => source(p, 'x').locator('dl[data-part="budget"]').textContent()).toMatch(/2 of 500/);
    expect(await source(p, 'x').locator('[data-part="recheck-reads"]').textContent()).toBe('0');
    expect(await source(p, 'native').locator('h3').textContent()).toMatch(/Audience questions\s*Running/);
    expect(await violations(p)).toEqual([]);
    // `CHAT_WALL_SHOTS=<folder>` keeps a picture of the view, to look at.
    const shots = process.env.CHAT_WALL_SHOTS;
    if (shots) await p.screenshot({ path: path.join(shots, 'console-sources.png'), fullPage: true });
  });

  it('closes and reopens audience questions from the Questions view; screens see it', async () => {
    const { relay, url } = await relayOnFakeX();
    const p = keep(await consolePage(browser(), url, await mintToken(url, 'alice', ['askgmp'])));
    await ui(p, '[data-part="wall-status"][data-state="live"]').waitFor();
    await p.keyboard.press('6');
    const box = ui(p, 'chat-wall-console-submissions [data-part="submissions"]');
    await expect.poll(() => box.textContent()).toMatch(/Audience questions:\s*open/);
    await box.getByRole('button', { name: 'Close questions' }).click();
    await expect.poll(() => relay.walls.get('askgmp')!.log.snapshot.wall.submissions).toEqual({ open: false });
    await expect.poll(() => box.textContent()).toMatch(/Audience questions:\s*closed/);
    await expect.poll(() => ui(p, '.notice').textContent()).toMatch(/Audience questions are closed\./);
    expect(await violations(p)).toEqual([]);
    const shots = process.env.CHAT_WALL_SHOTS;
    if (shots) await p.screenshot({ path: path.join(shots, 'console-questions-closed.png'), fullPage: true });
    await box.getByRole('button', { name: 'Open questions' }).click();
    await expect.poll(() => relay.walls.get('askgmp')!.log.snapshot.wall.submissions).toEqual({ open: true });
  });

  it('offers no switch to a producer-only token', async () => {
    const { url } = await relayOnFakeX();
    const p = keep(await consolePage(browser(), url, await mintToken(url, 'desk', ['askgmp'], ['produce'])));
    await ui(p, '[data-part="wall-status"][data-state="live"]').waitFor();
    await p.keyboard.press('6');
    const box = ui(p, 'chat-wall-console-submissions [data-part="submissions"]');
    await expect.poll(() => box.textContent()).toMatch(/Audience questions:\s*open/);
    expect(await box.getByRole('button').count()).toBe(0);
  });
});
