import type { AskState, ModeratedPost } from '@chat-wall/sdk';
import { describe, expect, it } from 'vitest';
import { moderatedPost } from '../test/support/moderated-post.js';
import { openCount, sortQuestions, withQuestion } from './questions-model.js';

function question(n: number, state: AskState | undefined, minute: number, assignee?: string): ModeratedPost {
  const base = moderatedPost(n, 'approved');
  return {
    ...base,
    post: {
      ...base.post,
      createdAt: new Date(Date.UTC(2026, 10, 1, 12, minute)).toISOString(),
      ...(state ? { ask: { state } } : {}),
    },
    ...(assignee ? { assignee } : {}),
  };
}

const ids = (list: readonly ModeratedPost[]) => list.map((q) => q.post.id);

describe('questions model', () => {
  it('lists unanswered questions first, then answered, then dismissed, each oldest first', () => {
    const list = sortQuestions([
      question(1, 'answered', 1),
      question(2, 'open', 9),
      question(3, 'dismissed', 0),
      question(4, 'open', 3),
      question(5, 'answered', 0),
    ]);
    expect(ids(list)).toEqual(['replay:4', 'replay:2', 'replay:5', 'replay:1', 'replay:3']);
    expect(openCount(list)).toBe(2);
  });

  it('moves a question when its state changes, keeps its assignee, and drops one that is no question', () => {
    let list = sortQuestions([question(1, 'open', 1), question(2, 'open', 2)]);
    list = withQuestion(list, question(1, 'answered', 1, 'alice'));
    expect(ids(list)).toEqual(['replay:2', 'replay:1']);
    expect(list[1]!.assignee).toBe('alice');
    list = withQuestion(list, question(3, 'open', 0));
    expect(ids(list)).toEqual(['replay:3', 'replay:2', 'replay:1']);
    list = withQuestion(list, question(2, undefined, 2));
    expect(ids(list)).toEqual(['replay:3', 'replay:1']);
  });
});
