import type { Outcome } from './console-controller.js';

/**
 * What a view element reports for the console's live region (a triage done, a conflict, a
 * session refused): the console shows `outcome.message` where every outcome is announced.
 */
export class ConsoleNoticeEvent extends Event {
  constructor(readonly outcome: Outcome) {
    super('console-notice', { bubbles: true, composed: true });
  }
}
