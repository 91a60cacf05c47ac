import { DEFAULT_SESSION_WINDOW, type NewWallEvent, type Post } from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { SerialQueues } from '../serial-queue.js';
import type { Moderation } from '../moderation/moderation.js';
import { decide } from '../moderation/pipeline.js';
import { PostStatus, StoreUnavailableError, type Store } from '../store/store.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { linkPost, type QaLookup, type QaWall } from './qa-links.js';
import type { SinkPostOptions, SourceSink } from './sink.js';

/**
 * Takes normalised posts from every source, routes each to the walls it belongs to, drops
 * duplicates, applies the wall's moderation mode and appends approved posts to the wall log.
 */
export class Ingest implements SourceSink {
  /** Per wall, posts are recorded one after another, in arrival order. */
  private readonly queues = new SerialQueues<string>();
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
    const jobs = this.route(post, tags).map((wall) =>
      this.enqueue(wall.config.tag, post.id, 'could not record post', () => this.record(wall, post, options?.hold)),
    );
    const recorded = options?.recorded;
    if (recorded) void Promise.all(jobs).then((ok) => ok.every(Boolean) && recorded());
  }

  remove(id: string): void {
    const source = id.slice(0, id.indexOf(':'));
    for (const wall of this.walls.all()) {
      if (!(wall.config.sources as readonly string[]).includes(source)) continue;
      const tag = wall.config.tag;
      // In the wall's queue: a delete that overtakes its own post's recording still finds it.
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
    return this.queues
      .run(tag, () => this.whenStored(tag, work))
      .then(
        () => true,
        (err: unknown) => {
          this.metrics.ingestErrors.inc();
          this.logger.error({ err, postId, wall: tag }, what);
          return false;
        },
      );
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

  private lookup(tag: string): QaLookup {
    return {
      get: async (id) => {
        const record = await this.store.getPost(tag, id);
        return record && { post: record.post, visible: record.status === PostStatus.Approved };
      },
      question: (sessionId, n) =>
        this.questions.get(tag)?.get(`${sessionId ?? ''}\u0000${n}`) ?? this.questionOnWall(tag, sessionId, n),
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

  /** Keeps the first `Q<n>` post of a session, as the threads do. */
  private rememberQuestion(tag: string, post: Post): void {
    let byKey = this.questions.get(tag);
    if (!byKey) this.questions.set(tag, (byKey = new Map()));
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

  private async record(wall: Wall, incoming: Post, hold: string | undefined): Promise<void> {
    const tag = wall.config.tag;
    // A repeat must not count twice in the flood filters: check before screening.
    if (await this.store.getPost(tag, incoming.id)) {
      this.metrics.postsDuplicate.inc();
      return;
    }
    const arrival = this.now();
    const { post, answered } = await linkPost(this.qaWall(wall), incoming, arrival, this.lookup(tag));
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
    const record = {
      tag,
      post,
      status,
      reason: screening.reason,
      ...(screening.filter ? { filter: screening.filter } : {}),
      receivedAt,
      // Screening decided unless it held the post for a person: moderators list decisions by time.
      ...(status !== PostStatus.Held ? { decidedAt: receivedAt } : {}),
    };
    if (status === PostStatus.Approved) {
      // The record and its post.added go in one write, so a crash cannot leave the post recorded
      // but never shown. Posts of one wall are recorded one at a time, so nothing can add this id
      // between the check above and this append.
      const events: NewWallEvent[] = [{ type: 'post.added', post }];
      if (answered) events.push({ type: 'post.updated', id: answered.id, patch: answered.patch });
      await wall.log.commit(events, { add: [record] });
      this.metrics.events.inc({ type: 'post.added' });
      if (post.host && post.thread?.question !== undefined) this.rememberQuestion(tag, post);
      if (answered) await this.moderation?.questionAnswered(tag, answered.id);
    } else if (!(await this.store.addPost(record))) {
      this.metrics.postsDuplicate.inc();
      return;
    }
    this.metrics.postsRouted.inc({ status });
    this.moderation?.recorded(record);
  }
}
