import {
  PostAction,
  PostOrder,
  PostStatus,
  type AuditEntry,
  type ModeratedPost,
  type ModerationSettings,
  type Post,
  type PostActionRequest,
  type QueueChange,
} from '@chat-wall/sdk/protocol';
import { canModerate, roleRefusal, type Moderator } from '../auth/tokens.js';
import { RequestError, type Refusal } from '../request-error.js';
import { SerialQueue } from '../serial-queue.js';
import { PostWriteConflict, type Store } from '../store/store.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { changedKeys, conflict, notFound, plan } from './decision-rules.js';
import { coveredWall } from './covered-wall.js';
import type { SharedFlood } from './shared-flood.js';
import { FilterPipeline, normaliseAuthorKey, type Screening } from './pipeline.js';
import { withAssignee } from './question-assignee.js';
import { applySettingsPatch, initialSettings } from './settings.js';
import { preparePatterns } from '../pattern-safety.js';

/** Posts a ban by handle reads per store page, and at most in all (oldest first). */
const HANDLE_SCAN_PAGE = 500;
const MAX_HANDLE_SCAN = 100_000;

/** The audit reason of a post taken down because its author deleted it at the source. */
export const DELETED_AT_SOURCE = 'deleted at source';

/** Who takes a deleted post down: the source itself, not a person. */
const SOURCE_ACTOR: Moderator = { id: 'source', name: 'source', walls: ['*'], expiresAt: '' };

/** Upper bound of one bulk approve, and of the posts a ban retracts in one go. */
const BULK_LIMIT = 500;

export interface ModerationListener {
  queue?(change: QueueChange): void;
  audit?(entry: AuditEntry): void;
  settings?(tag: string, settings: ModerationSettings): void;
  /** An audience question changed (triage, or a host's answer linked). */
  question?(tag: string, question: ModeratedPost): void;
}

interface WallModeration {
  wall: Wall;
  pipeline: FilterPipeline;
  /** Decisions on this wall run one after another, so log order follows decision order. */
  queue: SerialQueue;
}

/**
 * The moderation core: screens new posts through each wall's filters and mode, and carries out
 * moderator decisions. Every decision is a compare-and-set on the post's status in the store
 * (exactly one of two racing moderators wins), the event in the wall log (so every screen sees it
 * and it survives resume) and an audit entry, all committed in one store transaction; then a
 * push to the wall's moderators.
 */
export class Moderation {
  private readonly state = new Map<string, WallModeration>();
  private readonly listeners = new Set<ModerationListener>();

  private constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly flood: SharedFlood | undefined,
  ) {}

  /**
   * Loads each wall's saved settings, or starts from its config. With `flood` (a cluster), the
   * duplicate and rate-cap filters remember the posts of every relay.
   */
  static async open(
    store: Store,
    walls: WallRegistry,
    now: () => number = Date.now,
    flood?: SharedFlood,
  ): Promise<Moderation> {
    const moderation = new Moderation(store, now, flood);
    for (const wall of walls.all()) {
      const tag = wall.config.tag;
      const saved = await store.getWallSettings(tag);
      const settings = saved ?? initialSettings(wall.config.moderation, wall.config.filters);
      moderation.state.set(tag, { wall, pipeline: new FilterPipeline(settings), queue: new SerialQueue() });
    }
    return moderation;
  }

  /**
   * Takes settings another relay saved (and told its own moderators about): filters on this relay
   * decide by them from now on. Unknown walls are ignored.
   */
  adoptSettings(tag: string, settings: ModerationSettings): void {
    const w = this.state.get(tag);
    if (w) w.pipeline = w.pipeline.withSettings(settings);
  }

  /** Adds a listener for queue changes, audit entries and settings; returns the remover. */
  subscribe(listener: ModerationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Screens a new post for a wall. Pure but for the wall's flood memory: on a lone relay its own,
   * synchronous; in a cluster the one the relays share (asynchronous), this relay's own answering
   * while Redis is away.
   */
  screen(tag: string, post: Post): Screening | Promise<Screening> {
    const wall = this.state.get(tag);
    if (!wall) return { status: PostStatus.Held, reason: 'unknown wall' };
    const now = this.now();
    if (!this.flood) return wall.pipeline.screen(post, now);
    const pipeline = wall.pipeline;
    const input = pipeline.floodInput(post);
    // Kept warm for when Redis cannot be reached.
    const own = pipeline.remember(input, now);
    return this.flood.remember(tag, input, now).then((shared) => pipeline.screenWith(post, input, shared ?? own));
  }

  /** Ingest recorded a new post: a held one enters the moderators' queue; a question, the question queue. */
  recorded(record: ModeratedPost): void {
    if (record.status === PostStatus.Held) this.emit({ queue: { tag: record.tag, kind: 'held', post: record } });
    if (record.post.ask) for (const l of this.listeners) l.question?.(record.tag, record);
  }

  /**
   * Ingest linked a host's answer to audience question `postId` and marked it answered: moderators
   * get the question as it is now (with its assignee), as for their own triage.
   */
  async questionAnswered(tag: string, postId: string): Promise<void> {
    const record = await this.store.getPost(tag, postId);
    if (!record?.post.ask) return;
    const question = await withAssignee(this.store, tag, record);
    for (const l of this.listeners) l.question?.(tag, question);
  }

  /**
   * Tells listeners about an audit entry committed elsewhere (the program's takes and clears,
   * sessions, question triage) and, for triage, the question as it is now.
   */
  announce(entry: AuditEntry, question?: ModeratedPost): void {
    this.emit({ audit: entry });
    if (question) for (const l of this.listeners) l.question?.(entry.tag, question);
  }

  /** The walls a moderator's token covers, in config order, with their current mode (for wall pickers). */
  walls(moderator: Moderator): { tag: string; title?: string; mode: ModerationSettings['mode'] }[] {
    return [...this.state.entries()]
      .filter(([tag]) => canModerate(moderator, tag))
      .map(([tag, w]) => ({
        tag,
        ...(w.wall.config.title ? { title: w.wall.config.title } : {}),
        mode: w.pipeline.settings.mode,
      }));
  }

  settings(moderator: Moderator, tag: string): ModerationSettings {
    return this.wall(moderator, tag).pipeline.settings;
  }

  /** Held posts, oldest first. */
  queue(moderator: Moderator, tag: string, limit = 100, after?: string): Promise<ModeratedPost[]> {
    return this.list(moderator, tag, PostStatus.Held, limit, after);
  }

  /**
   * Posts of one or more statuses, in arrival order or newest decision first, keyset-paged by
   * `after` (the last post id of the previous page).
   */
  async list(
    moderator: Moderator,
    tag: string,
    status: PostStatus | readonly PostStatus[],
    limit = 100,
    after?: string,
    order: PostOrder = PostOrder.Arrival,
  ): Promise<ModeratedPost[]> {
    const { wall } = this.wall(moderator, tag);
    const statuses = typeof status === 'string' ? [status] : status;
    return this.store.listPosts(wall.config.tag, { status: statuses, limit, order, ...(after ? { after } : {}) });
  }

  /** Audit entries, newest first. */
  async audit(moderator: Moderator, tag: string, limit = 100, before?: number): Promise<AuditEntry[]> {
    const { wall } = this.wall(moderator, tag);
    return this.store.listAudit(wall.config.tag, { limit, ...(before !== undefined ? { before } : {}) });
  }

  /** Carries out one decision or display action on one post. */
  act(moderator: Moderator, request: PostActionRequest): Promise<ModeratedPost> {
    const w = this.wall(moderator, request.tag, true);
    return w.queue.run(() =>
      this.decide(moderator, w, request.postId, request.action, request.expected, request.reason),
    );
  }

  /** Approves held posts (the given ones, or the whole queue); one result per post. */
  bulkApprove(
    moderator: Moderator,
    tag: string,
    ids: readonly string[] | undefined,
    reason?: string,
  ): Promise<({ ok: true; post: ModeratedPost } | Refusal)[]> {
    const w = this.wall(moderator, tag, true);
    return w.queue.run(async () => {
      const tagName = w.wall.config.tag;
      const targets =
        ids ??
        (await this.store.listPosts(tagName, { status: [PostStatus.Held], limit: BULK_LIMIT })).map((r) => r.post.id);
      const results = [];
      for (const id of targets.slice(0, BULK_LIMIT)) {
        try {
          const record = await this.decide(moderator, w, id, PostAction.Approve, PostStatus.Held, reason);
          results.push({ ok: true as const, post: record });
        } catch (err) {
          if (!(err instanceof RequestError)) throw err;
          results.push(err.toResult());
        }
      }
      return results;
    });
  }

  /**
   * Bans an author from a wall: adds them to the block list (future posts are held or rejected as
   * the wall's `authors.blockAction` says), removes their visible posts, and with `blockAction:
   * reject` also rejects their held ones. Resolves with the ids of the posts taken down by this call.
   *
   * The block list and the `ban` audit entry commit first, together; then each takedown commits
   * with its own event and audit entry. Banning an author who is already blocked saves and audits
   * nothing again and only takes down what is left, so re-running a ban that a crash interrupted
   * finishes it, and ends as an uninterrupted ban would.
   */
  ban(
    moderator: Moderator,
    tag: string,
    author: string,
    reason?: string,
  ): Promise<{ settings: ModerationSettings; removed: string[] }> {
    const w = this.wall(moderator, tag, true);
    return w.queue.run(async () => {
      const key = normaliseAuthorKey(author);
      const f = w.pipeline.settings.filters;
      const settings = f.authors.block.includes(key)
        ? w.pipeline.settings
        : await this.saveSettings(
            moderator,
            w,
            { filters: { authors: { block: [...f.authors.block, key] } } },
            'ban',
            reason,
            key,
          );
      const tagName = w.wall.config.tag;
      const byAuthor = await this.postsBy(tagName, key);
      const note = reason ? `author banned: ${reason}` : 'author banned';
      const removed: string[] = [];
      for (const record of byAuthor) {
        const rejectHeld = record.status === PostStatus.Held && f.authors.blockAction === 'reject';
        if (record.status !== PostStatus.Approved && !rejectHeld) continue;
        const action = rejectHeld ? PostAction.Reject : PostAction.Remove;
        try {
          await this.decide(moderator, w, record.post.id, action, record.status, note);
          if (record.status === PostStatus.Approved) removed.push(record.post.id);
        } catch (err) {
          if (!(err instanceof RequestError)) throw err; // decided meanwhile: nothing to take down
        }
      }
      return { settings, removed };
    });
  }

  /** Takes an author off the block list. Their removed posts stay removed (restore them one by one). */
  unban(moderator: Moderator, tag: string, author: string, reason?: string): Promise<ModerationSettings> {
    const w = this.wall(moderator, tag, true);
    return w.queue.run(async () => {
      const key = normaliseAuthorKey(author);
      const block = w.pipeline.settings.filters.authors.block.filter((k) => k !== key);
      return this.saveSettings(moderator, w, { filters: { authors: { block } } }, 'unban', reason, key);
    });
  }

  /**
   * A post was deleted where it was published: it leaves the wall (approved → removed) or the
   * queue (held → rejected), audited with the reason {@linkcode DELETED_AT_SOURCE} by the actor
   * `source`. Resolves with the decided record, or `undefined` when the wall shows nothing of it.
   */
  deletedAtSource(tag: string, id: string): Promise<ModeratedPost | undefined> {
    const w = this.state.get(tag);
    if (!w) return Promise.resolve(undefined);
    return w.queue.run(async () => {
      const record = await this.store.getPost(tag, id);
      const action =
        record?.status === PostStatus.Approved
          ? PostAction.Remove
          : record?.status === PostStatus.Held
            ? PostAction.Reject
            : undefined;
      if (!record || !action) return undefined;
      try {
        return await this.decide(SOURCE_ACTOR, w, id, action, record.status, DELETED_AT_SOURCE);
      } catch (err) {
        if (err instanceof RequestError) return undefined; // decided meanwhile by another relay
        throw err;
      }
    });
  }

  /** Changes a wall's mode and filters. Throws a `bad_request` naming the field; nothing changes then. */
  putSettings(moderator: Moderator, tag: string, patch: unknown): Promise<ModerationSettings> {
    const w = this.wall(moderator, tag, true);
    return w.queue.run(() => this.saveSettings(moderator, w, patch, 'settings', undefined, undefined));
  }

  /**
   * One action on one post: reads the post, plans the action ({@linkcode plan}), commits the plan
   * and tells listeners. The status change (a compare-and-set from the status just read), the wall
   * event and the audit entry commit in one store transaction: a crash leaves all of them or none,
   * and an action that lost a race writes nothing. Actions on a wall run one at a time, so the
   * status read here is the one the change replaces unless another relay changed it meanwhile,
   * which the compare-and-set catches.
   */
  private async decide(
    moderator: Moderator,
    w: WallModeration,
    id: string,
    action: PostAction,
    expected: PostStatus | undefined,
    reason: string | undefined,
  ): Promise<ModeratedPost> {
    const tag = w.wall.config.tag;
    const current = await this.store.getPost(tag, id);
    const at = new Date(this.now()).toISOString();
    const wallPosts = w.wall.log.snapshot.posts;
    const planned = plan(action, current, expected, { tag, id, actor: moderator.name, at, reason, wallPosts });
    if (planned instanceof RequestError) throw planned;
    let committed;
    try {
      committed = await w.wall.log.commit(planned.event ? [planned.event] : [], {
        ...(planned.change ? { change: [planned.change] } : {}),
        audit: [planned.audit],
      });
    } catch (err) {
      if (!(err instanceof PostWriteConflict)) throw err;
      if (!err.current) throw notFound(tag, id);
      throw conflict(action, id, expected, err.current);
    }
    const post = committed.changed[0] ?? planned.post;
    const entry = committed.audit[0]!;
    this.emit({ audit: entry, queue: { tag, kind: 'decided', post, entry } });
    // Approved already answered by a host: the Questions view moves it out of the open ones.
    if (planned.event?.type === 'post.added' && planned.event.post !== current?.post) {
      await this.questionAnswered(tag, id);
    }
    return post;
  }

  private async saveSettings(
    moderator: Moderator,
    w: WallModeration,
    patch: unknown,
    action: 'settings' | 'ban' | 'unban',
    reason: string | undefined,
    author: string | undefined,
  ): Promise<ModerationSettings> {
    // New filter patterns are checked for ReDoS away from the main thread first; the schema then
    // finds the verdicts in memory.
    await preparePatterns(patch);
    const settings = applySettingsPatch(w.pipeline.settings, patch);
    const tag = w.wall.config.tag;
    // The settings and their audit entry commit together (through the wall log, which serialises
    // them with the wall's other writes): a crash leaves both or neither.
    const { audit } = await w.wall.log.commit([], {
      settings,
      audit: [
        {
          tag,
          at: new Date(this.now()).toISOString(),
          actor: moderator.name,
          action,
          ...(author ? { author } : {}),
          ...(reason ? { reason } : action === 'settings' ? { reason: `changed ${changedKeys(patch)}` } : {}),
        },
      ],
    });
    w.pipeline = w.pipeline.withSettings(settings);
    const entry = audit[0]!;
    this.emit({ audit: entry, settings: { tag, settings } });
    return settings;
  }

  private async postsBy(tag: string, key: string): Promise<ModeratedPost[]> {
    const statuses = [PostStatus.Approved, PostStatus.Held];
    if (!key.startsWith('@')) return this.store.listPosts(tag, { status: statuses, author: key, limit: 10_000 });
    // Handles are not indexed: scan the wall's live and held posts, a page at a time, keeping only
    // the handle's posts, so memory holds one page (not the whole wall) whatever its size.
    const found: ModeratedPost[] = [];
    let after: string | undefined;
    for (let scanned = 0; scanned < MAX_HANDLE_SCAN;) {
      const page = await this.store.listPosts(tag, {
        status: statuses,
        limit: HANDLE_SCAN_PAGE,
        ...(after ? { after } : {}),
      });
      for (const r of page) if (`@${r.post.author.handle.toLowerCase()}` === key) found.push(r);
      scanned += page.length;
      if (page.length < HANDLE_SCAN_PAGE) break;
      after = page.at(-1)!.post.id;
    }
    return found;
  }

  /**
   * Runs `job` in the wall's queue of decisions, so it sees no decision half done and none starts
   * until it ends (the program's takes use it: a take and a removal of the same post never interleave).
   * Checks the token covers the wall; resolves with the wall's canonical tag.
   */
  exclusive<T>(moderator: Moderator, tag: string, job: (tag: string) => Promise<T>): Promise<T> {
    const w = this.wall(moderator, tag);
    return w.queue.run(() => job(w.wall.config.tag));
  }

  /** The wall a request is about; `decides`: the request changes posts or settings (`moderate` role). */
  private wall(moderator: Moderator, rawTag: string, decides = false): WallModeration {
    const w = coveredWall(moderator, rawTag, (tag) => this.state.get(tag));
    const refusal = decides ? roleRefusal(moderator, 'moderate', 'decide on posts or change settings') : undefined;
    if (refusal) throw new RequestError(refusal);
    return w;
  }

  private emit(what: {
    queue?: QueueChange;
    audit?: AuditEntry;
    settings?: { tag: string; settings: ModerationSettings };
  }): void {
    for (const l of this.listeners) {
      if (what.audit) l.audit?.(what.audit);
      if (what.queue) l.queue?.(what.queue);
      if (what.settings) l.settings?.(what.settings.tag, what.settings.settings);
    }
  }
}
