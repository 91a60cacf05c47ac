// axe-core on the rendered element, in real Chromium: both layouts, both themes, with posts and with
// the status and error messages. Every violation fails the test with what axe says about it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { violations } from './support/axe.js';
import { emulateMedia } from './support/emulate.js';
import { mount, postElement, shadow, unmountAll, whenStatus } from './support/mount.js';
import { startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
beforeEach(async () => {
  // Cards fade in; axe must see them as they rest, not half transparent.
  await emulateMedia({ 'prefers-reduced-motion': 'reduce' });
});
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close().catch(() => undefined)));
  await emulateMedia({});
});

/** A relay whose wall has every kind of post the widget draws: marks, verified, mention, link, media. */
async function richRelay(): Promise<TestRelay> {
  const r = await startTestRelay(['askGMP'], { maxPosts: 4 });
  relays.push(r);
  await r.push(
    { n: 1 },
    { n: 2, text: 'Thanks @panel, slides at https://example.org/slides #askGMP', author: { verified: true } },
    { n: 3, media: [{ type: 'image', url: `${r.url}/healthz`, alt: 'A chart' }], url: 'https://example.org/p/3' },
    { n: 4, text: 'What about accessibility? #askGMP', lang: 'en' },
    { n: 5 },
  );
  await r.update('replay:3', { pinned: true });
  await r.update('replay:4', { highlighted: true, answered: true });
  return r;
}

const themes = ['light', 'dark'] as const;

describe('<chat-wall> accessibility (axe-core)', () => {
  for (const theme of themes) {
    it(`list layout with posts, marks and the older-posts button: ${theme}`, async () => {
      const r = await richRelay();
      const el = mount({ tag: 'askGMP', server: r.url, theme, 'max-posts': '4' });
      await whenStatus(el, 'live');
      expect(postElement(el, 'replay:4')?.getAttribute('part')).toBe('post highlighted');
      expect(shadow(el).querySelector('[part="load-older"]')).not.toBeNull();
      expect(await violations(el)).toEqual([]);
    });

    it(`overlay layout with a featured post: ${theme}`, async () => {
      const r = await richRelay();
      const el = mount({ tag: 'askGMP', server: r.url, theme, layout: 'overlay' });
      await whenStatus(el, 'live');
      expect(shadow(el).querySelector('.featured')?.getAttribute('data-post-id')).toBe('replay:3');
      expect(await violations(el)).toEqual([]);
    });

    it(`status notice, reconnecting pill and older-posts error: ${theme}`, async () => {
      const r = await richRelay();
      const el = mount({ tag: 'askGMP', server: r.url, theme, 'max-posts': '4' });
      await whenStatus(el, 'live');
      const reconnecting = whenStatus(el, 'reconnecting');
      await r.close();
      await reconnecting;
      shadow(el).querySelector<HTMLButtonElement>('[part="load-older"]')!.click();
      await new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!shadow(el).querySelector('[part="load-older-error"]')) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(shadow(el), { childList: true, subtree: true });
      });
      expect(shadow(el).querySelector('.notice')?.textContent).toBeTruthy();
      expect(await violations(el)).toEqual([]);
    });

    for (const layout of ['list', 'overlay']) {
      it(`${layout} layout on a wall with no posts yet: ${theme}`, async () => {
        const r = await startTestRelay();
        relays.push(r);
        const el = mount({ tag: 'askGMP', server: r.url, theme, layout });
        await whenStatus(el, 'live');
        expect(shadow(el).querySelector('[part~="post"]')).toBeNull();
        expect(await violations(el)).toEqual([]);
      });

      it(`${layout} layout with the error instead of posts: ${theme}`, async () => {
        const r = await richRelay();
        const el = mount({ tag: 'nowall', server: r.url, theme, layout });
        await whenStatus(el, 'failed');
        expect(shadow(el).querySelector('[part="empty"]')?.textContent).toContain('There is no wall');
        expect(await violations(el)).toEqual([]);
      });
    }
  }
});
