import type { AuditEntry, ModeratorClient } from '@chat-wall/sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { formStyles } from './form-styles.js';
import { consoleStyles } from './styles.js';

const PAGE = 50;

/**
 * The wall's audit log, newest first: who did what, when, to which post, and why. New entries
 * arrive live; older ones load a page at a time. Exports download through the REST API with the
 * token in a header (a plain link would have to carry it in the URL).
 */
export class ChatWallConsoleAudit extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    entries: { state: true },
    more: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  static override styles = [consoleStyles, formStyles];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  declare private entries: AuditEntry[];
  declare private more: boolean;
  declare private loading: boolean;
  declare private error: string;
  private off: (() => void) | undefined;

  constructor() {
    super();
    this.tag = '';
    this.entries = [];
    this.more = false;
    this.loading = false;
    this.error = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.off = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('client') || changed.has('tag')) && this.client && this.tag) {
      this.off?.();
      const client = this.client;
      this.off = client.on('audit', (entry) => {
        if (entry.tag === this.tag && !this.entries.some((e) => e.id === entry.id)) {
          this.entries = [entry, ...this.entries];
        }
      });
      this.entries = [];
      void this.load();
    }
  }

  override render(): TemplateResult {
    return html`<div class="toolbar">
        <h2>Audit log</h2>
        <button type="button" data-export="csv" @click=${() => this.download('csv')}>Export CSV</button>
        <button type="button" data-export="json" @click=${() => this.download('json')}>Export JSON</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="card">
        <table class="audit">
          <caption class="visually-hidden">
            Moderation actions on #${this.tag}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Post / author</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (e) =>
                html`<tr data-entry-id=${e.id} data-action=${e.action}>
                  <td><time datetime=${e.at}>${new Date(e.at).toLocaleString()}</time></td>
                  <td>${e.actor}</td>
                  <td>${e.action}</td>
                  <td>${e.postId ?? e.author ?? ''}</td>
                  <td>${e.from || e.to ? `${e.from ?? '–'} → ${e.to ?? '–'}` : ''}</td>
                  <td>${e.reason ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.entries.length === 0 && !this.loading ? html`<p class="empty">No actions yet.</p>` : nothing}
        ${
          this.more
            ? html`<p>
                <button type="button" ?disabled=${this.loading} @click=${() => this.load(true)}>Load more</button>
              </p>`
            : nothing
        }
      </div>`;
  }

  private async load(older = false): Promise<void> {
    if (!this.client || !this.tag) return;
    this.loading = true;
    this.error = '';
    try {
      const before = older ? this.entries.at(-1)?.id : undefined;
      const page = await this.client.audit(this.tag, { limit: PAGE, ...(before !== undefined ? { before } : {}) });
      const known = new Set(this.entries.map((e) => e.id));
      this.entries = [...this.entries, ...page.filter((e) => !known.has(e.id))];
      this.more = page.length === PAGE;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.loading = false;
    }
  }

  private async download(format: 'csv' | 'json'): Promise<void> {
    if (!this.client) return;
    try {
      const blob = await this.client.auditFile(this.tag, format, { limit: 1000 });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-${this.tag}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }
}
