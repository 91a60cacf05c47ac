import type { Logger } from 'pino';
import type { TwitterApiReadOnly } from 'twitter-api-v2';
import type { Clock, TimerHandle } from '../../clock.js';
import type { Store } from '../../store/store.js';
import { describeXError } from './x-errors.js';

/** `GET /2/tweets?ids=` takes at most 100 ids. */
export const IDS_PER_LOOKUP = 100;
/** X's problem type for a post that no longer exists (deleted, or its account gone), on either domain. */
const NOT_FOUND = /^https:\/\/api\.(twitter|x)\.com\/2\/problems\/resource-not-found$/;

export interface DeletionCheckOptions {
  client: () => TwitterApiReadOnly | undefined;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Seconds between checks. */
  intervalSeconds: number;
  /** Newest visible X posts checked per wall and round. */
  maxPostsPerWall: number;
  /** The walls that read X now. */
  tags: () => readonly string[];
  /** Reads left in the day's budget (0: skip the round). */
  remaining: () => number;
  /** Counts the posts X returned as reads (X bills them). */
  countReads: (ids: readonly string[]) => void;
  /** A post was deleted on X: take it down (`x:<id>`). */
  removed: (postId: string) => void;
}

/**
 * X's filtered stream does not report deletions, so the posts the walls show are looked up again
 * every few minutes (`GET /2/tweets?ids=`, 100 a request): those X answers "not found" for were
 * deleted and leave the walls. Every post X returns is a paid read, so a round reads at most what
 * is left of the day's budget and is skipped when it is spent.
 */
export class DeletionCheck {
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Posts looked up (returned or not) and found deleted since start, for health and tests. */
  checked = 0;
  deleted = 0;
  lastRound: string | undefined;

  constructor(private readonly options: DeletionCheckOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.clock.clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves when the round under way (if any) is done (tests). */
  async settled(): Promise<void> {
    await this.running;
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule();
      });
    }, this.options.intervalSeconds * 1000);
  }

  /** One round: the walls' newest visible X posts, looked up in batches within the budget. */
  async round(): Promise<void> {
    const client = this.options.client();
    if (!client) return;
    let budget = this.options.remaining();
    if (budget <= 0) {
      this.lastRound = 'skipped: the daily read budget is spent';
      return;
    }
    const ids = new Set<string>();
    for (const tag of this.options.tags()) {
      try {
        const page = await this.options.store.listVisiblePosts(tag, { limit: this.options.maxPostsPerWall });
        for (const post of page.posts) if (post.source === 'x') ids.add(post.id.slice(2));
      } catch (err) {
        this.options.logger.warn({ err, wall: tag }, 'x: could not list the posts to check for deletions');
      }
    }
    const wanted = [...ids].filter((id) => /^\d{1,19}$/.test(id));
    let looked = 0;
    for (let i = 0; i < wanted.length && budget > 0 && !this.stopped; i += IDS_PER_LOOKUP) {
      const batch = wanted.slice(i, i + Math.min(IDS_PER_LOOKUP, budget));
      try {
        const res = await client.v2.tweets(batch, { 'tweet.fields': ['id'] });
        const returned = (res.data ?? []).map((t) => t.id);
        this.options.countReads(returned);
        budget -= returned.length;
        looked += batch.length;
        for (const error of res.errors ?? []) {
          const id = error.resource_id ?? error.value;
          if (NOT_FOUND.test(error.type) && typeof id === 'string' && batch.includes(id)) {
            this.deleted++;
            this.options.removed(`x:${id}`);
          }
        }
      } catch (err) {
        this.options.logger.warn(`x: deletion check stopped: ${describeXError(err, 'post lookup').message}`);
        break;
      }
    }
    this.checked += looked;
    this.lastRound = `${new Date(this.options.clock.now()).toISOString()}: ${looked} post(s) looked up`;
  }
}
