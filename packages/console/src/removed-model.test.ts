import type { ModeratedPost, PostStatus } from '@chat-wall/sdk';
import { describe, expect, it } from 'vitest';
import { at, moderatedPost } from '../test/support/moderated-post.js';
import { withDecision, withOlder } from './removed-model.js';

function record(n: number, status: PostStatus, decidedSecond?: number): ModeratedPost {
  return moderatedPost(
    n,
    status,
    decidedSecond === undefined ? {} : { decidedBy: 'alice', decidedAt: at(decidedSecond, 1) },
  );
}

const ids = (list: readonly ModeratedPost[]): string[] => list.map((p) => p.post.id);

describe('removed and rejected list', () => {
  it('appends an older page from the relay, listing each post once', () => {
    const first: readonly ModeratedPost[] = [record(2, 'removed', 30), record(3, 'rejected', 10)];
    // Post 3 was decided again while the page was on its way: it is listed once, at its new place.
    const list = withOlder(first, [record(3, 'rejected', 10), record(1, 'rejected')]);
    expect(ids(list)).toEqual(['replay:2', 'replay:3', 'replay:1']);
    expect(withOlder(list, [])).toBe(list);
    expect(withOlder(list, [record(1, 'rejected')])).toBe(list);
  });

  it('adds a new decision at the top and drops a restored post', () => {
    let list: readonly ModeratedPost[] = [record(2, 'removed', 30), record(1, 'rejected')];
    list = withDecision(list, record(3, 'removed', 40));
    expect(ids(list)).toEqual(['replay:3', 'replay:2', 'replay:1']);
    list = withDecision(list, record(2, 'approved', 50));
    expect(ids(list)).toEqual(['replay:3', 'replay:1']);
    // A post rejected again moves to its new place and is listed once.
    list = withDecision(list, record(1, 'rejected', 55));
    expect(ids(list)).toEqual(['replay:1', 'replay:3']);
  });

  it('leaves the list as it is for posts that are not in it and stay out', () => {
    const list: readonly ModeratedPost[] = [record(1, 'rejected')];
    expect(withDecision(list, record(9, 'approved', 5))).toBe(list);
    expect(withDecision(list, record(9, 'held'))).toBe(list);
  });
});
