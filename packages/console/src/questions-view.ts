import { QuestionAction, type ModeratedPost, type ModeratorClient } from '@chat-wall/sdk';
import {
  css,
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import type { Outcome } from './console-controller.js';
import { ConsoleNoticeEvent } from './console-notice.js';
import { formStyles } from './form-styles.js';
import type { ConsoleKey } from './i18n/en.js';
import { I18nController } from './i18n/i18n-controller.js';
import { postLabel, renderPostBody } from './post-card.js';
import { commandButton } from './post-lists.js';
import { keepSelection, moveSelection } from './queue-model.js';
import { openCount, sortQuestions, withQuestion } from './questions-model.js';
import { Command, keyLabel, shortcutOf } from './shortcuts.js';
import { consoleStyles } from './styles.js';

const STATE_WORD = { open: 'questionOpen', answered: 'questionAnswered', dismissed: 'questionDismissed' } as const;

/** What the console says after each triage went through. */
const DONE: Partial<Record<QuestionAction, ConsoleKey>> = {
  [QuestionAction.Answer]: 'didAnswerQuestion',
  [QuestionAction.Dismiss]: 'didDismiss',
  [QuestionAction.Reopen]: 'didReopen',
};

/**
 * The wall's audience questions to triage: unanswered first, oldest first, each with its assignee.
 * Keyboard-first like the lists: j/k move, a assigns (focus goes to the assignee field; Enter
 * saves, Escape goes back), d marks answered, x dismisses, u reopens. Changes by other moderators
 * arrive live; a change someone else already made is refused with the relay's words in the
 * console's live region.
 */
export class ChatWallConsoleQuestions extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    can: { attribute: false },
    questions: { state: true },
    selected: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  static override styles = [
    consoleStyles,
    formStyles,
    css`
      .assign {
        display: flex;
        gap: 0.4rem;
        align-items: center;
      }
      .triage {
        margin: 0.3rem 0 0;
        color: var(--_muted);
      }
      .triage .state-word,
      .triage .assignee {
        color: var(--_text);
        font-weight: 600;
      }
    `,
  ];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  /** Whether the token's roles allow a command (a producer reads but does not change); buttons for others are not drawn. */
  declare can: (command: Command) => boolean;
  declare private questions: ModeratedPost[];
  declare private selected: string | undefined;
  declare private loading: boolean;
  declare private error: string;
  private off: (() => void) | undefined;
  private focusSelection = false;
  private rendered: { id: string }[] = [];
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.can = () => true;
    this.questions = [];
    this.loading = false;
    this.error = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.off = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Opened again: read afresh (pushes missed while away are not replayed).
    if (this.client && this.tag && !this.off) this.listen();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('client') || changed.has('tag')) && this.client && this.tag) this.listen();
    const shown = this.questions.map((q) => ({ id: q.post.id }));
    if (!shown.some((q) => q.id === this.selected)) this.selected = keepSelection(this.rendered, shown, this.selected);
    this.rendered = shown;
  }

  protected override updated(): void {
    if (!this.focusSelection) return;
    this.focusSelection = false;
    this.article(this.selected)?.focus();
  }

  /** Runs a console command in this view (the console forwards the Questions view's keys). */
  run(command: Command): void {
    const current = this.questions.find((q) => q.post.id === this.selected);
    switch (command) {
      case Command.Next:
      case Command.Previous:
        this.selected = moveSelection(this.rendered, this.selected, command === Command.Next ? 1 : -1);
        this.focusSelection = true;
        return;
      case Command.Assign:
        if (current) void this.updateComplete.then(() => this.assigneeField(current.post.id)?.focus());
        return;
      case Command.Answer:
        if (current) {
          const answered = current.post.ask?.state === 'answered';
          void this.triage(current, answered ? QuestionAction.Reopen : QuestionAction.Answer);
        }
        return;
      case Command.Dismiss:
        if (current) void this.triage(current, QuestionAction.Dismiss);
        return;
      case Command.Reopen:
        if (current && current.post.ask?.state !== 'open') void this.triage(current, QuestionAction.Reopen);
        return;
    }
  }

  override render(): TemplateResult {
    const open = openCount(this.questions);
    const t = this.i18n;
    return html`<div class="toolbar">
        <h2>${t.t('questionsTitle')}</h2>
        <span class="hint" data-part="open-questions">${t.t('unanswered', { count: open })}</span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.questions.length === 0
          ? html`<p class="empty card" data-empty="questions">
              ${this.loading ? t.t('loading') : t.t('questionsEmpty')}
            </p>`
          : html`<ol class="posts" aria-label=${t.t('questionsList')}>
              ${this.questions.map((q, i) => this.renderQuestion(q, i))}
            </ol>`
      }`;
  }

  private renderQuestion(q: ModeratedPost, index: number): TemplateResult {
    const id = q.post.id;
    const current = this.selected === id;
    const state = q.post.ask?.state ?? 'open';
    const field = `assignee-${index}`;
    const t = this.i18n;
    const note = html`<p class="triage" data-state=${state}>
      <span class="state-word">${t.t(STATE_WORD[state])}</span> ·
      ${
        q.assignee
          ? t.tr.parts('assignedTo', { name: html`<span class="assignee">${q.assignee}</span>` })
          : t.t('notAssigned')
      }
    </p>`;
    return html`<li>
      <article
        class="post question"
        data-post-id=${id}
        data-state=${state}
        tabindex=${current ? 0 : -1}
        aria-current=${current ? 'true' : 'false'}
        aria-label=${t.t('questionLabel', { state: t.t(STATE_WORD[state]), post: postLabel(q.post) })}
        @focus=${() => (this.selected = id)}
        @click=${() => (this.selected = id)}
      >
        ${renderPostBody(q.post, t.tr, undefined, note)}
        <div></div>
        <div class="actions">
          ${this.can(Command.Assign) ? this.renderAssign(q, field) : nothing}
          ${this.button(q, Command.Answer, t.t(state === 'answered' ? 'markNotAnswered' : 'markAnswered'))}
          ${this.button(q, Command.Dismiss, t.t('dismiss'), true)}
          ${state !== 'open' ? this.button(q, Command.Reopen, t.t('reopen')) : nothing}
        </div>
      </article>
    </li>`;
  }

  private renderAssign(q: ModeratedPost, field: string): TemplateResult {
    const id = q.post.id;
    const t = this.i18n;
    return html`<form class="assign" @submit=${(e: SubmitEvent) => this.onAssign(e, q)}>
      <label class="visually-hidden" for=${field}>${t.t('assignTo')}</label>
      <input
        id=${field}
        name="assignee"
        type="text"
        placeholder=${t.t('assignToPlaceholder')}
        autocomplete="off"
        maxlength="100"
        .value=${q.assignee ?? ''}
        @keydown=${(e: KeyboardEvent) => this.onFieldKey(e, id)}
      />
      <button type="submit" tabindex="-1" aria-keyshortcuts=${shortcutOf(Command.Assign).aria}>
        ${t.t('assign')}<kbd aria-hidden="true">${keyLabel(shortcutOf(Command.Assign).label, (k) => t.t(k))}</kbd>
      </button>
    </form>`;
  }

  private button(q: ModeratedPost, command: Command, label: string, danger = false): TemplateResult | typeof nothing {
    if (!this.can(command)) return nothing;
    return commandButton(
      command,
      label,
      () => {
        this.selected = q.post.id;
        this.run(command);
      },
      danger,
    );
  }

  private listen(): void {
    this.off?.();
    const client = this.client!;
    const tag = this.tag;
    this.off = client.on('question', (message) => {
      if (message.tag === this.tag) this.questions = withQuestion(this.questions, message.question);
    });
    this.loading = true;
    this.error = '';
    client
      .questions(tag)
      .then((list) => {
        if (tag !== this.tag) return;
        // Pushes that arrived while loading are newer than the list: keep them over it.
        let merged = sortQuestions(list);
        for (const q of this.questions) merged = withQuestion(merged, q);
        this.questions = merged;
        this.focusSelection = true;
      })
      .catch((err: unknown) => {
        this.error = err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        this.loading = false;
      });
  }

  private async triage(q: ModeratedPost, action: QuestionAction, assignee?: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const updated = await client.triage({
        tag: this.tag,
        postId: q.post.id,
        action,
        ...(assignee !== undefined ? { assignee } : {}),
      });
      this.questions = withQuestion(this.questions, updated);
      const handle = q.post.author.handle;
      const t = this.i18n;
      this.notify({
        ok: true,
        message:
          action === QuestionAction.Assign
            ? assignee
              ? t.t('didAssign', { handle, name: assignee })
              : t.t('didUnassign', { handle })
            : t.t(DONE[action] ?? 'didUpdateQuestion', { handle }),
      });
    } catch (err) {
      this.notify({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
    this.focusSelection = true;
  }

  private onAssign(event: SubmitEvent, q: ModeratedPost): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('assignee') as HTMLInputElement;
    this.selected = q.post.id;
    void this.triage(q, QuestionAction.Assign, input.value.trim());
  }

  private onFieldKey(event: KeyboardEvent, id: string): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.article(id)?.focus();
  }

  private notify(outcome: Outcome): void {
    this.dispatchEvent(new ConsoleNoticeEvent(outcome));
  }

  private article(id: string | undefined): HTMLElement | undefined {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('article[data-post-id]')].find(
      (el) => el.dataset.postId === id,
    );
  }

  private assigneeField(id: string): HTMLInputElement | null | undefined {
    return this.article(id)?.querySelector<HTMLInputElement>('input[name="assignee"]');
  }
}
