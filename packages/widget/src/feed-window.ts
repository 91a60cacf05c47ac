import type { Post } from '@chat-wall/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

// A chunk, asked for with the list's first drawing (chat-wall.ts): a first drawing needs neither the
// window nor keyed updates, and it loads while the wall connects.

/** Which posts the `list` layout draws (see {@linkcode FeedWindow}). */
export interface FeedWindowView {
  /** The posts to draw: the newest, as many as the reader can reach without waiting. */
  slice(posts: readonly Post[]): readonly Post[];
  /**
   * lit's keyed `repeat`, which moves cards instead of redrawing them (each card keeps its
   * element, focus and images); it comes with this chunk, since a first drawing has none to keep.
   */
  repeat?: typeof repeat;
}

/**
 * Draws only the newest posts of a long feed (the ARIA feed pattern: more articles as the reader
 * nears the end), so a wall holding 1,000 posts keeps ~40 cards in the page, not 1,000: an arrival
 * adds one card and drops one, and style, layout and paint stay the size of the screen.
 *
 * - The reader at the top of the wall (its header in view, or the wall still below the fold): the
 *   window keeps its size; a new post pushes the oldest drawn card out of the page.
 * - The reader scrolled into the feed: the window keeps its last card, so what they read stays in
 *   the page (new posts are drawn above it, the browser's scroll anchoring keeps their place).
 * - The mark after the last card within a screen of the viewport, or focus on one of the last
 *   cards: as many again are drawn. A focused card is never dropped.
 *
 * `size` `Infinity` draws every post (the host class's `feedWindow`).
 */
export class FeedWindow implements ReactiveController, FeedWindowView {
  readonly repeat = repeat;
  /** Cards drawn at the top: grows when the screen needs more than the first window. */
  private floor: number;
  /** Cards drawn at the last render, and the id of the last of them. */
  private count = 0;
  private tailId: string | undefined;
  /** Whether the last render drew every post (then posts appended at the end, older ones, are drawn too). */
  private all = false;
  /** Whether the reader has scrolled past the list's header into the feed. */
  private scrolledIn = false;
  /** Posts the wall had at the last render. */
  private total = 0;
  /** Cards drawn when the end mark was last observed. */
  private observed = 0;
  private headerEl: Element | undefined;
  private endEl: Element | undefined;
  private observer: IntersectionObserver | undefined;
  /** The posts drawn, in order, as of the last render (to find a focused card's place). */
  private drawn: readonly Post[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & { readonly shadowRoot: ShadowRoot | null },
    private readonly size: () => number,
  ) {
    this.floor = size();
    host.addController(this);
  }

  slice(posts: readonly Post[]): readonly Post[] {
    const size = this.size();
    if (!(size < posts.length)) return this.keep(posts, posts.length);
    let count: number;
    if (this.all) count = posts.length;
    else if (!this.scrolledIn) count = Math.max(this.floor, size);
    else {
      const tail = this.tailId === undefined ? -1 : indexOf(posts, this.tailId);
      count = tail >= 0 ? tail + 1 : this.count;
    }
    // Focus stays where it is: the focused card is never dropped.
    const focused = this.host.shadowRoot?.activeElement?.closest('[data-post-id]')?.getAttribute('data-post-id');
    if (focused) count = Math.max(count, indexOf(posts, focused) + 1);
    return this.keep(posts, Math.min(posts.length, Math.max(count, 1)));
  }

  private keep(posts: readonly Post[], count: number): readonly Post[] {
    this.count = count;
    this.total = posts.length;
    this.tailId = posts[count - 1]?.id;
    this.all = count === posts.length && this.scrolledIn;
    this.drawn = count === posts.length ? posts : posts.slice(0, count);
    return this.drawn;
  }

  /** Observes `element` in place of `current` (the list's header or end mark, redrawn or gone). */
  private track(current: Element | undefined, element: Element | null): Element | undefined {
    if (element === current) return current;
    if (current) this.observer?.unobserve(current);
    if (element) this.watch().observe(element);
    return element ?? undefined;
  }

  private readonly focused = (event: Event): void => {
    const card = (event.target as Element | null)?.closest?.('[data-post-id]');
    const id = card?.getAttribute('data-post-id');
    // Tab moves card to card: draw the next ones before it reaches the last.
    if (id && indexOf(this.drawn, id) >= this.count - 3) this.grow();
  };

  private grow(): void {
    if (this.count >= this.total) return;
    this.tailId = undefined;
    this.count += this.size();
    if (!this.scrolledIn) this.floor = Math.max(this.floor, this.count);
    this.host.requestUpdate();
  }

  private watch(): IntersectionObserver {
    // Within a screen of the viewport counts as near: the next cards are drawn before they are needed.
    this.observer ??= new IntersectionObserver((entries) => this.seen(entries), { rootMargin: '100% 0px' });
    return this.observer;
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (entry.target === this.headerEl) {
        // Out of view above (or clipped by a scrolling box), not below the fold.
        const below = entry.rootBounds !== null && entry.boundingClientRect.top >= entry.rootBounds.bottom;
        const scrolledIn = !entry.isIntersecting && !below;
        if (scrolledIn !== this.scrolledIn) {
          this.scrolledIn = scrolledIn;
          // Back at the top: the window goes back to its size (the cards far below leave the page).
          if (!scrolledIn) this.all = false;
          this.host.requestUpdate();
        }
      } else if (entry.target === this.endEl && entry.isIntersecting) {
        this.grow();
      }
    }
  }

  hostConnected(): void {
    this.host.shadowRoot?.addEventListener('focusin', this.focused);
  }

  hostUpdated(): void {
    const root = this.host.shadowRoot;
    this.headerEl = this.track(this.headerEl, root?.querySelector('.layout-list:not(.layout-qa) > .header') ?? null);
    const end = root?.querySelector('.feed-end') ?? null;
    if (end !== this.endEl) this.observed = -1;
    this.endEl = this.track(this.endEl, end);
    // Still near after drawing more (short cards, a tall screen): look again, an observer only
    // reports changes.
    if (this.endEl && this.observer && this.observed !== this.count) {
      this.observed = this.count;
      this.observer.unobserve(this.endEl);
      this.observer.observe(this.endEl);
    }
  }

  hostDisconnected(): void {
    this.host.shadowRoot?.removeEventListener('focusin', this.focused);
    this.observer?.disconnect();
    this.observer = undefined;
    this.headerEl = undefined;
    this.endEl = undefined;
  }
}

/** The window of a `list` element; `size` is read at each render (the host class's `feedWindow`). */
export function open(
  host: ReactiveControllerHost & { readonly shadowRoot: ShadowRoot | null },
  size: () => number,
): FeedWindowView {
  return new FeedWindow(host, size);
}

function indexOf(posts: readonly Post[], id: string): number {
  for (let i = 0; i < posts.length; i++) if (posts[i]!.id === id) return i;
  return -1;
}
