import type { ModeratedPost, Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { postLabel, renderDecision, renderPostBody } from './post-card.js';
import { consoleTranslator } from './i18n/i18n-controller.js';
import type { ConsoleTranslator } from './i18n/translator.js';
import { Command, keyLabel, shortcutOf } from './shortcuts.js';

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
    ${label}<kbd aria-hidden="true">${keyLabel(shortcut.label, (k) => consoleTranslator().t(k))}</kbd>
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
export function renderQueue(queue: readonly ModeratedPost[], ctx: ListContext, t: ConsoleTranslator): TemplateResult {
  if (queue.length === 0) {
    return html`<p class="empty card" data-empty="queue">${t.t('queueEmptyHint')}</p>`;
  }
  return html`<ol class="posts" aria-label=${t.t('heldPostsList')}>
    ${queue.map((m) =>
      item(
        ctx,
        m.post.id,
        postLabel(m.post),
        renderPostBody(m.post, t, m),
        html`${actionButton(ctx, Command.Approve, m.post.id, t.t('approve'))}
        ${actionButton(ctx, Command.Reject, m.post.id, t.t('reject'))}
        ${actionButton(ctx, Command.Ban, m.post.id, t.t('banAuthor'), true)}`,
      ),
    )}
  </ol>`;
}

/** The wall as viewers see it, with the display actions. */
export function renderWall(posts: readonly Post[], ctx: ListContext, t: ConsoleTranslator): TemplateResult {
  if (posts.length === 0) {
    return html`<p class="empty card" data-empty="wall">${t.t('wallEmpty')}</p>`;
  }
  return html`<ol class="posts" aria-label=${t.t('wallList')}>
    ${posts.map((p) =>
      item(
        ctx,
        p.id,
        postLabel(p),
        renderPostBody(p, t),
        html`${actionButton(ctx, Command.Pin, p.id, t.t(p.pinned ? 'unpin' : 'pin'))}
        ${actionButton(ctx, Command.Highlight, p.id, t.t(p.highlighted ? 'unhighlight' : 'highlight'))}
        ${actionButton(ctx, Command.Answer, p.id, t.t(p.answered ? 'markNotAnswered' : 'markAnswered'))}
        ${actionButton(ctx, Command.Remove, p.id, t.t('remove'), true)}
        ${actionButton(ctx, Command.Ban, p.id, t.t('banAuthor'), true)}`,
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
  t: ConsoleTranslator,
  state: RemovedListState,
): TemplateResult {
  if (list.length === 0) {
    return html`<p class="empty card" data-empty="removed">${state.loading ? t.t('loading') : t.t('removedEmpty')}</p>`;
  }
  return html`<ol class="posts" aria-label=${t.t('removedList')}>
      ${list.map((m) =>
        item(
          ctx,
          m.post.id,
          postLabel(m.post),
          renderPostBody(m.post, t, m, renderDecision(m, t)),
          actionButton(ctx, Command.Restore, m.post.id, t.t('restore')),
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
              ${state.loadingMore ? t.t('loading') : t.t('showMore')}
            </button>`
          : html`<span class="hint">${t.t('thatIsAll', { count: list.length })}</span>`
      }
    </p>`;
}
