import type { WallError } from './errors.js';
import type { Post } from './post.js';

/**
 * The broadcast side of the wire contract: what is on air on a wall (public, in the wall log as
 * `wall.updated` with {@linkcode WallInfo.program}), and the producers' rundown and auto mode
 * (moderator namespace and REST only, never sent to viewers).
 */

/** The post on air and since when. Carries the whole post, so a screen can draw it even when it fell off `posts`. */
export interface OnAir {
  post: Post;
  /** When it was taken to air, ISO 8601. */
  since: string;
}

/** What every screen of a wall shows on air. Changed only through the wall log. */
export interface Program {
  /**
   * Increases with every take and clear (also when the post on air leaves the wall). A producer
   * names the revision they saw, so of two racing takes exactly one wins.
   */
  revision: number;
  /** The post on air; `null` when nothing is. */
  onAir: OnAir | null;
}

/** The state of a wall that never had a take. */
export const EMPTY_PROGRAM: Program = { revision: 0, onAir: null };

/** What producers can do to a wall's program. */
export const ProgramAction = {
  /** Put `postId` on air. */
  Take: 'take',
  /** Take whatever is on air off it. */
  Clear: 'clear',
  /** Take the rundown's next post (after the one on air), or the newest approved post when the rundown is empty. */
  Next: 'next',
  /** Append `postId` to the rundown (or insert it at `index`). */
  Add: 'add',
  /** Take `postId` out of the rundown. */
  Remove: 'remove',
  /** Move `postId` to `index` in the rundown. */
  Move: 'move',
  /** Change the auto mode (`auto`). */
  Auto: 'auto',
} as const;
export type ProgramAction = (typeof ProgramAction)[keyof typeof ProgramAction];

/** Where auto mode takes its next post from. */
export const AutoSource = {
  /** The rundown, in order, round and round. */
  Rundown: 'rundown',
  /** The newest approved posts. */
  Newest: 'newest',
} as const;
export type AutoSource = (typeof AutoSource)[keyof typeof AutoSource];

/** Auto mode: the relay takes the next post every `dwellSeconds`. */
export interface AutoMode {
  enabled: boolean;
  /** Seconds each post stays on air, 3–3600. @default 10 */
  dwellSeconds: number;
  /** @default 'rundown' */
  source: AutoSource;
  /** Set when a manual take or clear paused auto mode: who did. Enabling it again clears this. */
  pausedBy?: string;
}

/** Token roles: what a moderator token may do. */
export const TokenRole = {
  /** Decisions on posts (approve, reject, remove, ban, settings). */
  Moderate: 'moderate',
  /** The program: takes, clears, the rundown, auto mode. */
  Produce: 'produce',
} as const;
export type TokenRole = (typeof TokenRole)[keyof typeof TokenRole];

/** Every role, the default of a token minted without `roles`. */
export const ALL_ROLES: readonly TokenRole[] = [TokenRole.Moderate, TokenRole.Produce];

/** What producers see of a wall's program: the public part and the rundown and auto mode. */
export interface ProducerProgram extends Program {
  tag: string;
  /** Posts queued for air, in order. Removed, rejected or banned posts leave it at once. */
  rundown: Post[];
  auto: AutoMode;
  /** Who made the last take or clear, when known. */
  by?: string;
}

/** One producer action on one wall. */
export interface ProgramRequest {
  tag: string;
  action: ProgramAction;
  /** The post to take, add, remove or move. */
  postId?: string;
  /** Position in the rundown for `add` and `move` (0 = first). */
  index?: number;
  /**
   * For `take`, `clear` and `next`: the program revision the producer saw. The action applies
   * only if it is still current (`409` with the winner's take otherwise). Omit to act regardless.
   */
  expected?: number;
  /** For `auto`: the fields to change. */
  auto?: Partial<Omit<AutoMode, 'pausedBy'>>;
}

export type ProgramResult =
  { ok: true; program: ProducerProgram } | { ok: false; error: WallError; program?: ProducerProgram };
