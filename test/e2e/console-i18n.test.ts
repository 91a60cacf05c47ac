// End to end: the built console's languages in Debian's Chromium against a real relay. Arabic from
// the address (`?locale=ar`), Hebrew from the language picker (remembered across a reload),
// Japanese from the browser's languages: the words, the direction, the arrow keys along the tabs
// (mirrored right to left) and, in Arabic, axe-core.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makePost, type TestRelay } from '../../packages/server/test/support/util.js';
import {
  ALL_VIEWS,
  consoleViolations,
  item,
  mintToken,
  startConsoleRelay,
  ui,
  useBrowser,
  watch,
} from './support/console.js';

const { browser, keep } = useBrowser();

/** A relay with two held posts on #askGMP and a token for that wall only (it opens at sign-in). */
async function relay(): Promise<{ t: TestRelay; token: string }> {
  const t = keep(await startConsoleRelay());
  const token = await mintToken(t.url, 'alice', ['askgmp']);
  t.source.push(makePost(1, 'Where do I start? #askGMP'), makePost(2, 'Free giveaway #askGMP'));
  await t.relay.ingest.drain();
  return { t, token };
}

async function open(url: string, token: string, options: { locale?: string; query?: string } = {}): Promise<Page> {
  const p = keep(await browser().newPage(options.locale ? { locale: options.locale } : {}));
  watch(p);
  await p.goto(`${url}/console/${options.query ?? ''}`);
  await ui(p, '#token').fill(token);
  await ui(p, '#token').press('Enter');
  await item(p, 'replay:2').waitFor();
  return p;
}

/** The console element's direction and language, and the document's. */
const direction = (p: Page) =>
  p.evaluate(() => {
    const el = document.querySelector('chat-wall-console')!;
    const root = document.documentElement;
    return { dir: el.getAttribute('dir'), lang: el.getAttribute('lang'), page: `${root.dir} ${root.lang}` };
  });

/** The tab that is selected and focused after pressing `key` on the focused tab. */
async function arrow(p: Page, key: 'ArrowLeft' | 'ArrowRight'): Promise<string | null> {
  await p.keyboard.press(key);
  const selected = await ui(p, '[role="tab"][aria-selected="true"]').getAttribute('data-view');
  const focused = await p.evaluate(
    () => document.querySelector('chat-wall-console')!.shadowRoot!.activeElement?.getAttribute('data-view') ?? null,
  );
  expect(focused).toBe(selected);
  return selected;
}

describe('console languages and right to left', () => {
  it('speaks Arabic from ?locale=ar: right to left, Arabic words and outcomes, mirrored arrows, no axe violations', async () => {
    const { t, token } = await relay();
    const p = await open(t.url, token, { query: '?locale=ar' });
    expect(await direction(p)).toEqual({ dir: 'rtl', lang: 'ar', page: 'rtl ar' });
    expect(await ui(p, '#tab-queue').textContent()).toContain('قائمة الانتظار');
    expect(await ui(p, '#panel h2').first().textContent()).toBe('المنشورات المعلّقة');
    expect(await ui(p, 'aside.keys').textContent()).toContain('المنشور التالي');
    expect(await ui(p, '[data-part="language"]').inputValue()).toBe('ar');

    // Right to left, the next tab is to the left.
    await ui(p, '#tab-queue').focus();
    expect(await arrow(p, 'ArrowLeft')).toBe('wall');
    expect(await arrow(p, 'ArrowLeft')).toBe('removed');
    expect(await arrow(p, 'ArrowRight')).toBe('wall');
    expect(await arrow(p, 'ArrowRight')).toBe('queue');

    // A decision's outcome in the live region, in Arabic (the relay's own words stay as they are).
    await item(p, 'replay:1').focus();
    await p.keyboard.press('a');
    await expect.poll(() => ui(p, '.notice').textContent()).toContain('تمت الموافقة على منشور @user1.');

    for (const view of ALL_VIEWS) {
      await ui(p, `#tab-${view}`).click();
      expect(await ui(p, `#tab-${view}`).getAttribute('aria-selected')).toBe('true');
      expect(await consoleViolations(p), view).toEqual([]);
    }
  });

  it('switches to Hebrew from the picker, remembers it across a reload, and follows the browser again on "auto"', async () => {
    const { t, token } = await relay();
    const p = await open(t.url, token, { query: '?locale=ar', locale: 'en-GB' });
    await ui(p, '[data-part="language"]').selectOption('he');
    await expect.poll(() => ui(p, '#tab-queue').textContent()).toContain('תור');
    expect(await direction(p)).toEqual({ dir: 'rtl', lang: 'he', page: 'rtl he' });
    // The choice replaces the address's ?locale=, which would otherwise win at the next visit.
    expect(new URL(p.url()).search).toBe('');
    expect(await p.evaluate(() => localStorage.getItem('chat-wall-console-locale'))).toBe('he');

    await p.reload();
    await item(p, 'replay:2').waitFor();
    expect(await ui(p, '#panel h2').first().textContent()).toBe('פוסטים ממתינים');
    await ui(p, '#tab-queue').focus();
    expect(await arrow(p, 'ArrowLeft')).toBe('wall');

    await ui(p, '[data-part="language"]').selectOption('auto');
    await expect.poll(() => ui(p, '#tab-queue').textContent()).toContain('Queue');
    expect(await direction(p)).toEqual({ dir: 'ltr', lang: 'en-GB', page: 'ltr en-GB' });
    expect(await p.evaluate(() => localStorage.getItem('chat-wall-console-locale'))).toBeNull();
  });

  it('takes Japanese from the browser’s languages: left to right, arrows not mirrored', async () => {
    const { t, token } = await relay();
    const p = await open(t.url, token, { locale: 'ja-JP' });
    expect(await direction(p)).toEqual({ dir: 'ltr', lang: 'ja-JP', page: 'ltr ja-JP' });
    expect(await ui(p, '#tab-queue').textContent()).toContain('承認待ち');
    expect(await ui(p, '[data-part="language"]').inputValue()).toBe('auto');
    await ui(p, '#tab-queue').focus();
    expect(await arrow(p, 'ArrowRight')).toBe('wall');
    expect(await arrow(p, 'ArrowLeft')).toBe('queue');
  });
});
