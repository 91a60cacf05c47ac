import type { Database, Statement } from 'better-sqlite3';
import { listDecidedSql, type DecidedCursor, type PostRow } from './sqlite-statements.js';
import { PostStatus, type PostQuery } from './store.js';

const ALL_STATUSES = Object.values(PostStatus);

/**
 * {@linkcode PostQuery.order} `decided` on SQLite. The statement depends on how many statuses are
 * asked for and where the cursor stands, so the few shapes in use are prepared on first use.
 */
export class DecidedList {
  private readonly prepared = new Map<string, Statement>();
  private readonly cursor: Statement;

  constructor(private readonly db: Database) {
    this.cursor = db.prepare('SELECT decided_at AS at, arrival AS arr FROM posts WHERE tag = ? AND id = ?');
  }

  /** Rows of one page; call inside a read of the write batch, so cursor and page see one state. */
  rows(tag: string, query: PostQuery): PostRow[] {
    let cursor: DecidedCursor = 'none';
    let key: { at: string | null; arr: number } | undefined;
    if (query.after !== undefined) {
      key = this.cursor.get(tag, query.after) as { at: string | null; arr: number } | undefined;
      // An id the wall does not have gives an empty page, as in arrival order.
      if (!key) return [];
      cursor = key.at === null ? 'undecided' : 'decided';
    }
    const statuses = [...new Set(query.status ?? ALL_STATUSES)];
    if (statuses.length === 0) return [];
    const byAuthor = query.author !== undefined;
    const shape = `${statuses.length}:${byAuthor}:${cursor}`;
    let statement = this.prepared.get(shape);
    if (!statement) {
      statement = this.db.prepare(listDecidedSql(statuses.length, byAuthor, cursor));
      this.prepared.set(shape, statement);
    }
    return statement.all({
      tag,
      limit: query.limit,
      ...Object.fromEntries(statuses.map((s, i) => [`s${i}`, s])),
      ...(byAuthor ? { author: query.author } : {}),
      ...(cursor === 'decided' ? { at: key!.at } : {}),
      ...(cursor !== 'none' ? { arr: key!.arr } : {}),
    }) as PostRow[];
  }
}
