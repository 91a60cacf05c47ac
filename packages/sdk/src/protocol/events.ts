import type { Post, PostPatch } from './post.js';
import type { Program } from './program.js';
import type { Session } from './session.js';

/**
 * Public settings of a wall that viewers see. Changed by `wall.updated` events.
 */
export interface WallInfo {
  /** Canonical tag, lower-case, without `#`. */
  tag: string;
  /** Tag as the host spells it, for display (`askGMP`). */
  title: string;
  /** How many posts a viewer's state keeps; older ones fall off. */
  maxPosts: number;
  /** Whether the session is live; a wall off air shows its last posts. */
  onAir: boolean;
  /**
   * What is on air for broadcast layouts (lower third, ticker, spotlight, overlay). Absent until
   * the first take; see {@linkcode Program}.
   */
  program?: Program;
  /**
   * The wall's scheduled sessions, ascending by start, never overlapping. Empty for a wall that is
   * always on. A `wall.updated` event that changes sessions carries the whole list.
   */
  sessions: Session[];
  /**
   * Audience questions (`POST /api/walls/:tag/submissions`), for a wall that takes them: whether
   * moderators have them open. A wall with sessions takes them only while a session is live, open
   * or not. Absent on a wall that does not take questions.
   */
  submissions?: { open: boolean };
}

/** Default for {@linkcode WallInfo.maxPosts}. */
export const DEFAULT_MAX_POSTS = 200;

interface EventBase {
  /** Position in the wall's log: gap-free and increasing within one epoch, starting at 1. */
  seq: number;
  /** Server time the event was appended, ISO 8601. */
  at: string;
}

export interface PostAddedEvent extends EventBase {
  type: 'post.added';
  post: Post;
}

export interface PostUpdatedEvent extends EventBase {
  type: 'post.updated';
  id: string;
  patch: PostPatch;
}

export interface PostRemovedEvent extends EventBase {
  type: 'post.removed';
  id: string;
}

export interface WallUpdatedEvent extends EventBase {
  type: 'wall.updated';
  wall: Partial<Omit<WallInfo, 'tag'>>;
}

/** Everything a viewer can see is one of these, appended to the wall's log. */
export type WallEvent = PostAddedEvent | PostUpdatedEvent | PostRemovedEvent | WallUpdatedEvent;

export type WallEventType = WallEvent['type'];

/** Event without the fields the log assigns on append. */
export type NewWallEvent = WallEvent extends infer E ? (E extends WallEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/**
 * What a viewer sees of a wall at one log position. Built only by folding events with
 * {@linkcode applyEvent}, on the server (snapshots) and in the SDK alike.
 */
export interface WallState {
  /** Log epoch; changes only when the log is reset or lost. */
  epoch: string;
  /** Seq of the last event folded in; 0 for an empty log. */
  seq: number;
  wall: WallInfo;
  /** Visible posts, newest first, at most `wall.maxPosts`. */
  posts: Post[];
}
