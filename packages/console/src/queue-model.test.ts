import type { ModeratedPost, PostStatus, QueueChange } from '@chat-wall/sdk';
import { describe, expect, it } from 'vitest';
import { moderatedPost } from '../test/support/moderated-post.js';
import { applyQueueChange, keepSelection, moveSelection, sortQueue, withPost } from './queue-model.js';

function held(n: number, status: PostStatus = 'held', second = n): ModeratedPost {
  return moderatedPost(n, status, { receivedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, second)).toISOString() });
}

const ids = (queue: readonly ModeratedPost[]): string[] => queue.map((m) => m.post.id);
const list = (...names: string[]) => names.map((id) => ({ id }));

describe('queue model', () => {
  it('keeps the queue oldest first; same-millisecond arrivals keep the relay order', () => {
    expect(ids(sortQueue([held(3, 'held', 5), held(1, 'held', 9), held(10, 'held', 5), held(2, 'held', 5)]))).toEqual([
      'replay:3',
      'replay:10',
      'replay:2',
      'replay:1',
    ]);
    // A pushed post goes after every post that arrived no later than it.
    const queue = [held(1, 'held', 5), held(2, 'held', 5), held(3, 'held', 9)];
    expect(ids(withPost(queue, held(10, 'held', 5)))).toEqual(['replay:1', 'replay:2', 'replay:10', 'replay:3']);
    expect(ids(withPost(queue, held(11, 'held', 9)))).toEqual(['replay:1', 'replay:2', 'replay:3', 'replay:11']);
  });

  it('adds held posts once, in order, and drops decided ones', () => {
    let queue = withPost([], held(2));
    queue = withPost(queue, held(1));
    queue = withPost(queue, held(2));
    expect(ids(queue)).toEqual(['replay:1', 'replay:2']);
    expect(ids(withPost(queue, held(1, 'approved')))).toEqual(['replay:2']);
    expect(ids(withPost(queue, held(7, 'rejected')))).toEqual(['replay:1', 'replay:2']);
  });

  it('applies pushed changes of its own wall only', () => {
    const decided: QueueChange = {
      tag: 'askgmp',
      kind: 'decided',
      post: held(1, 'approved'),
      entry: { id: 1, tag: 'askgmp', at: '2026-11-01T12:00:00.000Z', actor: 'bob', action: 'approve' },
    };
    expect(ids(applyQueueChange([held(1)], 'askgmp', decided))).toEqual([]);
    expect(ids(applyQueueChange([held(1)], 'other', decided))).toEqual(['replay:1']);
    expect(ids(applyQueueChange([], 'askgmp', { tag: 'askgmp', kind: 'held', post: held(3) }))).toEqual(['replay:3']);
  });

  it('keeps the selection on its post, or moves it to the one that took its place', () => {
    expect(keepSelection(list('a', 'b', 'c'), list('a', 'c'), 'c')).toBe('c');
    expect(keepSelection(list('a', 'b', 'c'), list('a', 'c'), 'b')).toBe('c');
    expect(keepSelection(list('a', 'b', 'c'), list('a', 'b'), 'c')).toBe('b');
    expect(keepSelection(list('a'), list(), 'a')).toBeUndefined();
    expect(keepSelection(list(), list('x', 'y'), undefined)).toBe('x');
  });

  it('moves the selection by steps, clamped to the list', () => {
    const l = list('a', 'b', 'c');
    expect(moveSelection(l, 'a', 1)).toBe('b');
    expect(moveSelection(l, 'c', 1)).toBe('c');
    expect(moveSelection(l, 'a', -1)).toBe('a');
    expect(moveSelection(l, 'gone', 1)).toBe('a');
    expect(moveSelection([], undefined, 1)).toBeUndefined();
  });
});
