import { html, nothing, type TemplateResult } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import { countdown, type Clock, type CountdownView } from './countdown.js';

/** What {@linkcode liveCountdown} counts down to, and how. */
export interface CountdownOptions {
  /** ms since the epoch. */
  target: number;
  locale: string | undefined;
  clock: Clock;
}

function draw(view: CountdownView): TemplateResult {
  return html`<span class="words">${view.words}</span>${
      view.clock ? html` <span class="clock" aria-hidden="true">${view.clock}</span>` : nothing
    }`;
}

/**
 * Keeps a countdown's text current on its own: each tick replaces only the countdown's text, not
 * the element around it. It waits with the clock until the text would change (every second under
 * a day) and stops waiting while it is out of the document.
 */
class CountdownDirective extends AsyncDirective {
  private options: CountdownOptions | undefined;
  private cancel: (() => void) | undefined;

  render(options: CountdownOptions): TemplateResult {
    this.options = options;
    const view = countdown(options.target, options.clock.now(), options.locale);
    this.plan(view);
    return draw(view);
  }

  private plan(view: CountdownView): void {
    this.cancel?.();
    this.cancel = undefined;
    const options = this.options;
    if (!options || !this.isConnected || view.due) return;
    this.cancel = options.clock.schedule(() => this.tick(), view.nextChangeIn);
  }

  private tick(): void {
    const options = this.options;
    if (!options) return;
    const view = countdown(options.target, options.clock.now(), options.locale);
    this.setValue(draw(view));
    this.plan(view);
  }

  protected override disconnected(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  protected override reconnected(): void {
    this.tick();
  }
}

/**
 * A countdown that ticks by itself: "in 2 days", then "in 5 hours" with a `4:59:59` clock.
 * The clock is hidden from screen readers (a number changing every second is noise); put it in an
 * element with `role="timer"` so they can read it on demand.
 */
export const liveCountdown = directive(CountdownDirective);
