import { DEFAULT_SESSION_WINDOW, type ModeratedPost, type NewWallEvent, type Post } from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { SerialQueues } from '../serial-queue.js';
import type { Moderation } from '../moderation/moderation.js';
import { decide } from '../moderation/pipeline.js';
import { PostStatus, PostWriteConflict, StoreUnavailableError, type Store } from '../store/store.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { linkPost, type KnownPost, type Linked, type QaLookup, type QaWall } from './qa-links.js';
import type { SinkPostOptions, SourceSink } from './sink.js';

/** At most this many posts of one wall are recorded in one store transaction. */
const MAX_BATCH = 50;

/** A post waiting to be recorded on one wall. */
interface Waiting {
  post: Post;
  hold: string | undefined;
}

/** Posts of one wall that arrived while its queue was busy: recorded together, in arrival order. */
interface Batch {
  items: Waiting[];
  /** Whether each item was recorded (or found already recorded), by index. */
  done: Promise<boolean[]>;
}

/** A post screened and linked, ready to be written. */
interface Prepared {
  record: ModeratedPost;
  answered: Linked['answered'];
}

/**
 * Takes normalised posts from every source, routes each to the walls it belongs to, drops
 * duplicates, applies the wall's moderation mode and appends approved posts to the wall log.
 *
 * Posts of a wall are recorded in arrival order, one job at a time. A post that arrives while its
 * wall's queue is busy waits in a batch with the others that arrive meanwhile, and the batch is
 * recorded in one store transaction: a busy wall (X allows 250 posts a second) pays the database's
 * round trips once per batch rather than once per post, while a quiet wall records each post as it
 * comes.
 */
export class Ingest implements SourceSink {
  /** Per wall, posts are recorded one after another, in arrival order. */
  private readonly queues = new SerialQueues<string>();
  /** Per wall, the batch that has not started yet, which new posts join. */
  private readonly waiting = new Map<string, Batch>();
  /** Per wall and session, the id of each host question `Q<n>` seen since start. */
  private readonly questions = new Map<string, Map<string, string>>();

  constructor(
    private readonly walls: WallRegistry,
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** Filters and mode per wall; without it, only the configured mode applies. */
    private readonly moderation?: Moderation,
    /** Arrival time, which decides a post's session. @default Date.now */
    private readonly now: () => number = Date.now,
    /** How long a job waits for an unreachable database before it is given up (logged). */
    private readonly retryForMs = 10 * 60_000,
  ) {}

  post(post: Post, tags?: readonly string[], options?: SinkPostOptions): void {
    this.metrics.postsReceived.inc({ source: post.source });
    const jobs = this.route(post, tags).map((wall) => this.enqueuePost(wall, { post, hold: options?.hold }));
    const recorded = options?.recorded;
    if (recorded) void Promise.all(jobs).then((ok) => ok.every(Boolean) && recorded());
  }

  remove(id: string): void {
    const source = id.slice(0, id.indexOf(':'));
    for (const wall of this.walls.all()) {
      if (!(wall.config.sources as readonly string[]).includes(source)) continue;
      const tag = wall.config.tag;
      // In the wall's queue: a delete that overtakes its own post's recording still finds it. Posts
      // that arrive after it are recorded after it, so the waiting batch takes no more.
      this.waiting.delete(tag);
      this.enqueue(tag, id, 'could not take down a post deleted at source', async () => {
        const decided = await this.moderation?.deletedAtSource(tag, id);
        if (decided) this.metrics.postsDeletedAtSource.inc({ source });
      });
    }
  }

  /**
   * Runs a job; while the database cannot be reached, waits and tries again (250 ms doubling up to
   * 5 s, for up to {@linkcode Ingest.retryForMs}): the wall's ingest pauses, later posts queue behind
   * this one, and nothing is dropped for a database restart.
   */
  private async whenStored(tag: string, work: () => Promise<void>): Promise<void> {
    const until = Date.now() + this.retryForMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        return await work();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || Date.now() + delay > until) throw err;
        this.logger.warn({ wall: tag, retryInMs: delay }, 'database unreachable: ingest paused');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Runs a job after the wall's earlier ones, so a wall's posts are handled in arrival order.
   * Resolves with whether it succeeded (a failure is counted and logged here).
   */
  private enqueue(tag: string, postId: string, what: string, work: () => Promise<void>): Promise<boolean> {
    return this.queues.run(tag, () => this.attempt(tag, [postId], what, work));
  }

  /** Runs `work` (see {@linkcode Ingest.whenStored}); a failure is counted and logged for each post. */
  private async attempt(tag: string, postIds: string[], what: string, work: () => Promise<void>): Promise<boolean> {
    try {
      await this.whenStored(tag, work);
      return true;
    } catch (err) {
      for (const postId of postIds) {
        this.metrics.ingestErrors.inc();
        this.logger.error({ err, postId, wall: tag }, what);
      }
      return false;
    }
  }

  /** Adds a post to the wall's waiting batch, or starts one. Resolves with whether it was recorded. */
  private enqueuePost(wall: Wall, item: Waiting): Promise<boolean> {
    const tag = wall.config.tag;
    let batch = this.waiting.get(tag);
    if (!batch || batch.items.length >= MAX_BATCH) {
      const items: Waiting[] = [];
      const started: Batch = {
        items,
        done: this.queues.run(tag, () => {
          // From here on, a new post starts the next batch.
          if (this.waiting.get(tag) === started) this.waiting.delete(tag);
          return this.recordBatch(wall, items);
        }),
      };
      this.waiting.set(tag, (batch = started));
    }
    const index = batch.items.push(item) - 1;
    return batch.done.then((ok) => ok[index]!);
  }

  /**
   * Records a batch in one transaction. If one of its posts cannot be written (another relay
   * recorded the same post meanwhile), nothing of the batch was, and each is recorded alone.
   */
  private async recordBatch(wall: Wall, items: Waiting[]): Promise<boolean[]> {
    const tag = wall.config.tag;
    const ids = items.map((i) => i.post.id);
    let conflict = false;
    const ok = await this.attempt(tag, ids, 'could not record post', async () => {
      try {
        await this.record(wall, items);
      } catch (err) {
        if (!(err instanceof PostWriteConflict) || items.length === 1) throw err;
        conflict = true;
      }
    });
    if (!conflict) return items.map(() => ok);
    const each: boolean[] = [];
    for (const item of items) {
      each.push(await this.attempt(tag, [item.post.id], 'could not record post', () => this.record(wall, [item])));
    }
    return each;
  }

  /** Resolves when every post accepted so far is recorded. */
  drain(): Promise<void> {
    return this.queues.idle();
  }

  private qaWall(wall: Wall): QaWall {
    return {
      hosts: wall.config.hosts ?? [],
      sessions: wall.log.snapshot.wall.sessions,
      window: wall.config.sessionWindow ?? DEFAULT_SESSION_WINDOW,
      detectQuestions: wall.config.questions?.detect ?? true,
    };
  }

  /**
   * What linking may look up: the wall's recorded posts, and those of the batch being recorded
   * (`staged`, `asked`: not stored yet, but a reply in the same batch must find its question).
   */
  private lookup(tag: string, staged: Map<string, KnownPost>, asked: Map<string, string>): QaLookup {
    return {
      get: async (id) => {
        const known = staged.get(id);
        if (known) return known;
        const record = await this.store.getPost(tag, id);
        return record && { post: record.post, visible: record.status === PostStatus.Approved };
      },
      question: (sessionId, n) => {
        const key = `${sessionId ?? ''}\u0000${n}`;
        return this.questions.get(tag)?.get(key) ?? asked.get(key) ?? this.questionOnWall(tag, sessionId, n);
      },
    };
  }

  /**
   * The first `Q<n>` post of a session that the wall shows, for a question asked before this relay
   * started (the index above only holds what it saw); remembered once found.
   */
  private questionOnWall(tag: string, sessionId: string | undefined, n: number): string | undefined {
    const asked = this.walls
      .get(tag)
      ?.log.snapshot.posts.filter((p) => p.host && p.thread?.question === n && p.thread.sessionId === sessionId)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0];
    if (asked) this.rememberQuestion(tag, asked);
    return asked?.id;
  }

  /** Keeps the first `Q<n>` post of a session, as the threads do (in `byKey`: a batch's own, until it is stored). */
  private rememberQuestion(tag: string, post: Post, byKey?: Map<string, string>): void {
    if (!byKey) {
      byKey = this.questions.get(tag);
      if (!byKey) this.questions.set(tag, (byKey = new Map()));
    }
    const key = `${post.thread?.sessionId ?? ''}\u0000${post.thread!.question!}`;
    if (!byKey.has(key)) byKey.set(key, post.id);
  }

  /** Walls that take this post: those named by the source, else those whose tag it carries. */
  private route(post: Post, tags: readonly string[] | undefined): Wall[] {
    const candidates = tags ?? post.tags;
    const walls: Wall[] = [];
    for (const tag of new Set(candidates)) {
      const wall = this.walls.get(tag);
      if (wall && (wall.config.sources as readonly string[]).includes(post.source)) walls.push(wall);
    }
    return walls;
  }

  /**
   * Records posts of one wall: drops repeats, links, screens, then writes the approved ones and
   * their `post.added` events in one log commit, and the others to the store.
   */
  private async record(wall: Wall, items: readonly Waiting[]): Promise<void> {
    const tag = wall.config.tag;
    const staged = new Map<string, KnownPost>();
    const asked = new Map<string, string>();
    const lookup = this.lookup(tag, staged, asked);
    const prepared: Prepared[] = [];
    for (const { post: incoming, hold } of items) {
      // A repeat must not count twice in the flood filters: check before screening.
      if (staged.has(incoming.id) || (await this.store.getPost(tag, incoming.id))) {
        this.metrics.postsDuplicate.inc();
        continue;
      }
      const one = await this.prepare(wall, incoming, hold, lookup);
      const { post, status } = one.record;
      staged.set(post.id, { post, visible: status === PostStatus.Approved });
      if (status === PostStatus.Approved && post.host && post.thread?.question !== undefined) {
        this.rememberQuestion(tag, post, asked);
      }
      prepared.push(one);
    }
    const approved = prepared.filter((p) => p.record.status === PostStatus.Approved);
    if (approved.length > 0) {
      // The records and their post.added go in one write, so a crash cannot leave a post recorded
      // but never shown. Posts of one wall are recorded one job at a time, so nothing can add these
      // ids between the check above and this append.
      const events: NewWallEvent[] = approved.flatMap(({ record, answered }) => [
        { type: 'post.added', post: record.post } as const,
        ...(answered ? [{ type: 'post.updated', id: answered.id, patch: answered.patch } as const] : []),
      ]);
      await wall.log.commit(events, { add: approved.map((p) => p.record) });
    }
    for (const { record, answered } of prepared) {
      const { post, status } = record;
      if (status === PostStatus.Approved) {
        this.metrics.events.inc({ type: 'post.added' });
        if (post.host && post.thread?.question !== undefined) this.rememberQuestion(tag, post);
        if (answered) await this.moderation?.questionAnswered(tag, answered.id);
      } else if (!(await this.store.addPost(record))) {
        this.metrics.postsDuplicate.inc();
        continue;
      }
      this.metrics.postsRouted.inc({ status });
      this.moderation?.recorded(record);
    }
  }

  /** Links a new post (Q&A) and screens it: the record to write, and the question it answers. */
  private async prepare(wall: Wall, incoming: Post, hold: string | undefined, lookup: QaLookup): Promise<Prepared> {
    const tag = wall.config.tag;
    const arrival = this.now();
    const { post, answered } = await linkPost(this.qaWall(wall), incoming, arrival, lookup);
    // Hosts are trusted like the allow list: their questions and answers go up at once.
    let screening = post.host
      ? { status: PostStatus.Approved, reason: 'host' }
      : ((await this.moderation?.screen(tag, post)) ?? decide(wall.config.moderation, undefined));
    // The source asked for a person to look, whatever the mode; a filter's rejection still stands.
    if (hold !== undefined && screening.status !== PostStatus.Rejected) {
      screening = { status: PostStatus.Held, reason: hold };
    }
    const status = screening.status;
    const receivedAt = new Date(arrival).toISOString();
    const record: ModeratedPost = {
      tag,
      post,
      status,
      reason: screening.reason,
      ...(screening.filter ? { filter: screening.filter } : {}),
      receivedAt,
      // Screening decided unless it held the post for a person: moderators list decisions by time.
      ...(status !== PostStatus.Held ? { decidedAt: receivedAt } : {}),
    };
    return { record, answered };
  }
}
