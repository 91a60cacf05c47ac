import { PostStatus, type ModeratedPost } from '@chat-wall/sdk';

/**
 * The "Removed and rejected" list: posts viewers no longer (or never) see, newest decision
 * first, so the post a moderator just took down is at the top, ready to restore. The relay sorts
 * and pages it; these pure functions keep it current between pages.
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

/**
 * Appends an older page from the relay, skipping posts the list already has (a decision pushed
 * while the page was on its way may have listed one already, at its newer place).
 */
export function withOlder(list: readonly ModeratedPost[], page: readonly ModeratedPost[]): readonly ModeratedPost[] {
  const listed = new Set(list.map((p) => p.post.id));
  const older = page.filter((p) => !listed.has(p.post.id));
  return older.length === 0 ? list : [...list, ...older];
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
