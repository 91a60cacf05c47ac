import type { ModeratorClient } from '@chat-wall/sdk';
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ConsoleNoticeEvent } from './console-notice.js';
import { I18nController } from './i18n/i18n-controller.js';
import { consoleStyles } from './styles.js';

/**
 * The switch for a wall's audience questions (the widget's `ask` form): says whether they are
 * open and, for a token with the `moderate` role, opens or closes them. The state comes from the
 * wall's own state, so a change by another moderator shows here at once. Not drawn for a wall that
 * does not take questions.
 */
export class ChatWallConsoleSubmissions extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    submissions: { attribute: false },
    canChange: { type: Boolean },
    hasSessions: { type: Boolean },
    saving: { state: true },
  };

  static override styles = [
    consoleStyles,
    css`
      .switch {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.6rem 0.9rem;
        margin-block-end: 0.75rem;
      }
      .switch p {
        margin: 0;
      }
      .state {
        font-weight: 700;
      }
    `,
  ];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  /** The wall's `submissions` (absent when it does not take questions). */
  declare submissions: { open: boolean } | undefined;
  /** Whether the token may open and close them (the `moderate` role). */
  declare canChange: boolean;
  /** Whether the wall has sessions: then questions are taken only while one is live. */
  declare hasSessions: boolean;
  declare private saving: boolean;
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.canChange = false;
    this.hasSessions = false;
    this.saving = false;
  }

  override render(): TemplateResult | typeof nothing {
    const s = this.submissions;
    if (!s) return nothing;
    const t = this.i18n;
    const state = t.t(s.open ? (this.hasSessions ? 'submissionsOpenLive' : 'submissionsOpen') : 'submissionsClosed');
    return html`<div class="switch card" data-part="submissions">
      <p>
        ${t.tr.parts('submissionsState', {
          state: html`<span class="state" data-open=${String(s.open)}>${state}</span>`,
        })}
      </p>
      ${
        this.canChange
          ? html`<button type="button" ?disabled=${this.saving} @click=${() => this.set(!s.open)}>
              ${t.t(s.open ? 'closeQuestions' : 'openQuestions')}
            </button>`
          : nothing
      }
    </div>`;
  }

  private async set(open: boolean): Promise<void> {
    if (!this.client) return;
    this.saving = true;
    try {
      await this.client.setSubmissions(this.tag, open);
      this.notify(true, this.i18n.t(open ? 'questionsOpened' : 'questionsClosed'));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.notify(false, this.i18n.t('questionsNotChanged', { error }));
    } finally {
      this.saving = false;
    }
  }

  private notify(ok: boolean, message: string): void {
    this.dispatchEvent(new ConsoleNoticeEvent({ ok, message }));
  }
}
