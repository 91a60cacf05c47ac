// The `list` layout's window over a long feed (feed-window.ts): the newest cards in the page, more
// as the reader scrolls or tabs on, the reader's place and focus kept while posts arrive.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatWall } from '../src/chat-wall.js';
import '../src/define.js';
import { postElement, postIds, shadow, whenPost, whenStatus } from './support/mount.js';
import { startTestRelay, type PostSpec, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
const boxes: HTMLElement[] = [];
const initialWindow = ChatWall.feedWindow;
beforeEach(() => {
  ChatWall.feedWindow = 5;
});
afterEach(async () => {
  ChatWall.feedWindow = initialWindow;
  boxes.splice(0).forEach((box) => box.remove());
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

const specs = (from: number, to: number): PostSpec[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ n: from + i }));

/** A wall of `count` posts in a 300px-high scrolling box, as a page's sidebar would hold it. */
async function wallInBox(count: number): Promise<{ el: ChatWall; box: HTMLElement; r: TestRelay }> {
  const r = await startTestRelay(['askGMP'], { maxPosts: 100 });
  relays.push(r);
  await r.push(...specs(1, count));
  const box = document.createElement('div');
  box.style.cssText = 'height: 300px; width: 400px; overflow: auto';
  const el = document.createElement('chat-wall');
  el.setAttribute('tag', 'askGMP');
  el.setAttribute('server', r.url);
  el.setAttribute('max-posts', '100');
  el.setAttribute('history', 'none');
  box.append(el);
  document.body.append(box);
  boxes.push(box);
  await whenStatus(el, 'live');
  await settled(el);
  return { el, box, r };
}

/** Two frames (the intersection observers have reported) and the renders they asked for. */
async function settled(el: ChatWall): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    await el.updateComplete;
  }
}

const cards = (el: ChatWall) => [...shadow(el).querySelectorAll<HTMLElement>('[part~="post"]')];

describe('list layout window', () => {
  it('draws the newest posts, numbered out of all, and the rest as the reader scrolls down', async () => {
    const { el, box } = await wallInBox(60);
    const first = cards(el);
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(first.length).toBeLessThan(60);
    expect(postIds(el)[0]).toBe('replay:60');
    expect(first[0]!.getAttribute('aria-posinset')).toBe('1');
    expect(first[0]!.getAttribute('aria-setsize')).toBe('60');

    // Scrolling on to the end reaches every post, the oldest last.
    for (let i = 0; i < 60 && cards(el).length < 60; i++) {
      box.scrollTop = box.scrollHeight;
      await settled(el);
    }
    expect(postIds(el)).toEqual(
      specs(1, 60)
        .map((s) => `replay:${s.n}`)
        .reverse(),
    );
    // Every post in the page: the browser counts them.
    expect(cards(el)[59]!.hasAttribute('aria-posinset')).toBe(false);
    expect(shadow(el).querySelector('.feed-end')).toBeNull();
  });

  it('at the top, an arrival adds one card and drops the oldest drawn', async () => {
    const { el, r } = await wallInBox(60);
    const before = postIds(el);
    const arrived = whenPost(el, 'replay:61');
    await r.push({ n: 61 });
    await arrived;
    expect(postIds(el)).toEqual(['replay:61', ...before.slice(0, -1)]);
  });

  it('keeps the reader’s place when posts arrive above what they read', async () => {
    const { el, box, r } = await wallInBox(60);
    // Read on: the card at the top of the box, some way down the feed.
    box.scrollTop = 600;
    await settled(el);
    const reading = cards(el).find((c) => c.getBoundingClientRect().top >= box.getBoundingClientRect().top)!;
    const top = reading.getBoundingClientRect().top;
    const lastDrawn = postIds(el).at(-1);

    const arrived = whenPost(el, 'replay:63');
    await r.push({ n: 61 }, { n: 62 }, { n: 63 });
    await arrived;
    await settled(el);
    expect(postIds(el).slice(0, 3)).toEqual(['replay:63', 'replay:62', 'replay:61']);
    expect(reading.isConnected).toBe(true);
    expect(Math.abs(reading.getBoundingClientRect().top - top)).toBeLessThanOrEqual(1);
    // What lay below stays in the page too.
    expect(postIds(el)).toContain(lastDrawn);
  });

  it('keeps a focused card in the page, and draws the next cards before Tab reaches the last', async () => {
    const { el, box, r } = await wallInBox(60);
    const drawn = cards(el).length;
    const last = cards(el).at(-1)!;
    last.focus();
    await settled(el);
    expect(cards(el).length).toBeGreaterThan(drawn);
    expect(shadow(el).activeElement).toBe(last);

    // Back to the top, posts arriving: the window shrinks, but not past the focused card.
    box.scrollTop = 0;
    await settled(el);
    const id = last.dataset.postId!;
    const arrived = whenPost(el, 'replay:70');
    await r.push(...specs(61, 70));
    await arrived;
    expect(postElement(el, id)).toBe(last);
    expect(shadow(el).activeElement).toBe(last);
  });

  it('draws every post at once with feedWindow = Infinity', async () => {
    ChatWall.feedWindow = Infinity;
    const { el } = await wallInBox(60);
    expect(cards(el)).toHaveLength(60);
    expect(shadow(el).querySelector('[aria-posinset]')).toBeNull();
  });
});
