import { selectThreads, type Threads, type AudienceThread, type Post, type QuestionThread } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { renderAuthor, renderAvatar, renderContent, renderMarks } from '../post-parts.js';
import { enQa } from '../i18n/en-qa.js';
import { addEnglish } from '../i18n/translator.js';
import type { LayoutContext, LayoutRenderer } from './layout.js';
import { qaStyles } from './qa-styles.js';
import { renderEmpty, renderStatus } from './status.js';

// English strings travel with this part (the entry has only the first paint's).
addEnglish(enQa);

/**
 * The layout for a Q&A session: the host's questions (`Q1`, `Q2`…) in order, each with its answers
 * threaded beneath and the current one (the highest asked) marked; then the audience's questions,
 * each marked when answered, with the answers beneath. The threads come from the SDK's
 * `selectThreads` over the wall's state, the same selector custom UIs use.
 */
export const qaLayout: LayoutRenderer = {
  styles: qaStyles,
  render(ctx) {
    const threads: Threads = ctx.wallState
      ? selectThreads(ctx.wallState, ctx.sessionId)
      : { questions: [], audience: [] };
    const none = threads.questions.length === 0 && threads.audience.length === 0;
    return html`<header class="header">
        <h2 class="title" dir="auto">${ctx.title}</h2>
        ${renderStatus(ctx)}
      </header>
      ${!none && ctx.status.message ? html`<p class="notice" role="status">${ctx.status.message}</p>` : nothing}
      <div class="qa" aria-busy=${ctx.loaded ? 'false' : 'true'}>
        ${
          threads.questions.length
            ? html`<section class="qa-section" aria-labelledby="qa-host">
                <h3 id="qa-host" class="qa-heading">${ctx.i18n.t('questions')}</h3>
                <ol class="threads">
                  ${repeat(
                    threads.questions,
                    (q) => q.post.id,
                    (q) => renderQuestion(q, q.number === threads.current, ctx),
                  )}
                </ol>
              </section>`
            : nothing
        }
        ${
          threads.audience.length
            ? html`<section class="qa-section" aria-labelledby="qa-audience">
                <h3 id="qa-audience" class="qa-heading">${ctx.i18n.t('fromAudience')}</h3>
                <ol class="threads">
                  ${repeat(
                    threads.audience,
                    (a) => a.post.id,
                    (a) => renderAudience(a, ctx),
                  )}
                </ol>
              </section>`
            : nothing
        }
      </div>
      ${none ? (ctx.status.message ? renderEmpty(ctx) : renderNoQuestions(ctx)) : nothing}`;
  },
};

function renderNoQuestions(ctx: LayoutContext): TemplateResult | typeof nothing {
  if (!ctx.loaded) return nothing;
  return html`<div part="empty" class="empty">${ctx.i18n.t('noQuestions', { title: ctx.title })}</div>`;
}

function renderQuestion(q: QuestionThread, current: boolean, ctx: LayoutContext): TemplateResult {
  const label = ctx.i18n.t('questionNumber', { number: q.number });
  return html`<li class="thread question-thread" data-question=${q.number} ?data-current=${current}>
    ${renderPost(q.post, ['question', current ? 'current' : ''], ctx, {
      badge: html`<span class="badge">${label}</span>`,
      mark: current
        ? html`<div class="marks"><span class="mark current">${ctx.i18n.t('currentQuestion')}</span></div>`
        : nothing,
    })}
    ${renderAnswers(q.answers, ctx.i18n.t('answersTo', { number: q.number }), ctx)}
  </li>`;
}

function renderAudience(a: AudienceThread, ctx: LayoutContext): TemplateResult {
  // Answered by a host's linked reply or by a moderator: the answered mark shows either way.
  const post = { ...a.post, answered: a.answered };
  return html`<li class="thread audience-thread" ?data-answered=${a.answered}>
    ${renderPost(post, ['audience-question', a.answered ? 'answered' : ''], ctx, {})}
    ${renderAnswers(a.answers, ctx.i18n.t('answers'), ctx)}
  </li>`;
}

function renderAnswers(answers: readonly Post[], label: string, ctx: LayoutContext): TemplateResult | typeof nothing {
  if (answers.length === 0) return nothing;
  return html`<ol class="answers" aria-label=${label}>
    ${repeat(
      answers,
      (p) => p.id,
      (p) => html`<li>${renderPost(p, ['answer'], ctx, {})}</li>`,
    )}
  </ol>`;
}

interface PostExtras {
  badge?: TemplateResult;
  mark?: TemplateResult | typeof nothing;
}

function renderPost(post: Post, roles: string[], ctx: LayoutContext, extras: PostExtras): TemplateResult {
  const parts = ['post', ...roles, post.pinned ? 'pinned' : '', post.highlighted ? 'highlighted' : '']
    .filter(Boolean)
    .join(' ');
  return html`<article
    part=${parts}
    class="post ${roles.filter(Boolean).join(' ')}"
    data-post-id=${post.id}
    ?data-pinned=${post.pinned}
    ?data-highlighted=${post.highlighted}
    tabindex="0"
  >
    ${extras.badge ?? nothing} ${renderAvatar(post.author, ctx)}
    <div class="content">
      ${renderAuthor(post, ctx)} ${renderMarks(post, ctx.i18n)} ${extras.mark ?? nothing} ${renderContent(post, ctx)}
    </div>
  </article>`;
}
