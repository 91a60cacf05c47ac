import type { ModeratorClient, SourceBudget, SourceHealth, SourceState } from '@chat-wall/sdk';
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { ConsoleKey } from './i18n/en.js';
import { I18nController } from './i18n/i18n-controller.js';
import type { ConsoleTranslator } from './i18n/translator.js';
import { sourceName } from './source-names.js';
import { consoleStyles } from './styles.js';

/** How often the view asks the relay again while it is open. */
export const SOURCES_REFRESH_MS = 10_000;

const STATE_WORD: Record<SourceState, ConsoleKey> = {
  running: 'sourceRunning',
  idle: 'sourceIdle',
  backoff: 'sourceBackoff',
  stopped: 'sourceStopped',
  failed: 'sourceFailed',
};

/**
 * The health of the sources that feed the open wall, as this relay sees them: each one's state
 * and why (what failed and how to fix it), its instances or hosts, malformed input skipped, the
 * last post, and for X the day's read budget with what the stream, backfill and the deletion
 * re-check each read. Refreshed every 10 seconds while open. Everything shown is text.
 */
export class ChatWallConsoleSources extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    sources: { state: true },
    error: { state: true },
  };

  static override styles = [
    consoleStyles,
    css`
      .sources {
        display: grid;
        gap: 0.75rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .source {
        padding: 0.75rem 1rem;
      }
      .source h3 {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        margin: 0 0 0.4rem;
        font-size: 1.05em;
      }
      .state {
        font-size: 0.8em;
        font-weight: 700;
        padding: 0.15em 0.6em;
        border-radius: 999px;
        background: var(--_border);
      }
      .detail {
        margin: 0.2rem 0 0.5rem;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 0.4rem 1rem;
        margin: 0.4rem 0 0;
      }
      dt {
        color: var(--_muted);
        font-size: 0.85em;
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      .parts {
        margin: 0.5rem 0 0;
        padding-inline-start: 1.2rem;
      }
    `,
  ];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  declare private sources: Record<string, SourceHealth> | undefined;
  declare private error: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private loadedTag = '';
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => void this.load(), SOURCES_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  protected override willUpdate(): void {
    if (this.client && this.tag && this.tag !== this.loadedTag) {
      this.loadedTag = this.tag;
      this.sources = undefined;
      void this.load();
    }
  }

  /** Asks the relay for the wall's sources now. */
  async load(): Promise<void> {
    const tag = this.tag;
    if (!this.client || !tag) return;
    try {
      const sources = await this.client.sources(tag);
      if (tag !== this.tag) return;
      this.sources = sources;
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  override render(): TemplateResult {
    const entries = Object.entries(this.sources ?? {});
    const t = this.i18n;
    return html`<div class="toolbar">
        <h2>${t.t('sourcesTitle')}</h2>
        <button type="button" @click=${() => void this.load()}>${t.t('refresh')}</button>
      </div>
      ${this.error ? html`<p class="card" role="alert">${t.t('sourcesError', { error: this.error })}</p>` : nothing}
      ${
        this.sources === undefined
          ? html`<p class="empty card" aria-live="polite">${t.t('loading')}</p>`
          : entries.length === 0
            ? html`<p class="empty card">${t.t('sourcesEmpty')}</p>`
            : html`<ul class="sources" aria-label=${t.t('sourcesList')}>
                ${entries.map(([name, health]) => this.renderSource(name, health))}
              </ul>`
      }`;
  }

  private renderSource(name: string, s: SourceHealth): TemplateResult {
    const t = this.i18n.tr;
    return html`<li class="source card" data-source=${name} data-state=${s.state}>
      <h3>${sourceName(name, t)} <span class="state" data-state=${s.state}>${t.t(STATE_WORD[s.state])}</span></h3>
      ${s.detail ? html`<p class="detail">${s.detail}</p>` : nothing}
      <dl>
        <div>
          <dt>${t.t('postsDelivered')}</dt>
          <dd>${t.number(s.postsDelivered)}</dd>
        </div>
        <div>
          <dt>${t.t('lastPost')}</dt>
          <dd>${s.lastPostAt ? t.dateTime(s.lastPostAt) : t.t('noneYet')}</dd>
        </div>
        ${
          s.malformed !== undefined
            ? html`<div>
                <dt>${t.t('malformed')}</dt>
                <dd>${t.number(s.malformed)}</dd>
              </div>`
            : nothing
        }
      </dl>
      ${s.budget ? renderBudget(s.budget, t) : nothing}
      ${
        s.parts && s.parts.length > 0
          ? html`<ul class="parts" aria-label=${t.t('connections')}>
              ${s.parts.map(
                (p) =>
                  html`<li data-part-state=${p.state}>
                    <bdi>${p.name}</bdi>: ${t.t(STATE_WORD[p.state])}${p.detail ? html` (<bdi>${p.detail}</bdi>)` : ''}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    </li>`;
  }
}

/** X's read budget: the day's total, and what each use of it read. */
function renderBudget(b: SourceBudget, t: ConsoleTranslator): TemplateResult {
  const remaining = t.number(b.remaining);
  return html`<dl data-part="budget">
    <div>
      <dt>${t.t('readsToday')}</dt>
      <dd>${t.t('readsOf', { used: t.number(b.usedToday), budget: t.number(b.dailyReadBudget) })}</dd>
    </div>
    <div>
      <dt>${t.t('remaining')}</dt>
      <dd>${b.pausedByBudget ? t.t('remainingPaused', { remaining }) : remaining}</dd>
    </div>
    ${
      b.readsBy
        ? html`<div>
              <dt>${t.t('byStream')}</dt>
              <dd>${t.number(b.readsBy.stream)}</dd>
            </div>
            <div>
              <dt>${t.t('byBackfill')}</dt>
              <dd>${t.number(b.readsBy.backfill)}</dd>
            </div>
            <div>
              <dt>${t.t('byRecheck')}</dt>
              <dd data-part="recheck-reads">${t.number(b.readsBy.deletionCheck)}</dd>
            </div>`
        : nothing
    }
    <div>
      <dt>${t.t('startsOver')}</dt>
      <dd>${t.dateTime(b.resetsAt)}</dd>
    </div>
  </dl>`;
}
