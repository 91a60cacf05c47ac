import { ALL_ROLES, TokenRole } from '@chat-wall/sdk';
import { Command, View, VIEW_OF } from './shortcuts.js';

/**
 * What a token's roles let the console show. The relay refuses anything outside them (`403`);
 * the console does not offer it in the first place: no tab, no button, no key.
 */

/** Views only one role has a use for. The others (wall, audit log, questions, sessions) are for both. */
const VIEW_ROLE: Partial<Record<View, TokenRole>> = {
  [View.Queue]: TokenRole.Moderate,
  [View.Removed]: TokenRole.Moderate,
  [View.Settings]: TokenRole.Moderate,
  [View.Program]: TokenRole.Produce,
};

/** Decisions and marks on posts in the post lists: the `moderate` role's. */
const DECISIONS = new Set<Command>([
  Command.Approve,
  Command.Reject,
  Command.BulkApprove,
  Command.Pin,
  Command.Highlight,
  Command.Answer,
  Command.Remove,
  Command.Restore,
  Command.Ban,
]);
const POST_LISTS = new Set<View>([View.Queue, View.Wall, View.Removed]);

/** Changes to audience questions and sessions: the `moderate` role's too (a producer reads them). */
const TRIAGE = new Set<Command>([
  Command.Assign,
  Command.Answer,
  Command.Dismiss,
  Command.Reopen,
  Command.NewSession,
  Command.EditSession,
  Command.ExtendSession,
  Command.EndSession,
]);
const READ_ONLY_FOR_PRODUCERS = new Set<View>([View.Questions, View.Sessions]);

/** The roles of a token; a relay that does not say (older than roles) grants both. */
export function rolesOr(roles: readonly TokenRole[] | undefined): readonly TokenRole[] {
  return roles ?? ALL_ROLES;
}

/** Whether a token with `roles` may open `view`. */
export function canSee(roles: readonly TokenRole[], view: View): boolean {
  const needs = VIEW_ROLE[view];
  return needs === undefined || roles.includes(needs);
}

/** Whether a token with `roles` may run `command` in `view` (a "show" command: may see its view). */
export function canRun(roles: readonly TokenRole[], command: Command, view: View): boolean {
  const shows = VIEW_OF[command];
  if (shows) return canSee(roles, shows);
  if (!canSee(roles, view)) return false;
  const changes =
    (POST_LISTS.has(view) && DECISIONS.has(command)) || (READ_ONLY_FOR_PRODUCERS.has(view) && TRIAGE.has(command));
  return !changes || roles.includes(TokenRole.Moderate);
}

/** The view a wall opens on: the queue for moderators, the program for producers only. */
export function firstView(roles: readonly TokenRole[]): View {
  return canSee(roles, View.Queue) ? View.Queue : View.Program;
}
