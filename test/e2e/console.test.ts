// End to end: the built moderator console in Debian's Chromium, on a real relay in this process.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../packages/server/src/http/app.js';
import { makePost, silent, type TestRelay } from '../../packages/server/test/support/util.js';
import { SHORTCUTS } from '../../packages/console/src/shortcuts.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';
import {
  consolePage,
  item,
  mintToken,
  problems,
  pushValve,
  signIn,
  startConsoleRelay,
  ui,
  viewerPage,
  watch,
} from './support/console.js';

let browser: Browser;
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

async function relay(): Promise<TestRelay> {
  const t = await startConsoleRelay();
  open.push(t);
  return t;
}

async function page(): Promise<Page> {
  const p = await browser.newPage();
  open.push(p);
  watch(p);
  return p;
}

async function feed(t: TestRelay, ...posts: ReturnType<typeof makePost>[]): Promise<void> {
  t.source.push(...posts);
  await t.relay.ingest.drain();
}

/** Reads the relay's state directly, to check what the console claims. */
const ANYONE = { id: 'test', name: 'test', walls: ['*'], expiresAt: '' };

const viewerPost = (p: Page, id: string) => p.locator(`chat-wall [part~="post"][data-post-id="${id}"]`);

describe('moderator console', () => {
  it('refuses a bad token with a visible error, keeps a good one only in this tab, and signs out', async () => {
    const t = await relay();
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    const p = await page();
    await p.goto(`${t.url}/console`);
    expect(p.url()).toBe(`${t.url}/console/`);

    await ui(p, '#token').fill('cwm_not-a-real-token');
    await ui(p, 'button[type="submit"]').click();
    await expect.poll(() => ui(p, '#token-error').textContent()).toMatch(/That token was refused/);
    expect(await ui(p, '#token').getAttribute('aria-invalid')).toBe('true');

    await ui(p, '#token').fill(token);
    await ui(p, '#token').press('Enter');
    // The token covers one wall: it opens at once.
    await ui(p, '[data-part="moderator-status"][data-state="live"]').waitFor();
    await ui(p, '[data-part="wall-status"][data-state="live"]').waitFor();
    expect(await ui(p, '.wall-tag').textContent()).toBe('#askgmp');
    const stored = await p.evaluate(() => ({
      session: Object.values(sessionStorage),
      local: Object.keys(localStorage).length,
    }));
    expect(stored).toEqual({ session: [token], local: 0 });
    expect(p.url()).not.toContain(token);

    // A reload keeps the session; signing out forgets the token.
    await p.reload();
    await ui(p, '[data-part="moderator-status"][data-state="live"]').waitFor();
    await ui(p, '[data-action="sign-out"]').click();
    await ui(p, '#token').waitFor();
    expect(await p.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('offers a wall picker when the token covers several walls', async () => {
    const t = await relay();
    const p = await consolePage(browser, t.url, await mintToken(t.url, 'bob', ['*']));
    open.push(p);
    const walls = await ui(p, '.picker button[data-tag]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-tag')),
    );
    expect(walls).toEqual(['askgmp', 'buyerchat']);
    await ui(p, '.picker button[data-tag="buyerchat"]').click();
    await ui(p, '[data-part="wall-status"][data-state="live"]').waitFor();
    expect(await ui(p, '.wall-tag').textContent()).toBe('#buyerchat');
  });

  it('shows held posts live with their reason; keyboard approve puts one on a viewer’s wall, remove takes it off', async () => {
    const t = await relay();
    const p = await consolePage(browser, t.url, await mintToken(t.url, 'alice', ['askgmp']));
    open.push(p);
    const viewer = await viewerPage(browser, t.url);
    open.push(viewer);

    await feed(t, makePost(1), makePost(2, 'Win a free giveaway #askGMP'));
    await item(p, 'replay:2').waitFor();
    expect(await item(p, 'replay:1').locator('.why').textContent()).toMatch(/mode\s*pre-moderation/);
    expect(await item(p, 'replay:2').locator('.why').getAttribute('data-filter')).toBe('blocklist');
    expect(await ui(p, '[data-part="queue-count"]').textContent()).toBe('2');

    // Oldest first and selected; j/k move the selection and the focus with it, a approves.
    expect(await item(p, 'replay:1').getAttribute('aria-current')).toBe('true');
    await p.keyboard.press('j');
    await expect.poll(() => item(p, 'replay:2').getAttribute('aria-current')).toBe('true');
    await p.keyboard.press('k');
    await expect.poll(() => item(p, 'replay:1').getAttribute('aria-current')).toBe('true');
    expect(
      await p.evaluate(() =>
        document.querySelector('chat-wall-console')!.shadowRoot!.activeElement?.getAttribute('data-post-id'),
      ),
    ).toBe('replay:1');
    await p.keyboard.press('a');
    await viewerPost(viewer, 'replay:1').waitFor();
    await item(p, 'replay:1').waitFor({ state: 'detached' });
    await expect.poll(() => ui(p, '[role="status"].notice').textContent()).toMatch(/Approved the post by @user1/);
    // The selection moved on to the next held post.
    expect(await item(p, 'replay:2').getAttribute('aria-current')).toBe('true');

    // Wall view: pin, highlight, then remove; each shows on the viewer's widget.
    await p.keyboard.press('2');
    await item(p, 'replay:1').waitFor();
    await p.keyboard.press('p');
    await viewer.locator('chat-wall [part~="post"][part~="pinned"][data-post-id="replay:1"]').waitFor();
    await p.keyboard.press('h');
    await viewer.locator('chat-wall [part~="post"][part~="highlighted"][data-post-id="replay:1"]').waitFor();
    await p.keyboard.press('x');
    await viewerPost(viewer, 'replay:1').waitFor({ state: 'detached' });
    await item(p, 'replay:1').waitFor({ state: 'detached' });
    expect((await t.relay.store.getPost('askgmp', 'replay:1'))?.status).toBe('removed');

    // Back in the queue: keys pressed in quick succession act on successive posts (the selection
    // moves on without waiting for the relay); Shift+a approves everything left.
    await feed(t, makePost(3), makePost(4));
    await p.keyboard.press('1');
    await item(p, 'replay:4').waitFor();
    await p.keyboard.press('r');
    await p.keyboard.press('a');
    await viewerPost(viewer, 'replay:3').waitFor();
    expect((await t.relay.store.getPost('askgmp', 'replay:2'))?.status).toBe('rejected');
    await item(p, 'replay:4').waitFor();
    await p.keyboard.press('Shift+A');
    await viewerPost(viewer, 'replay:4').waitFor();
    await ui(p, '[data-empty="queue"]').waitFor();
    await p.keyboard.press('?');
    const help = ui(p, 'dialog.help');
    await help.waitFor();
    expect(await help.locator('dt').count()).toBe(SHORTCUTS.length);
    expect(await help.textContent()).toContain('Ban the author');
    await p.keyboard.press('?');
    await help.waitFor({ state: 'detached' });
  });

  it('keeps two consoles in sync, and the later of two decisions on one post sees who won', async () => {
    const t = await relay();
    const [aliceToken, bobToken] = await Promise.all([
      mintToken(t.url, 'alice', ['askgmp']),
      mintToken(t.url, 'bob', ['askgmp']),
    ]);
    const alice = await consolePage(browser, t.url, aliceToken);
    open.push(alice);
    const bob = await page();
    const valve = await pushValve(bob);
    await signIn(bob, t.url, bobToken);

    await feed(t, makePost(1), makePost(2));
    await Promise.all([item(alice, 'replay:2').waitFor(), item(bob, 'replay:2').waitFor()]);

    // A decision in one console shows in the other.
    await alice.keyboard.press('a');
    await item(bob, 'replay:1').waitFor({ state: 'detached' });

    // Race: bob has not heard of alice's decision yet when he rejects the same post.
    valve.hold();
    await alice.keyboard.press('a');
    await item(alice, 'replay:2').waitFor({ state: 'detached' });
    expect(await item(bob, 'replay:2').getAttribute('aria-current')).toBe('true');
    await bob.keyboard.press('r');
    const notice = ui(bob, '[role="status"].notice');
    await expect.poll(() => notice.textContent()).toMatch(/already approved by alice at \d{4}-\d\d-\d\dT/);
    expect(await notice.getAttribute('aria-live')).toBe('polite');
    expect(await notice.getAttribute('data-kind')).toBe('error');
    // The queue shows the winner's decision at once, before the held-back pushes arrive.
    await item(bob, 'replay:2').waitFor({ state: 'detached' });
    valve.release();
    expect((await t.relay.store.getPost('askgmp', 'replay:2'))?.status).toBe('approved');
    expect(await ui(bob, '[data-part="queue-count"]').textContent()).toBe('0');
  });

  it('shows a dropped moderator connection, and catches up on what was held meanwhile', async () => {
    const t = await relay();
    const p = await page();
    const valve = await pushValve(p);
    await signIn(p, t.url, await mintToken(t.url, 'alice', ['askgmp']));
    await feed(t, makePost(1));
    await item(p, 'replay:1').waitFor();

    // The push about post 2 never arrives: the connection drops first.
    valve.hold();
    await feed(t, makePost(2));
    const seen: string[] = [];
    await p.exposeFunction('recordState', (state: string) => seen.push(state));
    await p.evaluate(() => {
      const status = document.querySelector('chat-wall-console')!.shadowRoot!;
      const record = () => {
        const el = status.querySelector('[data-part="moderator-status"]');
        void (window as unknown as { recordState(s: string): Promise<void> }).recordState(
          el?.getAttribute('data-state') ?? '',
        );
      };
      new MutationObserver(record).observe(status, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-state'],
      });
    });
    t.relay.io.of('/moderate').disconnectSockets(true);
    await item(p, 'replay:2').waitFor();
    valve.release();
    expect(seen).toContain('reconnecting');
    expect(seen.at(-1)).toBe('live');
    expect(await ui(p, '[data-part="queue-count"]').textContent()).toBe('2');
  });

  it('bans an author after a confirmation, taking their posts down; Escape cancels', async () => {
    const t = await relay();
    const p = await consolePage(browser, t.url, await mintToken(t.url, 'alice', ['askgmp']));
    open.push(p);
    const viewer = await viewerPage(browser, t.url);
    open.push(viewer);
    // Posts 1 and 8 share an author (user1).
    await feed(t, makePost(1), makePost(8));
    await item(p, 'replay:8').waitFor();
    await p.keyboard.press('a');
    await viewerPost(viewer, 'replay:1').waitFor();

    await p.keyboard.press('b');
    const dialog = ui(p, 'dialog.ban');
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe('Ban @user1?');
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(t.relay.moderation.settings(ANYONE, 'askgmp').filters.authors.block).toEqual([]);
    expect(await viewerPost(viewer, 'replay:1').count()).toBe(1);

    await p.keyboard.press('b');
    await dialog.waitFor();
    await p.keyboard.press('Enter');
    await viewerPost(viewer, 'replay:1').waitFor({ state: 'detached' });
    await expect
      .poll(() => ui(p, '[role="status"].notice').textContent())
      .toMatch(/Banned @user1\. 1 post taken down\./);
    // blockAction "reject": the held post by the same author leaves the queue too.
    await item(p, 'replay:8').waitFor({ state: 'detached' });
    expect(t.relay.moderation.settings(ANYONE, 'askgmp').filters.authors.block).toEqual(['replay:u1']);
  });

  it('marks a post answered and back with d, and restores a removed post with u', async () => {
    const t = await relay();
    const p = await consolePage(browser, t.url, await mintToken(t.url, 'alice', ['askgmp']));
    open.push(p);
    const viewer = await viewerPage(browser, t.url);
    open.push(viewer);
    // Post 3 is a repost: the reposts filter rejects it on arrival.
    await feed(t, makePost(1), makePost(2), { ...makePost(3), repost: true });
    await item(p, 'replay:2').waitFor();
    await p.keyboard.press('Shift+A');
    await viewerPost(viewer, 'replay:2').waitFor();

    // Wall view, newest first: d marks the selected post answered, d again takes the badge off.
    await p.keyboard.press('2');
    await item(p, 'replay:1').waitFor();
    await p.keyboard.press('k');
    await expect.poll(() => item(p, 'replay:2').getAttribute('aria-current')).toBe('true');
    expect(await ui(p, 'aside.keys').textContent()).toMatch(/d\s*Mark answered or not/);
    await p.keyboard.press('d');
    const badge = viewerPost(viewer, 'replay:2').locator('.mark.answered');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Answered');
    await expect
      .poll(() => item(p, 'replay:2').locator('[data-command="answer"]').textContent())
      .toMatch(/Not answered/);
    await p.keyboard.press('d');
    await badge.waitFor({ state: 'detached' });
    expect(await viewerPost(viewer, 'replay:1').locator('.mark.answered').count()).toBe(0);

    // p and h toggle too: the second press unpins and unhighlights.
    const marked = (part: string) =>
      viewer.locator(`chat-wall [part~="post"][part~="${part}"][data-post-id="replay:2"]`);
    // The keys toggle from what the console shows, so each second press waits for the console to
    // show the first one (its own wall connection may trail the viewer's under load).
    const button = (command: string) => item(p, 'replay:2').locator(`[data-command="${command}"]`).textContent();
    await p.keyboard.press('p');
    await marked('pinned').waitFor();
    await expect.poll(() => button('pin')).toMatch(/Unpin/);
    await p.keyboard.press('p');
    await marked('pinned').waitFor({ state: 'detached' });
    await expect.poll(() => button('pin')).toMatch(/^\s*Pin/);
    await p.keyboard.press('h');
    await marked('highlighted').waitFor();
    await expect.poll(() => button('highlight')).toMatch(/Unhighlight/);
    await p.keyboard.press('h');
    await marked('highlighted').waitFor({ state: 'detached' });
    expect(await item(p, 'replay:2').locator('[data-command="pin"]').textContent()).toMatch(/^\s*Pin/);

    // Removed, then listed with who took it down, above the repost the filter rejected earlier.
    await p.keyboard.press('x');
    await viewerPost(viewer, 'replay:2').waitFor({ state: 'detached' });
    await p.keyboard.press('3');
    await item(p, 'replay:3').waitFor();
    const listed = await ui(p, 'article[data-post-id]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-post-id')),
    );
    expect(listed).toEqual(['replay:2', 'replay:3']);
    expect(await item(p, 'replay:2').locator('.decision').textContent()).toMatch(/Removed\s+by\s+alice/);
    expect(await item(p, 'replay:3').locator('.decision').textContent()).toMatch(/Rejected\s+by\s+reposts/);
    expect(await ui(p, 'aside.keys').textContent()).toMatch(/u\s*Restore/);

    // u restores the selected (newest) one: it is back on the viewer's wall, and leaves this list.
    expect(await item(p, 'replay:2').getAttribute('aria-current')).toBe('true');
    await p.keyboard.press('u');
    await viewerPost(viewer, 'replay:2').waitFor();
    await item(p, 'replay:2').waitFor({ state: 'detached' });
    await expect.poll(() => ui(p, '[role="status"].notice').textContent()).toMatch(/Restored the post by @user2/);
    expect((await t.relay.store.getPost('askgmp', 'replay:2'))?.status).toBe('approved');
    // The selection moved on to the rejected repost; restoring it puts it on the wall too.
    expect(await item(p, 'replay:3').getAttribute('aria-current')).toBe('true');
    await item(p, 'replay:3').locator('[data-command="restore"]').click();
    await viewerPost(viewer, 'replay:3').waitFor();
    await ui(p, '[data-empty="removed"]').waitFor();
  });

  it('unbans from Settings as an action of its own, audited as unban', async () => {
    const t = await relay();
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    const banned = await fetch(`${t.url}/api/mod/walls/askgmp/bans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ author: 'replay:u1', reason: 'spam' }),
    });
    expect(banned.status).toBe(200);
    const p = await consolePage(browser, t.url, token);
    open.push(p);
    await p.keyboard.press('4');
    const row = ui(p, 'chat-wall-console-bans li[data-author="replay:u1"]');
    await row.waitFor();
    // The settings form no longer edits the block list, so saving it cannot undo a ban.
    expect(await ui(p, '#setting-filters-authors-block').count()).toBe(0);

    await row.locator('button[data-action="unban"]').click();
    await ui(p, 'chat-wall-console-bans [data-empty="bans"]').waitFor();
    expect(await ui(p, '[data-part="bans-status"]').textContent()).toMatch(/Unbanned replay:u1/);
    expect(t.relay.moderation.settings(ANYONE, 'askgmp').filters.authors.block).toEqual([]);

    // Banning by key from the same place; typing in the field fires no shortcut.
    await ui(p, '#ban-author').fill('@Promo_Bot');
    await ui(p, '#ban-author').press('Enter');
    await ui(p, 'chat-wall-console-bans li[data-author="@promo_bot"]').waitFor();
    expect(await ui(p, '[role="tab"][aria-selected="true"]').getAttribute('data-view')).toBe('settings');

    // The field keeps the focus, so the tab is clicked rather than keyed.
    await ui(p, '[role="tab"][data-view="audit"]').click();
    const rows = ui(p, 'table.audit tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const actions = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(['ban', 'unban', 'ban']);
    expect(await rows.nth(1).textContent()).toContain('replay:u1');
  });

  it('shows a settings error from the relay next to its field and changes nothing; shortcuts sleep while typing', async () => {
    const t = await relay();
    const p = await consolePage(browser, t.url, await mintToken(t.url, 'alice', ['askgmp']));
    open.push(p);
    const other = await consolePage(browser, t.url, await mintToken(t.url, 'bob', ['askgmp']));
    open.push(other);
    await other.keyboard.press('4');
    await expect.poll(() => ui(other, '#setting-filters-rateCap-max').inputValue()).toBe('5');
    const before = JSON.stringify(await t.relay.moderation.settings(ANYONE, 'askgmp'));

    await p.keyboard.press('4');
    const regex = ui(p, '#setting-filters-patterns-regex');
    await regex.fill('(unclosed');
    // Typing digits in a field does not switch views.
    const max = ui(p, '#setting-filters-rateCap-max');
    await max.fill('');
    await max.pressSequentially('12');
    expect(await ui(p, '[role="tab"][aria-selected="true"]').getAttribute('data-view')).toBe('settings');
    await ui(p, 'form.settings button[type="submit"]').click();

    const error = ui(p, '#setting-filters-patterns-regex-error');
    await expect.poll(() => error.textContent()).toMatch(/not a valid regular expression/);
    expect(await regex.getAttribute('aria-invalid')).toBe('true');
    expect(await regex.getAttribute('aria-describedby')).toContain('setting-filters-patterns-regex-error');
    expect(JSON.stringify(await t.relay.moderation.settings(ANYONE, 'askgmp'))).toBe(before);

    // Fixed, it saves.
    await regex.fill('free\\s+stuff');
    await ui(p, 'form.settings button[type="submit"]').click();
    await expect.poll(() => ui(p, '[data-part="settings-status"]').textContent()).toMatch(/Saved/);
    const after = t.relay.moderation.settings(ANYONE, 'askgmp');
    expect(after.filters.patterns.regex).toEqual(['free\\s+stuff']);
    expect(after.filters.rateCap.max).toBe(12);
    // The other moderator's untouched form follows.
    await expect.poll(() => ui(other, '#setting-filters-rateCap-max').inputValue()).toBe('12');
    expect(await ui(other, '#setting-filters-patterns-regex').inputValue()).toBe('free\\s+stuff');
  });

  it('shows the audit log newest first, live, with load more and exports', async () => {
    const t = await relay();
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    const p = await consolePage(browser, t.url, token);
    open.push(p);
    // 55 posts in one go, most in the same millisecond: the queue keeps the relay's arrival order.
    const posts = Array.from({ length: 55 }, (_, i) => makePost(i + 1));
    await feed(t, ...posts);
    await item(p, 'replay:55').waitFor();
    const queued = await ui(p, 'article[data-post-id]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-post-id')),
    );
    expect(queued).toEqual(posts.map((post) => post.id));
    await p.keyboard.press('Shift+A');
    await ui(p, '[data-empty="queue"]').waitFor();
    await expect.poll(() => ui(p, '[role="status"].notice').textContent()).toMatch(/Approved 55 posts\./);

    await p.keyboard.press('5');
    const rows = ui(p, 'table.audit tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    await ui(p, 'chat-wall-console-audit button:text("Load more")').click();
    await expect.poll(() => rows.count()).toBe(55);
    const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-entry-id'))));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    // A decision made elsewhere arrives live at the top.
    await feed(t, makePost(99));
    await fetch(`${t.url}/api/mod/walls/askgmp/posts/replay:99/reject`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"reason":"off topic"}',
    });
    await expect.poll(() => rows.first().getAttribute('data-action')).toBe('reject');
    expect(await rows.first().textContent()).toContain('off topic');

    const [download] = await Promise.all([p.waitForEvent('download'), ui(p, 'button[data-export="csv"]').click()]);
    expect(download.suggestedFilename()).toBe('audit-askgmp.csv');
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('"id","at","actor","action","postId","author","from","to","reason"');
    expect(csv).toContain('"alice","reject","replay:99"');
  });

  it('pages removed and rejected posts from the relay, newest decision first, with live decisions on top', async () => {
    const t = await relay();
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    const p = await page();
    // What the console asks the relay for: each page is one `list` request on the moderator socket.
    const lists: unknown[] = [];
    p.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const call = /^42\/moderate,\d*(\[.*\])$/s.exec(String(payload));
        const [name, request] = call ? (JSON.parse(call[1]!) as [string, unknown]) : [];
        if (name === 'list') lists.push(request);
      }),
    );
    await signIn(p, t.url, token);
    // 60 reposts the filter rejects on arrival (more than one page of 50), and one held post.
    const reposts = Array.from({ length: 60 }, (_, i) => ({ ...makePost(i + 1), repost: true }));
    await feed(t, ...reposts, makePost(100));
    await item(p, 'replay:100').waitFor();
    const listed = () =>
      ui(p, 'article[data-post-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-post-id')));
    const newestFirst = (from: number, to: number) =>
      Array.from({ length: from - to + 1 }, (_, i) => `replay:${from - i}`);

    await p.keyboard.press('3');
    await item(p, 'replay:60').waitFor();
    expect(await listed()).toEqual(newestFirst(60, 11));
    const pageOf = { tag: 'askgmp', status: ['removed', 'rejected'], order: 'decided', limit: 50 };
    expect(lists).toEqual([pageOf]);
    const more = ui(p, '[data-action="more-removed"]');
    expect(await more.textContent()).toMatch(/Show more/);

    // A decision by someone else arrives live and goes on top; the next page then follows on.
    const res = await fetch(`${t.url}/api/mod/walls/askgmp/posts/replay:100/reject`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await listed())[0]).toBe('replay:100');
    await more.click();
    await item(p, 'replay:1').waitFor();
    expect(await listed()).toEqual(['replay:100', ...newestFirst(60, 1)]);
    expect(lists).toEqual([pageOf, { ...pageOf, after: 'replay:11' }]);
    await expect.poll(() => ui(p, '.more .hint').textContent()).toMatch(/That is all \(61\)/);
    expect(await more.count()).toBe(0);
  });

  it('moves between view tabs with the arrow keys, Home and End (one tab stop)', async () => {
    const t = await relay();
    const p = await consolePage(browser, t.url, await mintToken(t.url, 'alice', ['askgmp']));
    open.push(p);
    const tab = (view: string) => ui(p, `[role="tab"][data-view="${view}"]`);
    const focused = () =>
      p.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.getAttribute('data-view') ?? el?.tagName.toLowerCase();
      });
    const tabStops = () =>
      ui(p, '[role="tab"]').evaluateAll((els) => els.filter((e) => e.getAttribute('tabindex') === '0').length);
    const views = await ui(p, '[role="tab"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));
    expect(views.slice(0, 5)).toEqual(['queue', 'wall', 'removed', 'settings', 'audit']);
    const last = views.length - 1;
    expect(await tabStops()).toBe(1);
    expect(await tab(views[0]!).getAttribute('tabindex')).toBe('0');

    await tab(views[0]!).focus();
    await p.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe(views[1]);
    expect(await tab(views[1]!).getAttribute('aria-selected')).toBe('true');
    expect(await tab(views[1]!).getAttribute('tabindex')).toBe('0');
    expect(await tab(views[0]!).getAttribute('tabindex')).toBe('-1');
    expect(await ui(p, '#panel').getAttribute('aria-labelledby')).toBe(`tab-${views[1]}`);
    await p.keyboard.press('End');
    await expect.poll(focused).toBe(views[last]);
    expect(await tab(views[last]!).getAttribute('aria-selected')).toBe('true');
    // Wraps around at both ends.
    await p.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe(views[0]);
    await p.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe(views[last]);
    await p.keyboard.press('Home');
    await expect.poll(focused).toBe(views[0]);
    expect(await tab(views[0]!).getAttribute('aria-selected')).toBe('true');
    // Opening the removed list by arrow leaves focus on its tab, even once the list has loaded.
    for (let i = 0; i < views.length - 2; i++) await p.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe(views[2]);
    await ui(p, '[data-empty="removed"]').waitFor();
    expect(await focused()).toBe(views[2]);
    expect(await tabStops()).toBe(1);
  });

  it('is served at /console with a strict CSP and cacheable assets, and says so when not built', async () => {
    const t = await relay();
    const redirect = await fetch(`${t.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await fetch(`${t.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const script = /src="\.\/(assets\/console-[\w-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${t.url}/console/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const { length } = gzipSync(Buffer.from(await asset.arrayBuffer()), { level: 9 });
    expect(length).toBeLessThan(60 * 1024);

    const bare = createApp({
      walls: t.relay.walls,
      store: t.relay.store,
      metrics: t.relay.metrics,
      logger: silent,
      sources: () => ({}),
      embedFile: undefined,
      consoleDir: undefined,
    });
    const server = bare.listen(0, '127.0.0.1');
    open.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const missing = await fetch(`http://127.0.0.1:${port}/console/`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/console is not built/);
  });
});
