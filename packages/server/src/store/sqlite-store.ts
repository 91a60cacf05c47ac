import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type {
  AuditEntry,
  ModerationSettings,
  Post,
  WallEvent,
  WallState,
  ModeratedPost,
} from '@chat-wall/sdk/protocol';
import DatabaseConstructor, { type Database } from 'better-sqlite3';
import { checkAppend, checkCompact, type LogHead } from './log-checks.js';
import { DecidedList } from './sqlite-decided-list.js';
import { migrate, type Migration } from './sqlite-migrations.js';
import {
  auditFromRow,
  postFromRow,
  postParams,
  statements,
  tokenFromRow,
  tokenToRow,
  type AuditRow,
  type PostRow,
  type Statements,
  type TokenRow,
} from './sqlite-statements.js';
import { WriteBatch } from './sqlite-write-batch.js';
import {
  PostOrder,
  PostWriteConflict,
  StoreOpenError,
  UnknownCursorError,
  type AppendResult,
  type AuditQuery,
  type LogWrites,
  type PostPage,
  type PostQuery,
  type PostStatusChange,
  type PrunePolicy,
  type StatusChangeResult,
  type StatusTransition,
  type Store,
  type StoredLog,
  type StoredToken,
  type StoreHealth,
  type VisiblePostQuery,
} from './store.js';

export interface SqliteStoreOptions {
  /**
   * `PRAGMA synchronous`. `normal` (with WAL) survives a crash of the process without losing a
   * committed write; a power cut may lose the last moments. `full` also survives power cuts, slower.
   * @default 'normal'
   */
  synchronous?: 'normal' | 'full';
  /** Called once with the migrations that ran on open (empty when the schema was current). */
  onMigrated?: (applied: Migration[]) => void;
}

interface LogRow {
  epoch: string;
  head: number;
  snapshot: string | null;
}

/**
 * The default {@linkcode Store}: one SQLite file (WAL mode) through better-sqlite3.
 *
 * Writes issued in the same turn of the event loop are committed together in one transaction
 * ({@linkcode WriteBatch}; each in its own savepoint, so one bad write fails alone): many walls
 * ingesting at once cost one commit, not one each. Reads first flush queued writes, so they see
 * everything written before them.
 */
export class SqliteStore implements Store {
  private readonly batch: WriteBatch;
  private readonly sql: Statements;
  private readonly decided: DecidedList;

  private constructor(
    /** The underlying connection, for backups ({@linkcode SqliteStore.backup}) and diagnostics. */
    readonly db: Database,
    readonly file: string,
  ) {
    this.batch = new WriteBatch(db, file);
    this.sql = statements(db);
    this.decided = new DecidedList(db);
  }

  /**
   * Opens (creating if missing) a chat-wall database and brings its schema up to date.
   * Throws {@linkcode StoreOpenError}, without changing the file, when it is unreadable, corrupt,
   * another program's, or newer than this code.
   */
  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
    const memory = file === ':memory:';
    if (!memory) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // A new database holds token hashes and moderation data: readable by the relay's user only
    // (SQLite gives its -wal and -shm files the same mode).
    if (!memory && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    let db: Database;
    try {
      db = new DatabaseConstructor(file);
    } catch (err) {
      throw new StoreOpenError(`Cannot open the database ${file}: ${(err as Error).message}`);
    }
    try {
      try {
        // Reads the header: a file that is not SQLite (or is damaged) fails here, before any write.
        db.pragma('schema_version');
        const check = db.pragma('quick_check(1)', { simple: true });
        if (check !== 'ok') throw new Error(String(check));
      } catch (err) {
        throw new StoreOpenError(
          `The database ${file} is unreadable or corrupt (${(err as Error).message}). ` +
            'chat-wall leaves it as it is: restore it from a backup, or set DATABASE_URL to another file.',
        );
      }
      const applied = migrate(db, file);
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'normal'}`);
      options.onMigrated?.(applied);
      return new SqliteStore(db, file);
    } catch (err) {
      db.close();
      if (err instanceof StoreOpenError) throw err;
      throw new StoreOpenError(`Cannot use the database ${file}: ${(err as Error).message}`);
    }
  }

  async openLog(tag: string, newEpoch: string): Promise<StoredLog> {
    return this.batch.write(() => {
      let row = this.sql.getLog.get(tag) as LogRow | undefined;
      if (!row) {
        this.sql.createLog.run(tag, newEpoch);
        // Posts of a lost log are no longer on the wall.
        this.sql.hideAll.run(tag);
        row = { epoch: newEpoch, head: 0, snapshot: null };
      }
      const events = (this.sql.events.pluck().all(tag) as string[]).map((e) => JSON.parse(e) as WallEvent);
      return {
        epoch: row.epoch,
        events,
        ...(row.snapshot ? { snapshot: JSON.parse(row.snapshot) as WallState } : {}),
      };
    });
  }

  async append(
    tag: string,
    epoch: string,
    events: readonly WallEvent[],
    writes: LogWrites = {},
  ): Promise<AppendResult> {
    // One queued write runs in its own savepoint: a conflict thrown below undoes all of it.
    return this.batch.write(() => {
      checkAppend(tag, epoch, events, this.sql.getHead.get(tag) as LogHead | undefined);
      for (const record of writes.add ?? []) {
        if (record.tag !== tag) throw new Error(`append to "${tag}" cannot record a post of "${record.tag}"`);
        if (this.sql.addPost.run(postParams(record)).changes === 0) {
          throw new PostWriteConflict(
            `Wall "${tag}" already has post ${record.post.id}`,
            tag,
            record.post.id,
            this.getPostNow(tag, record.post.id),
          );
        }
      }
      const changed = (writes.change ?? []).map((change) => {
        const result = this.changeNow(tag, change.id, change);
        if (!result?.applied) {
          throw new PostWriteConflict(
            result ? `Post ${change.id} is ${result.record.status}` : `Wall "${tag}" has no post ${change.id}`,
            tag,
            change.id,
            result?.record,
          );
        }
        return result.record;
      });
      const audit = (writes.audit ?? []).map((entry) => this.addAuditNow(entry));
      if (writes.settings) this.sql.setSettings.run(tag, JSON.stringify(writes.settings));
      for (const event of events) {
        this.sql.insertEvent.run(tag, event.seq, JSON.stringify(event));
        this.project(tag, event);
      }
      if (events.length > 0) this.sql.setHead.run(events.at(-1)!.seq, tag);
      return { changed, audit };
    });
  }

  async eventsAfter(tag: string, epoch: string, seq: number): Promise<WallEvent[] | undefined> {
    return this.batch.read(() => {
      const log = this.sql.getHead.get(tag) as LogHead | undefined;
      if (!log || log.epoch !== epoch) return undefined;
      if (seq >= log.head) return [];
      const rows = this.sql.eventsAfter.pluck().all(tag, seq) as string[];
      const events = rows.map((e) => JSON.parse(e) as WallEvent);
      return events[0]?.seq === seq + 1 ? events : undefined;
    });
  }

  async compact(tag: string, epoch: string, snapshot: WallState, keepFrom: number): Promise<void> {
    await this.batch.write(() => {
      checkCompact(tag, epoch, snapshot, keepFrom, this.sql.getHead.get(tag) as LogHead | undefined);
      this.sql.setSnapshot.run(JSON.stringify(snapshot), snapshot.seq, tag);
      this.sql.dropEvents.run(tag, keepFrom);
    });
  }

  async addPost(record: ModeratedPost): Promise<boolean> {
    return this.batch.write(() => this.sql.addPost.run(postParams(record)).changes > 0);
  }

  async getPost(tag: string, id: string): Promise<ModeratedPost | undefined> {
    return this.batch.read(() => this.getPostNow(tag, id));
  }

  async listVisiblePosts(tag: string, query: VisiblePostQuery): Promise<PostPage> {
    const rows = this.batch.read(() => {
      let below = Number.MAX_SAFE_INTEGER;
      if (query.before !== undefined) {
        const from = this.sql.visibleSeq.pluck().get(tag, query.before) as number | null | undefined;
        if (from === undefined || from === null) {
          throw new UnknownCursorError(`No visible post "${query.before}" on wall "${tag}"`);
        }
        below = from;
      }
      return this.sql.page.pluck().all(tag, below, query.limit + 1) as string[];
    });
    const posts = rows.slice(0, query.limit).map((p) => JSON.parse(p) as Post);
    return rows.length > query.limit ? { posts, next: posts.at(-1)!.id } : { posts };
  }

  async prune(tag: string, policy: PrunePolicy): Promise<string[]> {
    return this.batch.write(() => {
      const hidden: string[] = [];
      if (policy.receivedBefore !== undefined) {
        hidden.push(...(this.sql.oldVisible.pluck().all(tag, policy.receivedBefore) as string[]));
        this.sql.deleteOld.run(tag, policy.receivedBefore);
      }
      if (policy.maxVisible !== undefined) {
        const excess = this.sql.excessVisible.pluck().all(tag, policy.maxVisible) as string[];
        for (const id of excess) this.sql.deletePost.run(tag, id);
        hidden.push(...excess);
      }
      return hidden;
    });
  }

  async getCursor(key: string): Promise<string | undefined> {
    return this.batch.read(() => this.sql.getCursor.pluck().get(key) as string | undefined);
  }

  async setCursor(key: string, value: string): Promise<void> {
    await this.batch.write(() => this.sql.setCursor.run(key, value));
  }

  async claimCursor(key: string, value: string): Promise<string> {
    return this.batch.write(() => {
      this.sql.claimCursor.run(key, value);
      return this.sql.getCursor.pluck().get(key) as string;
    });
  }

  async setCursorFenced(key: string, value: string, fenceKey: string, token: number): Promise<boolean> {
    // One batch runs in one transaction on one connection: nothing comes between the check and the write.
    return this.batch.write(() => {
      if (Number(this.sql.getCursor.pluck().get(fenceKey) ?? 0) > token) return false;
      this.sql.setCursor.run(key, value);
      return true;
    });
  }

  async raiseCursor(key: string, value: number): Promise<number> {
    return this.batch.write(() => {
      this.sql.raiseCursor.run(key, String(value));
      return Number(this.sql.getCursor.pluck().get(key));
    });
  }

  async health(): Promise<StoreHealth> {
    return this.batch.health;
  }

  async changePostStatus(tag: string, id: string, change: StatusTransition): Promise<StatusChangeResult | undefined> {
    return this.batch.write(() => this.changeNow(tag, id, change));
  }

  async listPosts(tag: string, query: PostQuery): Promise<ModeratedPost[]> {
    if (query.order === PostOrder.Decided) return this.batch.read(() => this.decided.rows(tag, query)).map(postFromRow);
    const byStatus = query.status !== undefined;
    const byAuthor = query.author !== undefined;
    const sql = this.sql;
    const statement = byStatus
      ? byAuthor
        ? sql.listPostsByStatusAndAuthor
        : sql.listPostsByStatus
      : byAuthor
        ? sql.listPostsByAuthor
        : sql.listAllPosts;
    const rows = this.batch.read(() =>
      statement.all({
        tag,
        limit: query.limit,
        after: query.after ?? null,
        ...(byStatus ? { statuses: JSON.stringify(query.status) } : {}),
        ...(byAuthor ? { author: query.author } : {}),
      }),
    ) as PostRow[];
    return rows.map(postFromRow);
  }

  async addAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return this.batch.write(() => this.addAuditNow(entry));
  }

  async listAudit(tag: string, query: AuditQuery): Promise<AuditEntry[]> {
    const rows = this.batch.read(() =>
      this.sql.listAudit.all(tag, query.before ?? Number.MAX_SAFE_INTEGER, query.limit),
    ) as AuditRow[];
    return rows.map(auditFromRow);
  }

  async getWallSettings(tag: string): Promise<ModerationSettings | undefined> {
    const json = this.batch.read(() => this.sql.getSettings.pluck().get(tag)) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as ModerationSettings);
  }

  async setWallSettings(tag: string, settings: ModerationSettings): Promise<void> {
    await this.batch.write(() => this.sql.setSettings.run(tag, JSON.stringify(settings)));
  }

  async putToken(token: StoredToken): Promise<void> {
    await this.batch.write(() => this.sql.putToken.run(...tokenToRow(token)));
  }

  async findToken(hash: string): Promise<StoredToken | undefined> {
    const row = this.batch.read(() => this.sql.findToken.get(hash)) as TokenRow | undefined;
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<StoredToken[]> {
    const rows = this.batch.read(() => this.sql.listTokens.all()) as TokenRow[];
    return rows.map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.batch.write(() => this.sql.deleteToken.run(id).changes > 0);
  }

  /** Copies the live database to `destination` with SQLite's online backup; writers are not blocked. */
  async backup(destination: string): Promise<void> {
    this.batch.flush();
    await this.db.backup(destination);
  }

  async close(): Promise<void> {
    if (this.batch.closed) return;
    this.batch.close();
    this.db.close();
  }

  private getPostNow(tag: string, id: string): ModeratedPost | undefined {
    const row = this.sql.getPost.get(tag, id) as PostRow | undefined;
    return row && postFromRow(row);
  }

  /** The compare-and-set: `UPDATE … WHERE status IN (expected)`, then `changes` says who won. */
  private changeNow(
    tag: string,
    id: string,
    change: StatusTransition | PostStatusChange,
  ): StatusChangeResult | undefined {
    const applied =
      this.sql.changeStatus.run({
        tag,
        id,
        status: change.status,
        reason: change.reason ?? null,
        decidedBy: change.decidedBy ?? null,
        decidedAt: change.decidedAt ?? null,
        expected: JSON.stringify(change.expected),
      }).changes > 0;
    const record = this.getPostNow(tag, id);
    if (!record) return undefined;
    return { applied, record };
  }

  private addAuditNow(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const { lastInsertRowid } = this.sql.addAudit.run({
      tag: entry.tag,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      postId: entry.postId ?? null,
      author: entry.author ?? null,
      from: entry.from ?? null,
      to: entry.to ?? null,
      reason: entry.reason ?? null,
    });
    return { ...structuredClone(entry), id: Number(lastInsertRowid) };
  }

  /** Keeps the posts' visibility and marks in step with the log. */
  private project(tag: string, event: WallEvent): void {
    switch (event.type) {
      case 'post.added':
        this.sql.showPost.run({
          tag,
          id: event.post.id,
          at: event.at,
          post: JSON.stringify(event.post),
          seq: event.seq,
        });
        return;
      case 'post.updated':
        this.sql.patchPost.run(JSON.stringify(event.patch), tag, event.id);
        return;
      case 'post.removed':
        this.sql.hidePost.run(tag, event.id);
        return;
      case 'wall.updated':
        return;
    }
  }
}
