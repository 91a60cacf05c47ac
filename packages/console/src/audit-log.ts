import { AuditAction, PostStatus, type AuditEntry, type ModeratorClient } from '@chat-wall/sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { formStyles } from './form-styles.js';
import type { ConsoleKey } from './i18n/en.js';
import { I18nController } from './i18n/i18n-controller.js';
import { consoleStyles } from './styles.js';

const PAGE = 50;

/** Each action's words in the log; the exports keep the relay's names. */
const ACTION_WORD: Readonly<Record<AuditAction, ConsoleKey>> = {
  [AuditAction.Approve]: 'actApprove',
  [AuditAction.Reject]: 'actReject',
  [AuditAction.Remove]: 'actRemove',
  [AuditAction.Restore]: 'actRestore',
  [AuditAction.Pin]: 'actPin',
  [AuditAction.Unpin]: 'actUnpin',
  [AuditAction.Highlight]: 'actHighlight',
  [AuditAction.Unhighlight]: 'actUnhighlight',
  [AuditAction.Answer]: 'actAnswer',
  [AuditAction.Unanswer]: 'actUnanswer',
  [AuditAction.Ban]: 'actBan',
  [AuditAction.Unban]: 'actUnban',
  [AuditAction.Settings]: 'actSettings',
  [AuditAction.Take]: 'actTake',
  [AuditAction.Clear]: 'actClear',
  [AuditAction.Auto]: 'actAuto',
  [AuditAction.SessionCreate]: 'actSessionCreate',
  [AuditAction.SessionUpdate]: 'actSessionUpdate',
  [AuditAction.SessionEnd]: 'actSessionEnd',
  [AuditAction.SessionExtend]: 'actSessionExtend',
  [AuditAction.SubmissionsOpen]: 'actSubmissionsOpen',
  [AuditAction.SubmissionsClose]: 'actSubmissionsClose',
  [AuditAction.QuestionMark]: 'actQuestionMark',
  [AuditAction.QuestionAssign]: 'actQuestionAssign',
  [AuditAction.QuestionAnswer]: 'actQuestionAnswer',
  [AuditAction.QuestionDismiss]: 'actQuestionDismiss',
  [AuditAction.QuestionReopen]: 'actQuestionReopen',
};

const STATUS_WORD: Readonly<Record<PostStatus, ConsoleKey>> = {
  [PostStatus.Held]: 'statusHeld',
  [PostStatus.Approved]: 'statusApproved',
  [PostStatus.Rejected]: 'statusRejected',
  [PostStatus.Removed]: 'statusRemoved',
};

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
  private readonly i18n = new I18nController(this);

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
    const t = this.i18n;
    const word = (key: ConsoleKey | undefined, raw: string) => (key ? t.t(key) : raw);
    const status = (s: string | undefined) => (s ? word(STATUS_WORD[s as PostStatus], s) : '–');
    return html`<div class="toolbar">
        <h2>${t.t('auditTitle')}</h2>
        <button type="button" data-export="csv" @click=${() => this.download('csv')}>${t.t('exportCsv')}</button>
        <button type="button" data-export="json" @click=${() => this.download('json')}>${t.t('exportJson')}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="card">
        <table class="audit">
          <caption class="visually-hidden">
            ${t.t('auditCaption', { tag: this.tag })}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t.t('auditWhen')}</th>
              <th scope="col">${t.t('auditWho')}</th>
              <th scope="col">${t.t('auditAction')}</th>
              <th scope="col">${t.t('auditTarget')}</th>
              <th scope="col">${t.t('auditStatus')}</th>
              <th scope="col">${t.t('auditWhy')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (e) =>
                html`<tr data-entry-id=${e.id} data-action=${e.action}>
                  <td><time datetime=${e.at}>${t.tr.dateTime(e.at)}</time></td>
                  <td>${e.actor}</td>
                  <td>${word(ACTION_WORD[e.action], e.action)}</td>
                  <td dir="ltr">${e.postId ?? e.author ?? ''}</td>
                  <td>
                    ${e.from || e.to ? `${status(e.from)} ${t.tr.dir === 'rtl' ? '←' : '→'} ${status(e.to)}` : ''}
                  </td>
                  <td>${e.reason ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.entries.length === 0 && !this.loading ? html`<p class="empty">${t.t('auditEmpty')}</p>` : nothing}
        ${
          this.more
            ? html`<p>
                <button type="button" ?disabled=${this.loading} @click=${() => this.load(true)}>
                  ${t.t('loadMore')}
                </button>
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
