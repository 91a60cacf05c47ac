import { PostAction, PostStatus, type Post } from '@chat-wall/sdk';
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ConsoleController, Phase, type Outcome } from './console-controller.js';
import { renderQueue, renderWall, type ListContext } from './post-lists.js';
import { renderHeader, renderPicker, renderSignIn } from './console-screens.js';
import { renderBanDialog, renderHelp, renderKeys, type DialogHandlers } from './console-dialogs.js';
import { keepSelection, moveSelection } from './queue-model.js';
import { savedToken } from './session.js';
import { Command, commandFor, View } from './shortcuts.js';
import { formStyles } from './form-styles.js';
import { consoleStyles } from './styles.js';

const TABS: readonly { view: View; label: string }[] = [
  { view: View.Queue, label: 'Queue' },
  { view: View.Wall, label: 'Wall' },
  { view: View.Settings, label: 'Settings' },
  { view: View.Audit, label: 'Audit log' },
];

const VIEW_OF: Partial<Record<Command, View>> = {
  [Command.ShowQueue]: View.Queue,
  [Command.ShowWall]: View.Wall,
  [Command.ShowSettings]: View.Settings,
  [Command.ShowAudit]: View.Audit,
};

/**
 * The moderator console: sign in with a token, pick a wall, then work its live queue, its wall,
 * its filter settings and its audit log, mostly from the keyboard. Decisions of other
 * moderators appear live; a decision someone else already made is refused with their name.
 *
 * Built on the SDK's moderator client and `connectWall`, like any team's own tooling would be.
 */
export class ChatWallConsole extends LitElement {
  static override properties: PropertyDeclarations = {
    server: { type: String },
    view: { state: true },
    notice: { state: true },
    banTarget: { state: true },
    helpOpen: { state: true },
    selectedQueue: { state: true },
    selectedWall: { state: true },
    pendingQueue: { state: true },
    pendingWall: { state: true },
  };

  static override styles = [
    consoleStyles,
    formStyles,
    css`
      :host {
        min-height: 100vh;
      }
    `,
  ];

  /** Base URL of the relay. Empty: the page's own origin (the relay serves the console). */
  declare server: string;
  declare private view: View;
  declare private notice: (Outcome & { at: number }) | undefined;
  declare private banTarget: Post | undefined;
  declare private helpOpen: boolean;
  declare private selectedQueue: string | undefined;
  declare private selectedWall: string | undefined;
  /** Posts with a decision on its way: hidden from the lists, so the next key acts on the next post. */
  declare private pendingQueue: ReadonlySet<string>;
  declare private pendingWall: ReadonlySet<string>;

  private readonly session = new ConsoleController(this, () => this.server || location.origin);
  private wallIds: string[] = [];
  private focusSelection = false;

  constructor() {
    super();
    this.server = '';
    this.view = View.Queue;
    this.helpOpen = false;
    this.pendingQueue = new Set();
    this.pendingWall = new Set();
    this.session.onQueue = (before) => {
      this.selectedQueue = keepSelection(
        ids(before.map((m) => m.post).filter((p) => !this.pendingQueue.has(p.id))),
        ids(this.queuePosts),
        this.selectedQueue,
      );
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    const token = savedToken();
    if (token && this.session.phase === Phase.SignedOut) void this.session.signIn(token);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    const s = this.session;
    return html`${renderHeader(s)}
      <main>
        ${
          s.phase === Phase.SignedOut || s.phase === Phase.SigningIn
            ? renderSignIn(s, this.onSignIn)
            : s.phase === Phase.Picking
              ? renderPicker(s, this.renderNotice(), (tag) => void this.openWall(tag))
              : this.renderOpen()
        }
      </main>
      ${this.banTarget ? renderBanDialog(this.banTarget, this.dialogHandlers) : nothing}
      ${this.helpOpen ? renderHelp(this.dialogHandlers) : nothing}`;
  }

  override willUpdate(): void {
    // A decided post stays hidden until its list drops it; then it needs no hiding.
    const { queue, posts: visible } = this.session;
    if ([...this.pendingQueue].some((id) => !queue.some((m) => m.post.id === id))) {
      this.pendingQueue = new Set([...this.pendingQueue].filter((id) => queue.some((m) => m.post.id === id)));
    }
    if ([...this.pendingWall].some((id) => !visible.some((p) => p.id === id))) {
      this.pendingWall = new Set([...this.pendingWall].filter((id) => visible.some((p) => p.id === id)));
    }
    const posts = this.wallPosts;
    if (!posts.some((p) => p.id === this.selectedWall)) {
      this.selectedWall = keepSelection(
        this.wallIds.map((id) => ({ id })),
        ids(posts),
        this.selectedWall,
      );
    }
    this.wallIds = posts.map((p) => p.id);
  }

  override updated(): void {
    const ban = this.renderRoot.querySelector<HTMLDialogElement>('dialog.ban');
    if (ban && this.banTarget && !ban.open) ban.showModal();
    const help = this.renderRoot.querySelector<HTMLDialogElement>('dialog.help');
    if (help && this.helpOpen && !help.open) help.showModal();
    if (this.focusSelection) {
      this.focusSelection = false;
      const id = this.view === View.Queue ? this.selectedQueue : this.selectedWall;
      const article = [...this.renderRoot.querySelectorAll<HTMLElement>('article[data-post-id]')].find(
        (el) => el.dataset.postId === id,
      );
      article?.focus();
    }
  }

  private renderOpen(): TemplateResult {
    return html`<nav class="tabs" role="tablist" aria-label="Console views">
        ${TABS.map(
          (t, i) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${t.view}"
              data-view=${t.view}
              aria-selected=${this.view === t.view ? 'true' : 'false'}
              aria-controls="panel"
              aria-keyshortcuts=${String(i + 1)}
              @click=${() => this.show(t.view)}
            >
              ${t.label}
              ${t.view === View.Queue ? html`<span class="count" data-part="queue-count">${this.queue.length}</span>` : nothing}
            </button>`,
        )}
      </nav>
      ${this.renderNotice()}
      <div class="layout">
        <section id="panel" role="tabpanel" aria-labelledby="tab-${this.view}">${this.renderView()}</section>
        ${renderKeys(this.view)}
      </div>`;
  }

  /** The polite live region for outcomes: conflicts, bans, errors. Always in the DOM, so it is announced. */
  private renderNotice(): TemplateResult {
    const n = this.notice;
    return html`<div class="notice" role="status" aria-live="polite" data-kind=${n ? (n.ok ? 'ok' : 'error') : 'none'}>
      ${n?.message ?? ''}
    </div>`;
  }

  private renderView(): TemplateResult {
    const s = this.session;
    switch (this.view) {
      case View.Queue:
        return html`<div class="toolbar">
            <h2>Held posts</h2>
            <button
              type="button"
              data-command=${Command.BulkApprove}
              aria-keyshortcuts="Shift+A"
              ?disabled=${this.queue.length === 0}
              @click=${() => this.runCommand(Command.BulkApprove)}
            >
              Approve all <kbd aria-hidden="true">Shift+a</kbd>
            </button>
          </div>
          ${renderQueue(this.queue, this.listContext(View.Queue))}`;
      case View.Wall:
        return html`<div class="toolbar"><h2>On the wall</h2></div>
          ${renderWall(this.wallPosts, this.listContext(View.Wall))}`;
      case View.Settings:
        return html`<chat-wall-console-settings
          .client=${s.client}
          .tag=${s.tag ?? ''}
          .settings=${s.settings}
        ></chat-wall-console-settings>`;
      case View.Audit:
        return html`<chat-wall-console-audit
          .client=${s.client}
          .api=${s.api}
          .tag=${s.tag ?? ''}
        ></chat-wall-console-audit>`;
    }
  }

  private listContext(view: View): ListContext {
    return {
      selected: view === View.Queue ? this.selectedQueue : this.selectedWall,
      select: (id) => {
        if (view === View.Queue) this.selectedQueue = id;
        else this.selectedWall = id;
      },
      run: (command, id) => {
        if (view === View.Queue) this.selectedQueue = id;
        else this.selectedWall = id;
        this.runCommand(command);
      },
    };
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    if (this.session.phase !== Phase.Open || this.banTarget) return;
    if (this.helpOpen) {
      if (event.key === '?') {
        event.preventDefault();
        this.closeDialog('dialog.help');
      }
      return;
    }
    const command = commandFor(
      {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: event.composedPath()[0] ?? null,
      },
      this.view,
    );
    if (!command) return;
    event.preventDefault();
    this.runCommand(command);
  };

  private runCommand(command: Command): void {
    const s = this.session;
    const view = VIEW_OF[command];
    if (view) return this.show(view);
    const queueItem = this.queue.find((m) => m.post.id === this.selectedQueue);
    const wallPost = this.wallPosts.find((p) => p.id === this.selectedWall);
    switch (command) {
      case Command.Help:
        this.helpOpen = true;
        return;
      case Command.Next:
      case Command.Previous: {
        const step = command === Command.Next ? 1 : -1;
        if (this.view === View.Queue) {
          this.selectedQueue = moveSelection(ids(this.queuePosts), this.selectedQueue, step);
        } else {
          this.selectedWall = moveSelection(ids(this.wallPosts), this.selectedWall, step);
        }
        this.focusSelection = true;
        return;
      }
      case Command.Approve:
      case Command.Reject:
        if (!queueItem) return;
        return this.decide(queueItem.post.id, () =>
          s.act(
            queueItem.post.id,
            command === Command.Approve ? PostAction.Approve : PostAction.Reject,
            PostStatus.Held,
          ),
        );
      case Command.BulkApprove:
        return void this.report(s.bulkApprove(ids(this.queuePosts).map((p) => p.id)));
      case Command.Pin:
        if (!wallPost) return;
        return void this.report(s.act(wallPost.id, wallPost.pinned ? PostAction.Unpin : PostAction.Pin));
      case Command.Highlight:
        if (!wallPost) return;
        return void this.report(
          s.act(wallPost.id, wallPost.highlighted ? PostAction.Unhighlight : PostAction.Highlight),
        );
      case Command.Remove:
        if (!wallPost) return;
        return this.decide(wallPost.id, () => s.act(wallPost.id, PostAction.Remove, PostStatus.Approved));
      case Command.Ban: {
        const post = this.view === View.Queue ? queueItem?.post : wallPost;
        if (post) this.banTarget = post;
        return;
      }
    }
  }

  /** The held queue as shown: without posts whose decision is on its way. */
  private get queue() {
    return this.session.queue.filter((m) => !this.pendingQueue.has(m.post.id));
  }

  private get queuePosts(): Post[] {
    return this.queue.map((m) => m.post);
  }

  private get wallPosts(): Post[] {
    return this.session.posts.filter((p) => !this.pendingWall.has(p.id));
  }

  /**
   * Runs a decision that takes a post out of its list. The post leaves the list at once and the
   * selection moves on, so quick successive keys act on successive posts; if the relay refuses
   * for a reason other than a conflict, the post comes back.
   */
  private decide(id: string, request: () => Promise<Outcome>): void {
    const queue = this.view === View.Queue;
    const before = ids(queue ? this.queuePosts : this.wallPosts);
    if (queue) this.pendingQueue = new Set([...this.pendingQueue, id]);
    else this.pendingWall = new Set([...this.pendingWall, id]);
    const after = ids(queue ? this.queuePosts : this.wallPosts);
    if (queue) this.selectedQueue = keepSelection(before, after, id);
    else this.selectedWall = keepSelection(before, after, id);
    this.focusSelection = true;
    void this.report(
      request().then((outcome) => {
        // Done: the post stays hidden until its list drops it (see willUpdate); refused: it comes back.
        if (!outcome.ok) {
          const without = (set: ReadonlySet<string>) => new Set([...set].filter((p) => p !== id));
          if (queue) this.pendingQueue = without(this.pendingQueue);
          else this.pendingWall = without(this.pendingWall);
        }
        return outcome;
      }),
    );
  }

  private show(view: View): void {
    if (view !== this.view) this.notice = undefined;
    this.view = view;
    this.focusSelection = view === View.Queue || view === View.Wall;
  }

  private async report(outcome: Promise<Outcome>): Promise<void> {
    const result = await outcome;
    this.notice = { ...result, at: Date.now() };
    this.focusSelection = true;
  }

  private async openWall(tag: string): Promise<void> {
    const result = await this.session.open(tag);
    this.notice = result.ok ? undefined : { ...result, at: Date.now() };
    this.view = View.Queue;
    this.focusSelection = true;
  }

  private readonly onSignIn = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    if (!input.value.trim()) {
      this.session.signInError = 'Enter your moderator token.';
      this.requestUpdate();
      input.focus();
      return;
    }
    void this.session.signIn(input.value).then(() => {
      if (this.session.signInError) {
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#token')?.focus());
      }
    });
  };

  private readonly dialogHandlers: DialogHandlers = {
    confirmBan: (event) => {
      event.preventDefault();
      const post = this.banTarget;
      this.closeDialog('dialog.ban');
      if (post) void this.report(this.session.ban(`${post.source}:${post.author.id}`, `@${post.author.handle}`));
    },
    close: (selector) => this.closeDialog(selector),
    closed: (which) => {
      if (which === 'ban') this.banTarget = undefined;
      else this.helpOpen = false;
      this.focusSelection = true;
    },
  };

  private closeDialog(selector: string): void {
    this.renderRoot.querySelector<HTMLDialogElement>(selector)?.close();
  }
}

function ids(posts: readonly Post[]): { id: string }[] {
  return posts.map((p) => ({ id: p.id }));
}
