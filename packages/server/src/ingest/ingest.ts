import { DEFAULT_SESSION_WINDOW, type NewWallEvent, type Post } from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { Moderation } from '../moderation/moderation.js';
import { decide } from '../moderation/pipeline.js';
import { PostStatus, type Store } from '../store/store.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { linkPost, type QaLookup, type QaWall } from './qa-links.js';
import type { SourceSink } from './sink.js';

/**
 * Takes normalised posts from every source, routes each to the walls it belongs to, drops
 * duplicates, applies the wall's moderation mode and appends approved posts to the wall log.
 */
export class Ingest implements SourceSink {
  /** Per wall, the last post's recording: posts are recorded one after another, in arrival order. */
  private readonly tails = new Map<string, Promise<void>>();
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
  ) {}

  post(post: Post, tags?: readonly string[]): void {
    this.metrics.postsReceived.inc({ source: post.source });
    for (const wall of this.route(post, tags)) {
      const tag = wall.config.tag;
      const previous = this.tails.get(tag) ?? Promise.resolve();
      const job = previous
        .then(() => this.record(wall, post))
        .catch((err: unknown) => {
          this.metrics.ingestErrors.inc();
          this.logger.error({ err, postId: post.id, wall: tag }, 'could not record post');
        });
      this.tails.set(tag, job);
      void job.then(() => {
        if (this.tails.get(tag) === job) this.tails.delete(tag);
      });
    }
  }

  /** Resolves when every post accepted so far is recorded. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
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
      question: (sessionId, n) => this.questions.get(tag)?.get(`${sessionId ?? ''}\u0000${n}`),
    };
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

  private async record(wall: Wall, incoming: Post): Promise<void> {
    const tag = wall.config.tag;
    // A repeat must not count twice in the flood filters: check before screening.
    if (await this.store.getPost(tag, incoming.id)) {
      this.metrics.postsDuplicate.inc();
      return;
    }
    const arrival = this.now();
    const { post, answered } = await linkPost(this.qaWall(wall), incoming, arrival, this.lookup(tag));
    // Hosts are trusted like the allow list: their questions and answers go up at once.
    const screening = post.host
      ? { status: PostStatus.Approved, reason: 'host' }
      : (this.moderation?.screen(tag, post) ?? decide(wall.config.moderation, undefined));
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
    } else if (!(await this.store.addPost(record))) {
      this.metrics.postsDuplicate.inc();
      return;
    }
    this.metrics.postsRouted.inc({ status });
    this.moderation?.recorded(record);
  }
}
