// `locale` in real Chromium: the UI strings of the chosen language (loaded on demand), the page's
// `lang` when there is no `locale`, English otherwise, and `dir` on the host following the language.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, shadow, unmountAll, whenPost, whenStatus } from './support/mount.js';
import { startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
const pageLang = document.documentElement.lang;
afterEach(async () => {
  unmountAll();
  document.documentElement.lang = pageLang;
  await Promise.all(relays.splice(0).map((r) => r.close().catch(() => undefined)));
});

async function relay(): Promise<TestRelay> {
  const r = await startTestRelay();
  relays.push(r);
  return r;
}

const text = (el: Element, selector: string): string | undefined =>
  shadow(el as never)
    .querySelector(selector)
    ?.textContent?.replace(/\s+/g, ' ')
    .trim();

describe('<chat-wall locale>', () => {
  it('speaks the language of `locale` and keeps its region for dates', async () => {
    const r = await relay();
    const el = mount({ tag: 'askGMP', server: r.url, locale: 'es-MX' });
    await whenStatus(el, 'live');
    expect(text(el, '[part="status"] .label')).toBe('En directo');
    expect(text(el, '[part="empty"]')).toMatch(/^Aún no hay publicaciones\. Las publicaciones con .+ aparecerán aquí/);
    expect(el.getAttribute('dir')).toBe('ltr');
    expect(shadow(el).querySelector('[part="base"]')?.getAttribute('lang')).toBe('es-MX');
  });

  it('falls back to the page’s lang, then to English for a language it does not speak', async () => {
    const r = await relay();
    document.documentElement.lang = 'cy';
    const welsh = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(welsh, 'live');
    expect(text(welsh, '[part="status"] .label')).toBe('Yn fyw');
    const korean = mount({ tag: 'askGMP', server: r.url, locale: 'ko' });
    await whenStatus(korean, 'live');
    expect(text(korean, '[part="status"] .label')).toBe('Live');
  });

  it('sets dir="rtl" for Arabic and Hebrew, back to ltr when the locale changes', async () => {
    const r = await relay();
    const el = mount({ tag: 'askGMP', server: r.url, locale: 'ar' });
    await whenStatus(el, 'live');
    expect(el.getAttribute('dir')).toBe('rtl');
    expect(text(el, '[part="status"] .label')).toBe('مباشر');
    el.locale = 'he';
    await el.updateComplete;
    expect([el.getAttribute('dir'), text(el, '[part="status"] .label')]).toEqual(['rtl', 'בשידור חי']);
    el.locale = 'en';
    await el.updateComplete;
    expect([el.getAttribute('dir'), text(el, '[part="status"] .label')]).toEqual(['ltr', 'Live']);
  });

  it('gives each post’s text and author name its own direction', async () => {
    const r = await relay();
    const el = mount({ tag: 'askGMP', server: r.url, locale: 'he' });
    await whenStatus(el, 'live');
    const shown = whenPost(el, 'replay:1');
    await r.push({ n: 1, text: 'Hello from Cardiff #askGMP' });
    await shown;
    const post = shadow(el).querySelector('[data-post-id="replay:1"]')!;
    expect(post.querySelector('[part="post-body"]')?.getAttribute('dir')).toBe('auto');
    expect(post.querySelector('.name')?.getAttribute('dir')).toBe('auto');
    // The English text runs left to right inside the right-to-left wall.
    expect(getComputedStyle(post.querySelector('[part="post-body"]')!).direction).toBe('ltr');
    expect(getComputedStyle(post).direction).toBe('rtl');
  });

  it('mirrors the layouts for Arabic: avatar and title on the right, accent border on the right', async () => {
    const r = await relay();
    await r.push({ n: 1, text: 'مرحبا من الرياض #askGMP' }, { n: 2 });
    await r.update('replay:1', { highlighted: true });
    const rects = async (locale: string, layout: string) => {
      const el = mount({ tag: 'askGMP', server: r.url, locale, layout, motion: 'none' });
      await whenStatus(el, 'live');
      const root = shadow(el);
      const post = root.querySelector('[data-post-id="replay:1"]')!;
      const box = (node: Element | null | undefined) => node!.getBoundingClientRect();
      return {
        avatar: box(post.querySelector('[part="avatar"]')),
        content: box(post.querySelector('.content')),
        title: box(root.querySelector('.title') ?? post),
        status: box(root.querySelector('[part="status"]') ?? post),
        post: getComputedStyle(post),
      };
    };
    const ltr = await rects('en', 'list');
    const rtl = await rects('ar', 'list');
    expect(ltr.avatar.right).toBeLessThanOrEqual(ltr.content.left);
    expect(rtl.avatar.left).toBeGreaterThanOrEqual(rtl.content.right);
    expect(ltr.title.left).toBeLessThan(ltr.status.left);
    expect(rtl.title.left).toBeGreaterThan(rtl.status.left);
    // The overlay's featured card carries its accent on the inline-start side.
    const overlay = await rects('ar', 'overlay');
    expect(overlay.post.borderRightWidth).toBe('6px');
    expect(overlay.post.borderLeftWidth).toBe('0px');
  });
});
