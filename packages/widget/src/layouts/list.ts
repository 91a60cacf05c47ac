import type { Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { renderAuthor, renderAvatar, renderMarks, renderMedia } from '../post-parts.js';
import { renderSegments } from '../render-segments.js';
import { pinnedFirst, type LayoutContext, type LayoutRenderer } from './layout.js';
import { renderEmpty, renderStatus } from './status.js';

/**
 * The layout for web pages: a header with the wall's title and status, then a feed of cards,
 * pinned posts first, newest first.
 */
export const listLayout: LayoutRenderer = {
  render(ctx) {
    const posts = pinnedFirst(ctx.posts).slice(0, ctx.maxPosts);
    const problem = posts.length > 0 && ctx.status.message;
    return html`<header class="header">
        <h2 class="title">${ctx.title}</h2>
        ${renderStatus(ctx)}
      </header>
      ${problem ? html`<p class="notice" role="status">${ctx.status.message}</p>` : nothing}
      <div
        class="feed"
        role="feed"
        aria-live="polite"
        aria-busy=${ctx.loaded ? 'false' : 'true'}
        aria-label=${`Posts with ${ctx.title}`}
      >
        ${repeat(
          posts,
          (post) => post.id,
          (post, i) => renderPost(post, i, posts.length, ctx),
        )}
      </div>
      ${posts.length === 0 ? renderEmpty(ctx) : nothing}`;
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
    ${renderAvatar(post.author, ctx)}
    <div class="content">
      ${renderAuthor(post, ctx)} ${renderMarks(post)}
      <p part="post-body" class="body" lang=${ifDefined(post.lang)}>${renderSegments(post.segments, post.text)}</p>
      ${renderMedia(post, ctx)}
    </div>
  </article>`;
}
