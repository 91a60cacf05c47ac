import type { ModeratedPost, QueueChange } from '@chat-wall/sdk';

/**
 * The held queue as the console shows it: oldest first, one entry per post. Pure functions, so
 * the live merge of joins, pushes and answers is easy to test and to reason about.
 */

/** Oldest first by arrival. Stable: posts that arrived in the same millisecond keep the relay's order. */
export function sortQueue(queue: readonly ModeratedPost[]): ModeratedPost[] {
  return [...queue].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
}

/**
 * Folds what is known about one post into the queue: a held post is added (after every post
 * that arrived no later, so same-millisecond arrivals keep their order) or refreshed in place;
 * any other status takes it out. Used for pushed changes, answers to our own requests and the
 * `current` of a refused one alike, so the queue always reflects the latest word.
 */
export function withPost(queue: readonly ModeratedPost[], post: ModeratedPost): readonly ModeratedPost[] {
  const index = queue.findIndex((p) => p.post.id === post.post.id);
  if (post.status !== 'held') return index < 0 ? queue : queue.filter((_, i) => i !== index);
  if (index >= 0) return queue.map((p, i) => (i === index ? post : p));
  const received = Date.parse(post.receivedAt);
  const at = queue.findIndex((p) => Date.parse(p.receivedAt) > received);
  return at < 0 ? [...queue, post] : [...queue.slice(0, at), post, ...queue.slice(at)];
}

/** Applies a `mod:queue` change of the wall `tag`; changes of other walls leave it as it is. */
export function applyQueueChange(
  queue: readonly ModeratedPost[],
  tag: string,
  change: QueueChange,
): readonly ModeratedPost[] {
  return change.tag === tag ? withPost(queue, change.post) : queue;
}

/**
 * Which id to select after the list changed from `before` to `after`: the same post while it is
 * there, else the one that took its place (the next one, or the last when it was at the end).
 */
export function keepSelection(
  before: readonly { id: string }[],
  after: readonly { id: string }[],
  selected: string | undefined,
): string | undefined {
  if (after.length === 0) return undefined;
  if (selected !== undefined && after.some((p) => p.id === selected)) return selected;
  const index = selected === undefined ? 0 : before.findIndex((p) => p.id === selected);
  return after[Math.min(Math.max(index, 0), after.length - 1)]!.id;
}

/** The id `step` places away from `selected` (clamped to the list); the first when none is selected. */
export function moveSelection(
  list: readonly { id: string }[],
  selected: string | undefined,
  step: number,
): string | undefined {
  if (list.length === 0) return undefined;
  const index = list.findIndex((p) => p.id === selected);
  if (index < 0) return list[0]!.id;
  return list[Math.min(Math.max(index + step, 0), list.length - 1)]!.id;
}
