// The venue layouts in Chromium: grid and masonry on a 1920px-wide wall, type readable from across
// a room, and a masonry wall that moves only one column when a post arrives.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatWall } from '../src/chat-wall.js';
import { mount, postElement, postIds, shadow, unmountAll, whenPost, whenStatus } from './support/mount.js';
import { startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relay(): Promise<TestRelay> {
  const r = await startTestRelay();
  relays.push(r);
  return r;
}

/** Texts of very different lengths, as a real wall has. */
const text = (n: number): string =>
  `Post ${n} #askGMP ${'and a longer thought about the panel '.repeat([0, 4, 1, 7, 2, 0, 5, 3][n % 8]!)}`.trim();

async function venue(r: TestRelay, layout: string, extra: Record<string, string> = {}): Promise<ChatWall> {
  const el = mount({ tag: 'askGMP', server: r.url, layout, 'max-posts': '100', ...extra });
  // A 1080p screen: the wall fills its width.
  el.style.display = 'block';
  el.style.width = '1920px';
  await whenStatus(el, 'live');
  return el;
}

/** Each post card's box relative to the wall's cards (so that scrolling the page does not count), by post id. */
function boxes(el: ChatWall): Map<string, DOMRect> {
  const origin = shadow(el).querySelector('.cards')!.getBoundingClientRect();
  return new Map(
    postIds(el).map((id) => {
      const b = postElement(el, id)!.getBoundingClientRect();
      return [id, new DOMRect(b.left - origin.left, b.top - origin.top, b.width, b.height)];
    }),
  );
}

/** Resolves once `read` has given the same value for a few frames in a row and `ready` accepts it. */
function untilSteady<T>(read: () => T, ready: (value: T) => boolean = () => true): Promise<void> {
  return new Promise<void>((resolve) => {
    let last: T | undefined;
    let steady = 0;
    const check = () => {
      const now = read();
      steady = now === last ? steady + 1 : 0;
      last = now;
      if (ready(now) && steady >= 3) resolve();
      else requestAnimationFrame(check);
    };
    check();
  });
}

/**
 * Resolves once the masonry wall has dealt its posts into at least `n` columns (its width known)
 * and the number of columns has held for a few frames (the type size, and so the columns, settle
 * after the first layout).
 */
function columnsAtLeast(el: ChatWall, n: number): Promise<void> {
  return untilSteady(
    () => shadow(el).querySelectorAll('.masonry > .column').length,
    (count) => count >= n,
  );
}

/** Resolves once no card of the wall has moved or changed size for a few frames (late fonts settle). */
async function steadyBoxes(el: ChatWall): Promise<void> {
  await document.fonts.ready;
  await untilSteady(() => JSON.stringify([...boxes(el)].map(([id, b]) => [id, b.left, b.top, b.height])));
}

function bodySize(el: ChatWall): number {
  return parseFloat(getComputedStyle(shadow(el).querySelector('[part="post-body"]')!).fontSize);
}

describe('<chat-wall layout="grid">', () => {
  it('draws equal cards in columns, newest first, in type readable from 3 m on a 1080p screen', async () => {
    const r = await relay();
    await r.push(...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ n, text: text(n) })));
    const el = await venue(r, 'grid');

    expect(shadow(el).querySelector('[part="base"]')!.classList.contains('layout-grid')).toBe(true);
    expect(postIds(el)).toEqual([
      'replay:8',
      'replay:7',
      'replay:6',
      'replay:5',
      'replay:4',
      'replay:3',
      'replay:2',
      'replay:1',
    ]);
    const rects = [...boxes(el).values()];
    const columns = new Set(rects.map((b) => Math.round(b.left)));
    expect(columns.size).toBeGreaterThanOrEqual(3);
    // Equal cards, whatever the length of their text.
    expect(new Set(rects.map((b) => Math.round(b.height))).size).toBe(1);
    expect(new Set(rects.map((b) => Math.round(b.width))).size).toBe(1);
    // 1.5% of the width: 28px type, about 13 mm of cap height on a 55" panel.
    expect(bodySize(el)).toBeGreaterThanOrEqual(28);
  });

  it('scales its type with scale, clamped to 0.5–4', async () => {
    const r = await relay();
    await r.push({ n: 1 });
    const el = await venue(r, 'grid', { scale: '2' });
    const doubled = bodySize(el);
    expect(doubled).toBeGreaterThanOrEqual(56);
    el.scale = 100;
    await el.updateComplete;
    expect(bodySize(el)).toBeCloseTo(doubled * 2, 0);
  });
});

describe('<chat-wall layout="masonry">', () => {
  it('moves only the column a new post lands in (the grid, for comparison, moves every card)', async () => {
    const r = await relay();
    await r.push(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => ({ n, text: text(n) })));
    const masonry = await venue(r, 'masonry');
    const grid = await venue(r, 'grid');
    await columnsAtLeast(masonry, 3);
    expect(shadow(masonry).querySelector('[part="base"]')!.classList.contains('layout-masonry')).toBe(true);
    // Cards keep their own heights.
    expect(new Set([...boxes(masonry).values()].map((b) => Math.round(b.height))).size).toBeGreaterThan(1);

    // Late fonts or images change cards' heights after the columns are dealt: compare from a still wall.
    await Promise.all([steadyBoxes(masonry), steadyBoxes(grid)]);
    const before = { masonry: boxes(masonry), grid: boxes(grid) };
    const arrived = Promise.all([whenPost(masonry, 'replay:13'), whenPost(grid, 'replay:13')]);
    await r.push({ n: 13, text: text(13) });
    await arrived;
    await Promise.all([masonry.updateComplete, grid.updateComplete]);

    const moved = (name: 'masonry' | 'grid', el: ChatWall): string[] => {
      const after = boxes(el);
      return [...before[name]]
        .filter(([id, b]) => {
          const a = after.get(id)!;
          // A card that moves, moves by a card's height; the rest may shift by a pixel's rounding.
          return Math.abs(a.top - b.top) > 2 || Math.abs(a.left - b.left) > 2;
        })
        .map(([id]) => id);
    };
    const column = postElement(masonry, 'replay:13')!.closest('.column')!;
    const sameColumn = [...column.querySelectorAll<HTMLElement>('[part~="post"]')]
      .map((p) => p.dataset.postId!)
      .filter((id) => id !== 'replay:13');
    const movedInMasonry = moved('masonry', masonry);
    // Exactly the cards below the new one in its own column moved, each straight down.
    expect(movedInMasonry.sort()).toEqual(sameColumn.sort());
    expect(movedInMasonry.length).toBeLessThan(before.masonry.size / 2);
    // The newest is at the top of its column.
    expect(column.querySelector('[part~="post"]')?.getAttribute('data-post-id')).toBe('replay:13');
    // In the grid every card shifts one place.
    expect(moved('grid', grid)).toHaveLength(before.grid.size);
  });

  it('deals the posts again into fewer columns on a narrower screen', async () => {
    const r = await relay();
    await r.push(...[1, 2, 3, 4, 5, 6].map((n) => ({ n, text: text(n) })));
    const el = await venue(r, 'masonry');
    const wide = shadow(el).querySelectorAll('.masonry > .column').length;
    el.style.width = '600px';
    await new Promise<void>((resolve) => {
      const check = () => {
        if (shadow(el).querySelectorAll('.masonry > .column').length < wide) resolve();
        else requestAnimationFrame(check);
      };
      check();
    });
    expect(shadow(el).querySelectorAll('.masonry > .column').length).toBe(2);
    expect(postIds(el)).toHaveLength(6);
  });
});
