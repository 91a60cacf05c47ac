// How the `list` layout draws a busy wall: one card built per arrival, cards animating in only
// when a post arrives alone on a calm wall.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, postElement, postIds, unmountAll, whenPost, whenStatus } from './support/mount.js';
import { startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relay(): Promise<TestRelay> {
  const r = await startTestRelay(['askGMP'], { maxPosts: 50 });
  relays.push(r);
  return r;
}

const entering = (card: HTMLElement | null) => card?.classList.contains('enter') ?? false;

describe('list layout on a busy wall', () => {
  it('keeps the cards it drew: an arrival adds one card and leaves the others as they were', async () => {
    const r = await relay();
    await r.push({ n: 1 }, { n: 2 }, { n: 3 });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');
    const before = ['replay:3', 'replay:2', 'replay:1'].map((id) => postElement(el, id));
    const bodies = before.map((card) => card?.querySelector('[part="post-body"]'));

    const arrived = whenPost(el, 'replay:4');
    await r.push({ n: 4 });
    await arrived;
    expect(postIds(el)).toEqual(['replay:4', 'replay:3', 'replay:2', 'replay:1']);
    // The same elements, down to their text: nothing was rebuilt.
    expect(['replay:3', 'replay:2', 'replay:1'].map((id) => postElement(el, id))).toEqual(before);
    expect(before.map((card) => card?.querySelector('[part="post-body"]'))).toEqual(bodies);
  });

  it('animates a post arriving alone, never the posts the wall held when it opened', async () => {
    const r = await relay();
    await r.push({ n: 1 }, { n: 2 });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');
    expect(['replay:2', 'replay:1'].map((id) => entering(postElement(el, id)))).toEqual([false, false]);
    expect(postElement(el, 'replay:2')!.getAnimations()).toHaveLength(0);

    const arrived = whenPost(el, 'replay:3');
    await r.push({ n: 3 });
    await arrived;
    const card = postElement(el, 'replay:3')!;
    expect(entering(card)).toBe(true);
    expect(card.getAnimations().map((a) => (a as CSSAnimation).animationName)).toEqual(['chat-wall-enter']);
  });

  it('draws a burst of arrivals still: only the first of posts arriving together may animate', async () => {
    const r = await relay();
    await r.push({ n: 1 });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');

    const last = whenPost(el, 'replay:5');
    await r.push({ n: 2 }, { n: 3 }, { n: 4 }, { n: 5 });
    await last;
    expect(postIds(el)).toEqual(['replay:5', 'replay:4', 'replay:3', 'replay:2', 'replay:1']);
    for (const id of ['replay:5', 'replay:4', 'replay:3']) {
      expect(entering(postElement(el, id))).toBe(false);
      expect(postElement(el, id)!.getAnimations()).toHaveLength(0);
    }
  });

  it('does not animate with motion="none"', async () => {
    const r = await relay();
    await r.push({ n: 1 });
    const el = mount({ tag: 'askGMP', server: r.url, motion: 'none' });
    await whenStatus(el, 'live');
    const arrived = whenPost(el, 'replay:2');
    await r.push({ n: 2 });
    await arrived;
    expect(postElement(el, 'replay:2')!.getAnimations()).toHaveLength(0);
  });
});
