import type { Database } from 'better-sqlite3';
import type { StoreHealth } from './store.js';

/** SQLite error codes that mean the file or disk is in trouble, not that one write was invalid. */
const DISK_ERRORS = /^SQLITE_(FULL|IOERR|CORRUPT|NOTADB|READONLY|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOMEM)/;

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit for one SQLite connection: writes issued in the same turn of the event loop commit
 * together in one transaction, each in its own savepoint, so one refused write fails alone while a
 * failing disk fails the whole batch (and is reported in {@linkcode WriteBatch.health}). Reads
 * first flush queued writes, so they see everything written before them.
 */
export class WriteBatch {
  private queue: QueuedWrite[] = [];
  private status: StoreHealth = { state: 'ok' };
  private isClosed = false;
  private readonly nested: (run: () => unknown) => unknown;

  constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {
    this.nested = db.transaction((run: () => unknown) => run());
  }

  /** Queues a write for the next batch; resolves with its result once committed. */
  write<T>(run: () => T): Promise<T> {
    if (this.isClosed) return Promise.reject(new Error(`The database ${this.file} is closed`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Runs a read after committing every queued write. */
  read<T>(run: () => T): T {
    if (this.isClosed) throw new Error(`The database ${this.file} is closed`);
    this.flush();
    return run();
  }

  /** Whether the last batch committed; a copy. */
  get health(): StoreHealth {
    return { ...this.status };
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Commits what is queued and refuses every later write and read (the caller closes the connection). */
  close(): void {
    this.flush();
    this.isClosed = true;
  }

  /** Commits every queued write in one transaction. */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.db.transaction(() => {
        for (const write of batch) {
          try {
            outcomes.push({ ok: true, value: this.nested(write.run) });
          } catch (err) {
            // The disk or file failing dooms the whole batch; a refused write fails alone.
            if (isDiskError(err)) throw err;
            outcomes.push({ ok: false, value: err });
          }
        }
      })();
    } catch (err) {
      this.status = {
        state: 'failing',
        detail: `Cannot write to ${this.file}: ${(err as Error).message}`,
        lastErrorAt: new Date().toISOString(),
      };
      for (const write of batch) write.reject(err);
      return;
    }
    if (this.status.state !== 'ok') this.status = { state: 'ok' };
    batch.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.value);
    });
  }
}

function isDiskError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && DISK_ERRORS.test(code);
}
