import type { ModeratedPost, Post } from '@chat-wall/sdk';
import { hueOf, initialsOf, renderMarks, renderSegments } from '@chat-wall/widget';
import { html, nothing, type TemplateResult } from 'lit';

/**
 * One post as moderators see it, with why it was held (or `note`, e.g. a decision). Remote strings reach the DOM only through Lit text and
 * attribute bindings, and the text through the widget's own segment renderer.
 */
export function renderPostBody(post: Post, moderated?: ModeratedPost, note?: TemplateResult): TemplateResult {
  const { author } = post;
  return html`<span class="avatar" style="--_hue: ${hueOf(author.handle)}" aria-hidden="true"
      >${initialsOf(author)}</span
    >
    <div>
      <div class="author">
        <span class="name">${author.name || author.handle}</span>
        <span class="handle">@${author.handle}</span>
        <span aria-hidden="true">·</span>
        <span class="source">${post.source}</span>
        <span aria-hidden="true">·</span>
        <time datetime=${post.createdAt}>${clockTime(post.createdAt)}</time>
        ${renderMarks(post)}
      </div>
      <p class="text">${renderSegments(post.segments, post.text)}</p>
      ${
        post.media.length > 0
          ? html`<p class="hint">${post.media.length} ${post.media.length === 1 ? 'attachment' : 'attachments'}</p>`
          : nothing
      }
      ${note ?? (moderated ? renderWhy(moderated) : nothing)}
    </div>`;
}

/**
 * Who took a post off the wall or kept it off, when and why: a moderator (`removed by alice at
 * 12:03`) or a filter (`rejected by blocklist`), with the reason they gave.
 */
export function renderDecision(moderated: ModeratedPost): TemplateResult {
  const by = moderated.decidedBy ?? moderated.filter ?? "the wall's mode";
  const at = moderated.decidedAt ?? moderated.receivedAt;
  return html`<p class="decision" data-status=${moderated.status}>
    <span class="status-word">${moderated.status === 'removed' ? 'Removed' : 'Rejected'}</span>
    by <span class="by">${by}</span> at <time datetime=${at}>${clockTime(at)}</time>${
      moderated.reason ? html`: <span class="reason">${moderated.reason}</span>` : nothing
    }
  </p>`;
}

/** Which filter held the post, and why. */
function renderWhy(moderated: ModeratedPost): TemplateResult | typeof nothing {
  if (!moderated.reason && !moderated.filter) return nothing;
  return html`<p class="why" data-filter=${moderated.filter ?? 'mode'}>
    <span class="filter">${moderated.filter ?? 'mode'}</span><span class="reason">${moderated.reason ?? ''}</span>
  </p>`;
}

/** A short label for screen readers: who, and the start of what. */
export function postLabel(post: Post): string {
  const text = post.text.length > 80 ? `${post.text.slice(0, 80)}…` : post.text;
  return `@${post.author.handle}: ${text}`;
}

function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
