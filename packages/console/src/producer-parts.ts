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
import { Command, shortcutOf } from './shortcuts.js';

// The producer view's fixed parts: the two monitors and the transport. The lists are the element's.

/** The program monitor: the post on air, large, its time on air and who took it. */
export function renderProgram(p: ProducerProgram, now: number): TemplateResult {
  const onAir = p.onAir;
  return html`<section
    class="monitor program"
    data-part="program"
    data-on-air=${onAir ? 'true' : 'false'}
    data-revision=${p.revision}
    aria-labelledby="program-title"
  >
    <h2 id="program-title">
      <span class="tally" aria-hidden="true"></span> On air
      ${
        onAir
          ? html`<span class="clock" data-part="on-air-time" aria-label="Time on air"
              >${onAirFor(onAir.since, now)}</span
            >`
          : nothing
      }
    </h2>
    ${
      onAir
        ? html`<article class="post" data-post-id=${onAir.post.id} aria-label=${postLabel(onAir.post)}>
              ${renderPostBody(onAir.post)}
            </article>
            ${p.by ? html`<p class="hint by" data-part="taken-by">Taken by ${p.by}</p>` : nothing}`
        : html`<p class="hint">Nothing is on air.</p>`
    }
  </section>`;
}

/** The preview monitor: the post "Next" would take. */
export function renderNext(next: Post | undefined): TemplateResult {
  return html`<section class="monitor preview" data-part="next" aria-labelledby="next-title">
    <h2 id="next-title">Next</h2>
    ${
      next
        ? html`<article class="post" data-post-id=${next.id} aria-label=${postLabel(next)}>
            ${renderPostBody(next)}
          </article>`
        : html`<p class="hint">Nothing to take next: add posts to the rundown.</p>`
    }
  </section>`;
}

/** Next, Take and Clear, and the auto mode's switch, dwell time and source. */
export function renderTransport(
  p: ProducerProgram,
  canTake: boolean,
  run: (command: Command) => void,
  setAuto: (change: Partial<Omit<AutoMode, 'pausedBy'>>) => void,
): TemplateResult {
  const key = (command: Command) => html`<kbd aria-hidden="true">${shortcutOf(command).label}</kbd>`;
  const auto = p.auto;
  return html`<div class="transport" role="group" aria-label="Program">
    <button
      type="button"
      class="take"
      data-command=${Command.TakeNext}
      aria-keyshortcuts=${shortcutOf(Command.TakeNext).aria}
      @click=${() => run(Command.TakeNext)}
    >
      Next ${key(Command.TakeNext)}
    </button>
    <button
      type="button"
      data-command=${Command.Take}
      aria-keyshortcuts=${shortcutOf(Command.Take).aria}
      ?disabled=${!canTake}
      @click=${() => run(Command.Take)}
    >
      Take selected ${key(Command.Take)}
    </button>
    <button
      type="button"
      data-command=${Command.ClearAir}
      aria-keyshortcuts=${shortcutOf(Command.ClearAir).aria}
      ?disabled=${!p.onAir}
      @click=${() => run(Command.ClearAir)}
    >
      Clear ${key(Command.ClearAir)}
    </button>
    <div class="auto" data-part="auto">
      <label
        ><input
          type="checkbox"
          name="auto"
          .checked=${live(auto.enabled && !auto.pausedBy)}
          @change=${(e: Event) => setAuto({ enabled: (e.target as HTMLInputElement).checked })}
        />
        Auto</label
      >
      <label
        >every
        <input
          type="number"
          name="dwell"
          min="3"
          max="3600"
          .value=${live(String(auto.dwellSeconds))}
          @change=${(e: Event) => setAuto({ dwellSeconds: Number((e.target as HTMLInputElement).value) })}
        />
        s</label
      >
      <select
        name="source"
        aria-label="Auto mode takes from"
        @change=${(e: Event) => setAuto({ source: (e.target as HTMLSelectElement).value as AutoSource })}
      >
        <option value=${AutoSource.Rundown} ?selected=${auto.source === AutoSource.Rundown}>the rundown</option>
        <option value=${AutoSource.Newest} ?selected=${auto.source === AutoSource.Newest}>the newest posts</option>
      </select>
      ${
        auto.enabled && auto.pausedBy
          ? html`<span class="hint" data-part="auto-paused">paused by ${auto.pausedBy}</span>`
          : nothing
      }
    </div>
  </div>`;
}

/** What the console says after a producer action went through. */
export function doneMessage(request: Omit<ProgramRequest, 'tag'>, program: ProducerProgram): string {
  const onAir = program.onAir ? `@${program.onAir.post.author.handle}` : undefined;
  switch (request.action) {
    case ProgramAction.Take:
    case ProgramAction.Next:
      return onAir ? `On air: the post by ${onAir}.` : 'Nothing is on air.';
    case ProgramAction.Clear:
      return 'Cleared the air.';
    case ProgramAction.Add:
      return `Added to the rundown (${program.rundown.length}).`;
    case ProgramAction.Remove:
      return `Taken out of the rundown (${program.rundown.length} left).`;
    case ProgramAction.Move:
      return 'Moved in the rundown.';
    case ProgramAction.Auto:
      return program.auto.enabled ? `Auto mode on: every ${program.auto.dwellSeconds} s.` : 'Auto mode off.';
  }
}
