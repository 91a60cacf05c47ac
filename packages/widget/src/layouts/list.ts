import type { Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { renderAuthor, renderAvatar, renderBody, renderMarks, renderMedia } from '../post-parts.js';
import { pinnedFirst, type LayoutContext, type LayoutRenderer, type OlderPostsView } from './layout.js';
import { renderEmpty, renderStatus } from './status.js';
import type { Translator } from '../i18n/translator.js';

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
      ${posts.length === 0 ? renderEmpty(ctx) : ctx.older ? renderOlder(ctx.older, ctx.i18n) : nothing}`;
  },
};

/**
 * The "Show older posts" button below the feed, with its loading and error states. It keeps focus
 * while loading (`aria-disabled` rather than `disabled`, which would drop it) and the live region
 * next to it tells screen readers what happens.
 */
function renderOlder(view: OlderPostsView, i18n: Translator): TemplateResult | typeof nothing {
  if (!view.more) return nothing;
  const t = i18n.t.bind(i18n);
  const loading = view.state === 'loading';
  const failed = view.state === 'failed';
  return html`<div class="older">
    ${
      failed
        ? html`<p part="load-older-error" class="older-error" role="alert">
            ${t('olderFailed', { error: view.error ?? t('unknownError') })}
          </p>`
        : nothing
    }
    <button
      part="load-older"
      class="load-older"
      type="button"
      aria-disabled=${loading ? 'true' : 'false'}
      @click=${() => {
        if (!loading) view.load();
      }}
    >
      ${loading ? t('loadingOlder') : failed ? t('tryAgain') : t('showOlder')}
    </button>
    <span class="visually-hidden" role="status">${loading ? t('loadingOlder') : ''}</span>
  </div>`;
}

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
      ${renderAuthor(post, ctx)} ${renderMarks(post, ctx.i18n)} ${renderBody(post)} ${renderMedia(post, ctx)}
    </div>
  </article>`;
}
