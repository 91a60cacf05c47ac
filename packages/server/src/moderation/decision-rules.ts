import { AskState, ErrorCode, PostAction, PostStatus, type Post, type PostPatch } from '@chat-wall/sdk/protocol';
import type { StoredPost } from '../store/store.js';
import { RequestError } from '../request-error.js';

// The rules of moderator actions (which status each may start from, what it leads to, what a
// display action changes) and the refusals they produce; the Moderation class carries them out.

/** Decisions: which statuses each may start from, and where it leads. */
export const TRANSITIONS = {
  [PostAction.Approve]: { from: [PostStatus.Held, PostStatus.Rejected], to: PostStatus.Approved },
  [PostAction.Reject]: { from: [PostStatus.Held, PostStatus.Approved], to: PostStatus.Rejected },
  [PostAction.Remove]: { from: [PostStatus.Approved], to: PostStatus.Removed },
  [PostAction.Restore]: { from: [PostStatus.Removed, PostStatus.Rejected], to: PostStatus.Approved },
} as const satisfies Partial<Record<PostAction, { from: readonly PostStatus[]; to: PostStatus }>>;

/** Display actions: the patch each appends to the wall log. Only approved posts can take them. */
export const MARKS: Partial<Record<PostAction, PostPatch>> = {
  [PostAction.Pin]: { pinned: true },
  [PostAction.Unpin]: { pinned: false },
  [PostAction.Highlight]: { highlighted: true },
  [PostAction.Unhighlight]: { highlighted: false },
  [PostAction.Answer]: { answered: true },
  [PostAction.Unanswer]: { answered: false },
};

/**
 * The post an approval shows. An open audience question that a host already answered while it was
 * held (ingest linked the answer, but could not mark a post the wall did not show) goes up answered.
 */
export function postToShow(post: Post, wallPosts: readonly Post[]): Post {
  if (post.ask?.state !== AskState.Open) return post;
  const answeredByHost = wallPosts.some((p) => p.host && p.thread?.answerTo === post.id);
  return answeredByHost ? { ...post, ask: { state: AskState.Answered }, answered: true } : post;
}

export function conflict(
  action: PostAction,
  id: string,
  expected: PostStatus | undefined,
  current: StoredPost,
): RequestError {
  const seen = expected ? ` (you saw it ${expected})` : '';
  return new RequestError(
    { code: ErrorCode.Conflict, message: `Cannot ${action} post ${id}${seen}: it is ${describe(current)}.` },
    { current },
  );
}

export function notFound(tag: string, id: string): RequestError {
  return new RequestError({
    code: ErrorCode.NotFound,
    message: `Wall "${tag}" has no post "${id}".`,
    field: 'postId',
  });
}

/** "approved by alice at 2026-…" / "rejected by the profanity filter" */
export function describe(record: StoredPost): string {
  if (record.decidedBy) return `already ${record.status} by ${record.decidedBy} at ${record.decidedAt}`;
  if (record.filter) return `${record.status} by the ${record.filter} filter (${record.reason})`;
  return record.status;
}

export function changedKeys(patch: unknown): string {
  if (typeof patch !== 'object' || patch === null) return 'settings';
  const keys: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'filters' && typeof v === 'object' && v !== null) keys.push(...Object.keys(v).map((f) => `filters.${f}`));
    else keys.push(k);
  }
  return keys.join(', ') || 'nothing';
}
