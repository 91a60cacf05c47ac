import type { Author, Media, Post } from '@chat-wall/sdk';
import { html, nothing, svg, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LayoutContext } from './layouts/layout.js';
import { formatRelativeTime } from './relative-time.js';
import { LINK_REL, renderSegments } from './render-segments.js';
import { httpUrl } from './safe-url.js';
import { english, type Translator } from './i18n/translator.js';

/**
 * The pieces every layout draws a post with: avatar, author line, time, media, marks.
 * Remote strings only ever reach the DOM through Lit text and attribute bindings.
 */

const verifiedIcon = svg`<path fill="currentColor" d="M12 1.5l2.6 1.9 3.2-.1 1 3.1 2.6 1.9-1 3.1 1 3.1-2.6 1.9-1 3.1-3.2-.1L12 22.5l-2.6-1.9-3.2.1-1-3.1-2.6-1.9 1-3.1-1-3.1 2.6-1.9 1-3.1 3.2.1z"/><path fill="#fff" d="M10.6 15.6l-3.2-3.2 1.4-1.4 1.8 1.8 4.6-4.6 1.4 1.4z"/>`;

/** An avatar `<img>` for http(s) URLs that load; otherwise initials on a colour derived from the handle. */
export function renderAvatar(author: Author, ctx: LayoutContext): TemplateResult {
  const src = ctx.images === false ? undefined : httpUrl(author.avatar);
  if (src && !ctx.failedImages.has(src)) {
    return html`<img
      part="avatar"
      class="avatar"
      src=${src}
      alt=""
      loading="lazy"
      referrerpolicy="no-referrer"
      @error=${() => ctx.onImageError(src)}
    />`;
  }
  return html`<span part="avatar" class="avatar initials" style="--_hue: ${hueOf(author.handle)}" aria-hidden="true"
    >${initialsOf(author)}</span
  >`;
}

/** Name, verified mark, handle and relative time. */
export function renderAuthor(post: Post, ctx: LayoutContext): TemplateResult {
  const { author } = post;
  return html`<div part="post-author" class="author">
    <span class="name" dir="auto">${author.name || author.handle}</span>
    ${
      author.verified
        ? html`<svg class="verified" viewBox="0 0 24 24" role="img" aria-label=${ctx.i18n.t('verified')}>
            ${verifiedIcon}
          </svg>`
        : nothing
    }
    <span class="handle" dir="ltr">@${author.handle}</span>
    <span class="sep" aria-hidden="true">·</span>
    ${renderTime(post, ctx)}
  </div>`;
}

function renderTime(post: Post, ctx: LayoutContext): TemplateResult {
  const label = formatRelativeTime(post.createdAt, ctx.now, ctx.locale);
  const time = html`<time datetime=${post.createdAt} title=${absolute(post.createdAt)}>${label}</time>`;
  const href = httpUrl(post.url);
  return href ? html`<a class="time" href=${href} rel=${LINK_REL} target="_blank">${time}</a>` : time;
}

/** Pinned / highlighted / answered badges. */
export function renderMarks(post: Post, i18n: Translator = english): TemplateResult | typeof nothing {
  if (!post.pinned && !post.highlighted && !post.answered) return nothing;
  return html`<div class="marks">
    ${post.pinned ? html`<span class="mark pinned">${i18n.t('pinned')}</span>` : nothing}
    ${post.highlighted ? html`<span class="mark highlighted">${i18n.t('highlighted')}</span>` : nothing}
    ${post.answered ? html`<span class="mark answered">${i18n.t('answered')}</span>` : nothing}
  </div>`;
}

/**
 * The post's text and media, or, when its author set a content warning, the warning and a button
 * that shows them (the text is not in the page until then, so screen readers skip it too).
 */
export function renderContent(post: Post, ctx: LayoutContext, media = true): TemplateResult {
  if (post.contentWarning && !ctx.revealed?.has(post.id)) {
    return html`<div part="content-warning" class="content-warning">
      <p class="cw-text">
        <span class="cw-label">${ctx.i18n.t('contentWarning')}</span> <span dir="auto">${post.contentWarning}</span>
      </p>
      ${renderReveal(post, ctx, ctx.i18n.t('showPost'))}
    </div>`;
  }
  return html`${renderBody(post)} ${media ? renderMedia(post, ctx) : nothing}`;
}

/**
 * The post's text, in its own language when the source says which, and in its own direction
 * (`dir="auto"`): a Hebrew post reads right to left on an English wall, and the other way round.
 * No white space inside the paragraph: the body keeps the post's own (pre-wrap).
 */
export function renderBody(post: Post): TemplateResult {
  const text = renderSegments(post.segments, post.text);
  return html`<p part="post-body" class="body" lang=${ifDefined(post.lang)} dir="auto">${text}</p>`;
}

function renderReveal(post: Post, ctx: LayoutContext, label: string): TemplateResult | typeof nothing {
  // Screens without a viewer at them (no reveal handler) keep the content hidden.
  return ctx.onReveal
    ? html`<button part="reveal" class="reveal" type="button" @click=${() => ctx.onReveal?.(post.id)}>${label}</button>`
    : nothing;
}

/**
 * The post's http(s) media as `<img>` with their alt text, lazily loaded: images themselves, videos
 * and GIFs by their poster frame, marked as such (they do not play on a wall). Sensitive media are
 * blurred until a viewer asks to see them; with `images="off"` each is its description instead.
 */
export function renderMedia(post: Post, ctx: LayoutContext): TemplateResult | typeof nothing {
  const items = post.media.flatMap((m) => {
    const src = httpUrl(m.url);
    return src && !ctx.failedImages.has(src) ? [{ ...m, url: src }] : [];
  });
  if (items.length === 0) return nothing;
  const shown = items.slice(0, 4);
  if (ctx.images === false) {
    return html`<ul part="post-media" class="alts">
      ${shown.map((m) => html`<li dir="auto">${altOf(m, post.author.handle, ctx)}</li>`)}
    </ul>`;
  }
  const hidden = post.sensitive === true && !ctx.revealed?.has(post.id);
  return html`<div part="post-media" class="media count-${shown.length} ${hidden ? 'sensitive' : ''}">
    ${shown.map((m) => renderThumb(m, post.author.handle, ctx))}
    ${
      hidden
        ? html`<div class="cover">
            <b>${ctx.i18n.t('sensitiveMedia')}</b> ${renderReveal(post, ctx, ctx.i18n.t('showMedia'))}
          </div>`
        : nothing
    }
  </div>`;
}

/** What a video or GIF is called, in the wall's language. */
function kindOf(type: Exclude<Media['type'], 'image'>, ctx: LayoutContext): string {
  return ctx.i18n.t(type === 'video' ? 'kindVideo' : 'kindGif');
}

/** The description of a picture: the author's alt text, said to be a video or GIF when it is one. */
function altOf(media: Media, handle: string, ctx: LayoutContext): string {
  const alt = media.alt?.trim();
  if (!alt) return ctx.i18n.t(media.type === 'image' ? 'imageBy' : 'videoBy', { handle });
  return media.type === 'image' ? alt : `${kindOf(media.type, ctx)}: ${alt}`;
}

function renderThumb(media: Media, handle: string, ctx: LayoutContext): TemplateResult {
  const ratio = media.width && media.height ? `${media.width} / ${media.height}` : undefined;
  return html`<span class="thumb ${media.type}" style=${ifDefined(ratio && `--_ratio: ${ratio}`)}>
    <img
      src=${media.url}
      alt=${altOf(media, handle, ctx)}
      loading="lazy"
      referrerpolicy="no-referrer"
      @error=${() => ctx.onImageError(media.url)}
    />
    ${media.type === 'image' ? nothing : html`<span class="kind" aria-hidden="true">▶ ${kindOf(media.type, ctx)}</span>`}
  </span>`;
}

/** Up to two initials from the name (or the handle), whole characters even for emoji. */
export function initialsOf(author: Author): string {
  const words = (author.name || author.handle).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const letters = words.slice(0, 2).map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** A stable hue in [0, 360) for a handle, so one author always gets one colour. */
export function hueOf(handle: string): number {
  let hash = 0;
  for (const ch of handle.toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 360;
}

function absolute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}
