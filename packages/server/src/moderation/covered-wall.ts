import { ErrorCode, normaliseTag, unknownWallError } from '@chat-wall/sdk/protocol';
import { canModerate, roleRefusal, type Moderator } from '../auth/tokens.js';
import { RequestError } from '../request-error.js';

/**
 * What a moderator request about `rawTag` may touch: the wall `lookup` finds for the normalised tag.
 * Refuses an unknown wall (404) before a wall the token does not cover (403), for every desk alike.
 */
export function coveredWall<W>(moderator: Moderator, rawTag: string, lookup: (tag: string) => W | undefined): W {
  const tag = normaliseTag(rawTag);
  const wall = lookup(tag);
  if (wall === undefined) throw new RequestError(unknownWallError(rawTag));
  if (!canModerate(moderator, tag)) {
    throw new RequestError({ code: ErrorCode.Forbidden, message: `Your token does not cover the wall "${tag}".` });
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
  if (refusal) throw new RequestError(refusal);
  return wall;
}
