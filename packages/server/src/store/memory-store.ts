import type { Post, WallEvent, WallState } from '@chat-wall/sdk/protocol';
import { checkAppend, checkCompact } from './log-checks.js';
import {
  PostStatus,
  UnknownCursorError,
  type PostPage,
  type PostQuery,
  type PrunePolicy,
  type Store,
  type StoredLog,
  type StoredPost,
  type StoreHealth,
} from './store.js';

interface MemoryLog {
  epoch: string;
  head: number;
  snapshot?: WallState;
  events: WallEvent[];
}

interface MemoryPost extends StoredPost {
  /** Seq of the `post.added` event that made it visible; absent while not visible. */
  visibleSeq?: number;
}

/** A {@linkcode Store} that keeps everything in this process: for tests and throwaway demos. */
export class MemoryStore implements Store {
  private readonly logs = new Map<string, MemoryLog>();
  /** Per wall, posts by id. */
  private readonly posts = new Map<string, Map<string, MemoryPost>>();
  private readonly cursors = new Map<string, string>();

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

  async append(tag: string, epoch: string, events: readonly WallEvent[]): Promise<void> {
    const log = this.logs.get(tag);
    checkAppend(tag, epoch, events, log);
    if (!log || events.length === 0) return;
    for (const event of events) {
      log.events.push(structuredClone(event));
      this.project(tag, event);
    }
    log.head = events.at(-1)!.seq;
  }

  async compact(tag: string, epoch: string, snapshot: WallState, keepFrom: number): Promise<void> {
    const log = this.logs.get(tag);
    checkCompact(tag, epoch, snapshot, keepFrom, log);
    if (!log) return;
    log.snapshot = structuredClone(snapshot);
    log.events = log.events.filter((e) => e.seq >= keepFrom);
  }

  async addPost(record: StoredPost): Promise<boolean> {
    const posts = this.wallPosts(record.tag);
    if (posts.has(record.post.id)) return false;
    posts.set(record.post.id, structuredClone(record));
    return true;
  }

  async getPost(tag: string, id: string): Promise<StoredPost | undefined> {
    const found = this.posts.get(tag)?.get(id);
    if (!found) return undefined;
    const { visibleSeq: _, ...record } = structuredClone(found);
    return record;
  }

  async setPostStatus(tag: string, id: string, status: PostStatus, reason?: string): Promise<void> {
    const found = this.posts.get(tag)?.get(id);
    if (!found) throw new Error(`Wall "${tag}" has no post ${id}`);
    found.status = status;
    found.reason = reason;
  }

  async listPosts(tag: string, query: PostQuery): Promise<PostPage> {
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

  async health(): Promise<StoreHealth> {
    return { state: 'ok' };
  }

  async close(): Promise<void> {}

  private wallPosts(tag: string): Map<string, MemoryPost> {
    let posts = this.posts.get(tag);
    if (!posts) this.posts.set(tag, (posts = new Map()));
    return posts;
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
