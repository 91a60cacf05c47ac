import type { Post } from '@chat-wall/sdk';

/** Lines a post's text wraps to, roughly, for a column before any card of it was measured. */
const CHARS_PER_LINE = 38;

/**
 * Which column each post of a masonry wall sits in. A post keeps its column for as long as it is
 * shown: a new post goes to the top of the shortest column, so only that column's cards move down
 * and the rest of the wall stays still; the oldest posts leave from the bottoms. Columns are dealt
 * again only when their number changes (the wall was resized).
 */
export class MasonryColumns {
  /** Number of columns, from the wall's width. */
  count = 0;
  private readonly column = new Map<string, number>();
  private container: HTMLElement | undefined;
  private observer: ResizeObserver | undefined;

  constructor(
    /** Called when the width calls for another number of columns. */
    private readonly onResize: () => void,
    /** Narrowest column, in em of the wall's type size. */
    private readonly minColumnEm = 17,
  ) {}

  /** Watches the wall's width (called with the columns' container after each render). */
  attach(el: HTMLElement | undefined): void {
    if (el === this.container) return;
    this.observer?.disconnect();
    this.container = el;
    if (!el) return;
    this.observer = new ResizeObserver(() => {
      // Next frame: a render from inside the observer's callback would resize what it observes.
      if (this.fit() !== this.count) requestAnimationFrame(() => this.onResize());
    });
    this.observer.observe(el);
    // The first render had no width to go by: deal again at once, before the browser paints.
    if (this.fit() !== this.count) this.onResize();
    // The type size follows the wall's width, and may settle only after this layout: a change of
    // font size alone does not resize the container, so look once more after the next frame.
    requestAnimationFrame(() => {
      if (this.container === el && this.fit() !== this.count) this.onResize();
    });
  }

  /** The posts dealt into columns, each column newest first (in the order of `posts`). */
  arrange(posts: readonly Post[]): Post[][] {
    const count = this.fit();
    if (count !== this.count) {
      this.count = count;
      this.column.clear();
    }
    const shown = new Set(posts.map((p) => p.id));
    for (const id of this.column.keys()) if (!shown.has(id)) this.column.delete(id);
    const heights = this.heights(posts);
    // Newest first in `posts`: deal the oldest unplaced first, so that the newest lands last, on top.
    for (let i = posts.length - 1; i >= 0; i--) {
      const post = posts[i]!;
      if (this.column.has(post.id)) continue;
      const shortest = heights.indexOf(Math.min(...heights));
      this.column.set(post.id, shortest);
      heights[shortest]! += estimate(post);
    }
    const columns: Post[][] = Array.from({ length: this.count }, () => []);
    for (const post of posts) columns[this.column.get(post.id)!]!.push(post);
    return columns;
  }

  /** Stops watching. */
  detach(): void {
    this.attach(undefined);
  }

  /** How many columns the container's width holds (1 before it is in the page). */
  private fit(): number {
    const el = this.container;
    if (!el?.isConnected) return this.count || 1;
    const em = parseFloat(getComputedStyle(el).fontSize) || 16;
    const gap = parseFloat(getComputedStyle(el).columnGap) || 0;
    return Math.max(1, Math.floor((el.clientWidth + gap) / (this.minColumnEm * em + gap)));
  }

  /**
   * Each column's height, in the unit of {@linkcode estimate} (a line of text): measured from the
   * cards on screen when there are any, so that real heights (images, long names) count.
   */
  private heights(posts: readonly Post[]): number[] {
    const heights = Array.from({ length: this.count }, () => 0);
    const cols = this.container ? [...this.container.children] : [];
    const em = this.container ? parseFloat(getComputedStyle(this.container).fontSize) || 16 : 16;
    for (const post of posts) {
      const index = this.column.get(post.id);
      if (index === undefined) continue;
      const card = cols[index]?.querySelector<HTMLElement>(`[data-post-id="${CSS.escape(post.id)}"]`);
      heights[index]! += card ? card.offsetHeight / (em * 1.45) + 1 : estimate(post);
    }
    return heights;
  }
}

/** A post's height in lines of text, before it was drawn: author line, text, media, padding. */
function estimate(post: Post): number {
  return 3 + Math.ceil(post.text.length / CHARS_PER_LINE) + (post.media.length > 0 ? 6 : 0);
}
