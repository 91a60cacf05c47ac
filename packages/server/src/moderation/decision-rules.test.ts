import { PostAction, PostStatus, type ModeratedPost, type Post } from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../request-error.js';
import { plan, type Plan } from './decision-rules.js';

const post: Post = {
  id: 'x:1',
  source: 'x',
  author: { id: 'a1', handle: 'ada', name: 'Ada', verified: false },
  text: 'Q1 #askGMP',
  segments: [{ type: 'text', text: 'Q1 #askGMP' }],
  media: [],
  createdAt: '2026-12-01T12:00:00.000Z',
  reply: false,
  repost: false,
  quote: false,
  tags: ['askgmp'],
};

const at = '2026-12-01T12:05:00.000Z';
const context = { tag: 'askgmp', id: 'x:1', actor: 'alice', at };
const record = (status: PostStatus): ModeratedPost => ({ tag: 'askgmp', post, status, receivedAt: at });

const { Held: H, Approved: A, Rejected: J, Removed: R } = PostStatus;

/** Each decision from each status: the status it leads to and the event viewers get, or the refusal. */
const decisions: [PostAction, PostStatus, PostStatus | 'conflict', 'post.added' | 'post.removed' | undefined][] = [
  [PostAction.Approve, H, A, 'post.added'],
  [PostAction.Approve, J, A, 'post.added'],
  [PostAction.Approve, A, 'conflict', undefined],
  [PostAction.Approve, R, 'conflict', undefined],
  [PostAction.Reject, H, J, undefined],
  [PostAction.Reject, A, J, 'post.removed'],
  [PostAction.Reject, J, 'conflict', undefined],
  [PostAction.Remove, A, R, 'post.removed'],
  [PostAction.Remove, H, 'conflict', undefined],
  [PostAction.Restore, R, A, 'post.added'],
  [PostAction.Restore, J, A, 'post.added'],
  [PostAction.Restore, H, 'conflict', undefined],
];

describe('plan', () => {
  it.each(decisions)('%s from %s → %s (%s)', (action, from, to, event) => {
    const planned = plan(action, record(from), undefined, context);
    if (to === 'conflict') {
      expect(planned).toBeInstanceOf(RequestError);
      expect((planned as RequestError).error.code).toBe('conflict');
      expect((planned as RequestError).toResult().current).toEqual(record(from));
      return;
    }
    const p = planned as Plan;
    expect(p.change).toEqual({
      id: 'x:1',
      expected: [from],
      status: to,
      reason: `${action} by alice`,
      decidedBy: 'alice',
      decidedAt: at,
    });
    expect(p.event?.type).toBe(event);
    expect(p.audit).toEqual({
      tag: 'askgmp',
      at,
      actor: 'alice',
      action,
      postId: 'x:1',
      author: 'x:a1',
      from,
      to,
    });
    expect(p.post.status).toBe(to);
  });

  it('refuses a decision when the post is not in the status the moderator saw', () => {
    const planned = plan(PostAction.Approve, record(J), H, context);
    expect(planned).toBeInstanceOf(RequestError);
    expect((planned as RequestError).message).toBe('Cannot approve post x:1 (you saw it held): it is rejected.');
  });

  it('marks only approved posts, with a post.updated event, no status change and the reason in the audit', () => {
    const planned = plan(PostAction.Pin, record(A), undefined, { ...context, reason: 'keep up' }) as Plan;
    expect(planned.change).toBeUndefined();
    expect(planned.event).toEqual({ type: 'post.updated', id: 'x:1', patch: { pinned: true } });
    expect(planned.audit).toEqual({
      tag: 'askgmp',
      at,
      actor: 'alice',
      action: 'pin',
      postId: 'x:1',
      author: 'x:a1',
      reason: 'keep up',
    });
    expect(plan(PostAction.Highlight, record(H), undefined, context)).toBeInstanceOf(RequestError);
  });

  it('refuses a post the wall does not have, and an action it does not know', () => {
    const missing = plan(PostAction.Approve, undefined, undefined, context) as RequestError;
    expect(missing.error).toMatchObject({ code: 'not_found', field: 'postId' });
    const unknown = plan('launch' as PostAction, record(A), undefined, context) as RequestError;
    expect(unknown.error).toMatchObject({ code: 'bad_request', field: 'action' });
  });
});
