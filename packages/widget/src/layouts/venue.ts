import type { Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import { renderAuthor, renderAvatar, renderContent, renderMarks } from '../post-parts.js';
import { pinnedFirst, postParts, type LayoutContext, type LayoutRenderer } from './layout.js';
import { MasonryColumns } from './masonry-columns.js';
import { renderEmpty, renderStatus } from './status.js';
import { venueStyles } from './venue-styles.js';

// The venue layouts, for screens in a room: type sized from the wall's width (readable from 3 m on
// a 1080p screen, larger with `scale`), cards side by side, media large.

/** Grid: equal cards in as many columns as the width holds, pinned first, newest first. */
export const gridLayout: LayoutRenderer = {
  styles: venueStyles,
  render(ctx) {
    const posts = pinnedFirst(ctx.posts).slice(0, ctx.maxPosts);
    return frame(
      ctx,
      posts.length,
      html`<div
        class="grid"
        role=${ifDefined(posts.length > 0 ? 'feed' : undefined)}
        aria-label=${ifDefined(label(ctx, posts))}
      >
        ${repeat(
          posts,
          (post) => post.id,
          (post, i) => renderCard(post, i, posts.length, ctx),
        )}
      </div>`,
    );
  },
};

const walls = new WeakMap<object, MasonryColumns>();

/**
 * Masonry: cards of their own heights packed in columns. A post keeps its column (see
 * {@linkcode MasonryColumns}), so a new one moves only the cards of the column it lands in.
 */
export const masonryLayout: LayoutRenderer = {
  styles: venueStyles,
  render(ctx) {
    let columns = walls.get(ctx.owner);
    if (!columns) {
      const owner = ctx.owner as { requestUpdate?: () => void };
      columns = new MasonryColumns(() => owner.requestUpdate?.());
      walls.set(ctx.owner, columns);
    }
    const wall = columns;
    const posts = pinnedFirst(ctx.posts).slice(0, ctx.maxPosts);
    const dealt = wall.arrange(posts);
    let index = 0;
    return frame(
      ctx,
      posts.length,
      html`<div
        class="masonry"
        role=${ifDefined(posts.length > 0 ? 'feed' : undefined)}
        aria-label=${ifDefined(label(ctx, posts))}
        style="--_columns: ${dealt.length}"
        ${ref((el) => wall.attach(el as HTMLElement | undefined))}
      >
        ${dealt.map(
          (column) =>
            html`<div class="column">
              ${repeat(
                column,
                (post) => post.id,
                (post) => renderCard(post, index++, posts.length, ctx),
              )}
            </div>`,
        )}
      </div>`,
    );
  },
};

/** The feed's name, when there is a feed (without posts there is only the live region). */
function label(ctx: LayoutContext, posts: readonly Post[]): string | undefined {
  return posts.length > 0 ? ctx.i18n.t('postsWith', { title: ctx.title }) : undefined;
}

/** Header, notice and the empty state around a venue layout's cards. */
function frame(ctx: LayoutContext, count: number, cards: TemplateResult): TemplateResult {
  const problem = count > 0 && ctx.status.message;
  return html`<div class="venue">
    <header class="header">
      <h2 class="title" dir="auto">${ctx.title}</h2>
      ${renderStatus(ctx)}
    </header>
    ${problem ? html`<p class="notice" role="status">${ctx.status.message}</p>` : nothing}
    <div class="cards" aria-live="polite" aria-busy=${ctx.loaded ? 'false' : 'true'}>${cards}</div>
    ${count === 0 ? renderEmpty(ctx) : nothing}
  </div>`;
}

function renderCard(post: Post, index: number, count: number, ctx: LayoutContext): TemplateResult {
  return html`<article
    part=${postParts(post, post.id === ctx.onAir?.post.id)}
    class="post card"
    data-post-id=${post.id}
    ?data-pinned=${post.pinned}
    ?data-highlighted=${post.highlighted}
    tabindex="0"
    aria-posinset=${index + 1}
    aria-setsize=${count}
  >
    <div class="card-head">${renderAvatar(post.author, ctx)} ${renderAuthor(post, ctx)}</div>
    ${renderMarks(post, ctx.i18n)} ${renderContent(post, ctx)}
  </article>`;
}
