import type { ModeratorClient, Session, SessionInsights, SessionSpend } from '@chat-wall/sdk';
import {
  css,
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { renderPostsChart } from './insights-chart.js';
import { formStyles } from './form-styles.js';
import type { ConsoleKey } from './i18n/en.js';
import { I18nController } from './i18n/i18n-controller.js';
import { consoleStyles } from './styles.js';

/**
 * One session's figures, as the relay computes them: participants, posts per minute (a chart with
 * a text alternative and a table), top contributors, questions asked and answered, the median
 * time to answer, and the X reads and their estimated cost while its window was open.
 */
export class ChatWallConsoleInsights extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    session: { attribute: false },
    insights: { state: true },
    spend: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  static override styles = [
    consoleStyles,
    formStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
        gap: 0.75rem;
        margin: 0 0 1rem;
      }
      .figures div {
        border: 1px solid var(--_border);
        border-radius: 10px;
        padding: 0.5rem 0.75rem;
      }
      .figures dt {
        color: var(--_muted);
        font-size: 0.85em;
      }
      .figures dd {
        margin: 0;
        font-size: 1.4em;
        font-weight: 700;
      }
      .chart {
        margin: 0 0 1rem;
      }
      .chart svg {
        display: block;
        width: 100%;
        height: 160px;
        background: var(--_bg, transparent);
        border-bottom: 1px solid var(--_border);
      }
      .chart .bar {
        fill: var(--_accent);
      }
      .chart figcaption {
        margin-top: 0.4rem;
        color: var(--_muted);
        font-size: 0.9em;
      }
      .chart table {
        margin-top: 0.4rem;
        border-collapse: collapse;
      }
      .chart td,
      .chart th {
        padding-block: 0.15rem;
        padding-inline: 0 0.75rem;
        text-align: start;
      }
      ol.top {
        margin: 0;
        padding-inline-start: 1.5rem;
      }
    `,
  ];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  declare session: Session | undefined;
  declare private insights: SessionInsights | undefined;
  declare private spend: SessionSpend | undefined;
  declare private loading: boolean;
  declare private error: string;
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.loading = false;
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The list hands a new session object on every render: only another session means reading again.
    const otherSession =
      changed.has('session') && (changed.get('session') as Session | undefined)?.id !== this.session?.id;
    if ((changed.has('client') || changed.has('tag') || otherSession) && this.client && this.tag) {
      void this.load();
    }
  }

  override render(): TemplateResult {
    const t = this.i18n;
    const title = this.session ? t.t('insightsOf', { title: this.session.title }) : t.t('insights');
    return html`<section
      class="card insights"
      aria-labelledby="insights-title"
      aria-busy=${this.loading ? 'true' : 'false'}
    >
      <div class="toolbar">
        <h2 id="insights-title">${title}</h2>
        <button type="button" data-action="refresh-insights" ?disabled=${this.loading} @click=${() => this.load()}>
          ${this.loading ? t.t('loading') : t.t('refresh')}
        </button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.insights ? this.renderFigures(this.insights) : nothing}
    </section>`;
  }

  private renderFigures(i: SessionInsights): TemplateResult {
    const tr = this.i18n.tr;
    const figure = (name: string, label: ConsoleKey, value: string | number) =>
      html`<div data-figure=${name}>
        <dt>${tr.t(label)}</dt>
        <dd>${typeof value === 'number' ? tr.number(value) : value}</dd>
      </div>`;
    // "answered / asked" reads the same way round in every language: the slash is kept left to right.
    const ratio = (a: number, b: number) => `\u2066${tr.number(a)} / ${tr.number(b)}\u2069`;
    return html`<dl class="figures">
        ${figure('participants', 'participants', i.participants)} ${figure('posts', 'posts', i.posts)}
        ${figure('questions', 'hostAnswered', ratio(i.questionsAnswered, i.questionsAsked))}
        ${figure('audience', 'audienceAnswered', ratio(i.audienceAnswered, i.audienceQuestions))}
        ${figure('median', 'medianAnswer', tr.duration(i.medianSecondsToAnswer))}
        ${this.spend ? figure('reads', 'xReads', this.spend.reads) : nothing}
        ${this.spend ? figure('spend', 'xSpend', tr.usd(this.spend.estimatedUsd)) : nothing}
      </dl>
      ${renderPostsChart(i.postsPerMinute, 'ppm', tr)}
      <h3>${tr.t('topContributors')}</h3>
      ${
        i.topContributors.length
          ? html`<ol class="top">
              ${i.topContributors.map(
                (c) =>
                  html`<li data-handle=${c.handle}>
                    <bdi>${c.name || c.handle}</bdi> <span class="hint"><bdi>@${c.handle}</bdi> · ${c.source}</span> —
                    ${tr.t('postCount', { count: c.posts })}
                  </li>`,
              )}
            </ol>`
          : html`<p class="hint">${tr.t('nobodyPosted')}</p>`
      }`;
  }

  private async load(): Promise<void> {
    const { client, tag, session } = this;
    if (!client || !tag) return;
    this.loading = true;
    this.error = '';
    try {
      const result = await client.insights(tag, session?.id);
      if (session?.id !== this.session?.id) return;
      this.insights = result.insights;
      this.spend = result.spend;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.loading = false;
    }
  }
}
