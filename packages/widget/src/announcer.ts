import type { Post } from '@chat-wall/sdk';
import type { Clock } from './countdown.js';
import { enAnnouncer } from './i18n/en-announcer.js';
import { addEnglish, type Translator } from './i18n/translator.js';

// English strings travel with this part (the entry has only the first paint's).
addEnglish(enAnnouncer);

/** How new posts are announced to screen readers. */
export const Announce = {
  /** Each post read aloud while the wall is quiet; on a busy wall, one count ("12 new posts") at most every interval. */
  Auto: 'auto',
  /** Only the count, at most once per interval, however quiet the wall. */
  Count: 'count',
  /** Nothing: the viewer reads the wall at their own pace. */
  None: 'none',
} as const;
export type Announce = (typeof Announce)[keyof typeof Announce];

/** Default of the time between two announcements, ms. */
export const ANNOUNCE_INTERVAL = 10_000;

/** Longest post text read aloud, in characters; the rest is on the wall. */
const MAX_READ = 140;

/** What the announcer needs from its element, read at each use (they can change at any time). */
export interface AnnouncerHost {
  clock(): Clock;
  mode(): string;
  i18n(): Translator;
  /** Puts the text in the live region. */
  say(text: string): void;
}

/**
 * Turns a stream of new posts into announcements a screen-reader user can follow. A live region
 * that reads every post is unusable at 50 posts a second: speech falls minutes behind and never
 * stops. So at most one announcement is made per interval (10 s): the first post of a quiet spell
 * is read at once ("New post by Ana: …"); posts that arrive within the interval wait, and when it
 * is over they are announced together as a count ("12 new posts"), or read if there was only
 * one. A quiet wall is thus read post by post, a busy one summarised every ten seconds.
 */
export class PostAnnouncer {
  private pending: Post[] = [];
  private last = -Infinity;
  private cancel: (() => void) | undefined;

  constructor(
    private readonly host: AnnouncerHost,
    private readonly interval = ANNOUNCE_INTERVAL,
  ) {}

  /** A post arrived on the wall. */
  add(post: Post): void {
    const mode = this.host.mode();
    if (mode === Announce.None) return;
    this.pending.push(post);
    if (this.cancel) return; // an announcement is already due
    const wait = this.last + this.interval - this.host.clock().now();
    if (wait <= 0) this.flush();
    else this.cancel = this.host.clock().schedule(() => this.flush(), wait);
  }

  /** Forgets what was waiting and stops the timer (the element left the page or changed walls). */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.pending = [];
  }

  private flush(): void {
    this.cancel = undefined;
    const posts = this.pending;
    this.pending = [];
    const mode = this.host.mode();
    if (posts.length === 0 || mode === Announce.None) return;
    this.last = this.host.clock().now();
    const i18n = this.host.i18n();
    const [only] = posts;
    if (posts.length === 1 && only && mode !== Announce.Count) {
      const chars = Array.from(only.text.trim());
      const text = chars.length > MAX_READ ? `${chars.slice(0, MAX_READ - 1).join('')}…` : chars.join('');
      this.host.say(i18n.t('newPostBy', { name: only.author.name || `@${only.author.handle}`, text }));
    } else {
      this.host.say(i18n.t('newPosts', { count: posts.length }));
    }
  }
}
