import { LitElement, css, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { enAsk } from './i18n/en-ask.js';
import { addEnglish, english, type Translator } from './i18n/translator.js';
import { visuallyHidden } from './styles.js';

// The audience question form under the wall (`<chat-wall ask>`), loaded on demand as its own
// chunk the first time an element asks for it, so the embed entry does not grow.

/** Longest name the relay takes, in characters (code points: an emoji counts once). */
export const MAX_NAME = 50;
/** Longest question the relay takes, in characters. */
export const MAX_TEXT = 500;
/** From this many characters left, the counter is announced to screen readers. */
const ANNOUNCE_LEFT = 20;

type Field = 'name' | 'text';
type Phase = 'editing' | 'sending' | 'sent';

addEnglish(enAsk);

const length = (s: string): number => [...s].length;

/** What the relay answers when it refuses a question (`{ error: { code, message, field?, retryInMs? } }`). */
interface Refusal {
  code?: string;
  message?: string;
  field?: string;
  retryInMs?: number;
}

/**
 * `<chat-wall-ask>`: a small form that sends a question to a wall that takes audience questions
 * (`POST /api/walls/:tag/submissions`). Labelled fields, a character counter, errors tied to their
 * field and announced, and a "sent for moderation" state. The relay holds every question for a
 * moderator; what the form shows of the answer is text only.
 */
export class ChatWallAsk extends LitElement {
  static override properties: PropertyDeclarations = {
    server: { type: String },
    tag: { type: String },
    closed: { type: Boolean },
    i18n: { attribute: false },
    phase: { state: true },
    errors: { state: true },
    notice: { state: true },
    textLength: { state: true },
  };

  /** Base URL of the relay. */
  declare server: string;
  /** The wall's tag, without `#`. */
  declare tag: string;
  /** Questions are not taken now (the wall's session has not started or has ended). */
  declare closed: boolean;
  /** The UI strings, in the wall's language. */
  declare i18n: Translator;
  declare private phase: Phase;
  declare private errors: Partial<Record<Field, string>>;
  /** A message about the whole form (closed, too many questions, offline). */
  declare private notice: string;
  declare private textLength: number;

  constructor() {
    super();
    this.server = '';
    this.tag = '';
    this.closed = false;
    this.i18n = english;
    this.phase = 'editing';
    this.errors = {};
    this.notice = '';
    this.textLength = 0;
  }

  private field(name: Field | 'website'): HTMLInputElement | HTMLTextAreaElement {
    return this.renderRoot.querySelector(`[name="${name}"]`)!;
  }

  /** Checks the fields as the relay will; returns the errors, and shows them. */
  private check(name: string, text: string): Partial<Record<Field, string>> {
    const errors: Partial<Record<Field, string>> = {};
    const t = this.i18n.t.bind(this.i18n);
    if (!name) errors.name = t('askNameMissing');
    else if (length(name) > MAX_NAME) errors.name = t('askNameLong', { max: MAX_NAME });
    if (!text) errors.text = t('askTextMissing');
    else if (length(text) > MAX_TEXT) errors.text = t('askTextLong', { max: MAX_TEXT });
    return errors;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.phase === 'sending') return;
    const name = this.field('name').value.trim();
    const text = this.field('text').value.trim();
    const website = this.field('website').value;
    this.notice = '';
    this.errors = this.check(name, text);
    if (this.focusFirstError()) return;
    this.phase = 'sending';
    try {
      const url = new URL(`/api/walls/${encodeURIComponent(this.tag)}/submissions`, this.server);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, text, ...(website ? { website } : {}) }),
      });
      if (res.status === 202) {
        this.phase = 'sent';
        this.field('text').value = '';
        this.textLength = 0;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.ask-sent')?.focus();
        this.dispatchEvent(new CustomEvent('chat-wall-ask-sent', { bubbles: true, composed: true }));
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { error?: Refusal };
      this.refused(res.status, body.error ?? {});
    } catch {
      this.notice = this.i18n.t('askOffline');
    }
    this.phase = 'editing';
    this.focusFirstError();
  }

  /** Shows why the relay refused: on the field it names, or for the whole form. */
  private refused(status: number, error: Refusal): void {
    const t = this.i18n.t.bind(this.i18n);
    if (status === 400 && (error.field === 'name' || error.field === 'text')) {
      // The relay's reason is English; it follows the translated "not valid" as detail.
      const why = typeof error.message === 'string' ? error.message.replace(/^\w+: /, '').slice(0, 200) : '';
      const key = error.field === 'name' ? 'askNameInvalid' : 'askTextInvalid';
      this.errors = { [error.field]: t(key, { reason: why }).replace(/\s*:\s*$/, '.') };
    } else if (status === 429) {
      const seconds = Math.max(1, Math.ceil((Number(error.retryInMs) || 60_000) / 1000));
      this.notice =
        seconds >= 90
          ? t('askTooManyMinutes', { count: Math.ceil(seconds / 60) })
          : t('askTooManySeconds', { count: seconds });
    } else if (status === 403) {
      this.notice = t('askClosedNow');
    } else if (status === 404) {
      this.notice = t('askNotTaken');
    } else {
      this.notice = t('askFailed');
    }
  }

  /** Moves focus to the first field with an error; `true` if there was one. */
  private focusFirstError(): boolean {
    const first = (['name', 'text'] as const).find((f) => this.errors[f]);
    if (!first) return false;
    void this.updateComplete.then(() => this.field(first).focus());
    return true;
  }

  private again(): void {
    this.phase = 'editing';
    this.notice = '';
    void this.updateComplete.then(() => this.field('text').focus());
  }

  private input(field: Field): void {
    if (field === 'text') this.textLength = length(this.field('text').value);
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  override render() {
    const left = MAX_TEXT - this.textLength;
    const over = left < 0;
    const sending = this.phase === 'sending';
    const t = this.i18n.t.bind(this.i18n);
    const count = over ? t('askCharsOver', { count: -left }) : t('askCharsLeft', { count: left });
    return html`<form part="ask" class="ask" novalidate aria-labelledby="ask-title" @submit=${this.submit}>
      <h2 id="ask-title" class="ask-title">${t('askTitle')}</h2>
      ${this.closed ? html`<p class="ask-closed">${t('askClosed')}</p>` : nothing}
      ${
        this.phase === 'sent'
          ? html`<div class="ask-sent" role="status" tabindex="-1">
              <p><strong>${t('askSent')}</strong> ${t('askSentDetail')}</p>
              <button type="button" part="ask-button" @click=${this.again}>${t('askAnother')}</button>
            </div>`
          : nothing
      }
      <div class="ask-fields" ?hidden=${this.phase === 'sent' || this.closed}>
        <label for="ask-name">${t('askName')}</label>
        <input
          id="ask-name"
          name="name"
          autocomplete="name"
          required
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby="ask-name-error"
          @input=${() => this.input('name')}
        />
        <p id="ask-name-error" class="ask-error" part="ask-error">${this.errors.name ?? nothing}</p>
        <label for="ask-text">${t('askText')}</label>
        <textarea
          id="ask-text"
          name="text"
          rows="3"
          required
          aria-invalid=${this.errors.text || over ? 'true' : 'false'}
          aria-describedby="ask-text-count ask-text-error"
          @input=${() => this.input('text')}
        ></textarea>
        <p id="ask-text-count" class=${over ? 'ask-count over' : 'ask-count'} part="ask-count">${count}</p>
        <p class="visually-hidden" aria-live="polite">${left <= ANNOUNCE_LEFT ? count : ''}</p>
        <p id="ask-text-error" class="ask-error" part="ask-error">${this.errors.text ?? nothing}</p>
        <div class="ask-trap visually-hidden" aria-hidden="true">
          <label for="ask-website">${t('askTrap')}</label>
          <input id="ask-website" name="website" tabindex="-1" autocomplete="off" />
        </div>
        <button type="submit" part="ask-button" ?disabled=${sending} aria-disabled=${sending ? 'true' : 'false'}>
          ${sending ? t('askSending') : t('askSend')}
        </button>
      </div>
      <p class="ask-notice" role="alert" part="ask-notice">${this.notice || nothing}</p>
    </form>`;
  }

  static override styles = [
    visuallyHidden,
    css`
      :host {
        display: block;
        color: var(--_text, #14171c);
        font: inherit;
      }
      .ask {
        display: grid;
        gap: 0.35em;
        padding: 0.9em 1em;
        margin-top: var(--chat-wall-gap, 10px);
        background: var(--_surface, #fff);
        box-shadow: var(--_shadow, none);
        border: 1px solid var(--_border, #e3e6ec);
        border-radius: var(--chat-wall-radius, 12px);
      }
      .ask-title {
        margin: 0 0 0.2em;
        font-size: 1.05em;
      }
      .ask-fields {
        display: grid;
        gap: 0.35em;
      }
      .ask-fields[hidden] {
        display: none;
      }
      label {
        font-weight: 600;
      }
      input,
      textarea {
        font: inherit;
        color: inherit;
        background: transparent;
        border: 1px solid var(--_muted, #5f6775);
        border-radius: 6px;
        padding: 0.4em 0.5em;
        resize: vertical;
      }
      [aria-invalid='true'] {
        border-color: var(--_danger, #b3261e);
        border-width: 2px;
      }
      input:focus-visible,
      textarea:focus-visible,
      button:focus-visible,
      .ask-sent:focus-visible {
        outline: 2px solid var(--_accent, #5b4ff5);
        outline-offset: 2px;
      }
      .ask-count {
        margin: 0;
        font-size: 0.85em;
        color: var(--_muted, #5f6775);
      }
      .ask-count.over,
      .ask-error,
      .ask-notice {
        margin: 0;
        color: var(--_danger, #b3261e);
        font-weight: 600;
      }
      .ask-error:empty,
      .ask-notice:empty {
        display: none;
      }
      button {
        justify-self: start;
        font: inherit;
        font-weight: 600;
        padding: 0.45em 1em;
        border: 1px solid var(--_border, #e3e6ec);
        border-radius: 999px;
        color: var(--_accent, #5b4ff5);
        background: var(--_surface, #fff);
        cursor: pointer;
      }
      button[disabled] {
        color: var(--_muted, #5f6775);
        cursor: progress;
      }
      .ask-closed {
        margin: 0;
        color: var(--_muted, #5f6775);
      }
      .ask-sent p {
        margin: 0 0 0.5em;
      }
    `,
  ];
}

if (!customElements.get('chat-wall-ask')) customElements.define('chat-wall-ask', ChatWallAsk);

declare global {
  interface HTMLElementTagNameMap {
    'chat-wall-ask': ChatWallAsk;
  }
}

/** The form as `<chat-wall>` draws it under its wall, its parts exported to the page. */
export function renderAsk(server: string, tag: string, closed: boolean, i18n: Translator): TemplateResult {
  return html`<chat-wall-ask
    exportparts="ask, ask-button, ask-error, ask-count, ask-notice"
    .server=${server}
    .tag=${tag}
    .closed=${closed}
    .i18n=${i18n}
  ></chat-wall-ask>`;
}
