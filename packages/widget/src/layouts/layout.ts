import type { OnAir, Post, WallState } from '@chat-wall/sdk';
import type { CSSResult, nothing, TemplateResult } from 'lit';
import type { FeedWindowView } from '../feed-window.js';
import type { StatusView } from '../status-message.js';
import type { Translator } from '../i18n/translator.js';

/** Everything a layout needs to draw a wall; layouts are pure functions of it. */
export interface LayoutContext {
  /** Visible posts, newest first, as the wall's state holds them. */
  posts: readonly Post[];
  /** How many posts to draw at most. */
  maxPosts: number;
  /** Display title of the wall, e.g. `#askGMP`. */
  title: string;
  /** Connection state (`idle`, `connecting`, `live`, …), for styling the status display. */
  state: string;
  status: StatusView;
  /** Whether the first answer of the server has arrived (posts are real, not just "none yet"). */
  loaded: boolean;
  /** ms since the epoch, for relative times. */
  now: number;
  /** The locale tag times and numbers are formatted with (the element's language, with its region). */
  locale: string | undefined;
  /** The element's UI strings, in its language. */
  i18n: Translator;
  /** Image URLs that failed to load: avatars fall back to initials, thumbnails are left out. */
  failedImages: ReadonlySet<string>;
  onImageError: (url: string) => void;
  /**
   * Whether remote images load (`images="off"` turns them off): without them avatars are initials
   * and media are their descriptions, and the page makes no request to another site.
   */
  images?: boolean;
  /** Ids of posts whose content warning or sensitive media a viewer chose to see. */
  revealed?: ReadonlySet<string>;
  /** Shows a post's warned content or sensitive media. */
  onReveal?: (postId: string) => void;
  /** The post on air (the wall's program), or `null`. */
  onAir: OnAir | null;
  /** The post that just left the air, drawn while its out animation runs; absent otherwise. */
  leaving?: Post | undefined;
  /** Called when the leaving post's out animation ended. */
  onLeft?: () => void;
  /** Wall tag as the host spells it, without `#` (join panel). */
  tag: string;
  /** The element drawing, for layouts that keep state per element (the ticker's track). */
  owner: object;
  /** Ticker speed in CSS pixels per second. */
  tickerSpeed: number;
  /** Loading older posts on demand; absent when the layout should not offer it. */
  older?: OlderPostsView;
  /** Which of the posts the `list` layout draws (the newest, more as the reader scrolls); all when absent. */
  feedWindow?: FeedWindowView;
  /** The wall's whole state, for layouts that select from it (the `qa` layout's threads). */
  wallState?: WallState | undefined;
  /** The session the screen is about (running, next or last ended); absent on walls without sessions. */
  sessionId?: string | undefined;
}

/** What a layout needs to draw older posts and the button that loads them. */
export interface OlderPostsView {
  /** The posts to draw instead of the live window, pinned first, newest first. */
  posts: readonly Post[];
  /** `idle`, `loading`, `failed` or `done`. */
  state: string;
  /** Why the last request failed. */
  error: string | undefined;
  /** Whether older posts may exist (the button shows only then). */
  more: boolean;
  load(): void;
  /** The button that loads them, once its chunk has loaded (the element loads it when `more`). */
  button?: TemplateResult | typeof nothing;
}

/** A way of drawing a wall: a web page list, a TV overlay… */
export interface LayoutRenderer {
  render(ctx: LayoutContext): TemplateResult;
  /**
   * Styles the layout needs beyond the element's own, adopted into the shadow root once the
   * layout's module has loaded (layouts other than `list` load on demand).
   */
  styles?: CSSResult;
}

/** The `part` of a post element: `post`, plus `on-air`, `pinned`, `highlighted` as they apply. */
export function postParts(post: Post, onAir: boolean): string {
  return ['post', onAir ? 'on-air' : '', post.pinned ? 'pinned' : '', post.highlighted ? 'highlighted' : '']
    .filter(Boolean)
    .join(' ');
}

/** Pinned posts first, each group newest first (the order the wall's state already has). */
export function pinnedFirst(posts: readonly Post[]): Post[] {
  return [...posts.filter((p) => p.pinned), ...posts.filter((p) => !p.pinned)];
}
