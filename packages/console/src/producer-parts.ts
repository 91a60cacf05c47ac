import {
  AutoSource,
  ProgramAction,
  type AutoMode,
  type Post,
  type ProducerProgram,
  type ProgramRequest,
} from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
// A refused dwell time goes back to the relay's value, though the value bound did not change.
import { live } from 'lit/directives/live.js';
import { postLabel, renderPostBody } from './post-card.js';
import { onAirFor } from './program-model.js';
import type { ConsoleTranslator } from './i18n/translator.js';
import { Command, keyLabel, shortcutOf } from './shortcuts.js';

// The producer view's fixed parts: the two monitors and the transport. The lists are the element's.

/** The program monitor: the post on air, large, its time on air and who took it. */
export function renderProgram(p: ProducerProgram, now: number, t: ConsoleTranslator): TemplateResult {
  const onAir = p.onAir;
  return html`<section
    class="monitor program"
    data-part="program"
    data-on-air=${onAir ? 'true' : 'false'}
    data-revision=${p.revision}
    aria-labelledby="program-title"
  >
    <h2 id="program-title">
      <span class="tally" aria-hidden="true"></span> ${t.t('onAir')}
      ${
        onAir
          ? html`<span class="clock" data-part="on-air-time" dir="ltr" aria-label=${t.t('timeOnAir')}
              >${onAirFor(onAir.since, now)}</span
            >`
          : nothing
      }
    </h2>
    ${
      onAir
        ? html`<article class="post" data-post-id=${onAir.post.id} aria-label=${postLabel(onAir.post)}>
              ${renderPostBody(onAir.post, t)}
            </article>
            ${p.by ? html`<p class="hint by" data-part="taken-by">${t.t('takenBy', { name: p.by })}</p>` : nothing}`
        : html`<p class="hint">${t.t('nothingOnAir')}</p>`
    }
  </section>`;
}

/** The preview monitor: the post "Next" would take. */
export function renderNext(next: Post | undefined, t: ConsoleTranslator): TemplateResult {
  return html`<section class="monitor preview" data-part="next" aria-labelledby="next-title">
    <h2 id="next-title">${t.t('next')}</h2>
    ${
      next
        ? html`<article class="post" data-post-id=${next.id} aria-label=${postLabel(next)}>
            ${renderPostBody(next, t)}
          </article>`
        : html`<p class="hint">${t.t('nothingNext')}</p>`
    }
  </section>`;
}

/** Next, Take and Clear, and the auto mode's switch, dwell time and source. */
export function renderTransport(
  p: ProducerProgram,
  canTake: boolean,
  run: (command: Command) => void,
  setAuto: (change: Partial<Omit<AutoMode, 'pausedBy'>>) => void,
  t: ConsoleTranslator,
): TemplateResult {
  const key = (command: Command) =>
    html`<kbd aria-hidden="true">${keyLabel(shortcutOf(command).label, (k) => t.t(k))}</kbd>`;
  const auto = p.auto;
  const dwell = html`<input
    type="number"
    name="dwell"
    min="3"
    max="3600"
    .value=${live(String(auto.dwellSeconds))}
    @change=${(e: Event) => setAuto({ dwellSeconds: Number((e.target as HTMLInputElement).value) })}
  />`;
  return html`<div class="transport" role="group" aria-label=${t.t('program')}>
    <button
      type="button"
      class="take"
      data-command=${Command.TakeNext}
      aria-keyshortcuts=${shortcutOf(Command.TakeNext).aria}
      @click=${() => run(Command.TakeNext)}
    >
      ${t.t('next')} ${key(Command.TakeNext)}
    </button>
    <button
      type="button"
      data-command=${Command.Take}
      aria-keyshortcuts=${shortcutOf(Command.Take).aria}
      ?disabled=${!canTake}
      @click=${() => run(Command.Take)}
    >
      ${t.t('takeSelected')} ${key(Command.Take)}
    </button>
    <button
      type="button"
      data-command=${Command.ClearAir}
      aria-keyshortcuts=${shortcutOf(Command.ClearAir).aria}
      ?disabled=${!p.onAir}
      @click=${() => run(Command.ClearAir)}
    >
      ${t.t('clear')} ${key(Command.ClearAir)}
    </button>
    <div class="auto" data-part="auto">
      <label
        ><input
          type="checkbox"
          name="auto"
          .checked=${live(auto.enabled && !auto.pausedBy)}
          @change=${(e: Event) => setAuto({ enabled: (e.target as HTMLInputElement).checked })}
        />
        ${t.t('auto')}</label
      >
      <label>${t.parts('autoEvery', { seconds: dwell })}</label>
      <select
        name="source"
        aria-label=${t.t('autoFrom')}
        @change=${(e: Event) => setAuto({ source: (e.target as HTMLSelectElement).value as AutoSource })}
      >
        <option value=${AutoSource.Rundown} ?selected=${auto.source === AutoSource.Rundown}>
          ${t.t('fromRundown')}
        </option>
        <option value=${AutoSource.Newest} ?selected=${auto.source === AutoSource.Newest}>${t.t('fromNewest')}</option>
      </select>
      ${
        auto.enabled && auto.pausedBy
          ? html`<span class="hint" data-part="auto-paused">${t.t('pausedBy', { name: auto.pausedBy })}</span>`
          : nothing
      }
    </div>
  </div>`;
}

/** What the console says after a producer action went through. */
export function doneMessage(
  request: Omit<ProgramRequest, 'tag'>,
  program: ProducerProgram,
  t: ConsoleTranslator,
): string {
  const onAir = program.onAir ? `@${program.onAir.post.author.handle}` : undefined;
  const count = program.rundown.length;
  switch (request.action) {
    case ProgramAction.Take:
    case ProgramAction.Next:
      return onAir ? t.t('didTake', { handle: onAir }) : t.t('nothingOnAir');
    case ProgramAction.Clear:
      return t.t('didClear');
    case ProgramAction.Add:
      return t.t('didAdd', { count });
    case ProgramAction.Remove:
      return t.t('didTakeOut', { count });
    case ProgramAction.Move:
      return t.t('didMove');
    case ProgramAction.Auto:
      return program.auto.enabled ? t.t('autoOn', { seconds: program.auto.dwellSeconds }) : t.t('autoOff');
  }
}
