import type {
  AuditEntry,
  ModerationSettings,
  Post,
  WallEvent,
  WallState,
  ModeratedPost,
} from '@chat-wall/sdk/protocol';
import { checkAppend, checkCompact } from './log-checks.js';
import {
  PostOrder,
  PostStatus,
  PostWriteConflict,
  UnknownCursorError,
  type AppendResult,
  type AuditQuery,
  type LogWrites,
  type PostPage,
  type PostQuery,
  type PrunePolicy,
  type StatusChangeResult,
  type StatusTransition,
  type Store,
  type StoredLog,
  type StoredToken,
  type StoreHealth,
  type VisiblePostQuery,
} from './store.js';

interface MemoryLog {
  epoch: string;
  head: number;
  snapshot?: WallState;
  events: WallEvent[];
}

interface MemoryPost extends ModeratedPost {
  /** Seq of the `post.added` event that made it visible; absent while not visible. */
  visibleSeq?: number;
}

/** A {@linkcode Store} that keeps everything in this process: for tests and throwaway demos. */
export class MemoryStore implements Store {
  private readonly logs = new Map<string, MemoryLog>();
  /** Per wall, posts by id, in arrival order (a Map keeps insertion order). */
  private readonly posts = new Map<string, Map<string, MemoryPost>>();
  private readonly cursors = new Map<string, string>();
  private readonly audit: AuditEntry[] = [];
  private readonly settings = new Map<string, ModerationSettings>();
  private readonly tokens = new Map<string, StoredToken>();

  async openLog(tag: string, newEpoch: string): Promise<StoredLog> {
    let log = this.logs.get(tag);
    if (!log) {
      this.logs.set(tag, (log = { epoch: newEpoch, head: 0, events: [] }));
      // Posts of a lost log are no longer on the wall.
      for (const post of this.wallPosts(tag).values()) delete post.visibleSeq;
    }
    return {
      epoch: log.epoch,
      events: structuredClone(log.events),
      ...(log.snapshot ? { snapshot: structuredClone(log.snapshot) } : {}),
    };
  }

  async append(
    tag: string,
    epoch: string,
    events: readonly WallEvent[],
    writes: LogWrites = {},
  ): Promise<AppendResult> {
    const log = this.logs.get(tag);
    checkAppend(tag, epoch, events, log);
    // Check every write before doing any, so a refused one leaves the store as it was.
    this.checkWrites(tag, writes);
    const posts = this.wallPosts(tag);
    for (const record of writes.add ?? []) posts.set(record.post.id, structuredClone(record));
    const changed = (writes.change ?? []).map((c) => {
      const found = posts.get(c.id)!;
      applyTransition(found, c);
      return this.copy(found);
    });
    const audit = (writes.audit ?? []).map((entry) => this.pushAudit(entry));
    if (writes.settings) this.settings.set(tag, structuredClone(writes.settings));
    for (const event of events) {
      log.events.push(structuredClone(event));
      this.project(tag, event);
    }
    if (events.length > 0) log.head = events.at(-1)!.seq;
    return { changed, audit };
  }

  async eventsAfter(tag: string, epoch: string, seq: number): Promise<WallEvent[] | undefined> {
    const log = this.logs.get(tag);
    if (!log || log.epoch !== epoch) return undefined;
    if (seq >= log.head) return [];
    const first = log.events[0]?.seq;
    if (first === undefined || first > seq + 1) return undefined;
    return structuredClone(log.events.filter((e) => e.seq > seq));
  }

  async compact(tag: string, epoch: string, snapshot: WallState, keepFrom: number): Promise<void> {
    const log = this.logs.get(tag);
    checkCompact(tag, epoch, snapshot, keepFrom, log);
    log.snapshot = structuredClone(snapshot);
    log.events = log.events.filter((e) => e.seq >= keepFrom);
  }

  async addPost(record: ModeratedPost): Promise<boolean> {
    const posts = this.wallPosts(record.tag);
    if (posts.has(record.post.id)) return false;
    posts.set(record.post.id, structuredClone(record));
    return true;
  }

  async getPost(tag: string, id: string): Promise<ModeratedPost | undefined> {
    const found = this.posts.get(tag)?.get(id);
    return found && this.copy(found);
  }

  async listVisiblePosts(tag: string, query: VisiblePostQuery): Promise<PostPage> {
    const visible = [...this.wallPosts(tag).values()].filter((p) => p.visibleSeq !== undefined);
    let below = Infinity;
    if (query.before !== undefined) {
      const from = this.posts.get(tag)?.get(query.before)?.visibleSeq;
      if (from === undefined) throw new UnknownCursorError(`No visible post "${query.before}" on wall "${tag}"`);
      below = from;
    }
    const older = visible.filter((p) => p.visibleSeq! < below).sort((a, b) => b.visibleSeq! - a.visibleSeq!);
    const page = older.slice(0, query.limit).map((p) => structuredClone(p.post));
    return older.length > query.limit ? { posts: page, next: page.at(-1)!.id } : { posts: page };
  }

  async prune(tag: string, policy: PrunePolicy): Promise<string[]> {
    const posts = this.wallPosts(tag);
    const doomed = new Set<MemoryPost>();
    if (policy.receivedBefore !== undefined) {
      for (const post of posts.values()) if (post.receivedAt < policy.receivedBefore) doomed.add(post);
    }
    if (policy.maxVisible !== undefined) {
      const visible = [...posts.values()]
        .filter((p) => p.visibleSeq !== undefined)
        .sort((a, b) => b.visibleSeq! - a.visibleSeq!);
      for (const post of visible.slice(policy.maxVisible)) doomed.add(post);
    }
    const hidden: string[] = [];
    for (const post of doomed) {
      posts.delete(post.post.id);
      if (post.visibleSeq !== undefined) hidden.push(post.post.id);
    }
    return hidden;
  }

  async getCursor(key: string): Promise<string | undefined> {
    return this.cursors.get(key);
  }

  async setCursor(key: string, value: string): Promise<void> {
    this.cursors.set(key, value);
  }

  async claimCursor(key: string, value: string): Promise<string> {
    if (!this.cursors.has(key)) this.cursors.set(key, value);
    return this.cursors.get(key)!;
  }

  async setCursorFenced(key: string, value: string, fenceKey: string, token: number): Promise<boolean> {
    if (Number(this.cursors.get(fenceKey) ?? 0) > token) return false;
    this.cursors.set(key, value);
    return true;
  }

  async raiseCursor(key: string, value: number): Promise<number> {
    const now = Math.max(Number(this.cursors.get(key) ?? value), value);
    this.cursors.set(key, String(now));
    return now;
  }

  async health(): Promise<StoreHealth> {
    return { state: 'ok' };
  }

  async changePostStatus(tag: string, id: string, change: StatusTransition): Promise<StatusChangeResult | undefined> {
    // Check and write with no await between them: atomic within this process.
    const found = this.posts.get(tag)?.get(id);
    if (!found) return undefined;
    if (!change.expected.includes(found.status)) return { applied: false, record: this.copy(found) };
    applyTransition(found, change);
    return { applied: true, record: this.copy(found) };
  }

  async listPosts(tag: string, query: PostQuery): Promise<ModeratedPost[]> {
    // Arrival number = place in the wall's Map, which keeps insertion order.
    let matching = [...this.wallPosts(tag).values()].map((record, arrival) => ({ record, arrival }));
    if (query.order === PostOrder.Decided) matching.sort(byDecision);
    if (query.after !== undefined) {
      const at = matching.findIndex((m) => m.record.post.id === query.after);
      matching = at < 0 ? [] : matching.slice(at + 1);
    }
    const out: ModeratedPost[] = [];
    for (const { record } of matching) {
      if (query.status && !query.status.includes(record.status)) continue;
      if (query.author && `${record.post.source}:${record.post.author.id}` !== query.author) continue;
      out.push(this.copy(record));
      if (out.length >= query.limit) break;
    }
    return out;
  }

  async addAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return this.pushAudit(entry);
  }

  async listAudit(tag: string, query: AuditQuery): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (let i = this.audit.length - 1; i >= 0 && out.length < query.limit; i--) {
      const entry = this.audit[i]!;
      if (entry.tag !== tag || (query.before !== undefined && entry.id >= query.before)) continue;
      out.push(structuredClone(entry));
    }
    return out;
  }

  async getWallSettings(tag: string): Promise<ModerationSettings | undefined> {
    const found = this.settings.get(tag);
    return found && structuredClone(found);
  }

  async setWallSettings(tag: string, settings: ModerationSettings): Promise<void> {
    this.settings.set(tag, structuredClone(settings));
  }

  async putToken(token: StoredToken): Promise<void> {
    this.tokens.set(token.hash, structuredClone(token));
  }

  async findToken(hash: string): Promise<StoredToken | undefined> {
    const found = this.tokens.get(hash);
    return found && structuredClone(found);
  }

  async listTokens(): Promise<StoredToken[]> {
    return [...this.tokens.values()]
      .map((t) => structuredClone(t))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async deleteToken(id: string): Promise<boolean> {
    for (const [hash, token] of this.tokens) {
      if (token.id === id) return this.tokens.delete(hash);
    }
    return false;
  }

  async close(): Promise<void> {}

  private wallPosts(tag: string): Map<string, MemoryPost> {
    let posts = this.posts.get(tag);
    if (!posts) this.posts.set(tag, (posts = new Map()));
    return posts;
  }

  /** A copy without the projection's bookkeeping. */
  private copy(found: MemoryPost): ModeratedPost {
    const { visibleSeq: _, ...record } = structuredClone(found);
    return record;
  }

  private pushAudit(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const numbered = { ...structuredClone(entry), id: this.audit.length + 1 };
    this.audit.push(numbered);
    return structuredClone(numbered);
  }

  /** Throws {@linkcode PostWriteConflict} if one of `writes` would not apply. */
  private checkWrites(tag: string, writes: LogWrites): void {
    const posts = this.wallPosts(tag);
    const adding = new Set<string>();
    for (const { post } of writes.add ?? []) {
      const current = posts.get(post.id);
      if (current || adding.has(post.id)) {
        throw new PostWriteConflict(
          `Wall "${tag}" already has post ${post.id}`,
          tag,
          post.id,
          current && this.copy(current),
        );
      }
      adding.add(post.id);
    }
    // Later changes of the same post see the earlier ones, as in one SQL transaction.
    const planned = new Map<string, PostStatus>();
    for (const change of writes.change ?? []) {
      const current = posts.get(change.id);
      const status = planned.get(change.id) ?? current?.status;
      if (!current || status === undefined || !change.expected.includes(status)) {
        throw new PostWriteConflict(
          current ? `Post ${change.id} is ${status}` : `Wall "${tag}" has no post ${change.id}`,
          tag,
          change.id,
          current && this.copy(current),
        );
      }
      planned.set(change.id, change.status);
    }
  }

  /** Keeps the posts' visibility and marks in step with the log. */
  private project(tag: string, event: WallEvent): void {
    const posts = this.wallPosts(tag);
    switch (event.type) {
      case 'post.added': {
        const found = posts.get(event.post.id);
        if (found) {
          found.post = structuredClone(event.post);
          found.visibleSeq = event.seq;
        } else {
          posts.set(event.post.id, {
            tag,
            post: structuredClone(event.post),
            status: PostStatus.Approved,
            receivedAt: event.at,
            visibleSeq: event.seq,
          });
        }
        return;
      }
      case 'post.updated': {
        const found = posts.get(event.id);
        if (found) found.post = { ...found.post, ...event.patch } satisfies Post;
        return;
      }
      case 'post.removed': {
        const found = posts.get(event.id);
        if (found) delete found.visibleSeq;
        return;
      }
      case 'wall.updated':
        return;
    }
  }
}

/** A person's decision: the new status, their note and name; the filter that decided before no longer applies. */
function applyTransition(record: ModeratedPost, change: StatusTransition): void {
  record.status = change.status;
  record.reason = change.reason;
  record.decidedBy = change.decidedBy;
  record.decidedAt = change.decidedAt;
  delete record.filter;
}

/** {@linkcode PostOrder.Decided}: newest decision first, undecided last; ties newest arrival first. */
function byDecision(
  a: { record: ModeratedPost; arrival: number },
  b: { record: ModeratedPost; arrival: number },
): number {
  const x = a.record.decidedAt;
  const y = b.record.decidedAt;
  if (x !== y) {
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return x < y ? 1 : -1;
  }
  return b.arrival - a.arrival;
}
