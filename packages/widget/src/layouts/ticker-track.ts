import type { Post } from '@chat-wall/sdk';
import { render, type TemplateResult } from 'lit';

/** How far ahead of the window's right edge the track keeps items laid out, in window widths. */
const LOOKAHEAD = 1.5;
/** Track offset (px) past which item positions are rebased to 0, so transforms stay small numbers. */
const REBASE_AT = 200_000;

/**
 * The ticker's conveyor. Items sit at fixed x positions on a track that one Web Animation moves
 * right to left at a constant speed, on the compositor: no layout per frame, and an arriving post
 * is appended after the last item (off to the right), so nothing on screen moves or jumps. Items
 * that scrolled out on the left are dropped; when the track runs short it appends posts again,
 * the ones not yet shown first, then round the newest.
 *
 * The animation pauses while the page is hidden or the ticker is off screen.
 */
export class TickerTrack {
  private el: HTMLElement | undefined;
  private animation: Animation | undefined;
  private speed = 120;
  /** -1 in right-to-left languages: the crawl runs left to right, the track grows leftwards. */
  private sign = 1;
  private posts: readonly Post[] = [];
  private draw: (post: Post) => TemplateResult = () => {
    throw new Error('no renderer');
  };
  /** Items on the track: their element, post id, x and width. */
  private items: { el: HTMLElement; id: string; x: number; width: number }[] = [];
  private shown = new Set<string>();
  private cycle = 0;
  private visible = true;
  private observer: IntersectionObserver | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly onVisibility = (): void => this.playOrPause();

  /** Takes the latest posts and speed; lays out more items if the track needs them. */
  update(posts: readonly Post[], speed: number, draw: (post: Post) => TemplateResult, rtl = false): void {
    this.posts = posts;
    this.draw = draw;
    const sign = rtl ? -1 : 1;
    if (sign !== this.sign) {
      this.sign = sign;
      for (const item of this.items) item.el.style.transform = this.translate(item.x);
      this.restart(this.offset());
    }
    const next = Number.isFinite(speed) && speed > 0 ? speed : 120;
    if (next !== this.speed) {
      const offset = this.offset();
      this.speed = next;
      this.restart(offset);
    }
    this.fill();
  }

  /** Called by Lit's `ref` with the track element, or `undefined` when it leaves the DOM. */
  attach(el: HTMLElement | undefined): void {
    if (el === this.el) return;
    this.detach();
    if (!el) return;
    this.el = el;
    this.restart(0);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      this.playOrPause();
    });
    this.observer.observe(el.parentElement ?? el);
    // Maintenance (drop what left, append what is due) once a second: far from every frame.
    this.timer = setInterval(() => this.fill(), 1000);
    this.fill();
  }

  private detach(): void {
    this.animation?.cancel();
    this.animation = undefined;
    this.observer?.disconnect();
    clearInterval(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibility);
    for (const item of this.items) item.el.remove();
    this.items = [];
    this.el = undefined;
  }

  /** Current track offset in px (how far it has moved left). */
  private offset(): number {
    const t = this.animation?.currentTime;
    return typeof t === 'number' ? (t * this.speed) / 1000 : 0;
  }

  /** One long linear animation from `from` px onwards; its speed is the ticker's. */
  private restart(from: number): void {
    if (!this.el) return;
    this.animation?.cancel();
    const distance = REBASE_AT * 2;
    this.animation = this.el.animate([{ transform: 'translateX(0)' }, { transform: this.translate(-distance) }], {
      duration: (distance / this.speed) * 1000,
      fill: 'forwards',
    });
    this.animation.currentTime = (from / this.speed) * 1000;
    this.playOrPause();
  }

  /** A position along the crawl, from the inline start, as a transform. */
  private translate(x: number): string {
    return `translateX(${x * this.sign}px)`;
  }

  private playOrPause(): void {
    if (!this.animation) return;
    if (this.visible && document.visibilityState !== 'hidden') this.animation.play();
    else this.animation.pause();
  }

  private fill(): void {
    const el = this.el;
    if (!el || this.posts.length === 0) return;
    let offset = this.offset();
    if (offset > REBASE_AT) {
      // Shift every item and the animation back by the same amount in one go: nothing moves on screen.
      for (const item of this.items) {
        item.x -= offset;
        item.el.style.transform = this.translate(item.x);
      }
      this.restart(0);
      offset = 0;
    }
    const width = el.parentElement?.clientWidth ?? el.clientWidth;
    // Drop what scrolled out on the left.
    while (this.items[0] && this.items[0].x + this.items[0].width < offset) this.items.shift()!.el.remove();
    // The first items start at the left edge (a ticker is full from the first frame); later ones
    // join after the last, off to the right.
    const last = this.items.at(-1);
    let end = last ? Math.max(last.x + last.width, offset + width) : offset;
    while (end < offset + width * (1 + LOOKAHEAD)) {
      const post = this.pick();
      if (!post) return;
      const item = document.createElement('span');
      item.style.transform = this.translate(end);
      render(this.draw(post), item);
      el.append(item);
      const w = Math.max(1, item.getBoundingClientRect().width);
      this.items.push({ el: item, id: post.id, x: end, width: w });
      end += w;
    }
  }

  /** The next post to append: newest not yet shown, else round the newest. */
  private pick(): Post | undefined {
    const fresh = [...this.posts].reverse().find((p) => !this.shown.has(p.id));
    if (fresh) {
      if (this.shown.size > 2000) this.shown = new Set(this.posts.map((p) => p.id));
      this.shown.add(fresh.id);
      return fresh;
    }
    const post = this.posts[this.cycle % this.posts.length];
    this.cycle++;
    return post;
  }
}
