import { type ModerationSettings, type ModeratorClient } from '@chat-wall/sdk';
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { formStyles } from './form-styles.js';
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
        margin-top: 1rem;
      }
      h2 {
        font-size: 1.05rem;
        margin: 0 0 0.25rem;
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

  constructor() {
    super();
    this.tag = '';
    this.busy = false;
  }

  override render(): TemplateResult {
    const banned = this.settings?.filters.authors.block ?? [];
    const action = this.settings?.filters.authors.blockAction ?? 'reject';
    return html`<section class="card bans" aria-labelledby="bans-title">
      <h2 id="bans-title">Banned authors</h2>
      <p class="hint">
        Their new posts are ${action === 'hold' ? 'held' : 'rejected'}. Unbanning does not bring back posts already
        taken down: restore those one by one.
      </p>
      ${
        banned.length === 0
          ? html`<p class="empty" data-empty="bans">Nobody is banned from this wall.</p>`
          : html`<ul class="ban-list">
              ${banned.map(
                (key) =>
                  html`<li data-author=${key}>
                    <code>${key}</code>
                    <button
                      type="button"
                      data-action="unban"
                      ?disabled=${this.busy}
                      aria-label="Unban ${key}"
                      @click=${() => this.run(() => this.client!.unban(this.tag, key), `Unbanned ${key}.`)}
                    >
                      Unban
                    </button>
                  </li>`,
              )}
            </ul>`
      }
      <form class="ban-add" novalidate @submit=${this.onBan}>
        <label for="ban-author">Ban an author</label>
        <input id="ban-author" name="author" autocomplete="off" spellcheck="false" placeholder="@handle or source:id" />
        <button type="submit" class="danger" ?disabled=${this.busy}>Ban</button>
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
      this.status = { ok: false, message: 'Enter @handle or source:id.' };
      input.focus();
      return;
    }
    void this.run(async () => {
      const { settings } = await this.client!.ban(this.tag, author);
      input.value = '';
      return settings;
    }, `Banned ${author}.`);
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
