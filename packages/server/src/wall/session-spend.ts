import type { SessionSpend } from '@chat-wall/sdk/protocol';
import type { Store } from '../store/store.js';
import type { WallRegistry } from './wall-registry.js';

/** X's pay-per-use price of one post read, in US dollars, for the spend estimate. */
export const X_PRICE_PER_READ_USD = 0.005;

/** X reads per session (while its window was open), kept in the store so restarts keep counting. */
export class SessionSpendBook {
  private readonly reads = new Map<string, number>();
  private saving: Promise<unknown> = Promise.resolve();

  private constructor(private readonly store: Store) {}

  static async open(store: Store, walls: WallRegistry): Promise<SessionSpendBook> {
    const book = new SessionSpendBook(store);
    for (const wall of walls.all()) {
      for (const s of wall.log.snapshot.wall.sessions) {
        const saved = Number((await store.getCursor(SessionSpendBook.key(wall.config.tag, s.id))) ?? 0);
        if (saved > 0) book.reads.set(SessionSpendBook.key(wall.config.tag, s.id), saved);
      }
    }
    return book;
  }

  private static key(tag: string, sessionId: string): string {
    return `x:session-reads:${tag}:${sessionId}`;
  }

  add(tag: string, sessionId: string, reads: number): void {
    const key = SessionSpendBook.key(tag, sessionId);
    const total = (this.reads.get(key) ?? 0) + reads;
    this.reads.set(key, total);
    this.saving = this.saving.then(() => this.store.setCursor(key, String(total))).catch(() => undefined);
  }

  of(tag: string, sessionId: string): SessionSpend {
    const reads = this.reads.get(SessionSpendBook.key(tag, sessionId)) ?? 0;
    return { sessionId, reads, estimatedUsd: Math.round(reads * X_PRICE_PER_READ_USD * 1000) / 1000 };
  }

  async flush(): Promise<void> {
    await this.saving;
  }
}
