import {
  AskState,
  ErrorCode,
  PostAction,
  PostStatus,
  type AuditEntry,
  type ModeratedPost,
  type NewWallEvent,
  type Post,
  type PostPatch,
} from '@chat-wall/sdk/protocol';
import { RequestError } from '../request-error.js';
import type { PostStatusChange } from '../store/store.js';
import { authorKey } from './pipeline.js';

// The rules of moderator actions (which status each may start from, what it leads to, what a
// display action changes) as a pure planner; the Moderation class reads, plans, commits and tells.

/** A decision: the statuses it may start from, and where it leads. */
export interface Transition {
  from: readonly PostStatus[];
  to: PostStatus;
}

/** Decisions: which statuses each may start from, and where it leads. */
export const TRANSITIONS: Readonly<Partial<Record<PostAction, Transition>>> = {
  [PostAction.Approve]: { from: [PostStatus.Held, PostStatus.Rejected], to: PostStatus.Approved },
  [PostAction.Reject]: { from: [PostStatus.Held, PostStatus.Approved], to: PostStatus.Rejected },
  [PostAction.Remove]: { from: [PostStatus.Approved], to: PostStatus.Removed },
  [PostAction.Restore]: { from: [PostStatus.Removed, PostStatus.Rejected], to: PostStatus.Approved },
};

/** Display actions: the patch each appends to the wall log. Only approved posts can take them. */
export const MARKS: Readonly<Partial<Record<PostAction, PostPatch>>> = {
  [PostAction.Pin]: { pinned: true },
  [PostAction.Unpin]: { pinned: false },
  [PostAction.Highlight]: { highlighted: true },
  [PostAction.Unhighlight]: { highlighted: false },
  [PostAction.Answer]: { answered: true },
  [PostAction.Unanswer]: { answered: false },
};

/** Who acts on which post, when, and why. */
export interface ActionContext {
  tag: string;
  id: string;
  /** The moderator's name (or `source`, `auto`), for the post and the audit log. */
  actor: string;
  /** ISO time of the action. */
  at: string;
  reason?: string | undefined;
  /** The wall's visible posts: an approval shows a question a host answered meanwhile as answered. */
  wallPosts?: readonly Post[];
}

/** What an action does, all committed together, and the post as it will be. */
export interface Plan {
  /** The compare-and-set on the post's status (decisions only). */
  change?: PostStatusChange;
  /** The wall event that shows, hides or marks the post; none when viewers see no difference. */
  event?: NewWallEvent;
  audit: Omit<AuditEntry, 'id'>;
  post: ModeratedPost;
}

/**
 * Plans `action` on the post as it is now (`current`, absent when the wall has no such post),
 * refusing it when `current` is not a status it may start from or not the `expected` one. Pure:
 * the caller reads, commits the plan and tells listeners.
 */
export function plan(
  action: PostAction,
  current: ModeratedPost | undefined,
  expected: PostStatus | undefined,
  context: ActionContext,
): Plan | RequestError {
  const { tag, id, actor, at, reason } = context;
  const patch = MARKS[action];
  if (patch) {
    // A display action changes no status: the post must be on the wall, whatever was expected.
    if (!current) return notFound(tag, id);
    if (current.status !== PostStatus.Approved) return conflict(action, id, undefined, current);
    return {
      event: { type: 'post.updated', id, patch },
      audit: auditEntry(context, action, current, undefined),
      post: current,
    };
  }
  const rule = TRANSITIONS[action];
  if (!rule) {
    return new RequestError({ code: ErrorCode.BadRequest, message: `Unknown action "${action}".`, field: 'action' });
  }
  if (!current) return notFound(tag, id);
  const allowed = expected === undefined ? rule.from : rule.from.filter((s) => s === expected);
  if (!allowed.includes(current.status)) return conflict(action, id, expected, current);
  const previous = current.status;
  const to = rule.to;
  const post: ModeratedPost = { ...current, status: to };
  const event: NewWallEvent | undefined =
    to === PostStatus.Approved
      ? { type: 'post.added', post: postToShow(current.post, context.wallPosts ?? []) }
      : previous === PostStatus.Approved
        ? { type: 'post.removed', id }
        : undefined;
  return {
    change: {
      id,
      expected: [previous],
      status: to,
      reason: reason ?? `${action} by ${actor}`,
      decidedBy: actor,
      decidedAt: at,
    },
    ...(event ? { event } : {}),
    audit: auditEntry(context, action, post, previous),
    post,
  };
}

/**
 * The post an approval shows. An open audience question that a host already answered while it was
 * held (ingest linked the answer, but could not mark a post the wall did not show) goes up answered.
 */
export function postToShow(post: Post, wallPosts: readonly Post[]): Post {
  if (post.ask?.state !== AskState.Open) return post;
  const answeredByHost = wallPosts.some((p) => p.host && p.thread?.answerTo === post.id);
  return answeredByHost ? { ...post, ask: { state: AskState.Answered }, answered: true } : post;
}

/** The refusal of an action the post's status does not allow, with the post as it is now. */
export function conflict(
  action: PostAction,
  id: string,
  expected: PostStatus | undefined,
  current: ModeratedPost,
): RequestError {
  const seen = expected ? ` (you saw it ${expected})` : '';
  return new RequestError(
    { code: ErrorCode.Conflict, message: `Cannot ${action} post ${id}${seen}: it is ${describe(current)}.` },
    { current },
  );
}

/** The refusal of an action on a post the wall does not have. */
export function notFound(tag: string, id: string): RequestError {
  return new RequestError({
    code: ErrorCode.NotFound,
    message: `Wall "${tag}" has no post "${id}".`,
    field: 'postId',
  });
}

/** "approved by alice at 2026-…" / "rejected by the profanity filter" */
export function describe(record: ModeratedPost): string {
  if (record.decidedBy) return `already ${record.status} by ${record.decidedBy} at ${record.decidedAt}`;
  if (record.filter) return `${record.status} by the ${record.filter} filter (${record.reason})`;
  return record.status;
}

/** The settings keys a change touches, for the audit entry's reason. */
export function changedKeys(patch: unknown): string {
  if (typeof patch !== 'object' || patch === null) return 'settings';
  const keys: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'filters' && typeof v === 'object' && v !== null) keys.push(...Object.keys(v).map((f) => `filters.${f}`));
    else keys.push(k);
  }
  return keys.join(', ') || 'nothing';
}

/** The audit entry of an action on a post; `from`/`to` when its status changed. */
function auditEntry(
  context: ActionContext,
  action: PostAction,
  post: ModeratedPost,
  from: PostStatus | undefined,
): Omit<AuditEntry, 'id'> {
  return {
    tag: context.tag,
    at: context.at,
    actor: context.actor,
    action,
    postId: post.post.id,
    author: authorKey(post.post),
    ...(from && from !== post.status ? { from, to: post.status } : {}),
    ...(context.reason ? { reason: context.reason } : {}),
  };
}
