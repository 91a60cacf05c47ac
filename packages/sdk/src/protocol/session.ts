/**
 * Sessions: the scheduled times a wall is "on" (a Twitter chat, office hours, a live Q&A).
 *
 * A wall's sessions are part of its public {@linkcode WallInfo} and change through `wall.updated`
 * events like every other wall setting, so resume, snapshots and restarts carry them. The helpers
 * here are pure: the widget calls them with the viewer's clock, the relay with its own.
 */

/** One scheduled session of a wall. */
export interface Session {
  /** Stable id, unique within the wall (for example `s-2026-11-30-1200`); never reused. */
  id: string;
  /** Shown on the wall before, during and after the session. */
  title: string;
  /** Optional plain-text description (how to take part, who answers). Never HTML. */
  description?: string;
  /** ISO 8601 instant the session starts (inclusive). */
  start: string;
  /** ISO 8601 instant the session ends (exclusive); always after {@linkcode Session.start}. */
  end: string;
}

/** Where a moment lies relative to one session. */
export const SessionPhase = {
  /** Not started yet: screens show a countdown. */
  Before: 'before',
  /** `start <= now < end`: the live wall. */
  Live: 'live',
  /** `now >= end`: screens say it ended and link to the recap. */
  Ended: 'ended',
} as const;
export type SessionPhase = (typeof SessionPhase)[keyof typeof SessionPhase];

/**
 * How long before a session's start and after its end the relay reads from paid sources (X).
 * Relay configuration (`walls[].sessionWindow`), not part of the public wall state.
 */
export interface SessionWindow {
  /** Seconds before `start` the window opens. @default 600 */
  leadSeconds: number;
  /** Seconds after `end` the window closes. @default 600 */
  tailSeconds: number;
}

/** Defaults of {@linkcode SessionWindow}: ten minutes either side. */
export const DEFAULT_SESSION_WINDOW: Readonly<SessionWindow> = Object.freeze({ leadSeconds: 600, tailSeconds: 600 });

/** A moment as a `Date`, an epoch-milliseconds number or an ISO string. */
export type Instant = Date | number | string;

function ms(t: Instant): number {
  return t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
}

/** Whether `now` is before, inside or after `session`. */
export function sessionPhase(session: Session, now: Instant): SessionPhase {
  const t = ms(now);
  if (t < Date.parse(session.start)) return SessionPhase.Before;
  if (t < Date.parse(session.end)) return SessionPhase.Live;
  return SessionPhase.Ended;
}

/** The session live at `now`, if any. Sessions of one wall never overlap, so there is at most one. */
export function currentSession(sessions: readonly Session[], now: Instant): Session | undefined {
  return sessions.find((s) => sessionPhase(s, now) === SessionPhase.Live);
}

/** The earliest session that has not started at `now`, if any. */
export function nextSession(sessions: readonly Session[], now: Instant): Session | undefined {
  const t = ms(now);
  let best: Session | undefined;
  for (const s of sessions) {
    const start = Date.parse(s.start);
    if (start > t && (!best || start < Date.parse(best.start))) best = s;
  }
  return best;
}

/** The session that ended most recently at `now`, if any: the one an "ended" screen links the recap of. */
export function previousSession(sessions: readonly Session[], now: Instant): Session | undefined {
  const t = ms(now);
  let best: Session | undefined;
  for (const s of sessions) {
    const end = Date.parse(s.end);
    if (end <= t && (!best || end > Date.parse(best.end))) best = s;
  }
  return best;
}

/**
 * The session whose window (`start - leadSeconds` to `end + tailSeconds`) contains `now`, if any.
 * When windows of neighbouring sessions overlap, the earliest one that is not over wins: a live
 * session keeps its posts during the next one's lead, and in the gap between two sessions posts
 * belong to the coming one (early questions), not to the tail of the last.
 */
export function sessionInWindow(
  sessions: readonly Session[],
  now: Instant,
  window: SessionWindow = DEFAULT_SESSION_WINDOW,
): Session | undefined {
  const t = ms(now);
  const open = sessions
    .filter(
      (s) => t >= Date.parse(s.start) - window.leadSeconds * 1000 && t < Date.parse(s.end) + window.tailSeconds * 1000,
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return open.find((s) => t < Date.parse(s.end)) ?? open[open.length - 1];
}

/** Sessions sorted by start, as {@linkcode WallInfo.sessions} holds them. Returns a new array. */
export function sortSessions(sessions: readonly Session[]): Session[] {
  return [...sessions].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id));
}

/** How far ahead a session may be scheduled: one year. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;

/** One thing wrong with a schedule: which session (index in the list given), which field, what. */
export interface ScheduleProblem {
  index: number;
  field: 'start' | 'end' | 'title';
  message: string;
}

/**
 * Checks a wall's schedule: every session has valid ISO times, ends after it starts, starts at most
 * a year after `now`, and overlaps no other session. Pure; the relay runs it on the config and on
 * every change a moderator makes, and a console may run it before sending.
 */
export function scheduleProblems(
  sessions: readonly Pick<Session, 'title' | 'start' | 'end'>[],
  now: Instant,
): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const t = ms(now);
  sessions.forEach((s, index) => {
    const start = Date.parse(s.start);
    const end = Date.parse(s.end);
    if (s.title.trim() === '') problems.push({ index, field: 'title', message: 'must not be empty' });
    if (Number.isNaN(start)) problems.push({ index, field: 'start', message: 'must be an ISO 8601 date and time' });
    if (Number.isNaN(end)) problems.push({ index, field: 'end', message: 'must be an ISO 8601 date and time' });
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    if (end <= start) problems.push({ index, field: 'end', message: `must be after start (${s.start})` });
    if (start > t + MAX_SCHEDULE_AHEAD_MS) {
      problems.push({ index, field: 'start', message: 'must be at most a year ahead' });
    }
    sessions.forEach((other, j) => {
      if (j >= index) return;
      const os = Date.parse(other.start);
      const oe = Date.parse(other.end);
      if (start < oe && os < end) {
        problems.push({
          index,
          field: 'start',
          message: `overlaps session "${other.title}" (${other.start}–${other.end})`,
        });
      }
    });
  });
  return problems;
}
