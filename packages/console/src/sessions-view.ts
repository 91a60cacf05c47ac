import {
  ChatWallError,
  sessionPhase,
  sortSessions,
  type ModeratorClient,
  type Session,
  type SessionInput,
} from '@chat-wall/sdk';
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
import { commandButton } from './post-lists.js';
import { moveSelection } from './queue-model.js';
import { fromLocalInput, localZone, sessionField, toLocalInput } from './session-times.js';
import { Command, keyLabel, shortcutOf } from './shortcuts.js';
import { consoleStyles } from './styles.js';

/** Minutes one "extend" adds. */
export const EXTEND_MINUTES = 15;

const PHASE_WORD = { before: 'phaseBefore', live: 'phaseLive', ended: 'phaseEnded' } as const;

type FieldName = 'title' | 'description' | 'start' | 'end';

/**
 * The wall's sessions: schedule one, edit one, end the live one now, extend one by 15 minutes,
 * and see each one's insights. The relay is the authority: the form sends what it shows and puts
 * the relay's error next to the field it names (end before start, overlap, too far ahead, a
 * past session's times). The list follows the wall's state, so changes by others appear live.
 */
export class ChatWallConsoleSessions extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    sessions: { attribute: false },
    can: { attribute: false },
    now: { type: Number },
    selected: { state: true },
    editing: { state: true },
    error: { state: true },
    saving: { state: true },
  };

  static override styles = [
    consoleStyles,
    formStyles,
    css`
      .post.session {
        grid-template-columns: 6rem minmax(0, 1fr);
      }
      .phase {
        align-self: start;
        justify-self: start;
        font-size: 0.8em;
        font-weight: 700;
        padding: 0.15em 0.6em;
        border-radius: 999px;
        background: var(--_border);
      }
      .phase[data-phase='live'] {
        background: color-mix(in srgb, #12b76a 18%, transparent);
        color: #05603a;
      }
      .session-title {
        margin: 0;
        font-weight: 650;
      }
      .session .hint {
        margin: 0.2rem 0 0;
      }
    `,
  ];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  declare sessions: readonly Session[];
  /** Whether the token's roles allow a command (a producer reads but does not change); buttons for others are not drawn. */
  declare can: (command: Command) => boolean;
  /** The time phases are computed at, ms since the epoch (the console passes its clock's). */
  declare now: number;
  declare private selected: string | undefined;
  /** `new`, the id of the session being edited, or `undefined` when no form is open. */
  declare private editing: string | undefined;
  declare private error: { field: FieldName | 'form'; message: string } | undefined;
  declare private saving: boolean;
  private focusSelection = false;
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.sessions = [];
    this.can = () => true;
    this.now = Date.now();
    this.saving = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessions') && !this.sessions.some((s) => s.id === this.selected)) {
      const list = this.list;
      // The live session if any, else the next one, else the last.
      const live = list.find((s) => sessionPhase(s, this.now) === 'live');
      const next = list.find((s) => sessionPhase(s, this.now) === 'before');
      this.selected = (live ?? next ?? list.at(-1))?.id;
    }
  }

  protected override updated(): void {
    if (!this.focusSelection) return;
    this.focusSelection = false;
    this.renderRoot
      .querySelector<HTMLElement>(`article[data-session-id="${CSS.escape(this.selected ?? '')}"]`)
      ?.focus();
  }

  private get list(): Session[] {
    return sortSessions(this.sessions);
  }

  /** Runs a console command in this view (the console forwards the Sessions view's keys). */
  run(command: Command): void {
    const current = this.sessions.find((s) => s.id === this.selected);
    switch (command) {
      case Command.Next:
      case Command.Previous:
        this.selected = moveSelection(
          this.list.map((s) => ({ id: s.id })),
          this.selected,
          command === Command.Next ? 1 : -1,
        );
        this.focusSelection = true;
        return;
      case Command.NewSession:
        return this.openForm('new');
      case Command.EditSession:
        if (current) this.openForm(current.id);
        return;
      case Command.ExtendSession:
        if (current) void this.change(current, () => this.client!.extendSession(this.tag, current.id, EXTEND_MINUTES));
        return;
      case Command.EndSession:
        if (current && sessionPhase(current, this.now) === 'live') {
          void this.change(current, () => this.client!.endSession(this.tag, current.id));
        }
        return;
    }
  }

  override render(): TemplateResult {
    const list = this.list;
    const selected = list.find((s) => s.id === this.selected);
    const t = this.i18n;
    return html`<div class="toolbar">
        <h2>${t.t('sessionsTitle')}</h2>
        ${
          this.can(Command.NewSession)
            ? html`<button
                type="button"
                data-command=${Command.NewSession}
                aria-keyshortcuts=${shortcutOf(Command.NewSession).aria}
                @click=${() => this.openForm('new')}
              >
                ${t.t('newSession')}<kbd aria-hidden="true"
                  >${keyLabel(shortcutOf(Command.NewSession).label, (k) => t.t(k))}</kbd
                >
              </button>`
            : nothing
        }
      </div>
      ${this.editing === 'new' ? this.renderForm(undefined) : nothing}
      ${
        list.length === 0
          ? html`<p class="empty card" data-empty="sessions">${t.t('sessionsEmpty')}</p>`
          : html`<ol class="posts sessions" aria-label=${t.t('sessionsList')}>
              ${list.map((s) => this.renderSession(s))}
            </ol>`
      }
      ${
        selected
          ? html`<chat-wall-console-insights
              .client=${this.client}
              .tag=${this.tag}
              .session=${selected}
            ></chat-wall-console-insights>`
          : nothing
      }`;
  }

  private renderSession(s: Session): TemplateResult {
    const phase = sessionPhase(s, this.now);
    const current = s.id === this.selected;
    const t = this.i18n;
    const when = t.tr.range(s.start, s.end);
    return html`<li>
      <article
        class="post session"
        data-session-id=${s.id}
        data-phase=${phase}
        tabindex=${current ? 0 : -1}
        aria-current=${current ? 'true' : 'false'}
        aria-label=${t.t('sessionLabel', { phase: t.t(PHASE_WORD[phase]), title: s.title, when })}
        @focus=${() => (this.selected = s.id)}
        @click=${() => (this.selected = s.id)}
      >
        <span class="phase" data-phase=${phase}>${t.t(PHASE_WORD[phase])}</span>
        <div>
          <p class="session-title">${s.title}</p>
          <p class="hint"><time datetime=${s.start}>${when}</time></p>
          ${s.description ? html`<p class="text">${s.description}</p>` : nothing}
          ${this.editing === s.id ? this.renderForm(s) : nothing}
        </div>
        <div></div>
        <div class="actions">
          ${this.button(s, Command.EditSession, t.t('edit'))}
          ${phase !== 'ended' ? this.button(s, Command.ExtendSession, t.t('extendBy', { minutes: EXTEND_MINUTES })) : nothing}
          ${phase === 'live' ? this.button(s, Command.EndSession, t.t('endNow'), true) : nothing}
        </div>
      </article>
    </li>`;
  }

  private button(s: Session, command: Command, label: string, danger = false): TemplateResult | typeof nothing {
    if (!this.can(command)) return nothing;
    return commandButton(
      command,
      label,
      () => {
        this.selected = s.id;
        this.run(command);
      },
      danger,
    );
  }

  private renderForm(session: Session | undefined): TemplateResult {
    const phase = session ? sessionPhase(session, this.now) : undefined;
    const ended = phase === 'ended';
    // A live session's start is fixed (the relay refuses to move it): only its end can change.
    const startFixed = ended || phase === 'live';
    const t = this.i18n;
    const field = (name: FieldName, label: ConsoleKey, control: TemplateResult, hint?: string) => {
      const error = this.error?.field === name ? this.error.message : undefined;
      return html`<div class="field" data-field=${name}>
        <label for="session-${name}">${t.t(label)}</label>
        ${control} ${hint ? html`<p id="session-${name}-hint" class="hint">${hint}</p>` : nothing}
        ${error ? html`<p id="session-${name}-error" class="field-error">${error}</p>` : nothing}
      </div>`;
    };
    const attrs = (name: FieldName, hint = false) => ({
      invalid: this.error?.field === name ? 'true' : 'false',
      describedBy:
        [hint ? `session-${name}-hint` : '', this.error?.field === name ? `session-${name}-error` : '']
          .filter(Boolean)
          .join(' ') || nothing,
    });
    const zone = t.t('timeZone', { zone: localZone() });
    const ti = attrs('title');
    const d = attrs('description');
    const st = attrs('start', true);
    const en = attrs('end');
    return html`<form
      class="card session-form"
      data-form=${session ? 'edit' : 'new'}
      novalidate
      @submit=${(e: SubmitEvent) => this.onSubmit(e, session)}
      @keydown=${this.onFormKey}
    >
      <h3>${session ? t.t('editSession', { title: session.title }) : t.t('newSession')}</h3>
      <fieldset>
        ${field(
          'title',
          'sessionTitle',
          html`<input
            id="session-title"
            name="title"
            required
            maxlength="200"
            .value=${session?.title ?? ''}
            aria-invalid=${ti.invalid}
            aria-describedby=${ti.describedBy}
          />`,
        )}
        ${field(
          'start',
          'sessionStarts',
          html`<input
            id="session-start"
            name="start"
            type="datetime-local"
            ?disabled=${startFixed}
            .value=${session ? toLocalInput(session.start) : ''}
            aria-invalid=${st.invalid}
            aria-describedby=${st.describedBy}
          />`,
          ended ? t.t('pastSessionFixed') : startFixed ? t.t('liveSessionFixed') : zone,
        )}
        ${field(
          'end',
          'sessionEnds',
          html`<input
            id="session-end"
            name="end"
            type="datetime-local"
            ?disabled=${ended}
            .value=${session ? toLocalInput(session.end) : ''}
            aria-invalid=${en.invalid}
            aria-describedby=${en.describedBy}
          />`,
        )}
        ${field(
          'description',
          'sessionDescription',
          html`<textarea
            id="session-description"
            name="description"
            rows="2"
            maxlength="1000"
            .value=${session?.description ?? ''}
            aria-invalid=${d.invalid}
            aria-describedby=${d.describedBy}
          ></textarea>`,
        )}
      </fieldset>
      ${this.error?.field === 'form' ? html`<p class="error" role="alert">${this.error.message}</p>` : nothing}
      <p>
        <button type="submit" class="primary" ?disabled=${this.saving}>
          ${this.saving ? t.t('saving') : session ? t.t('saveSession') : t.t('scheduleSession')}
        </button>
        <button type="button" @click=${() => this.closeForm()}>${t.t('cancel')}</button>
      </p>
    </form>`;
  }

  private openForm(which: string): void {
    this.editing = which;
    this.error = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#session-title')?.focus());
  }

  private closeForm(): void {
    this.editing = undefined;
    this.error = undefined;
    this.focusSelection = true;
  }

  private readonly onFormKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.closeForm();
  };

  private async onSubmit(event: SubmitEvent, session: Session | undefined): Promise<void> {
    event.preventDefault();
    const client = this.client;
    if (!client || !this.tag) return;
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const input: SessionInput = {
      title: value('title').trim(),
      start: fromLocalInput(value('start')),
      end: fromLocalInput(value('end')),
      ...(value('description').trim() ? { description: value('description').trim() } : {}),
    };
    this.saving = true;
    try {
      let saved: Session;
      if (session) {
        const ended = sessionPhase(session, this.now) === 'ended';
        // The inputs hold whole minutes: a time left as shown keeps its stored value (seconds and
        // all), and a disabled one (a live session's start) is not sent.
        const moved = (name: 'start' | 'end') => {
          const el = form.elements.namedItem(name) as HTMLInputElement;
          return !el.disabled && el.value !== toLocalInput(session[name]);
        };
        const patch = ended
          ? { title: input.title, description: input.description ?? '' }
          : {
              title: input.title,
              description: input.description ?? '',
              ...(moved('start') ? { start: input.start } : {}),
              ...(moved('end') ? { end: input.end } : {}),
            };
        saved = await client.updateSession(this.tag, session.id, patch);
      } else {
        saved = await client.createSession(this.tag, input);
      }
      this.selected = saved.id;
      this.closeForm();
      this.notify({
        ok: true,
        message: this.i18n.t(session ? 'sessionSaved' : 'sessionScheduled', { title: saved.title }),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const named = err instanceof ChatWallError ? sessionField(err.field) : undefined;
      this.error = { field: named ?? 'form', message };
      this.notify({ ok: false, message: this.i18n.t('notSaved', { error: message }) });
      await this.updateComplete;
      if (named) this.renderRoot.querySelector<HTMLElement>(`#session-${named}`)?.focus();
    } finally {
      this.saving = false;
    }
  }

  private async change(session: Session, request: () => Promise<Session>): Promise<void> {
    if (!this.client) return;
    try {
      const saved = await request();
      const end = this.i18n.tr.time(saved.end);
      this.notify({ ok: true, message: this.i18n.t('sessionEndsAt', { title: saved.title, time: end }) });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.notify({ ok: false, message: this.i18n.t('sessionError', { title: session.title, error }) });
    }
    this.focusSelection = true;
  }

  private notify(outcome: Outcome): void {
    this.dispatchEvent(new ConsoleNoticeEvent(outcome));
  }
}
