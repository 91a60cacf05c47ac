import type { ModeratedPost, Post } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { ConsoleController } from './console-controller.js';
import type { ConsoleKey } from './i18n/en.js';
import type { ConsoleTranslator } from './i18n/translator.js';
import { renderQueue, renderRemoved, renderWall, type ListContext } from './post-lists.js';
import { Command, keyLabel, SHORTCUTS, View, VIEW_OF } from './shortcuts.js';

/** The views that list posts, each with its own selection. */
export type ListView = typeof View.Queue | typeof View.Wall | typeof View.Removed;
export const LIST_VIEWS: readonly ListView[] = [View.Queue, View.Wall, View.Removed];
export const isList = (view: View): view is ListView => (LIST_VIEWS as readonly View[]).includes(view);

/** Each view's name, as its tab says it. */
export const VIEW_NAME: Readonly<Record<View, ConsoleKey>> = {
  [View.Queue]: 'tabQueue',
  [View.Wall]: 'tabWall',
  [View.Removed]: 'tabRemoved',
  [View.Settings]: 'tabSettings',
  [View.Audit]: 'tabAudit',
  [View.Questions]: 'tabQuestions',
  [View.Sessions]: 'tabSessions',
  [View.Program]: 'tabProgram',
  [View.Sources]: 'tabSources',
};

const TABS = Object.keys(VIEW_NAME) as View[];

/**
 * The view tabs; their number keys are their positions. As the WAI-ARIA tabs pattern has it, the
 * tab list is one tab stop (roving tabindex): Left and Right move to the previous and next tab
 * (wrapping; mirrored right to left, where the next tab is on the left), Home and End to the first
 * and last, and the tab moved to opens at once, keeping focus.
 */
export function renderTabs(
  view: View,
  t: ConsoleTranslator,
  queued: number,
  show: (view: View, from: 'pointer' | 'tabs') => void,
  visible: (view: View) => boolean = () => true,
): TemplateResult {
  const tabs = TABS.filter((v) => visible(v));
  const onKeydown = (event: KeyboardEvent): void => {
    const tab = (event.target as HTMLElement).closest<HTMLElement>('[role="tab"]');
    const at = tabs.findIndex((v) => v === tab?.dataset.view);
    if (!tab || at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = nextTab(event.key, at, tabs.length, t.dir);
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[next]!;
    show(target, 'tabs');
    tab.parentElement?.querySelector<HTMLElement>(`#tab-${target}`)?.focus();
  };
  return html`<nav class="tabs" role="tablist" aria-label=${t.t('tabs')} @keydown=${onKeydown}>
    ${tabs.map(
      (v) =>
        html`<button
          type="button"
          role="tab"
          id="tab-${v}"
          data-view=${v}
          aria-selected=${view === v ? 'true' : 'false'}
          tabindex=${view === v ? 0 : -1}
          aria-controls="panel"
          aria-keyshortcuts=${keyOf(v)}
          @click=${() => show(v, 'pointer')}
        >
          ${t.t(VIEW_NAME[v])}
          ${v === View.Queue ? html`<span class="count" data-part="queue-count">${t.number(queued)}</span>` : nothing}
        </button>`,
    )}
  </nav>`;
}

/** The number key that opens a view (a tab hidden by the token's roles keeps its number). */
function keyOf(view: View): string {
  return SHORTCUTS.find((s) => VIEW_OF[s.command] === view)?.aria ?? '';
}

/**
 * The tab a key moves to from tab `at` of `count`, or `undefined` for other keys. The arrows follow
 * the screen: right to left, the next tab is to the left.
 */
export function nextTab(key: string, at: number, count: number, dir: 'ltr' | 'rtl' = 'ltr'): number | undefined {
  const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
  const back = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
  switch (key) {
    case forward:
      return (at + 1) % count;
    case back:
      return (at - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** What the open view needs from the console: the lists as shown and the ways to act on them. */
export interface PanelContext {
  view: View;
  session: ConsoleController;
  queue: readonly ModeratedPost[];
  wallPosts: readonly Post[];
  removedPosts: readonly ModeratedPost[];
  /** Loads the next page of removed and rejected posts from the relay. */
  more(): void;
  list(view: ListView): ListContext;
  run(command: Command): void;
  /** Whether the token's roles allow a command in the open view (buttons for others are not drawn). */
  can(command: Command): boolean;
  t: ConsoleTranslator;
}

/** The open view's content. */
export function renderPanel(c: PanelContext): TemplateResult {
  const s = c.session;
  const t = c.t;
  switch (c.view) {
    case View.Queue:
      return html`<div class="toolbar">
          <h2>${t.t('heldPosts')}</h2>
          ${
            c.can(Command.BulkApprove)
              ? html`<button
                  type="button"
                  data-command=${Command.BulkApprove}
                  aria-keyshortcuts="Shift+A"
                  ?disabled=${c.queue.length === 0}
                  @click=${() => c.run(Command.BulkApprove)}
                >
                  ${t.t('approveAll')} <kbd aria-hidden="true">${keyLabel('Shift+a', (k) => t.t(k))}</kbd>
                </button>`
              : nothing
          }
        </div>
        ${renderQueue(c.queue, c.list(View.Queue), t)}`;
    case View.Wall:
      return html`<div class="toolbar"><h2>${t.t('onTheWall')}</h2></div>
        ${renderWall(c.wallPosts, c.list(View.Wall), t)}`;
    case View.Removed:
      return html`<div class="toolbar"><h2>${t.t('removedTitle')}</h2></div>
        ${renderRemoved(c.removedPosts, c.list(View.Removed), t, {
          loading: s.removed === undefined,
          hasMore: s.removedMore,
          loadingMore: s.removedLoadingMore,
          more: c.more,
        })}`;
    case View.Settings:
      return html`<chat-wall-console-settings
          .client=${s.client}
          .tag=${s.tag ?? ''}
          .settings=${s.settings}
        ></chat-wall-console-settings>
        <chat-wall-console-bans
          .client=${s.client}
          .tag=${s.tag ?? ''}
          .settings=${s.settings}
        ></chat-wall-console-bans>`;
    case View.Audit:
      return html`<chat-wall-console-audit .client=${s.client} .tag=${s.tag ?? ''}></chat-wall-console-audit>`;
    case View.Questions:
      return html`<chat-wall-console-submissions
          .client=${s.client}
          .tag=${s.tag ?? ''}
          .submissions=${s.wall?.state?.wall.submissions}
          .hasSessions=${(s.wall?.state?.wall.sessions.length ?? 0) > 0}
          .canChange=${c.can(Command.NewSession)}
        ></chat-wall-console-submissions>
        <chat-wall-console-questions
          .client=${s.client}
          .tag=${s.tag ?? ''}
          .can=${c.can}
        ></chat-wall-console-questions>`;
    case View.Sources:
      return html`<chat-wall-console-sources .client=${s.client} .tag=${s.tag ?? ''}></chat-wall-console-sources>`;
    case View.Sessions:
      return html`<chat-wall-console-sessions
        .client=${s.client}
        .tag=${s.tag ?? ''}
        .sessions=${s.wall?.state?.wall.sessions ?? []}
        .can=${c.can}
        .now=${Date.now()}
      ></chat-wall-console-sessions>`;
    case View.Program:
      return html`<chat-wall-console-producer
        .client=${s.client}
        .tag=${s.tag ?? ''}
        .posts=${c.wallPosts}
      ></chat-wall-console-producer>`;
  }
}
