import { PostAction, PostStatus, type ModeratedPost, type Post } from '@chat-wall/sdk';
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ConsoleController, Phase, type Outcome } from './console-controller.js';
import type { ListContext } from './post-lists.js';
import { isList, LIST_VIEWS, renderPanel, renderTabs, type ListView, type PanelContext } from './console-panels.js';
import { renderHeader, renderPicker, renderSignIn, type LanguagePick } from './console-screens.js';
import { I18nController, setConsoleLocale } from './i18n/i18n-controller.js';
import { LOCALE_STORAGE_KEY, resolveLocale } from './i18n/locale.js';
import { renderBanDialog, renderHelp, renderKeys, type DialogHandlers } from './console-dialogs.js';
import { keepSelection, moveSelection } from './queue-model.js';
import type { ConsoleNoticeEvent } from './console-notice.js';
import { fetchVersions, renderAbout, type RelayVersions } from './console-about.js';
import { savedToken } from './session.js';
import { Command, commandFor, View, VIEW_OF } from './shortcuts.js';
import { formStyles } from './form-styles.js';
import { canRun, canSee, firstView, rolesOr } from './roles.js';
import { consoleStyles } from './styles.js';

/** Views that are their own elements and take their view's commands themselves. */
const DELEGATED: Partial<Record<View, string>> = {
  [View.Questions]: 'chat-wall-console-questions',
  [View.Sessions]: 'chat-wall-console-sessions',
  [View.Program]: 'chat-wall-console-producer',
};

const perList = <T>(make: () => T): Record<ListView, T> => ({
  [View.Queue]: make(),
  [View.Wall]: make(),
  [View.Removed]: make(),
});

/** Removed and rejected posts shown at first, and added by each "Show more". */

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
    locale: { type: String },
    view: { state: true },
    notice: { state: true },
    banTarget: { state: true },
    helpOpen: { state: true },
    selected: { state: true },
    pending: { state: true },
    versions: { state: true },
  };

  static override styles = [
    consoleStyles,
    formStyles,
    css`
      :host {
        min-height: 100vh;
      }
      .about {
        padding: 0.5rem 1rem;
        font-size: 0.75rem;
        color: var(--_muted);
      }
    `,
  ];

  /** Base URL of the relay. Empty: the page's own origin (the relay serves the console). */
  declare server: string;
  /**
   * The page's default language (a BCP 47 tag). A moderator's own choice in the language picker, or
   * `?locale=` in the address, comes first; without any, the browser's languages, then English.
   */
  declare locale: string;
  declare private view: View;
  declare private notice: (Outcome & { at: number }) | undefined;
  declare private banTarget: Post | undefined;
  declare private helpOpen: boolean;
  /** The selected post of each list. */
  declare private selected: Readonly<Record<ListView, string | undefined>>;
  /** Posts with a decision on its way: hidden from their list, so the next key acts on the next post. */
  declare private pending: Readonly<Record<ListView, ReadonlySet<string>>>;
  /** Relay and embed versions for the footer, once `/healthz` answered. */
  declare private versions: RelayVersions | undefined;

  private readonly i18n = new I18nController(this);
  private readonly session = new ConsoleController(
    this,
    () => this.server || location.origin,
    () => this.i18n.tr,
  );
  /** The language being loaded, which the next render waits for (no flash of English). */
  private languageLoading: Promise<unknown> | undefined;
  private languageAsked = '';
  /** Each list as last rendered, to find the post that takes the place of one that left. */
  private rendered: Record<ListView, { id: string }[]> = perList(() => []);
  private focusSelection = false;

  constructor() {
    super();
    this.server = '';
    this.locale = '';
    this.view = View.Queue;
    this.helpOpen = false;
    this.selected = perList(() => undefined);
    this.pending = perList(() => new Set<string>());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    this.addEventListener('console-notice', this.onNotice);
    const token = savedToken();
    if (token && this.session.phase === Phase.SignedOut) void this.session.signIn(token);
    void fetchVersions(this.server || location.origin).then((versions) => (this.versions = versions));
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey);
    this.removeEventListener('console-notice', this.onNotice);
    super.disconnectedCallback();
  }

  /**
   * Picks the language before each update; a language's first use loads its catalog and the update
   * waits for it, so the console never flashes English first.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const choice = resolveLocale({
      query: new URLSearchParams(location.search).get('locale'),
      saved: savedLocale(),
      attribute: this.locale,
      browser: navigator.languages,
    });
    const asked = `${choice.lang}|${choice.intl}`;
    if (asked !== this.languageAsked) {
      this.languageAsked = asked;
      this.languageLoading = setConsoleLocale(choice);
    }
    const loading = this.languageLoading;
    if (!loading) return super.scheduleUpdate();
    return loading.then(() => {
      if (this.languageLoading === loading) this.languageLoading = undefined;
      return super.scheduleUpdate();
    });
  }

  override render(): TemplateResult {
    const s = this.session;
    const t = this.i18n.tr;
    return html`${renderHeader(s, t, { value: pickerValue(), pick: this.pickLanguage })}
      <main>
        ${
          s.phase === Phase.SignedOut || s.phase === Phase.SigningIn
            ? renderSignIn(s, t, this.onSignIn)
            : s.phase === Phase.Picking
              ? renderPicker(s, t, this.renderNotice(), (tag) => void this.openWall(tag))
              : this.renderOpen()
        }
      </main>
      ${this.banTarget ? renderBanDialog(this.banTarget, t, this.dialogHandlers) : nothing}
      ${this.helpOpen ? renderHelp(t, this.dialogHandlers, (k) => (k.views ?? [View.Wall]).some((v) => canRun(this.roles, k.command, v))) : nothing}
      ${renderAbout(this.versions, t)}`;
  }

  override willUpdate(): void {
    // The console's language is its page's: direction and language on the element, the document and its title.
    const t = this.i18n.tr;
    for (const el of [this, document.documentElement]) {
      if (el.getAttribute('dir') !== t.dir) el.setAttribute('dir', t.dir);
      if (el.getAttribute('lang') !== t.locale) el.setAttribute('lang', t.locale);
    }
    document.title = t.t('appTitle');
    // A view the token's roles do not allow is never open (a wall opened at sign-in starts on the queue).
    if (this.session.phase === Phase.Open && !canSee(this.roles, this.view)) this.view = firstView(this.roles);
    for (const view of LIST_VIEWS) {
      // A decided post stays hidden until its list drops it; then it needs no hiding.
      const all = new Set(this.allIds(view));
      const pending = this.pending[view];
      if ([...pending].some((id) => !all.has(id))) {
        this.pending = { ...this.pending, [view]: new Set([...pending].filter((id) => all.has(id))) };
      }
      const shown = this.shownIds(view);
      const selected = this.selected[view];
      if (!shown.some((p) => p.id === selected)) {
        const next = keepSelection(this.rendered[view], shown, selected);
        if (next !== selected) this.selected = { ...this.selected, [view]: next };
      }
      this.rendered[view] = shown;
    }
  }

  override updated(): void {
    const ban = this.renderRoot.querySelector<HTMLDialogElement>('dialog.ban');
    if (ban && this.banTarget && !ban.open) ban.showModal();
    const help = this.renderRoot.querySelector<HTMLDialogElement>('dialog.help');
    if (help && this.helpOpen && !help.open) help.showModal();
    if (this.focusSelection) {
      this.focusSelection = false;
      const id = isList(this.view) ? this.selected[this.view] : undefined;
      const article = [...this.renderRoot.querySelectorAll<HTMLElement>('article[data-post-id]')].find(
        (el) => el.dataset.postId === id,
      );
      article?.focus();
    }
  }

  private renderOpen(): TemplateResult {
    const roles = this.roles;
    const t = this.i18n.tr;
    return html`${renderTabs(
        this.view,
        t,
        this.queue.length,
        (view, from) => this.show(view, from === 'pointer'),
        (view) => canSee(roles, view),
      )}
      ${this.renderNotice()}
      <div class="layout">
        <section id="panel" role="tabpanel" aria-labelledby="tab-${this.view}">
          ${renderPanel(this.panelContext())}
        </section>
        ${renderKeys(this.view, t, (k) => canRun(roles, k.command, this.view))}
      </div>`;
  }

  private panelContext(): PanelContext {
    return {
      view: this.view,
      session: this.session,
      queue: this.queue,
      wallPosts: this.wallPosts,
      removedPosts: this.removedPosts,
      more: () =>
        void this.session.loadMoreRemoved().then((outcome) => {
          if (!outcome.ok) this.notice = { ...outcome, at: Date.now() };
        }),
      list: (view) => this.listContext(view),
      run: (command) => this.runCommand(command),
      can: (command) => canRun(this.roles, command, this.view),
      t: this.i18n.tr,
    };
  }

  /** The roles of the signed-in token: the console offers only what they allow. */
  private get roles() {
    return rolesOr(this.session.me?.roles);
  }

  /** The polite live region for outcomes: conflicts, bans, errors. Always in the DOM, so it is announced. */
  private renderNotice(): TemplateResult {
    const n = this.notice;
    return html`<div class="notice" role="status" aria-live="polite" data-kind=${n ? (n.ok ? 'ok' : 'error') : 'none'}>
      ${n?.message ?? ''}
    </div>`;
  }

  private listContext(view: ListView): ListContext {
    return {
      selected: this.selected[view],
      select: (id) => this.select(view, id),
      can: (command) => canRun(this.roles, command, view),
      run: (command, id) => {
        this.select(view, id);
        this.runCommand(command);
      },
    };
  }

  private select(view: ListView, id: string | undefined): void {
    if (this.selected[view] !== id) this.selected = { ...this.selected, [view]: id };
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    // Keys a control already handled (the tabs' arrows) are not shortcuts too.
    if (this.session.phase !== Phase.Open || this.banTarget || event.defaultPrevented) return;
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
    if (!command || !canRun(this.roles, command, this.view)) return;
    event.preventDefault();
    this.runCommand(command);
  };

  private runCommand(command: Command): void {
    const s = this.session;
    const view = VIEW_OF[command];
    if (view) return this.show(view);
    const delegate = DELEGATED[this.view];
    if (delegate && command !== Command.Help) {
      this.renderRoot.querySelector<HTMLElement & { run(command: Command): void }>(delegate)?.run(command);
      return;
    }
    const queueItem = this.queue.find((m) => m.post.id === this.selected[View.Queue]);
    const wallPost = this.wallPosts.find((p) => p.id === this.selected[View.Wall]);
    const removedItem = this.removedPosts.find((m) => m.post.id === this.selected[View.Removed]);
    switch (command) {
      case Command.Help:
        this.helpOpen = true;
        return;
      case Command.Next:
      case Command.Previous: {
        if (!isList(this.view)) return;
        const step = command === Command.Next ? 1 : -1;
        this.select(this.view, moveSelection(this.shownIds(this.view), this.selected[this.view], step));
        this.focusSelection = true;
        return;
      }
      case Command.Approve:
      case Command.Reject:
        if (!queueItem) return;
        return this.decide(View.Queue, queueItem.post.id, () =>
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
      case Command.Answer:
        if (!wallPost) return;
        return void this.report(s.act(wallPost.id, wallPost.answered ? PostAction.Unanswer : PostAction.Answer));
      case Command.Remove:
        if (!wallPost) return;
        return this.decide(View.Wall, wallPost.id, () => s.act(wallPost.id, PostAction.Remove, PostStatus.Approved));
      case Command.Restore:
        if (!removedItem) return;
        return this.decide(View.Removed, removedItem.post.id, () =>
          s.act(removedItem.post.id, PostAction.Restore, removedItem.status),
        );
      case Command.Ban: {
        const post = this.view === View.Queue ? queueItem?.post : wallPost;
        if (post) this.banTarget = post;
        return;
      }
    }
  }

  /** The held queue as shown: without posts whose decision is on its way. */
  private get queue() {
    return this.session.queue.filter((m) => !this.pending[View.Queue].has(m.post.id));
  }

  private get queuePosts(): Post[] {
    return this.queue.map((m) => m.post);
  }

  private get wallPosts(): Post[] {
    return this.session.posts.filter((p) => !this.pending[View.Wall].has(p.id));
  }

  /** Removed and rejected posts as shown: without those being restored. */
  private get removedPosts(): ModeratedPost[] {
    return (this.session.removed ?? []).filter((m) => !this.pending[View.Removed].has(m.post.id));
  }

  /** Every id in a list, pending ones included. */
  private allIds(view: ListView): string[] {
    const s = this.session;
    if (view === View.Wall) return s.posts.map((p) => p.id);
    return (view === View.Queue ? s.queue : (s.removed ?? [])).map((m) => m.post.id);
  }

  /** The ids on screen in a list, in order. */
  private shownIds(view: ListView): { id: string }[] {
    if (view === View.Wall) return ids(this.wallPosts);
    if (view === View.Queue) return ids(this.queuePosts);
    return ids(this.removedPosts.map((m) => m.post));
  }

  /**
   * Runs a decision that takes a post out of its list. The post leaves the list at once and the
   * selection moves on, so quick successive keys act on successive posts; if the relay refuses
   * for a reason other than a conflict, the post comes back.
   */
  private decide(view: ListView, id: string, request: () => Promise<Outcome>): void {
    const before = this.shownIds(view);
    const setPending = (change: (set: ReadonlySet<string>) => Set<string>) =>
      (this.pending = { ...this.pending, [view]: change(this.pending[view]) });
    setPending((set) => new Set([...set, id]));
    this.select(view, keepSelection(before, this.shownIds(view), id));
    this.focusSelection = true;
    void this.report(
      request().then((outcome) => {
        // Done: the post stays hidden until its list drops it (see willUpdate); refused: it comes back.
        if (!outcome.ok) setPending((set) => new Set([...set].filter((p) => p !== id)));
        return outcome;
      }),
    );
  }

  /** Opens a view; `focusList` moves focus to its selected post (not when arrowing along the tabs). */
  private show(view: View, focusList = true): void {
    if (view !== this.view) this.notice = undefined;
    this.view = view;
    this.focusSelection = focusList && isList(view);
    // Filters reject without telling moderators, so the list is read afresh each time it opens.
    if (view === View.Removed) {
      void this.session.loadRemoved().then((outcome) => {
        if (!outcome.ok) this.notice = { ...outcome, at: Date.now() };
        this.focusSelection = focusList && this.view === View.Removed;
      });
    }
  }

  private async report(outcome: Promise<Outcome>): Promise<void> {
    const result = await outcome;
    this.notice = { ...result, at: Date.now() };
    this.focusSelection = true;
  }

  private async openWall(tag: string): Promise<void> {
    const result = await this.session.open(tag);
    this.notice = result.ok ? undefined : { ...result, at: Date.now() };
    this.view = firstView(this.roles);
    this.focusSelection = true;
  }

  private readonly onSignIn = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    if (!input.value.trim()) {
      this.session.signInError = this.i18n.t('enterToken');
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

  /**
   * A language picked in the header: remembered in this browser (`auto` forgets it) and taking the
   * place of a `?locale=` the address came with, which would otherwise win at the next visit.
   */
  private readonly pickLanguage = (pick: LanguagePick): void => {
    try {
      if (pick === 'auto') localStorage.removeItem(LOCALE_STORAGE_KEY);
      else localStorage.setItem(LOCALE_STORAGE_KEY, pick);
    } catch {
      // Storage refused (private mode): the choice lasts for this page.
      this.locale = pick === 'auto' ? '' : pick;
    }
    const url = new URL(location.href);
    if (url.searchParams.has('locale')) {
      url.searchParams.delete('locale');
      history.replaceState(history.state, '', url);
    }
    this.requestUpdate();
  };

  /** Outcomes the Questions and Sessions views report, for the live region. */
  private readonly onNotice = (event: Event): void => {
    const { outcome } = event as ConsoleNoticeEvent;
    this.notice = { ...outcome, at: Date.now() };
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

/** The language a moderator picked in this browser, if any. */
function savedLocale(): LanguagePick | undefined {
  try {
    return (localStorage.getItem(LOCALE_STORAGE_KEY) as LanguagePick | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** What the language picker shows: the language the address asked for, else the saved one, else `auto`. */
function pickerValue(): LanguagePick {
  const query = new URLSearchParams(location.search).get('locale');
  const asked = query ? resolveLocale({ query }) : undefined;
  return asked && (asked.lang !== 'en' || query!.toLowerCase().startsWith('en'))
    ? asked.lang
    : (savedLocale() ?? 'auto');
}
