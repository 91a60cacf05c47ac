import type { Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
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
    const window = ctx.feedWindow;
    const drawn = window ? window.slice(posts) : posts;
    const partial = drawn.length < posts.length;
    const loadingOlder = ctx.older?.state === 'loading';
    const problem = posts.length > 0 && ctx.status.message;
    const entering = arrivals(ctx);
    const card = (post: Post, i: number) =>
      renderPost(post, post.id === entering, ctx, partial ? [i + 1, posts.length] : undefined);
    // Keyed once the window's chunk is there: an arrival moves the cards down, never redraws them.
    const keyed = window?.repeat;
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
        ${keyed ? keyed(drawn, (post) => post.id, card) : drawn.map(card)}
      </div>
      ${
        partial
          ? html`<div class="feed-end" aria-hidden="true"></div>`
          : posts.length === 0
            ? renderEmpty(ctx)
            : (ctx.older?.button ?? nothing)
      }`;
  },
};

/**
 * One card. Cards are numbered (`aria-posinset` of
 * `aria-setsize`) only while some posts are not drawn yet; with every post in the page browsers
 * count the articles themselves, and numbering them would rewrite every card at each arrival.
 */
function renderPost(post: Post, enter: boolean, ctx: LayoutContext, position: [number, number] | undefined) {
  return html`<article
    part=${['post', post.pinned ? 'pinned' : '', post.highlighted ? 'highlighted' : ''].filter(Boolean).join(' ')}
    class=${enter ? 'post enter' : 'post'}
    data-post-id=${post.id}
    ?data-pinned=${post.pinned}
    ?data-highlighted=${post.highlighted}
    tabindex="0"
    aria-posinset=${position?.[0] ?? nothing}
    aria-setsize=${position?.[1] ?? nothing}
  >
    ${cardContent(post, ctx)}
  </article>`;
}

/** The last content drawn for a post, with what it was drawn from. */
const drawnContent = new WeakMap<Post, { deps: unknown[]; content: TemplateResult }>();

/**
 * A card's content changes only with the post (the SDK replaces a post's object when it changes),
 * the clock (relative times) or the viewer's choices: handing lit the same template result again
 * skips building it (text pieces, times, media), so an arrival builds one card's content.
 */
function cardContent(post: Post, ctx: LayoutContext): TemplateResult {
  const deps = [ctx.now, ctx.locale, ctx.failedImages, ctx.images, ctx.revealed];
  const last = drawnContent.get(post);
  if (last && last.deps.every((d, i) => d === deps[i])) return last.content;
  const content = html`${renderAvatar(post.author, ctx)}
    <div class="content">${renderAuthor(post, ctx)} ${renderMarks(post, ctx.i18n)} ${renderContent(post, ctx)}</div>`;
  drawnContent.set(post, { deps, content });
  return content;
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
