import {
  AuditAction,
  ErrorCode,
  scheduleProblems,
  SessionPhase,
  sessionPhase,
  sortSessions,
  type AuditEntry,
  type Session,
  type SessionInput,
  type SessionPatch,
} from '@chat-wall/sdk/protocol';
import type { Moderator } from '../auth/tokens.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { badRequest, RequestError } from '../request-error.js';
import { changeableWall, coveredWall } from './covered-wall.js';

/** Id of a session from its start (`s-20261130T1200Z`), with a suffix when a wall already has it. */
export function sessionId(start: string, taken: ReadonlySet<string>): string {
  const base = `s-${new Date(start).toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function overlaps(a: Session, b: Session): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/** Canonical ISO form, so stored times compare and display the same everywhere. */
function iso(value: string): string {
  return new Date(value).toISOString();
}

/**
 * A wall's schedule at run time. Sessions are wall state: every change is one `wall.updated`
 * event carrying the whole list, committed with its audit entry, so screens, snapshots, resume
 * and restarts all see it. Changes on one wall run one at a time (the log serialises them).
 */
export class SessionDesk {
  constructor(
    private readonly walls: WallRegistry,
    private readonly now: () => number,
    /** Tells moderators about each audited change. */
    private readonly announce: (entry: AuditEntry) => void,
  ) {}

  /**
   * Adds the config's sessions to each wall's log when the log does not have them yet (by id,
   * derived from the start). Once in the log, sessions are managed at run time; a restart with
   * the same config changes nothing.
   */
  async seed(): Promise<void> {
    for (const wall of this.walls.all()) {
      const current = wall.log.snapshot.wall.sessions;
      const ids = new Set(current.map((s) => s.id));
      const added: Session[] = [];
      for (const s of wall.config.sessions ?? []) {
        const id = sessionId(s.start, new Set());
        if (ids.has(id)) continue;
        const session: Session = {
          id,
          title: s.title,
          start: iso(s.start),
          end: iso(s.end),
          ...(s.description ? { description: s.description } : {}),
        };
        // One that overlaps a session created at run time is left out rather than breaking the schedule.
        if ([...current, ...added].some((o) => overlaps(o, session))) continue;
        ids.add(id);
        added.push(session);
      }
      if (added.length === 0) continue;
      await wall.log.commit([{ type: 'wall.updated', wall: { sessions: sortSessions([...current, ...added]) } }], {});
    }
  }

  list(moderator: Moderator, tag: string): Session[] {
    return this.wall(moderator, tag).log.snapshot.wall.sessions;
  }

  async create(
    moderator: Moderator,
    tag: string,
    input: SessionInput,
  ): Promise<{ session: Session; sessions: Session[] }> {
    const wall = this.changeable(moderator, tag);
    const current = wall.log.snapshot.wall.sessions;
    const session: Session = {
      id: sessionId(input.start, new Set(current.map((s) => s.id))),
      title: input.title,
      ...(input.description ? { description: input.description } : {}),
      start: iso(input.start),
      end: iso(input.end),
    };
    if (Date.parse(session.end) <= this.now()) throw badRequest('session.end', 'must be in the future');
    return this.save(moderator, wall, [...current, session], session, AuditAction.SessionCreate, 'session');
  }

  async update(
    moderator: Moderator,
    tag: string,
    id: string,
    patch: SessionPatch,
  ): Promise<{ session: Session; sessions: Session[] }> {
    const wall = this.changeable(moderator, tag);
    const old = this.find(wall, id);
    const now = this.now();
    const phase = sessionPhase(old, now);
    const start = patch.start !== undefined ? iso(patch.start) : old.start;
    const end = patch.end !== undefined ? iso(patch.end) : old.end;
    if (phase === SessionPhase.Ended && (start !== old.start || end !== old.end)) {
      throw badRequest(
        start !== old.start ? 'patch.start' : 'patch.end',
        'the session has ended; its times cannot change',
      );
    }
    if (phase === SessionPhase.Live && start !== old.start) {
      throw badRequest('patch.start', 'the session is live; only its end can change');
    }
    if (end !== old.end && Date.parse(end) < now) throw badRequest('patch.end', 'must not be in the past');
    const session: Session = {
      id,
      title: patch.title ?? old.title,
      start,
      end,
      ...((patch.description ?? old.description) ? { description: patch.description ?? old.description! } : {}),
    };
    return this.replace(moderator, wall, session, AuditAction.SessionUpdate, 'patch');
  }

  /** Ends a live session now. */
  async end(moderator: Moderator, tag: string, id: string): Promise<{ session: Session; sessions: Session[] }> {
    const wall = this.changeable(moderator, tag);
    const old = this.find(wall, id);
    const now = this.now();
    if (sessionPhase(old, now) !== SessionPhase.Live) {
      throw new RequestError({
        code: ErrorCode.Conflict,
        message: `Session "${old.title}" is not live; only a live session can end now.`,
      });
    }
    return this.replace(moderator, wall, { ...old, end: new Date(now).toISOString() }, AuditAction.SessionEnd, 'id');
  }

  /** Moves a session's end by `minutes`, never into the past nor before its start. */
  async extend(
    moderator: Moderator,
    tag: string,
    id: string,
    minutes: number,
  ): Promise<{ session: Session; sessions: Session[] }> {
    const wall = this.changeable(moderator, tag);
    const old = this.find(wall, id);
    const now = this.now();
    if (sessionPhase(old, now) === SessionPhase.Ended)
      throw badRequest('minutes', 'the session has ended; its times cannot change');
    const end = Date.parse(old.end) + minutes * 60_000;
    if (end <= now) throw badRequest('minutes', 'the new end would be in the past');
    return this.replace(
      moderator,
      wall,
      { ...old, end: new Date(end).toISOString() },
      AuditAction.SessionExtend,
      'minutes',
    );
  }

  private replace(moderator: Moderator, wall: Wall, session: Session, action: AuditAction, field: string) {
    const others = wall.log.snapshot.wall.sessions.filter((s) => s.id !== session.id);
    return this.save(moderator, wall, [...others, session], session, action, field);
  }

  private async save(
    moderator: Moderator,
    wall: Wall,
    list: Session[],
    session: Session,
    action: AuditAction,
    field: string,
  ): Promise<{ session: Session; sessions: Session[] }> {
    const sessions = sortSessions(list);
    // Only the changed session's problems count (the others were accepted before): checked last,
    // it is compared with every other one.
    const problem = scheduleProblems([...sessions.filter((s) => s !== session), session], this.now()).find(
      (p) => p.index === sessions.length - 1,
    );
    if (problem) {
      const name = field === 'session' || field === 'patch' ? `${field}.${problem.field}` : field;
      throw badRequest(name, problem.message);
    }
    const tag = wall.config.tag;
    const times = `${session.start}–${session.end}`;
    const { audit } = await wall.log.commit([{ type: 'wall.updated', wall: { sessions } }], {
      audit: [
        {
          tag,
          at: new Date(this.now()).toISOString(),
          actor: moderator.name,
          action,
          reason: `session ${session.id} "${session.title}" ${times}`,
        },
      ],
    });
    this.announce(audit[0]!);
    return { session, sessions };
  }

  private find(wall: Wall, id: string): Session {
    const session = wall.log.snapshot.wall.sessions.find((s) => s.id === id);
    if (!session) {
      throw new RequestError({
        code: ErrorCode.NotFound,
        message: `Wall "${wall.config.tag}" has no session "${id}".`,
      });
    }
    return session;
  }

  private wall(moderator: Moderator, rawTag: string): Wall {
    return coveredWall(moderator, rawTag, (tag) => this.walls.get(tag));
  }

  private changeable(moderator: Moderator, rawTag: string): Wall {
    return changeableWall(moderator, rawTag, (tag) => this.walls.get(tag), 'change sessions');
  }
}
