import {
  AuditAction,
  AutoSource,
  ErrorCode,
  PostStatus,
  ProgramAction,
  TokenRole,
  type AuditEntry,
  type AutoMode,
  type NewWallEvent,
  type Post,
  type ProducerProgram,
  type ProgramRequest,
} from '@chat-wall/sdk/protocol';
import { systemClock, type Clock } from '../clock.js';
import { roleRefusal, type Moderator } from '../auth/tokens.js';
import type { Store } from '../store/store.js';
import type { WallRegistry } from '../wall/wall-registry.js';
import { describe, notFound } from './decision-rules.js';
import { RequestError } from '../request-error.js';
import type { Moderation } from './moderation.js';
import { authorKey } from './pipeline.js';
import { clearEvent, nextAfter, placeAt, programOf, RUNDOWN_LIMIT, staleRevision, takeEvent } from './program-rules.js';

/** Timers for auto mode; tests pass a fake one. */
/** How many of the newest approved posts auto mode rotates through when its source is `newest`. */
const NEWEST_ROTATION = 10;

const DEFAULT_AUTO: AutoMode = { enabled: false, dwellSeconds: 10, source: AutoSource.Rundown };

/** Auto mode acts as this moderator, so its takes are audited like a person's. */
const AUTO_ACTOR: Moderator = { id: 'auto', name: 'auto', walls: ['*'], expiresAt: '9999-12-31T23:59:59.999Z' };

interface Desk {
  tag: string;
  rundown: Post[];
  auto: AutoMode;
  /** Who made the last take or clear (read back from the audit log at start). */
  by?: string;
  timer?: object;
  /** The revision producers were last told about. */
  shown?: number;
}

/** What is saved per wall (the store's cursor map), so a restart keeps the rundown and auto mode. */
interface Saved {
  rundown: string[];
  auto: AutoMode;
}

const savedKey = (tag: string): string => `program:${tag}`;

/**
 * The producers' desk: takes, clears and the rundown of each wall.
 *
 * What is on air lives in the wall log (`wall.updated` with `program`), so every screen on every
 * relay shows it and a reloaded overlay comes back to it. A take runs in the wall's queue of
 * decisions ({@linkcode Moderation.exclusive}), so the post it puts on air is approved at the
 * moment the event is appended; a later removal, rejection or ban appends `post.removed`, which the
 * reducer folds into clearing the air in that same event. The rundown and auto mode are for
 * producers only: pushed on the moderator namespace, never in the wall log.
 */
export class ProgramDesk {
  private readonly desks = new Map<string, Desk>();
  private readonly listeners = new Set<(program: ProducerProgram) => void>();
  private closed = false;

  private constructor(
    private readonly store: Store,
    private readonly walls: WallRegistry,
    private readonly moderation: Moderation,
    private readonly clock: Clock,
  ) {}

  /** Loads each wall's saved rundown (dropping posts no longer approved) and auto mode. */
  static async open(
    store: Store,
    walls: WallRegistry,
    moderation: Moderation,
    clock: Clock = systemClock,
  ): Promise<ProgramDesk> {
    const desk = new ProgramDesk(store, walls, moderation, clock);
    for (const wall of walls.all()) {
      const tag = wall.config.tag;
      const saved = parseSaved(await store.getCursor(savedKey(tag)));
      const rundown: Post[] = [];
      for (const id of saved?.rundown ?? []) {
        const record = await store.getPost(tag, id);
        if (record?.status === PostStatus.Approved) rundown.push(record.post);
      }
      const by = await lastProducer(store, tag);
      desk.desks.set(tag, { tag, rundown, auto: saved?.auto ?? DEFAULT_AUTO, ...(by ? { by } : {}) });
    }
    for (const d of desk.desks.values()) desk.schedule(d);
    // A post that leaves the wall leaves the rundown; the air clears through the log itself.
    moderation.subscribe({
      queue: (change) => {
        if (change.kind !== 'decided' || change.post.status === PostStatus.Approved) return;
        const d = desk.desks.get(change.tag);
        if (!d) return;
        const revision = programOf(desk.log(d.tag).snapshot).revision;
        const inRundown = d.rundown.some((p) => p.id === change.post.post.id);
        if (inRundown) d.rundown = d.rundown.filter((p) => p.id !== change.post.post.id);
        // The post on air left with it: producers see the air cleared.
        if (inRundown || revision !== d.shown) void desk.changed(d, inRundown);
      },
    });
    return desk;
  }

  /** Adds a listener for every change of a wall's program; returns the remover. */
  subscribe(listener: (program: ProducerProgram) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A wall's program as producers see it. Any role may read it. */
  view(moderator: Moderator, tag: string): Promise<ProducerProgram> {
    return this.moderation.exclusive(moderator, tag, async (canonical) => this.viewOf(this.desk(canonical)));
  }

  /** Carries out one producer action; needs the `produce` role. */
  act(moderator: Moderator, request: ProgramRequest): Promise<ProducerProgram> {
    const refusal = roleRefusal(moderator, TokenRole.Produce, 'change the program');
    if (refusal) throw new RequestError(refusal);
    return this.moderation.exclusive(moderator, request.tag, (tag) => this.actNow(moderator, this.desk(tag), request));
  }

  /** Stops auto mode's timers. */
  close(): void {
    this.closed = true;
    for (const d of this.desks.values()) this.clock.clearTimeout(d.timer);
  }

  private async actNow(moderator: Moderator, d: Desk, request: ProgramRequest): Promise<ProducerProgram> {
    const { action } = request;
    switch (action) {
      case ProgramAction.Take:
      case ProgramAction.Next: {
        const id = action === ProgramAction.Take ? request.postId! : this.nextId(d);
        if (id === undefined) {
          throw new RequestError(
            {
              code: ErrorCode.Conflict,
              message: 'Nothing to take next: the rundown is empty and the wall has no approved posts.',
            },
            { program: this.viewOf(d) },
          );
        }
        await this.take(moderator, d, id, request.expected);
        this.pauseAuto(moderator, d);
        break;
      }
      case ProgramAction.Clear: {
        await this.clear(moderator, d, request.expected);
        this.pauseAuto(moderator, d);
        break;
      }
      case ProgramAction.Add: {
        const post = await this.approvedPost(d.tag, request.postId!, 'add');
        if (d.rundown.length >= RUNDOWN_LIMIT && !d.rundown.some((p) => p.id === post.id)) {
          throw new RequestError({
            code: ErrorCode.BadRequest,
            message: `The rundown holds at most ${RUNDOWN_LIMIT} posts; remove some first.`,
            field: 'postId',
          });
        }
        d.rundown = placeAt(d.rundown, post, request.index, (p) => p.id === post.id);
        break;
      }
      case ProgramAction.Remove:
      case ProgramAction.Move: {
        const post = d.rundown.find((p) => p.id === request.postId);
        if (!post) {
          throw new RequestError({
            code: ErrorCode.NotFound,
            message: `Post ${request.postId} is not in the rundown of #${d.tag}.`,
            field: 'postId',
          });
        }
        d.rundown =
          action === ProgramAction.Remove
            ? d.rundown.filter((p) => p !== post)
            : placeAt(d.rundown, post, request.index, (p) => p === post);
        break;
      }
      case ProgramAction.Auto: {
        const { pausedBy: _paused, ...current } = d.auto;
        d.auto = { ...current, ...request.auto };
        await this.audit(moderator, d, AuditAction.Auto, undefined, autoSummary(d.auto));
        break;
      }
    }
    this.schedule(d);
    return this.changed(d, true);
  }

  /** Puts an approved post on air: the wall event and its audit entry in one transaction. */
  private async take(moderator: Moderator, d: Desk, id: string, expected: number | undefined): Promise<void> {
    const log = this.log(d.tag);
    const program = programOf(log.snapshot);
    const stale = staleRevision(program, expected, d.by, `take post ${id} to air`);
    if (stale) throw new RequestError(stale, { program: this.viewOf(d) });
    const record = await this.store.getPost(d.tag, id);
    if (!record) throw notFound(d.tag, id);
    if (record.status !== PostStatus.Approved) {
      throw new RequestError({
        code: ErrorCode.Conflict,
        message: `Cannot take post ${id} to air: only approved posts can go on air, and it is ${describe(record)}.`,
        field: 'postId',
      });
    }
    const at = new Date(this.clock.now()).toISOString();
    await this.commit(moderator, d, takeEvent(program, record.post, at), AuditAction.Take, record.post);
  }

  private async clear(moderator: Moderator, d: Desk, expected: number | undefined): Promise<void> {
    const program = programOf(this.log(d.tag).snapshot);
    const stale = staleRevision(program, expected, d.by, 'clear the air');
    if (stale) throw new RequestError(stale, { program: this.viewOf(d) });
    const event = clearEvent(program);
    if (event) await this.commit(moderator, d, event, AuditAction.Clear, program.onAir!.post);
  }

  private async commit(
    moderator: Moderator,
    d: Desk,
    event: NewWallEvent,
    action: AuditAction,
    post: Post,
  ): Promise<void> {
    const entry = this.auditEntry(moderator, d, action, post, undefined);
    const { audit } = await this.log(d.tag).commit([event], { audit: [entry] });
    d.by = moderator.name;
    this.moderation.announce(audit[0]!);
  }

  private async audit(
    moderator: Moderator,
    d: Desk,
    action: AuditAction,
    post: Post | undefined,
    reason: string,
  ): Promise<void> {
    const { audit } = await this.log(d.tag).commit([], {
      audit: [this.auditEntry(moderator, d, action, post, reason)],
    });
    this.moderation.announce(audit[0]!);
  }

  private auditEntry(
    moderator: Moderator,
    d: Desk,
    action: AuditAction,
    post: Post | undefined,
    reason: string | undefined,
  ): Omit<AuditEntry, 'id'> {
    return {
      tag: d.tag,
      at: new Date(this.clock.now()).toISOString(),
      actor: moderator.name,
      action,
      ...(post ? { postId: post.id, author: authorKey(post) } : {}),
      ...(reason ? { reason } : {}),
    };
  }

  /** The post `next` takes: after the one on air in the rundown, else among the newest approved. */
  private nextId(d: Desk): string | undefined {
    const state = this.log(d.tag).snapshot;
    const current = programOf(state).onAir?.post.id;
    const useNewest = d.rundown.length === 0 || (d.auto.enabled && d.auto.source === AutoSource.Newest);
    const ids = useNewest ? state.posts.slice(0, NEWEST_ROTATION).map((p) => p.id) : d.rundown.map((p) => p.id);
    return nextAfter(ids, current);
  }

  private async approvedPost(tag: string, id: string, what: string): Promise<Post> {
    const record = await this.store.getPost(tag, id);
    if (!record) throw notFound(tag, id);
    if (record.status !== PostStatus.Approved) {
      throw new RequestError({
        code: ErrorCode.Conflict,
        message: `Cannot ${what} post ${id}: only approved posts go in the rundown, and it is ${describe(record)}.`,
        field: 'postId',
      });
    }
    return record.post;
  }

  /** A manual take or clear pauses a running auto mode, saying who paused it. */
  private pauseAuto(moderator: Moderator, d: Desk): void {
    if (moderator === AUTO_ACTOR || !d.auto.enabled || d.auto.pausedBy) return;
    d.auto = { ...d.auto, pausedBy: moderator.name };
  }

  /** (Re)arms auto mode's timer: the next take is due `dwellSeconds` after the current one went on air. */
  private schedule(d: Desk, atLeast = 0): void {
    this.clock.clearTimeout(d.timer);
    d.timer = undefined;
    if (this.closed || !d.auto.enabled || d.auto.pausedBy) return;
    const onAir = programOf(this.log(d.tag).snapshot).onAir;
    const since = onAir ? Date.parse(onAir.since) : -Infinity;
    const wait = Math.max(atLeast, since + d.auto.dwellSeconds * 1000 - this.clock.now());
    d.timer = this.clock.setTimeout(() => void this.tick(d), wait);
  }

  private async tick(d: Desk): Promise<void> {
    d.timer = undefined;
    try {
      await this.moderation.exclusive(AUTO_ACTOR, d.tag, async () => {
        if (!d.auto.enabled || d.auto.pausedBy || this.closed) return;
        const id = this.nextId(d);
        if (id === undefined || id === programOf(this.log(d.tag).snapshot).onAir?.post.id) return;
        await this.take(AUTO_ACTOR, d, id, undefined);
        await this.changed(d, false);
      });
    } catch {
      // The post left the wall meanwhile, or the store failed: the next tick tries again.
    }
    // Nothing taken (or it failed): look again after one dwell rather than spinning.
    this.schedule(d, d.auto.dwellSeconds * 1000);
  }

  /** Saves the rundown and auto mode when they changed, then tells the listeners. */
  private async changed(d: Desk, save: boolean): Promise<ProducerProgram> {
    if (save) {
      const saved: Saved = { rundown: d.rundown.map((p) => p.id), auto: d.auto };
      await this.store.setCursor(savedKey(d.tag), JSON.stringify(saved));
    }
    const view = this.viewOf(d);
    for (const listener of this.listeners) listener(view);
    return view;
  }

  private viewOf(d: Desk): ProducerProgram {
    const program = programOf(this.log(d.tag).snapshot);
    d.shown = program.revision;
    return { tag: d.tag, ...program, rundown: d.rundown, auto: d.auto, ...(d.by ? { by: d.by } : {}) };
  }

  private desk(tag: string): Desk {
    return this.desks.get(tag)!;
  }

  private log(tag: string) {
    return this.walls.get(tag)!.log;
  }
}

/** How far back the audit log is read at start for the last take or clear. */
const AUDIT_LOOKBACK = 200;

/** Who made the wall's last take or clear, from the audit log: a restart keeps who won the air. */
async function lastProducer(store: Store, tag: string): Promise<string | undefined> {
  const entries = await store.listAudit(tag, { limit: AUDIT_LOOKBACK });
  return entries.find((e) => e.action === AuditAction.Take || e.action === AuditAction.Clear)?.actor;
}

function autoSummary(auto: AutoMode): string {
  return auto.enabled ? `auto on: ${auto.source}, ${auto.dwellSeconds} s each` : 'auto off';
}

function parseSaved(text: string | undefined): Saved | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Saved>;
    if (!Array.isArray(value.rundown)) return undefined;
    const auto = { ...DEFAULT_AUTO, ...value.auto };
    return { rundown: value.rundown.filter((id): id is string => typeof id === 'string'), auto };
  } catch {
    return undefined;
  }
}
