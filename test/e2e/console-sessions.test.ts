// End to end: the console's Questions and Sessions views in Debian's Chromium, on a real relay with
// hosts and a live session, driven from the keyboard; axe-core checks both views.
import { connectModerator, PostAction } from '@chat-wall/sdk';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePost, startRelay, type TestRelay } from '../../packages/server/test/support/util.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';
import { ADMIN, consolePage, consoleViolations as violations, mintToken, problems, ui } from './support/console.js';

let browser: Browser;
const open: { close(): unknown }[] = [];

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

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();

/** #askGMP with a host, question detection and a session that started ten minutes ago. */
async function relay(): Promise<TestRelay> {
  const now = Date.now();
  const t = await startRelay(
    {
      walls: [
        {
          tag: 'askGMP',
          sources: ['replay'],
          moderation: 'post',
          hosts: ['gmp_host'],
          sessions: [{ title: 'Ask GMP live', start: iso(now - 10 * MINUTE), end: iso(now + 50 * MINUTE) }],
          filters: { rateCap: { enabled: false }, duplicates: { enabled: false } },
        },
      ],
      replay: { file: 'fed-by-the-test.jsonl' },
    },
    { adminToken: ADMIN },
  );
  open.push(t);
  return t;
}

/** Posts made `minutesAgo` minutes ago, in the session. */
async function feed(t: TestRelay, ...posts: [n: number, text: string, minutesAgo: number][]): Promise<void> {
  t.source.push(
    ...posts.map(([n, text, ago]) => ({ ...makePost(n, text), createdAt: iso(Date.now() - ago * MINUTE) })),
  );
  await t.relay.ingest.drain();
}

async function page(url: string, token: string): Promise<Page> {
  const p = await consolePage(browser, url, token);
  open.push(p);
  await ui(p, '[data-part="wall-status"][data-state="live"]').waitFor();
  return p;
}

/** The wall's sessions as the relay's log has them. */
const sessionsOf = (t: TestRelay) => t.relay.walls.get('askgmp')!.log.snapshot.wall.sessions;

const question = (p: Page, id: string) => ui(p, `chat-wall-console-questions article[data-post-id="${id}"]`);
const questionIds = (p: Page) =>
  ui(p, 'chat-wall-console-questions article[data-post-id]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-post-id')),
  );
const notice = (p: Page) => ui(p, '.notice');

describe('console: questions and sessions', () => {
  it('triages audience questions from the keyboard: assign, answer, and a conflict in the live region', async () => {
    const t = await relay();
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    await feed(
      t,
      [1, 'Is the station open on Sundays? #askGMP', 5],
      [2, 'How do I report a noisy party? #askGMP', 3],
      [3, 'Great session so far #askGMP', 2],
    );
    const p = await page(t.url, token);
    await p.keyboard.press('6');
    await question(p, 'replay:2').waitFor();
    // Unanswered, oldest first; a post that asks nothing is not a question.
    expect(await questionIds(p)).toEqual(['replay:1', 'replay:2']);
    expect(await ui(p, 'aside.keys').textContent()).toMatch(/a\s*Assign to a host or expert/);
    expect(await ui(p, '[data-part="open-questions"]').textContent()).toBe('2 unanswered');

    // a: the assignee field of the selected question; Enter assigns.
    await expect.poll(() => question(p, 'replay:1').getAttribute('aria-current')).toBe('true');
    await p.keyboard.press('a');
    const field = question(p, 'replay:1').locator('input[name="assignee"]');
    await expect
      .poll(() => field.evaluate((el) => el === (el.getRootNode() as Document | ShadowRoot).activeElement))
      .toBe(true);
    await p.keyboard.type('Inspector Shah');
    await p.keyboard.press('Enter');
    await expect.poll(() => question(p, 'replay:1').locator('.assignee').textContent()).toBe('Inspector Shah');
    await expect.poll(() => notice(p).textContent()).toMatch(/Assigned the question by @user1 to Inspector Shah/);

    // d: answered, so it goes below the unanswered one.
    await expect.poll(() => question(p, 'replay:1').getAttribute('aria-current')).toBe('true');
    await p.keyboard.press('d');
    await expect.poll(() => questionIds(p)).toEqual(['replay:2', 'replay:1']);
    expect(await question(p, 'replay:1').getAttribute('data-state')).toBe('answered');
    expect(await ui(p, '[data-part="open-questions"]').textContent()).toBe('1 unanswered');

    // Another moderator takes question 2 off the wall; dismissing it now is refused, and says why.
    const other = connectModerator({ server: t.url, token: await mintToken(t.url, 'bob', ['askgmp']) });
    open.push(other);
    await other.join('askgmp');
    await other.act({ tag: 'askgmp', postId: 'replay:2', action: PostAction.Remove });
    await question(p, 'replay:2').click();
    await p.keyboard.press('x');
    await expect.poll(() => notice(p).getAttribute('data-kind')).toBe('error');
    expect(await notice(p).textContent()).toMatch(/removed/);
    expect(await notice(p).getAttribute('aria-live')).toBe('polite');

    expect(await violations(p)).toEqual([]);
  });

  it('lists sessions with the live one selected and its insights; + extends it, Shift+E ends it', async () => {
    const t = await relay();
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    await feed(t, [1, 'Q1: What worries you most? #askGMP', 6], [2, 'Is there parking? #askGMP', 4]);
    const p = await page(t.url, token);
    await p.keyboard.press('7');
    const live = ui(p, 'article.session[data-phase="live"]');
    await live.waitFor();
    expect(await live.locator('.session-title').textContent()).toBe('Ask GMP live');
    expect(await live.getAttribute('aria-current')).toBe('true');

    // Insights of the selected session: figures, and the chart with its text alternative.
    const insights = ui(p, 'chat-wall-console-insights');
    await insights.locator('[data-figure="posts"] dd').waitFor();
    expect(await insights.locator('[data-figure="posts"] dd').textContent()).toBe('2');
    expect(await insights.locator('[data-figure="participants"] dd').textContent()).toBe('2');
    expect(await insights.locator('svg[role="img"] desc').textContent()).toMatch(/^2 posts over \d+ minutes/);
    // Reads and estimated spend of the session's X window (this wall reads no X: nothing spent).
    expect(await insights.locator('[data-figure="reads"] dt').textContent()).toBe('X posts read');
    expect(await insights.locator('[data-figure="reads"] dd').textContent()).toBe('0');
    expect(await insights.locator('[data-figure="spend"] dd').textContent()).toBe('$0.00');

    // e edits it: a live session's start is fixed (disabled), its title and end are not; times left
    // as shown keep their stored seconds.
    const stored = sessionsOf(t)[0]!;
    await p.keyboard.press('e');
    const edit = ui(p, 'form[data-form="edit"]');
    await edit.waitFor();
    expect(await edit.locator('#session-start').isDisabled()).toBe(true);
    await edit.locator('#session-title').fill('Ask GMP live: roads');
    await edit.locator('button[type="submit"]').click();
    await expect.poll(() => sessionsOf(t)[0]!.title).toBe('Ask GMP live: roads');
    expect(sessionsOf(t)[0]).toMatchObject({ start: stored.start, end: stored.end });

    // + extends the live one by 15 minutes; Shift+E ends it now.
    const endBefore = Date.parse(sessionsOf(t)[0]!.end);
    await p.keyboard.press('+');
    await expect.poll(() => notice(p).textContent()).toMatch(/now ends at/);
    expect(Date.parse(sessionsOf(t)[0]!.end) - endBefore).toBe(15 * MINUTE);
    await p.keyboard.press('Shift+E');
    await ui(p, 'article.session[data-phase="ended"]').waitFor();
    expect(Date.parse(sessionsOf(t)[0]!.end)).toBeLessThanOrEqual(Date.now());

    expect(await violations(p)).toEqual([]);
  });

  it('schedules a session from the keyboard, with the relay’s field error next to the field first', async () => {
    const t = await relay();
    const p = await page(t.url, await mintToken(t.url, 'alice', ['askgmp']));
    await p.keyboard.press('7');
    await ui(p, 'article.session[data-phase="live"]').waitFor();
    // n: a new session; an end before its start is refused and named.
    await p.keyboard.press('n');
    const form = ui(p, 'form[data-form="new"]');
    await expect
      .poll(() =>
        form
          .locator('#session-title')
          .evaluate((el) => el === (el.getRootNode() as Document | ShadowRoot).activeElement),
      )
      .toBe(true);
    await p.keyboard.type('Office hours, December');
    const local = (t: number) => {
      const d = new Date(t);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    const start = Date.now() + 2 * 24 * 60 * MINUTE;
    await form.locator('#session-start').fill(local(start));
    await form.locator('#session-end').fill(local(start - 60 * MINUTE));
    await form.locator('button[type="submit"]').click();
    const endError = form.locator('#session-end-error');
    await endError.waitFor();
    expect(await endError.textContent()).toMatch(/end/i);
    expect(await form.locator('#session-end').getAttribute('aria-invalid')).toBe('true');
    expect(await notice(p).getAttribute('data-kind')).toBe('error');
    expect(sessionsOf(t)).toHaveLength(1);

    await form.locator('#session-end').fill(local(start + 60 * MINUTE));
    await form.locator('button[type="submit"]').click();
    await ui(p, 'article.session[data-phase="before"]').waitFor();
    expect(await notice(p).textContent()).toMatch(/Scheduled “Office hours, December”/);

    expect(await violations(p)).toEqual([]);
  });
});
