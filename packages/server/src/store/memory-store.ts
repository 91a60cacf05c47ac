import type { WallEvent } from '@chat-wall/sdk/protocol';
import type { PostStatus, Store, StoredLog, StoredPost } from './store.js';

/** A {@linkcode Store} that keeps everything in this process: for tests and throwaway demos. */
export class MemoryStore implements Store {
  private readonly logs = new Map<string, { epoch: string; events: WallEvent[] }>();
  private readonly posts = new Map<string, StoredPost>();
  private readonly cursors = new Map<string, string>();

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

  async close(): Promise<void> {}
}
