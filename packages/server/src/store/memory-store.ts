import type { AuditEntry, ModerationSettings, WallEvent } from '@chat-wall/sdk/protocol';
import type {
  AuditQuery,
  PostQuery,
  PostStatus,
  StatusChangeResult,
  StatusTransition,
  Store,
  StoredLog,
  StoredPost,
  StoredToken,
} from './store.js';

/** A {@linkcode Store} that keeps everything in this process: for tests and throwaway demos. */
export class MemoryStore implements Store {
  private readonly logs = new Map<string, { epoch: string; events: WallEvent[] }>();
  private readonly posts = new Map<string, StoredPost>();
  private readonly cursors = new Map<string, string>();
  private readonly audit: AuditEntry[] = [];
  private readonly settings = new Map<string, ModerationSettings>();
  private readonly tokens = new Map<string, StoredToken>();

  async openLog(tag: string, newEpoch: string): Promise<StoredLog> {
    let log = this.logs.get(tag);
    if (!log) this.logs.set(tag, (log = { epoch: newEpoch, events: [] }));
    return { epoch: log.epoch, events: [...log.events] };
  }

  async append(tag: string, epoch: string, events: readonly WallEvent[]): Promise<void> {
    const log = this.logs.get(tag);
    if (!log || log.epoch !== epoch) throw new Error(`No log for wall "${tag}" at epoch ${epoch}`);
    const head = log.events.at(-1)?.seq ?? 0;
    if (events[0] && events[0].seq !== head + 1) {
      throw new Error(`Wall "${tag}": append at seq ${events[0].seq}, head is ${head}`);
    }
    log.events.push(...events);
  }

  async addPost(record: StoredPost): Promise<boolean> {
    const key = `${record.tag}\u0000${record.post.id}`;
    if (this.posts.has(key)) return false;
    this.posts.set(key, structuredClone(record));
    return true;
  }

  async getPost(tag: string, id: string): Promise<StoredPost | undefined> {
    const found = this.posts.get(`${tag}\u0000${id}`);
    return found && structuredClone(found);
  }

  async setPostStatus(tag: string, id: string, status: PostStatus, reason?: string): Promise<void> {
    const found = this.posts.get(`${tag}\u0000${id}`);
    if (!found) throw new Error(`Wall "${tag}" has no post ${id}`);
    found.status = status;
    found.reason = reason;
  }

  async getCursor(key: string): Promise<string | undefined> {
    return this.cursors.get(key);
  }

  async setCursor(key: string, value: string): Promise<void> {
    this.cursors.set(key, value);
  }

  async changePostStatus(tag: string, id: string, change: StatusTransition): Promise<StatusChangeResult | undefined> {
    // Check and write with no await between them: atomic within this process.
    const found = this.posts.get(`${tag}\u0000${id}`);
    if (!found) return undefined;
    if (!change.expected.includes(found.status)) return { applied: false, record: structuredClone(found) };
    found.status = change.status;
    found.reason = change.reason;
    found.decidedBy = change.decidedBy;
    found.decidedAt = change.decidedAt;
    delete found.filter;
    return { applied: true, record: structuredClone(found) };
  }

  async listPosts(tag: string, query: PostQuery): Promise<StoredPost[]> {
    const out: StoredPost[] = [];
    let started = query.after === undefined;
    for (const record of this.posts.values()) {
      if (record.tag !== tag) continue;
      if (!started) {
        started = record.post.id === query.after;
        continue;
      }
      if (query.status && !query.status.includes(record.status)) continue;
      if (query.author && `${record.post.source}:${record.post.author.id}` !== query.author) continue;
      out.push(structuredClone(record));
      if (out.length >= query.limit) break;
    }
    return out;
  }

  async addAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const numbered = { ...structuredClone(entry), id: this.audit.length + 1 };
    this.audit.push(numbered);
    return structuredClone(numbered);
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

  async deleteToken(id: string): Promise<boolean> {
    for (const [hash, token] of this.tokens) {
      if (token.id === id) return this.tokens.delete(hash);
    }
    return false;
  }

  async close(): Promise<void> {}
}
