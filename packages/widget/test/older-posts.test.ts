import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChatWall } from '../src/chat-wall.js';
import { mount, postElement, postIds, shadow, unmountAll, whenStatus } from './support/mount.js';
import { startTestRelay, type PostSpec, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close().catch(() => undefined)));
});

async function relay(walls?: string[], options?: { maxPosts?: number }): Promise<TestRelay> {
  const r = await startTestRelay(walls, options);
  relays.push(r);
  return r;
}

const specs = (from: number, to: number): PostSpec[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ n: from + i }));
const ids = (...ns: number[]): string[] => ns.map((n) => `replay:${n}`);
const button = (el: ChatWall) => shadow(el).querySelector<HTMLButtonElement>('[part="load-older"]');

/** Resolves once the shadow root (rendered) satisfies `predicate`; checks on every DOM change. */
function whenRendered(el: ChatWall, predicate: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (predicate()) return resolve();
    const observer = new MutationObserver(() => {
      if (!predicate()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(shadow(el), { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

/** Clicks "Show older posts" and waits until that request has settled and is drawn. */
async function loadOlder(el: ChatWall): Promise<void> {
  button(el)!.click();
  await el.updateComplete;
  expect(button(el)?.getAttribute('aria-disabled')).toBe('true');
  await whenRendered(el, () => button(el)?.getAttribute('aria-disabled') !== 'true');
  await el.updateComplete;
}

describe('<chat-wall> older posts', () => {
  it('loads older pages below the live posts, in order and without duplicates, until there are none', async () => {
    const r = await relay();
    await r.push(...specs(1, 8));
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '3' });
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(ids(8, 7, 6));
    expect(button(el)?.textContent?.trim()).toBe('Show older posts');

    await loadOlder(el);
    expect(postIds(el)).toEqual(ids(8, 7, 6, 5, 4, 3));
    const older = postElement(el, 'replay:4')!;
    expect(older.getAttribute('part')).toBe('post');
    expect(older.querySelector('[part="post-body"]')?.textContent).toBe('Question 4 for the panel #askGMP');
    expect(shadow(el).querySelector('[role="feed"]')?.getAttribute('aria-busy')).toBe('false');

    // A live post arriving now joins the top; nothing shown falls out between live and older.
    await r.push({ n: 9 });
    await whenRendered(el, () => postIds(el)[0] === 'replay:9');
    expect(postIds(el)).toEqual(ids(9, 8, 7, 6, 5, 4, 3));

    await loadOlder(el);
    expect(postIds(el)).toEqual(ids(9, 8, 7, 6, 5, 4, 3, 2, 1));
    expect(button(el)).toBeNull(); // the last page had no `next`
    expect(new Set(postIds(el)).size).toBe(postIds(el).length);
  });

  it('applies live removals and marks to loaded posts, also ones the live state no longer holds', async () => {
    // The live state holds 4 posts; the element shows 2; the store holds 8.
    const r = await relay(['askGMP'], { maxPosts: 4 });
    await r.push(...specs(1, 8));
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    expect(el.posts.map((p) => p.id)).toEqual(ids(8, 7, 6, 5));
    await loadOlder(el);
    await loadOlder(el);
    expect(postIds(el)).toEqual(ids(8, 7, 6, 5, 4, 3));

    await r.remove('replay:3');
    await whenRendered(el, () => !postIds(el).includes('replay:3'));
    await r.update('replay:4', { highlighted: true });
    await whenRendered(el, () => postElement(el, 'replay:4')?.getAttribute('part') === 'post highlighted');
    expect(postIds(el)).toEqual(ids(8, 7, 6, 5, 4));

    // Post 9 pushes 5 off the live state: it stays shown, in its place.
    await r.push({ n: 9 });
    await whenRendered(el, () => postIds(el)[0] === 'replay:9');
    expect(el.posts.map((p) => p.id)).toEqual(ids(9, 8, 7, 6));
    expect(postIds(el)).toEqual(ids(9, 8, 7, 6, 5, 4));

    // The next page starts below the oldest post shown (4), past the removed 3.
    await loadOlder(el);
    expect(postIds(el)).toEqual(ids(9, 8, 7, 6, 5, 4, 2, 1));
    expect(button(el)).toBeNull();
  });

  it('shows why older posts could not be loaded, with a retry, when the server went away', async () => {
    const r = await relay();
    await r.push(...specs(1, 6));
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    await loadOlder(el);
    expect(postIds(el)).toEqual(ids(6, 5, 4, 3));

    await r.close();
    await loadOlder(el);
    const error = shadow(el).querySelector('[part="load-older-error"]');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toContain('Could not load older posts: Cannot reach the wall server at');
    expect(button(el)?.textContent?.trim()).toBe('Try again');
    expect(postIds(el)).toEqual(ids(6, 5, 4, 3)); // what was shown stays

    // The retry asks again (and fails again: the server is gone), announcing that it is loading.
    button(el)!.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('.older [role="status"]')?.textContent).toBe('Loading older posts…');
    await whenRendered(el, () => button(el)?.getAttribute('aria-disabled') === 'false');
    expect(shadow(el).querySelector('[part="load-older-error"]')).not.toBeNull();
  });

  it('answers the keyboard: Enter on the focused button loads the next page', async () => {
    const r = await relay();
    await r.push(...specs(1, 4));
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    const b = button(el)!;
    expect(b.tagName).toBe('BUTTON'); // native button: focusable, Enter and Space activate it
    b.focus();
    expect(shadow(el).activeElement).toBe(b);
    const { userEvent } = await import('vitest/browser');
    await userEvent.keyboard('{Enter}');
    await whenRendered(el, () => postIds(el).length === 4);
    expect(postIds(el)).toEqual(ids(4, 3, 2, 1));
  });

  it('moves keyboard focus to the first post of the last page when the button goes away', async () => {
    const r = await relay();
    await r.push(...specs(1, 5));
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    const { userEvent } = await import('vitest/browser');
    button(el)!.focus();
    await userEvent.keyboard('{Enter}');
    await whenRendered(el, () => postIds(el).length === 4);
    expect(shadow(el).activeElement).toBe(button(el)); // more pages: focus stays on the button

    await userEvent.keyboard('{Enter}');
    await whenRendered(el, () => button(el) === null);
    expect(postIds(el)).toEqual(ids(5, 4, 3, 2, 1));
    expect(shadow(el).activeElement).toBe(postElement(el, 'replay:1'));
    expect(document.activeElement).toBe(el);
  });

  it('moves keyboard focus to the last post when the last page is empty', async () => {
    // The live state is full (2 of 2), so older posts may exist; the only one was removed.
    const r = await relay(['askGMP'], { maxPosts: 2 });
    await r.push(...specs(1, 3));
    await r.remove('replay:1');
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    button(el)!.focus();
    await loadOlder(el);
    expect(button(el)).toBeNull();
    expect(postIds(el)).toEqual(ids(3, 2));
    expect(shadow(el).activeElement).toBe(postElement(el, 'replay:2'));
  });

  it('leaves focus alone when it was not on the button', async () => {
    const r = await relay();
    await r.push(...specs(1, 3));
    const outside = document.createElement('button');
    document.body.append(outside);
    try {
      const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
      await whenStatus(el, 'live');
      outside.focus();
      await loadOlder(el);
      expect(button(el)).toBeNull();
      expect(document.activeElement).toBe(outside);
      expect(shadow(el).activeElement).toBeNull();
    } finally {
      outside.remove();
    }
  });

  it('offers no button when every post is shown, in the overlay, or with history="none"', async () => {
    const all = mount({ tag: 'askGMP', server: inject('relayUrl') });
    await whenStatus(all, 'live');
    expect(postIds(all)).toHaveLength(3);
    expect(button(all)).toBeNull();

    const r = await relay();
    await r.push(...specs(1, 5));
    const overlay = mount({ tag: 'askGMP', server: r.url, layout: 'overlay', 'max-posts': '2' });
    const none = mount({ tag: 'askGMP', server: r.url, history: 'none', 'max-posts': '2' });
    const list = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await Promise.all([whenStatus(overlay, 'live'), whenStatus(none, 'live'), whenStatus(list, 'live')]);
    expect(button(overlay)).toBeNull();
    expect(button(none)).toBeNull();
    expect(postIds(none)).toEqual(ids(5, 4));
    expect(button(list)).not.toBeNull();
  });

  it('forgets loaded posts when the tag changes', async () => {
    const r = await relay(['askGMP', 'other']);
    await r.push(...specs(1, 4), { n: 5, text: 'Elsewhere #other' });
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    await loadOlder(el);
    expect(postIds(el)).toEqual(ids(4, 3, 2, 1));

    el.tag = 'other';
    await el.updateComplete;
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(ids(5));
    expect(button(el)).toBeNull();
  });
});
