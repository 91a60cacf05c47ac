import type {
  AuditEntry,
  ModerationSettings,
  Post,
  WallEvent,
  WallState,
  ModeratedPost,
} from '@chat-wall/sdk/protocol';
import pg, { type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import { checkAppend, checkCompact, type LogHead } from './log-checks.js';
import { migratePostgres, type PostgresMigration } from './postgres-migrations.js';
import {
  PostOrder,
  PostStatus,
  PostWriteConflict,
  StoreOpenError,
  StoreUnavailableError,
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
import {
  POST_COLUMNS,
  auditFromRow,
  postFromRow,
  tokenFromRow,
  tokenToRow,
  type AuditRow,
  type PostRow,
  type TokenRow,
} from './rows.js';

export interface PostgresStoreOptions {
  /** Connections in the pool. @default 10 */
  poolSize?: number;
  /** Schema (search_path) to keep the tables in; tests use one schema per store. @default the server's default */
  schema?: string;
  /** Called once with the migrations that ran on open (empty when the schema was current). */
  onMigrated?: (applied: PostgresMigration[]) => void;
}

const BIGINT_OID = 20;
/** Seqs, heads and audit ids are BIGINT; JavaScript numbers hold them exactly up to 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const authorOf = (post: Post): string => `${post.source}:${post.author.id}`;

/** A `postgres://` URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

type Queryable = Pick<PoolClient, 'query'>;

/**
 * The {@linkcode Store} for many relays: PostgreSQL through a `pg` connection pool.
 *
 * The log's `seq` stays gap-free with several writers because every append locks its wall's row
 * in `wall_logs` (`SELECT … FOR UPDATE`) and checks the head inside the transaction: a relay that
 * numbered its events from a stale head is refused with `LogHeadMismatch` and, having written
 * nothing, catches up and numbers again (see `WallLog`).
 */
export class PostgresStore implements Store {
  private failure: StoreHealth | undefined;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    /** The URL without its password, for messages. */
    readonly where: string,
  ) {}

  /**
   * Connects, and brings the schema up to date. Throws {@linkcode StoreOpenError} when the server
   * cannot be reached or the schema is newer than this code.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const where = redactUrl(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle connection the server closed (a restart) is an error event, not a crash.
    pool.on('error', () => undefined);
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreOpenError(
        `Cannot connect to PostgreSQL at ${where}: ${(err as Error).message || String(err)}. ` +
          'Check that the server is running and DATABASE_URL names it (postgres://user:password@host:port/database).',
      );
    }
    try {
      const applied = await migratePostgres(client, where);
      options.onMigrated?.(applied);
    } catch (err) {
      client.release();
      await pool.end().catch(() => undefined);
      if (err instanceof StoreOpenError) throw err;
      throw new StoreOpenError(`Cannot use the database ${where}: ${(err as Error).message}`);
    }
    client.release();
    return new PostgresStore(pool, where);
  }

  async openLog(tag: string, newEpoch: string): Promise<StoredLog> {
    return this.transaction(async (db) => {
      const created = await db.query(
        'INSERT INTO wall_logs (tag, epoch) VALUES ($1, $2) ON CONFLICT (tag) DO NOTHING RETURNING tag',
        [tag, newEpoch],
      );
      // Posts of a lost log are no longer on the wall.
      if (created.rowCount) {
        await db.query('UPDATE posts SET visible_seq = NULL WHERE tag = $1 AND visible_seq IS NOT NULL', [tag]);
      }
      const { rows } = await db.query<{ epoch: string; snapshot: string | null }>(
        'SELECT epoch, snapshot FROM wall_logs LEFT JOIN wall_snapshots USING (tag) WHERE wall_logs.tag = $1',
        [tag],
      );
      const events = await db.query<{ event: string }>('SELECT event FROM wall_events WHERE tag = $1 ORDER BY seq', [
        tag,
      ]);
      const row = rows[0]!;
      return {
        epoch: row.epoch,
        events: events.rows.map((r) => JSON.parse(r.event) as WallEvent),
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
    return this.transaction(async (db) => {
      const head = await db.query<LogHead>('SELECT epoch, head FROM wall_logs WHERE tag = $1 FOR UPDATE', [tag]);
      checkAppend(tag, epoch, events, head.rows[0]);
      for (const record of writes.add ?? []) {
        if (record.tag !== tag) throw new Error(`append to "${tag}" cannot record a post of "${record.tag}"`);
        if (!(await this.insertPost(db, record))) {
          throw new PostWriteConflict(
            `Wall "${tag}" already has post ${record.post.id}`,
            tag,
            record.post.id,
            await this.getPostWith(db, tag, record.post.id),
          );
        }
      }
      const changed: ModeratedPost[] = [];
      for (const change of writes.change ?? []) {
        const result = await this.changeWith(db, tag, change.id, change);
        if (!result?.applied) {
          throw new PostWriteConflict(
            result ? `Post ${change.id} is ${result.record.status}` : `Wall "${tag}" has no post ${change.id}`,
            tag,
            change.id,
            result?.record,
          );
        }
        changed.push(result.record);
      }
      const audit: AuditEntry[] = [];
      for (const entry of writes.audit ?? []) audit.push(await this.addAuditWith(db, entry));
      if (writes.settings) await this.setSettingsWith(db, tag, writes.settings);
      if (events.length > 0) {
        await db.query('INSERT INTO wall_events (tag, seq, event) SELECT $1, * FROM unnest($2::bigint[], $3::text[])', [
          tag,
          events.map((e) => e.seq),
          events.map((e) => JSON.stringify(e)),
        ]);
        for (const event of events) await this.project(db, tag, event);
        await db.query('UPDATE wall_logs SET head = $1 WHERE tag = $2', [events.at(-1)!.seq, tag]);
      }
      return { changed, audit };
    });
  }

  async eventsAfter(tag: string, epoch: string, seq: number): Promise<WallEvent[] | undefined> {
    return this.transaction(async (db) => {
      const head = await db.query<LogHead>('SELECT epoch, head FROM wall_logs WHERE tag = $1', [tag]);
      const log = head.rows[0];
      if (!log || log.epoch !== epoch) return undefined;
      if (seq >= log.head) return [];
      const { rows } = await db.query<{ event: string }>(
        'SELECT event FROM wall_events WHERE tag = $1 AND seq > $2 ORDER BY seq',
        [tag, seq],
      );
      const events = rows.map((r) => JSON.parse(r.event) as WallEvent);
      return events[0]?.seq === seq + 1 ? events : undefined;
    }, 'REPEATABLE READ');
  }

  async compact(tag: string, epoch: string, snapshot: WallState, keepFrom: number): Promise<void> {
    await this.transaction(async (db) => {
      const head = await db.query<LogHead>('SELECT epoch, head FROM wall_logs WHERE tag = $1 FOR UPDATE', [tag]);
      checkCompact(tag, epoch, snapshot, keepFrom, head.rows[0]);
      // Two relays may compact the same wall: the newer snapshot stays.
      await db.query(
        `INSERT INTO wall_snapshots (tag, seq, snapshot) VALUES ($1, $2, $3)
         ON CONFLICT (tag) DO UPDATE SET seq = excluded.seq, snapshot = excluded.snapshot
         WHERE wall_snapshots.seq <= excluded.seq`,
        [tag, snapshot.seq, JSON.stringify(snapshot)],
      );
      await db.query('DELETE FROM wall_events WHERE tag = $1 AND seq < $2', [tag, keepFrom]);
    });
  }

  async addPost(record: ModeratedPost): Promise<boolean> {
    return this.write((db) => this.insertPost(db, record));
  }

  async getPost(tag: string, id: string): Promise<ModeratedPost | undefined> {
    return this.write((db) => this.getPostWith(db, tag, id));
  }

  async listVisiblePosts(tag: string, query: VisiblePostQuery): Promise<PostPage> {
    let below = Number.MAX_SAFE_INTEGER;
    if (query.before !== undefined) {
      const { rows } = await this.query<{ visible_seq: number | null }>(
        'SELECT visible_seq FROM posts WHERE tag = $1 AND id = $2',
        [tag, query.before],
      );
      const from = rows[0]?.visible_seq;
      if (from === undefined || from === null) {
        throw new UnknownCursorError(`No visible post "${query.before}" on wall "${tag}"`);
      }
      below = from;
    }
    const { rows } = await this.query<{ post: Post }>(
      'SELECT post FROM posts WHERE tag = $1 AND visible_seq < $2 ORDER BY visible_seq DESC LIMIT $3',
      [tag, below, query.limit + 1],
    );
    const posts = rows.slice(0, query.limit).map((r) => r.post);
    return rows.length > query.limit ? { posts, next: posts.at(-1)!.id } : { posts };
  }

  async prune(tag: string, policy: PrunePolicy): Promise<string[]> {
    return this.transaction(async (db) => {
      const hidden: string[] = [];
      if (policy.receivedBefore !== undefined) {
        const { rows } = await db.query<{ id: string; visible: boolean }>(
          'DELETE FROM posts WHERE tag = $1 AND received_at < $2 RETURNING id, visible_seq IS NOT NULL AS visible',
          [tag, policy.receivedBefore],
        );
        hidden.push(...rows.filter((r) => r.visible).map((r) => r.id));
      }
      if (policy.maxVisible !== undefined) {
        const { rows } = await db.query<{ id: string }>(
          `DELETE FROM posts WHERE tag = $1 AND id IN (
             SELECT id FROM posts WHERE tag = $1 AND visible_seq IS NOT NULL ORDER BY visible_seq DESC OFFSET $2)
           RETURNING id`,
          [tag, policy.maxVisible],
        );
        hidden.push(...rows.map((r) => r.id));
      }
      return hidden;
    });
  }

  async getCursor(key: string): Promise<string | undefined> {
    const { rows } = await this.query<{ value: string }>('SELECT value FROM cursors WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setCursor(key: string, value: string): Promise<void> {
    await this.write((db) =>
      db.query(
        'INSERT INTO cursors (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      ),
    );
  }

  async claimCursor(key: string, value: string): Promise<string> {
    return this.write(async (db) => {
      // A racing insert waits for the other to commit, then does nothing; the read after sees the winner.
      await db.query('INSERT INTO cursors (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      const { rows } = await db.query<{ value: string }>('SELECT value FROM cursors WHERE key = $1', [key]);
      return rows[0]!.value;
    });
  }

  async setCursorFenced(key: string, value: string, fenceKey: string, token: number): Promise<boolean> {
    return this.transaction(async (db) => {
      // FOR SHARE waits for a new holder raising the fence, and holds it off until this commits.
      const { rows } = await db.query<{ value: string }>('SELECT value FROM cursors WHERE key = $1 FOR SHARE', [
        fenceKey,
      ]);
      if (Number(rows[0]?.value ?? 0) > token) return false;
      await db.query(
        'INSERT INTO cursors (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
      return true;
    });
  }

  async raiseCursor(key: string, value: number): Promise<number> {
    return this.write(async (db) => {
      const { rows } = await db.query<{ value: string }>(
        `INSERT INTO cursors (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE
           SET value = GREATEST(cursors.value::bigint, excluded.value::bigint)::text RETURNING value`,
        [key, String(value)],
      );
      return Number(rows[0]!.value);
    });
  }

  /** Asks the server (one `SELECT 1`); failing while it cannot be reached or the last write failed. */
  async health(): Promise<StoreHealth> {
    try {
      await this.pool.query('SELECT 1');
    } catch (err) {
      return {
        state: 'failing',
        detail: `PostgreSQL: ${(err as Error).message}`,
        lastErrorAt: new Date().toISOString(),
      };
    }
    return this.failure ?? { state: 'ok' };
  }

  async changePostStatus(tag: string, id: string, change: StatusTransition): Promise<StatusChangeResult | undefined> {
    return this.write((db) => this.changeWith(db, tag, id, change));
  }

  async listPosts(tag: string, query: PostQuery): Promise<ModeratedPost[]> {
    const params: unknown[] = [tag, query.limit];
    const where: string[] = ['tag = $1'];
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`status = ANY($${params.length}::text[])`);
    }
    if (query.author !== undefined) {
      params.push(query.author);
      where.push(`author = $${params.length}`);
    }
    if (query.order === PostOrder.Decided) {
      if (query.after !== undefined) {
        const { rows } = await this.query<{ at: string | null; arr: number }>(
          'SELECT decided_at AS at, arrival AS arr FROM posts WHERE tag = $1 AND id = $2',
          [tag, query.after],
        );
        const key = rows[0];
        // An id the wall does not have gives an empty page, as in arrival order.
        if (!key) return [];
        params.push(key.arr);
        const arr = `$${params.length}`;
        if (key.at === null) {
          where.push(`decided_at IS NULL AND arrival < ${arr}`);
        } else {
          params.push(key.at);
          where.push(`(decided_at IS NULL OR (decided_at, arrival) < ($${params.length}, ${arr}))`);
        }
      }
      const { rows } = await this.query<PostRow>(
        `SELECT ${POST_COLUMNS} FROM posts WHERE ${where.join(' AND ')}
         ORDER BY decided_at IS NULL, decided_at DESC, arrival DESC LIMIT $2`,
        params,
      );
      return rows.map(postFromRow);
    }
    if (query.after !== undefined) {
      params.push(query.after);
      where.push(`arrival > (SELECT arrival FROM posts WHERE tag = $1 AND id = $${params.length})`);
    }
    const { rows } = await this.query<PostRow>(
      `SELECT ${POST_COLUMNS} FROM posts WHERE ${where.join(' AND ')} ORDER BY arrival LIMIT $2`,
      params,
    );
    return rows.map(postFromRow);
  }

  async addAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return this.write((db) => this.addAuditWith(db, entry));
  }

  async listAudit(tag: string, query: AuditQuery): Promise<AuditEntry[]> {
    const { rows } = await this.query<AuditRow>(
      'SELECT * FROM audit WHERE tag = $1 AND id < $2 ORDER BY id DESC LIMIT $3',
      [tag, query.before ?? Number.MAX_SAFE_INTEGER, query.limit],
    );
    return rows.map(auditFromRow);
  }

  async getWallSettings(tag: string): Promise<ModerationSettings | undefined> {
    const { rows } = await this.query<{ settings: string }>('SELECT settings FROM wall_settings WHERE tag = $1', [tag]);
    return rows[0] && (JSON.parse(rows[0].settings) as ModerationSettings);
  }

  async setWallSettings(tag: string, settings: ModerationSettings): Promise<void> {
    await this.write((db) => this.setSettingsWith(db, tag, settings));
  }

  async putToken(token: StoredToken): Promise<void> {
    await this.write((db) =>
      db.query(
        `INSERT INTO tokens (hash, id, name, walls, created_at, expires_at, roles) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (hash) DO UPDATE SET id = excluded.id, name = excluded.name, walls = excluded.walls,
           created_at = excluded.created_at, expires_at = excluded.expires_at, roles = excluded.roles`,
        tokenToRow(token),
      ),
    );
  }

  async findToken(hash: string): Promise<StoredToken | undefined> {
    const { rows } = await this.query<TokenRow>('SELECT * FROM tokens WHERE hash = $1', [hash]);
    return rows[0] && tokenFromRow(rows[0]);
  }

  async listTokens(): Promise<StoredToken[]> {
    const { rows } = await this.query<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id');
    return rows.map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.write(async (db) => ((await db.query('DELETE FROM tokens WHERE id = $1', [id])).rowCount ?? 0) > 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** One statement on any pooled connection; an unreachable server becomes `StoreUnavailableError`. */
  private query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    return this.write((db) => db.query<R>(text, values));
  }

  /** Runs `work` in one transaction on one pooled connection; records failures for {@linkcode health}. */
  private async transaction<T>(work: (db: PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    return this.write(async () => {
      const client = await this.pool.connect();
      // A server that goes away mid-transaction fails the query; the client's own error event must
      // not crash the process.
      const ignore = (): void => undefined;
      client.on('error', ignore);
      let broken = false;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      } finally {
        // A connection whose rollback failed is dropped, not handed to the next caller.
        client.off('error', ignore);
        client.release(broken);
      }
    });
  }

  /** Runs a write; a failure other than a refused write marks the store failing until the next success. */
  private async write<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    try {
      const result = await work(this.pool);
      this.failure = undefined;
      return result;
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        this.failure = {
          state: 'failing',
          detail: `PostgreSQL: ${(err as Error).message}`,
          lastErrorAt: new Date().toISOString(),
        };
        throw new StoreUnavailableError(`PostgreSQL at ${this.where}: ${(err as Error).message}`, { cause: err });
      }
      throw err;
    }
  }

  private async insertPost(db: Queryable, record: ModeratedPost): Promise<boolean> {
    const result = await db.query(
      `INSERT INTO posts (tag, id, status, reason, received_at, post, filter, decided_by, decided_at, author)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tag, id) DO NOTHING`,
      [
        record.tag,
        record.post.id,
        record.status,
        record.reason ?? null,
        record.receivedAt,
        JSON.stringify(record.post),
        record.filter ?? null,
        record.decidedBy ?? null,
        record.decidedAt ?? null,
        authorOf(record.post),
      ],
    );
    return (result.rowCount ?? 0) > 0;
  }

  private async getPostWith(db: Queryable, tag: string, id: string): Promise<ModeratedPost | undefined> {
    const { rows } = await db.query<PostRow>(`SELECT ${POST_COLUMNS} FROM posts WHERE tag = $1 AND id = $2`, [tag, id]);
    return rows[0] && postFromRow(rows[0]);
  }

  /** The compare-and-set: one `UPDATE … WHERE status = ANY(expected)`, so no write comes between. */
  private async changeWith(
    db: Queryable,
    tag: string,
    id: string,
    change: StatusTransition,
  ): Promise<StatusChangeResult | undefined> {
    const { rows } = await db.query<PostRow>(
      `UPDATE posts SET status = $3, reason = $4, decided_by = $5, decided_at = $6, filter = NULL
       WHERE tag = $1 AND id = $2 AND status = ANY($7::text[]) RETURNING ${POST_COLUMNS}`,
      [
        tag,
        id,
        change.status,
        change.reason ?? null,
        change.decidedBy ?? null,
        change.decidedAt ?? null,
        change.expected,
      ],
    );
    if (rows[0]) return { applied: true, record: postFromRow(rows[0]) };
    const record = await this.getPostWith(db, tag, id);
    return record && { applied: false, record };
  }

  private async addAuditWith(db: Queryable, entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO audit (tag, at, actor, action, post_id, author, from_status, to_status, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        entry.tag,
        entry.at,
        entry.actor,
        entry.action,
        entry.postId ?? null,
        entry.author ?? null,
        entry.from ?? null,
        entry.to ?? null,
        entry.reason ?? null,
      ],
    );
    return { ...structuredClone(entry), id: rows[0]!.id };
  }

  private async setSettingsWith(db: Queryable, tag: string, settings: ModerationSettings): Promise<void> {
    await db.query(
      `INSERT INTO wall_settings (tag, settings) VALUES ($1, $2)
       ON CONFLICT (tag) DO UPDATE SET settings = excluded.settings`,
      [tag, JSON.stringify(settings)],
    );
  }

  /** Keeps the posts' visibility and marks in step with the log. */
  private async project(db: Queryable, tag: string, event: WallEvent): Promise<void> {
    switch (event.type) {
      case 'post.added':
        await db.query(
          `INSERT INTO posts (tag, id, status, received_at, post, visible_seq, author)
           VALUES ($1, $2, '${PostStatus.Approved}', $3, $4, $5, $6)
           ON CONFLICT (tag, id) DO UPDATE SET post = excluded.post, visible_seq = excluded.visible_seq`,
          [tag, event.post.id, event.at, JSON.stringify(event.post), event.seq, authorOf(event.post)],
        );
        return;
      case 'post.updated':
        // A shallow merge, as the reducer does.
        await db.query('UPDATE posts SET post = post || $1::jsonb WHERE tag = $2 AND id = $3', [
          JSON.stringify(event.patch),
          tag,
          event.id,
        ]);
        return;
      case 'post.removed':
        await db.query('UPDATE posts SET visible_seq = NULL WHERE tag = $1 AND id = $2', [tag, event.id]);
        return;
      case 'wall.updated':
        return;
    }
  }
}

/** Errors that mean the server is gone or refusing work, as opposed to a refused write. */
function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof PostWriteConflict || err instanceof UnknownCursorError) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return !(err instanceof Error && /^(No log|Wall ")/.test(err.message));
  // Connection errors (ECONNREFUSED…) and PostgreSQL's classes 08 (connection), 53 (resources), 57 (shutdown).
  return code.startsWith('E') || /^(08|53|57)/.test(code);
}
