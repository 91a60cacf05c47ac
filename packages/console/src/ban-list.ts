import { type ModerationSettings, type ModeratorClient } from '@chat-wall/sdk';
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { formStyles } from './form-styles.js';
import { I18nController } from './i18n/i18n-controller.js';
import { consoleStyles } from './styles.js';

/**
 * The wall's banned authors, each with an Unban button, and a field to ban one by key. Bans and
 * unbans are actions of their own (audited as `ban` / `unban`), not edits of the settings form,
 * so a form saved with an older list can never undo someone's ban.
 */
export class ChatWallConsoleBans extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    settings: { attribute: false },
    status: { state: true },
    busy: { state: true },
  };

  static override styles = [
    consoleStyles,
    formStyles,
    css`
      :host {
        display: block;
        margin-block-start: 1rem;
      }
      h2 {
        font-size: 1.05rem;
        margin-block: 0 0.25rem;
        margin-inline: 0;
      }
      .ban-list {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      .ban-list li,
      .ban-add {
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
      .ban-list code {
        flex: 1;
        overflow-wrap: anywhere;
      }
      .ban-add input {
        flex: 1;
      }
    `,
  ];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  declare settings: ModerationSettings | undefined;
  declare private status: { ok: boolean; message: string } | undefined;
  declare private busy: boolean;
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.busy = false;
  }

  override render(): TemplateResult {
    const banned = this.settings?.filters.authors.block ?? [];
    const action = this.settings?.filters.authors.blockAction ?? 'reject';
    const t = this.i18n;
    return html`<section class="card bans" aria-labelledby="bans-title">
      <h2 id="bans-title">${t.t('bannedAuthors')}</h2>
      <p class="hint">${t.t(action === 'hold' ? 'bansHeld' : 'bansRejected')}</p>
      ${
        banned.length === 0
          ? html`<p class="empty" data-empty="bans">${t.t('nobodyBanned')}</p>`
          : html`<ul class="ban-list">
              ${banned.map(
                (key) =>
                  html`<li data-author=${key}>
                    <code dir="ltr">${key}</code>
                    <button
                      type="button"
                      data-action="unban"
                      ?disabled=${this.busy}
                      aria-label=${t.t('unbanWho', { author: key })}
                      @click=${() => this.run(() => this.client!.unban(this.tag, key), t.t('unbanned', { author: key }))}
                    >
                      ${t.t('unban')}
                    </button>
                  </li>`,
              )}
            </ul>`
      }
      <form class="ban-add" novalidate @submit=${this.onBan}>
        <label for="ban-author">${t.t('banAnAuthor')}</label>
        <input
          id="ban-author"
          name="author"
          dir="ltr"
          autocomplete="off"
          spellcheck="false"
          placeholder=${t.t('authorPlaceholder')}
        />
        <button type="submit" class="danger" ?disabled=${this.busy}>${t.t('ban')}</button>
      </form>
      <p
        role="status"
        aria-live="polite"
        class="hint"
        data-part="bans-status"
        data-kind=${this.status?.ok === false ? 'error' : 'ok'}
      >
        ${this.status?.message ?? nothing}
      </p>
    </section>`;
  }

  private readonly onBan = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#ban-author')!;
    const author = input.value.trim();
    if (!author) {
      this.status = { ok: false, message: this.i18n.t('enterAuthor') };
      input.focus();
      return;
    }
    void this.run(
      async () => {
        const { settings } = await this.client!.ban(this.tag, author);
        input.value = '';
        return settings;
      },
      this.i18n.t('banned', { author }),
    );
  };

  /** Runs one request; the relay's answer replaces the list at once (its push follows). */
  private async run(request: () => Promise<ModerationSettings>, done: string): Promise<void> {
    if (!this.client || !this.tag) return;
    this.busy = true;
    try {
      this.settings = await request();
      this.status = { ok: true, message: done };
    } catch (err) {
      this.status = { ok: false, message: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = false;
    }
  }
}
