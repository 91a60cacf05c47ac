import type { Post } from '@chat-wall/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import { renderAuthor, renderAvatar, renderContent } from '../post-parts.js';
import { renderSegments } from '../render-segments.js';
import { postParts, type LayoutContext, type LayoutRenderer } from './layout.js';
import { renderStatus } from './status.js';
import { TickerTrack } from './ticker-track.js';

// The broadcast layouts (lower third, ticker, spotlight). This module is loaded on demand, as its
// own chunk, the first time an element asks for one of them: pages with a list or an overlay never
// download it.

/** Lower third: the post on air in a band across the lower third, inside title-safe margins. */
export const lowerThirdLayout: LayoutRenderer = {
  get styles() {
    return broadcastStyles;
  },
  render(ctx) {
    return html`${statusUnlessLive(ctx)}
      <div class="band-slot" aria-live="polite">
        ${ctx.onAir ? renderBand(ctx.onAir.post, true, ctx) : nothing}
        ${ctx.leaving ? renderBand(ctx.leaving, false, ctx) : nothing}
      </div>`;
  },
};

/** Spotlight: the post on air, large and centred (the newest post while nothing is on air). */
export const spotlightLayout: LayoutRenderer = {
  get styles() {
    return broadcastStyles;
  },
  render(ctx) {
    const post = ctx.onAir?.post ?? ctx.posts[0];
    return html`${statusUnlessLive(ctx)}
      <div class="spot-slot" aria-live="polite">
        ${post ? renderSpot(post, post.id === ctx.onAir?.post.id, ctx) : nothing}
        ${ctx.leaving && ctx.leaving.id !== post?.id ? renderSpot(ctx.leaving, false, ctx, true) : nothing}
      </div>`;
  },
};

const tracks = new WeakMap<object, TickerTrack>();

/** Ticker: approved posts crawling right to left at a steady speed, the post on air held at its start. */
export const tickerLayout: LayoutRenderer = {
  get styles() {
    return broadcastStyles;
  },
  render(ctx) {
    let track = tracks.get(ctx.owner);
    if (!track) {
      track = new TickerTrack();
      tracks.set(ctx.owner, track);
    }
    track.update(ctx.posts, ctx.tickerSpeed, (post) => renderTickerItem(post, ctx), ctx.i18n.dir === 'rtl');
    const onAir = ctx.onAir?.post;
    return html`${statusUnlessLive(ctx)}
      <div class="ticker" role="marquee" aria-label=${ctx.i18n.t('postsWith', { title: ctx.title })}>
        <div class="ticker-label">
          ${
            onAir
              ? html`<div part=${postParts(onAir, true)} class="post ticker-on-air" data-post-id=${onAir.id}>
                  ${renderAvatar(onAir.author, ctx)}
                  <span class="ticker-text" lang=${ifDefined(onAir.lang)} dir="auto"
                    ><b>${onAir.author.name || onAir.author.handle}</b>
                    ${renderSegments(onAir.segments, onAir.text)}</span
                  >
                </div>`
              : html`<span class="ticker-title" dir="auto">${ctx.title}</span>`
          }
        </div>
        <div class="ticker-window">
          <div class="ticker-track" ${ref((el) => track.attach(el as HTMLElement | undefined))}></div>
        </div>
      </div>`;
  },
};

function statusUnlessLive(ctx: LayoutContext): TemplateResult | typeof nothing {
  return ctx.state === 'live' ? nothing : renderStatus(ctx);
}

function renderBand(post: Post, onAir: boolean, ctx: LayoutContext): TemplateResult {
  return html`<article
    part=${onAir ? postParts(post, true) : 'leaving'}
    class="post band ${onAir ? 'in' : 'out'}"
    data-post-id=${ifDefined(onAir ? post.id : undefined)}
    @animationend=${onAir ? undefined : () => ctx.onLeft?.()}
  >
    ${renderAvatar(post.author, ctx)}
    <div class="content">${renderAuthor(post, ctx)} ${renderContent(post, ctx, false)}</div>
    <span class="source">${post.source}</span>
  </article>`;
}

function renderSpot(post: Post, onAir: boolean, ctx: LayoutContext, leaving = false): TemplateResult {
  return html`<article
    part=${leaving ? 'leaving' : postParts(post, onAir)}
    class="post spot ${leaving ? 'out' : 'in'}"
    data-post-id=${ifDefined(leaving ? undefined : post.id)}
    @animationend=${leaving ? () => ctx.onLeft?.() : undefined}
  >
    ${renderAvatar(post.author, ctx)} ${renderAuthor(post, ctx)} ${renderContent(post, ctx)}
  </article>`;
}

function renderTickerItem(post: Post, ctx: LayoutContext): TemplateResult {
  return html`<span part="post" class="post ticker-item" data-post-id=${post.id}
    ><b>${post.author.name || post.author.handle}</b>
    ${
      post.contentWarning
        ? html`<i>${ctx.i18n.t('contentWarning')} ${post.contentWarning}</i>`
        : html`<span lang=${ifDefined(post.lang)} dir="auto">${renderSegments(post.segments, post.text)}</span>`
    }
    <span class="ticker-sep" aria-hidden="true">${ctx.title}</span></span
  >`;
}

/** Styles of the broadcast layouts, adopted into the element's shadow root when this module loads. */
export const broadcastStyles = css`
  .layout-lower-third,
  .layout-spotlight,
  .layout-ticker {
    container-type: size;
    position: relative;
    width: 100%;
    height: 100%;
    min-height: 120px;
    overflow: hidden;
    box-sizing: border-box;
    /* Container units measure the content box: no padding, so 5cqw is 5% of the frame itself. */
    padding: 0;
    /* Sizes follow the frame: 1080 lines give 34px type, 2160 lines twice that. */
    font-size: var(--chat-wall-font-size, clamp(14px, 3.2cqh, 160px));
    --_avatar: var(--chat-wall-avatar-size, 2.4em);
    /* Title-safe area: 5% of the frame on each side (EBU R 95 / SMPTE RP 2046-1). */
    --_safe-x: 5cqw;
    --_safe-y: 5cqh;
  }
  .layout-lower-third .status,
  .layout-spotlight .status,
  .layout-ticker .status {
    position: absolute;
    top: var(--_safe-y);
    inset-inline-end: var(--_safe-x);
    font-size: 0.5em;
  }
  .band-slot {
    position: absolute;
    inset-inline: var(--_safe-x);
    bottom: var(--_safe-y);
    height: calc(100cqh / 3 - var(--_safe-y));
    display: grid;
    align-items: end;
  }
  .band {
    grid-area: 1 / 1;
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0.5em 0.8em;
    background: color-mix(in srgb, var(--_surface) 94%, transparent);
    border-inline-start: 0.25em solid var(--_accent);
    border-radius: var(--_radius);
    box-shadow: 0 0.3em 1.2em rgb(0 0 0 / 30%);
    max-height: 100%;
    overflow: hidden;
  }
  .band .content {
    flex: 1;
    min-width: 0;
  }
  .band .body {
    margin: 0.15em 0 0;
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .band .source {
    align-self: flex-start;
    font-size: 0.45em;
    text-transform: uppercase;
    letter-spacing: 0.08em;
    color: var(--_muted);
  }
  .spot-slot {
    position: absolute;
    inset: var(--_safe-y) var(--_safe-x);
    display: grid;
    place-items: center;
  }
  .spot {
    grid-area: 1 / 1;
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: center;
    gap: 0.4em 0.7em;
    max-width: 75cqw;
    padding: 1em 1.3em;
    font-size: 1.5em;
    background: color-mix(in srgb, var(--_surface) 95%, transparent);
    border-radius: calc(var(--_radius) * 2);
    box-shadow: 0 0.4em 2em rgb(0 0 0 / 35%);
  }
  .spot .body {
    grid-column: 1 / -1;
    margin: 0;
  }
  .spot .media,
  .spot .content-warning {
    grid-column: 1 / -1;
    margin: 0;
  }
  .spot .media .thumb,
  .spot .media.count-1 .thumb {
    max-block-size: 48cqh;
  }
  .spot:has(.media) {
    max-width: 85cqw;
  }
  .layout-ticker .ticker {
    position: absolute;
    inset-inline: 0;
    bottom: var(--_safe-y);
    display: flex;
    align-items: stretch;
    height: 1.9em;
    background: color-mix(in srgb, var(--_surface) 94%, transparent);
    box-shadow: 0 0.2em 1em rgb(0 0 0 / 30%);
  }
  .ticker-label {
    display: flex;
    align-items: center;
    padding-block: 0;
    padding-inline: var(--_safe-x) 0.6em;
    background: var(--_accent);
    color: #fff;
    max-width: 45%;
    white-space: nowrap;
    overflow: hidden;
    z-index: 1;
  }
  .ticker-label .post {
    display: flex;
    align-items: center;
    gap: 0.4em;
    overflow: hidden;
  }
  .ticker-label .avatar {
    width: 1.3em;
    height: 1.3em;
    font-size: 0.6em;
  }
  .ticker-text {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .ticker-window {
    position: relative;
    flex: 1;
    overflow: hidden;
  }
  .ticker-track {
    position: absolute;
    inset: 0;
    will-change: transform;
  }
  .ticker-track > span {
    position: absolute;
    inset-inline-start: 0;
    top: 0;
    bottom: 0;
    display: flex;
  }
  .ticker-item {
    display: flex;
    align-items: center;
    gap: 0.35em;
    white-space: nowrap;
    padding-inline-end: 1em;
  }
  .ticker-sep {
    color: var(--_accent);
    font-weight: 700;
    padding-inline-start: 0.6em;
  }
  .in {
    animation: chat-wall-in 450ms cubic-bezier(0.2, 0.8, 0.2, 1) both;
  }
  .out {
    animation: chat-wall-out 350ms ease-in both;
  }
  @keyframes chat-wall-in {
    from {
      opacity: 0;
      transform: translateY(30%);
    }
  }
  @keyframes chat-wall-out {
    to {
      opacity: 0;
      transform: translateY(30%);
    }
  }
  :host([motion='none']) .in,
  :host([motion='none']) .out {
    animation: none;
  }
  @media (prefers-reduced-motion: reduce) {
    .in,
    .out {
      animation: none;
    }
  }
`;
