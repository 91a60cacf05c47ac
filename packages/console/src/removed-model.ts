import { PostStatus, type ModeratedPost } from '@chat-wall/sdk';

/**
 * The "Removed and rejected" list: posts viewers no longer (or never) see, newest decision
 * first, so the post a moderator just took down is at the top, ready to restore. Pure functions.
 */

/** Whether a post belongs in the list. */
export function isTakenDown(post: ModeratedPost): boolean {
  return post.status === PostStatus.Removed || post.status === PostStatus.Rejected;
}

/** When the post got its status: a person's decision, else its arrival (filters decide on arrival). */
export function decidedAt(post: ModeratedPost): number {
  const at = Date.parse(post.decidedAt ?? post.receivedAt);
  return Number.isNaN(at) ? 0 : at;
}

/** Newest decision first; ties keep their order (stable sort). */
export function sortByDecision(posts: readonly ModeratedPost[]): ModeratedPost[] {
  return [...posts].sort((a, b) => decidedAt(b) - decidedAt(a));
}

/**
 * Folds the latest word about one post into the list: a removed or rejected post goes to the
 * top of its place by decision time (replacing its old entry); any other status takes it out.
 */
export function withDecision(list: readonly ModeratedPost[], post: ModeratedPost): readonly ModeratedPost[] {
  const rest = list.filter((p) => p.post.id !== post.post.id);
  if (!isTakenDown(post)) return rest.length === list.length ? list : rest;
  const at = decidedAt(post);
  const index = rest.findIndex((p) => decidedAt(p) <= at);
  return index < 0 ? [...rest, post] : [...rest.slice(0, index), post, ...rest.slice(index)];
}
