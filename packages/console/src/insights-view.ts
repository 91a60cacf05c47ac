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
import { formatDuration, renderPostsChart } from './insights-chart.js';
import { formStyles } from './form-styles.js';
import { consoleStyles } from './styles.js';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

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
    const title = this.session ? `Insights: ${this.session.title}` : 'Insights';
    return html`<section
      class="card insights"
      aria-labelledby="insights-title"
      aria-busy=${this.loading ? 'true' : 'false'}
    >
      <div class="toolbar">
        <h2 id="insights-title">${title}</h2>
        <button type="button" data-action="refresh-insights" ?disabled=${this.loading} @click=${() => this.load()}>
          ${this.loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.insights ? this.renderFigures(this.insights) : nothing}
    </section>`;
  }

  private renderFigures(i: SessionInsights): TemplateResult {
    const figure = (name: string, label: string, value: string | number) =>
      html`<div data-figure=${name}>
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
    return html`<dl class="figures">
        ${figure('participants', 'Participants', i.participants)} ${figure('posts', 'Posts', i.posts)}
        ${figure('questions', 'Host questions answered', `${i.questionsAnswered} / ${i.questionsAsked}`)}
        ${figure('audience', 'Audience questions answered', `${i.audienceAnswered} / ${i.audienceQuestions}`)}
        ${figure('median', 'Median time to answer', formatDuration(i.medianSecondsToAnswer))}
        ${this.spend ? figure('reads', 'X posts read', this.spend.reads) : nothing}
        ${this.spend ? figure('spend', 'Estimated X spend', usd.format(this.spend.estimatedUsd)) : nothing}
      </dl>
      ${renderPostsChart(i.postsPerMinute, 'ppm')}
      <h3>Top contributors</h3>
      ${
        i.topContributors.length
          ? html`<ol class="top">
              ${i.topContributors.map(
                (c) =>
                  html`<li data-handle=${c.handle}>
                    ${c.name || c.handle} <span class="hint">@${c.handle} · ${c.source}</span> — ${c.posts}
                    ${c.posts === 1 ? 'post' : 'posts'}
                  </li>`,
              )}
            </ol>`
          : html`<p class="hint">Nobody has posted yet.</p>`
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
