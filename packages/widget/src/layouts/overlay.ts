import type { Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { renderAuthor, renderAvatar, renderContent, renderMarks } from '../post-parts.js';
import { postParts, type LayoutContext, type LayoutRenderer } from './layout.js';
import { overlayStyles } from './overlay-styles.js';
import { renderEmpty, renderStatus } from './status.js';

/** How many recent posts the overlay stacks under the featured one, at most. */
const OVERLAY_POSTS = 3;

/**
 * The layout for TV broadcast overlays (e.g. an OBS browser source): large type on cards that
 * read well over video, a pinned or highlighted post featured on top, the newest few below.
 * The page behind stays visible where there are no cards; the status shows only when not live.
 */
export const overlayLayout: LayoutRenderer = {
  styles: overlayStyles,
  render(ctx) {
    // What the producer put on air leads; without a program, a pinned or highlighted post does.
    const featured = ctx.onAir?.post ?? ctx.posts.find((p) => p.pinned) ?? ctx.posts.find((p) => p.highlighted);
    const recent = ctx.posts.filter((p) => p.id !== featured?.id).slice(0, Math.min(ctx.maxPosts, OVERLAY_POSTS));
    const shown = featured ? [featured, ...recent] : recent;
    // As in the list: a feed only with posts, and no live region (the element's announcer speaks).
    return html`${ctx.state === 'live' ? nothing : renderStatus(ctx)}
      <div
        class="stage"
        role=${ifDefined(shown.length > 0 ? 'feed' : undefined)}
        aria-label=${ifDefined(shown.length > 0 ? ctx.i18n.t('postsWith', { title: ctx.title }) : undefined)}
      >
        ${repeat(
          shown,
          (post) => post.id,
          (post) => renderCard(post, post === featured, post.id === ctx.onAir?.post.id, ctx),
        )}
      </div>
      ${shown.length === 0 ? renderEmpty(ctx, true) : nothing}`;
  },
};

function renderCard(post: Post, featured: boolean, onAir: boolean, ctx: LayoutContext): TemplateResult {
  const parts = postParts(post, onAir);
  return html`<article
    part=${parts}
    class="post card ${featured ? 'featured' : ''}"
    data-post-id=${post.id}
    ?data-pinned=${post.pinned}
    ?data-highlighted=${post.highlighted}
  >
    ${renderAvatar(post.author, ctx)}
    <div class="content">
      ${renderAuthor(post, ctx)} ${featured ? renderMarks(post, ctx.i18n) : nothing}
      ${renderContent(post, ctx, featured)}
    </div>
  </article>`;
}
