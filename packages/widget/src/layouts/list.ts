import type { Post } from '@chat-wall/sdk';
import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { renderAuthor, renderAvatar, renderContent, renderMarks } from '../post-parts.js';
import { pinnedFirst, type LayoutContext, type LayoutRenderer } from './layout.js';
import { renderEmpty, renderStatus } from './status.js';

/**
 * The layout for web pages: a header with the wall's title and status, then a feed of cards,
 * pinned posts first, newest first.
 */
export const listLayout: LayoutRenderer = {
  render(ctx) {
    const posts = ctx.older?.posts ?? pinnedFirst(ctx.posts).slice(0, ctx.maxPosts);
    const loadingOlder = ctx.older?.state === 'loading';
    const problem = posts.length > 0 && ctx.status.message;
    const entering = arrivals(ctx);
    // A feed is made of articles: with none it is a plain container. It is not a live region: new
    // posts are announced, paced, by the element's announcer (announcer.ts), never one by one here.
    return html`<header class="header">
        <h2 class="title" dir="auto">${ctx.title}</h2>
        ${renderStatus(ctx)}
      </header>
      ${problem ? html`<p class="notice" role="status">${ctx.status.message}</p>` : nothing}
      <div
        class="feed"
        role=${ifDefined(posts.length > 0 ? 'feed' : undefined)}
        aria-busy=${ctx.loaded && !loadingOlder ? 'false' : 'true'}
        aria-label=${ifDefined(posts.length > 0 ? ctx.i18n.t('postsWith', { title: ctx.title }) : undefined)}
      >
        ${repeat(
          posts,
          (post) => post.id,
          (post) => renderPost(post, post.id === entering, ctx),
        )}
      </div>
      ${posts.length === 0 ? renderEmpty(ctx) : (ctx.older?.button ?? nothing)}`;
  },
};

/**
 * A card is drawn again only when its post (the SDK replaces a post's object when it changes), the
 * clock (relative times) or the viewer's choices change: on a busy wall each arrival draws one card,
 * not every card held (up to 1,000). The cards carry no `aria-posinset`/`aria-setsize`: every
 * article of the feed is in the page, so browsers count them from the DOM, where numbering them
 * would rewrite every card's attributes at each arrival.
 */
function renderPost(post: Post, enter: boolean, ctx: LayoutContext) {
  return guard(
    [post, enter, ctx.now, ctx.locale, ctx.failedImages, ctx.images, ctx.revealed],
    () =>
      html`<article
        part=${['post', post.pinned ? 'pinned' : '', post.highlighted ? 'highlighted' : ''].filter(Boolean).join(' ')}
        class=${enter ? 'post enter' : 'post'}
        data-post-id=${post.id}
        ?data-pinned=${post.pinned}
        ?data-highlighted=${post.highlighted}
        tabindex="0"
      >
        ${renderAvatar(post.author, ctx)}
        <div class="content">${renderAuthor(post, ctx)} ${renderMarks(post, ctx.i18n)} ${renderContent(post, ctx)}</div>
      </article>`,
  );
}

/** What the list remembers of its last drawing, per element. */
interface Arrivals {
  /** The newest post then (the wall's order, pinned or not). */
  head: string | undefined;
  /** When the last post arrived (`performance.now()`). */
  at: number;
}

const lastDrawn = new WeakMap<object, Arrivals>();

/** Gap before an arrival that lets it animate in: longer than the animation, so one runs at a time. */
const CALM_MS = 400;

/**
 * The post that animates in, if any: one post arriving alone on a calm wall. A busy wall (several
 * arrivals together, or one close behind another) draws its cards still: a card sliding in every
 * 20 ms says nothing a reader can follow, and each animating card costs the page a composited layer
 * per frame. The first drawing of a wall (its held posts) never animates.
 */
function arrivals(ctx: LayoutContext): string | undefined {
  const last = lastDrawn.get(ctx.owner);
  const head = ctx.posts[0]?.id;
  const now = performance.now();
  if (!last || head === last.head) {
    lastDrawn.set(ctx.owner, { head, at: last?.at ?? -Infinity });
    return undefined;
  }
  const previous = ctx.posts.findIndex((p) => p.id === last.head);
  // The head went away (a deletion, another wall): nothing arrived.
  if (previous <= 0) {
    lastDrawn.set(ctx.owner, { head, at: last.at });
    return undefined;
  }
  lastDrawn.set(ctx.owner, { head, at: now });
  return previous === 1 && now - last.at >= CALM_MS ? head : undefined;
}
