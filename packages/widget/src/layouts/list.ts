import type { Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
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
          (post, i) => renderPost(post, i, posts.length, ctx),
        )}
      </div>
      ${posts.length === 0 ? renderEmpty(ctx) : (ctx.older?.button ?? nothing)}`;
  },
};

function renderPost(post: Post, index: number, count: number, ctx: LayoutContext): TemplateResult {
  const parts = ['post', post.pinned ? 'pinned' : '', post.highlighted ? 'highlighted' : ''].filter(Boolean).join(' ');
  return html`<article
    part=${parts}
    class="post"
    data-post-id=${post.id}
    ?data-pinned=${post.pinned}
    ?data-highlighted=${post.highlighted}
    tabindex="0"
    aria-posinset=${index + 1}
    aria-setsize=${count}
  >
    ${cardContent(post, ctx)}
  </article>`;
}

/** The last content drawn for a post, with what it was drawn from. */
const drawn = new WeakMap<Post, { deps: unknown[]; content: TemplateResult }>();

/**
 * A card's content changes only with the post (the SDK replaces a post's object when it changes),
 * the clock (relative times) or the viewer's choices. Handing lit the same template result again
 * skips building it (text pieces, times, media): on a busy wall each arrival builds one card, not
 * every card held (up to 1,000).
 */
function cardContent(post: Post, ctx: LayoutContext): TemplateResult {
  const deps = [ctx.now, ctx.locale, ctx.failedImages, ctx.images, ctx.revealed];
  const last = drawn.get(post);
  if (last && last.deps.every((d, i) => d === deps[i])) return last.content;
  const content = html`${renderAvatar(post.author, ctx)}
    <div class="content">${renderAuthor(post, ctx)} ${renderMarks(post, ctx.i18n)} ${renderContent(post, ctx)}</div>`;
  drawn.set(post, { deps, content });
  return content;
}
