import type { ModeratedPost, Post } from '@chat-wall/sdk';
import { hueOf, initialsOf, renderMarks, renderSegments } from '@chat-wall/widget';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { sourceName } from './source-names.js';
import { widgetTranslator } from './i18n/i18n-controller.js';
import type { ConsoleTranslator } from './i18n/translator.js';

/**
 * One post as moderators see it, with why it was held (or `note`, e.g. a decision). Remote strings reach the DOM only through Lit text and
 * attribute bindings, and the text through the widget's own segment renderer.
 */
export function renderPostBody(
  post: Post,
  t: ConsoleTranslator,
  moderated?: ModeratedPost,
  note?: TemplateResult,
): TemplateResult {
  const { author } = post;
  return html`<span class="avatar" style="--_hue: ${hueOf(author.handle)}" aria-hidden="true"
      >${initialsOf(author)}</span
    >
    <div>
      <div class="author">
        <span class="name" dir="auto">${author.name || author.handle}</span>
        <span class="handle" dir="ltr">@${author.handle}</span>
        <span aria-hidden="true">·</span>
        <span class="source">${sourceName(post.source, t)}</span>
        <span aria-hidden="true">·</span>
        <time datetime=${post.createdAt}>${t.time(post.createdAt)}</time>
        ${renderMarks(post, widgetTranslator())}
      </div>
      <p class="text" lang=${ifDefined(post.lang)} dir="auto">${renderSegments(post.segments, post.text)}</p>
      ${post.media.length > 0 ? html`<p class="hint">${t.t('attachments', { count: post.media.length })}</p>` : nothing}
      ${note ?? (moderated ? renderWhy(moderated, t) : nothing)}
    </div>`;
}

/**
 * Who took a post off the wall or kept it off, when and why: a moderator (`removed by alice at
 * 12:03`) or a filter (`rejected by blocklist`), with the reason they gave.
 */
export function renderDecision(moderated: ModeratedPost, t: ConsoleTranslator): TemplateResult {
  const by = moderated.decidedBy ?? moderated.filter ?? t.t('wallMode');
  const at = moderated.decidedAt ?? moderated.receivedAt;
  // The language decides where the status word, "by" and "at" go.
  const sentence = t.parts('decidedBy', {
    status: html`<span class="status-word"
      >${t.t(moderated.status === 'removed' ? 'wordRemoved' : 'wordRejected')}</span
    >`,
    by: html`<span class="by">${by}</span>`,
    time: html`<time datetime=${at}>${t.time(at)}</time>`,
  });
  return html`<p class="decision" data-status=${moderated.status}>
    ${sentence}${moderated.reason ? html`: <bdi class="reason">${moderated.reason}</bdi>` : nothing}
  </p>`;
}

/** Which filter held the post, and why. */
function renderWhy(moderated: ModeratedPost, t: ConsoleTranslator): TemplateResult | typeof nothing {
  if (!moderated.reason && !moderated.filter) return nothing;
  return html`<p class="why" data-filter=${moderated.filter ?? 'mode'}>
    <span class="filter">${moderated.filter ?? t.t('filterMode')}</span
    ><bdi class="reason">${moderated.reason ?? ''}</bdi>
  </p>`;
}

/** A short label for screen readers: who, and the start of what. */
export function postLabel(post: Post): string {
  const text = post.text.length > 80 ? `${post.text.slice(0, 80)}…` : post.text;
  return `@${post.author.handle}: ${text}`;
}
