import { ErrorCode, normaliseTag, unknownWallError, type ModeratedPost, type WallError } from '@chat-wall/sdk/protocol';
import { canModerate, roleRefusal, type Moderator } from '../auth/tokens.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.UnknownWall]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
};

/**
 * A refused moderation request. Carries the wire error, the HTTP status it maps to, and for
 * conflicts the post as it is now, so a console can show what the other moderator decided.
 */
export class ModerationError extends Error {
  override name = 'ModerationError';
  readonly status: number;

  constructor(
    readonly error: WallError,
    readonly current?: ModeratedPost,
  ) {
    super(error.message);
    this.status = STATUS[error.code] ?? 500;
  }

  /** The body of a refusal: `{ ok: false, error, current? }`. */
  toResult(): { ok: false; error: WallError; current?: ModeratedPost } {
    return { ok: false, error: this.error, ...(this.current ? { current: this.current } : {}) };
  }
}

/**
 * What a moderator request about `rawTag` may touch: the wall `lookup` finds for the normalised tag.
 * Refuses an unknown wall (404) before a wall the token does not cover (403), for every desk alike.
 */
export function coveredWall<W>(moderator: Moderator, rawTag: string, lookup: (tag: string) => W | undefined): W {
  const tag = normaliseTag(rawTag);
  const wall = lookup(tag);
  if (wall === undefined) throw new ModerationError(unknownWallError(rawTag));
  if (!canModerate(moderator, tag)) {
    throw new ModerationError({ code: ErrorCode.Forbidden, message: `Your token does not cover the wall "${tag}".` });
  }
  return wall;
}

/**
 * {@linkcode coveredWall} for a change (a session's times, a question's triage): the token must
 * also carry the `moderate` role, so a producer-only token reads the schedule and the questions
 * but cannot change them.
 */
export function changeableWall<W>(
  moderator: Moderator,
  rawTag: string,
  lookup: (tag: string) => W | undefined,
  what: string,
): W {
  const wall = coveredWall(moderator, rawTag, lookup);
  const refusal = roleRefusal(moderator, 'moderate', what);
  if (refusal) throw new ModerationError(refusal);
  return wall;
}
