import type { ModeratedPost, Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { postLabel, renderDecision, renderPostBody } from './post-card.js';
import { Command, shortcutOf } from './shortcuts.js';

/** What the queue and wall lists need from the console. */
export interface ListContext {
  selected: string | undefined;
  /** Runs a command on a post (the same path as its shortcut). */
  run(command: Command, postId: string): void;
  select(postId: string): void;
  /** Whether the token's roles allow a command; its button is left out otherwise. Every command when absent. */
  can?(command: Command): boolean;
}

/**
 * A button for a command, labelled with its key. Out of the tab order: the list item it sits in
 * is the tab stop, and the key does the same from there.
 */
export function commandButton(command: Command, label: string, onClick: () => void, danger = false): TemplateResult {
  const shortcut = shortcutOf(command);
  return html`<button
    type="button"
    class=${danger ? 'danger' : ''}
    data-command=${command}
    aria-keyshortcuts=${shortcut.aria}
    tabindex="-1"
    @click=${onClick}
  >
    ${label}<kbd aria-hidden="true">${shortcut.label}</kbd>
  </button>`;
}

function actionButton(ctx: ListContext, command: Command, postId: string, label: string, danger = false) {
  if (ctx.can && !ctx.can(command)) return nothing;
  return commandButton(command, label, () => ctx.run(command, postId), danger);
}

/**
 * One focusable article per post. Focus follows the selection (roving tabindex), so the list is
 * one tab stop and screen readers read the post that j/k moved to.
 */
function item(
  ctx: ListContext,
  id: string,
  label: string,
  body: TemplateResult,
  actions: TemplateResult | typeof nothing,
  cls = '',
) {
  const current = ctx.selected === id;
  return html`<li>
    <article
      class="post ${cls}"
      data-post-id=${id}
      tabindex=${current ? 0 : -1}
      aria-current=${current ? 'true' : 'false'}
      aria-label=${label}
      @focus=${() => ctx.select(id)}
      @click=${() => ctx.select(id)}
    >
      ${body}
      <div></div>
      <div class="actions">${actions}</div>
    </article>
  </li>`;
}

/** The held queue, oldest first, each post with its filter and reason. */
export function renderQueue(queue: readonly ModeratedPost[], ctx: ListContext): TemplateResult {
  if (queue.length === 0) {
    return html`<p class="empty card" data-empty="queue">Nothing is waiting. New held posts appear here live.</p>`;
  }
  return html`<ol class="posts" aria-label="Held posts, oldest first">
    ${queue.map((m) =>
      item(
        ctx,
        m.post.id,
        postLabel(m.post),
        renderPostBody(m.post, m),
        html`${actionButton(ctx, Command.Approve, m.post.id, 'Approve')}
        ${actionButton(ctx, Command.Reject, m.post.id, 'Reject')}
        ${actionButton(ctx, Command.Ban, m.post.id, 'Ban author', true)}`,
      ),
    )}
  </ol>`;
}

/** The wall as viewers see it, with the display actions. */
export function renderWall(posts: readonly Post[], ctx: ListContext): TemplateResult {
  if (posts.length === 0) {
    return html`<p class="empty card" data-empty="wall">No posts are on the wall yet.</p>`;
  }
  return html`<ol class="posts" aria-label="Posts on the wall, newest first">
    ${posts.map((p) =>
      item(
        ctx,
        p.id,
        postLabel(p),
        renderPostBody(p),
        html`${actionButton(ctx, Command.Pin, p.id, p.pinned ? 'Unpin' : 'Pin')}
        ${actionButton(ctx, Command.Highlight, p.id, p.highlighted ? 'Unhighlight' : 'Highlight')}
        ${actionButton(ctx, Command.Answer, p.id, p.answered ? 'Not answered' : 'Answered')}
        ${actionButton(ctx, Command.Remove, p.id, 'Remove', true)}
        ${actionButton(ctx, Command.Ban, p.id, 'Ban author', true)}`,
        p.highlighted ? 'highlighted' : '',
      ),
    )}
  </ol>`;
}

/** What the removed and rejected list shows besides its posts. */
export interface RemovedListState {
  /** Not loaded yet. */
  loading: boolean;
  /** Whether the relay may have older posts than those listed. */
  hasMore: boolean;
  /** The next page is on its way. */
  loadingMore: boolean;
  more(): void;
}

/** Removed and rejected posts, newest decision first, each with who decided and why, to restore. */
export function renderRemoved(
  list: readonly ModeratedPost[],
  ctx: ListContext,
  state: RemovedListState,
): TemplateResult {
  if (list.length === 0) {
    return html`<p class="empty card" data-empty="removed">
      ${state.loading ? 'Loading…' : 'Nothing was removed or rejected on this wall.'}
    </p>`;
  }
  return html`<ol class="posts" aria-label="Removed and rejected posts, newest decision first">
      ${list.map((m) =>
        item(
          ctx,
          m.post.id,
          postLabel(m.post),
          renderPostBody(m.post, m, renderDecision(m)),
          actionButton(ctx, Command.Restore, m.post.id, 'Restore'),
          'taken-down',
        ),
      )}
    </ol>
    <p class="more">
      ${
        state.hasMore
          ? html`<button
              type="button"
              data-action="more-removed"
              ?disabled=${state.loadingMore}
              aria-busy=${state.loadingMore ? 'true' : 'false'}
              @click=${state.more}
            >
              ${state.loadingMore ? 'Loading…' : 'Show more'}
            </button>`
          : html`<span class="hint">That is all (${list.length}).</span>`
      }
    </p>`;
}
