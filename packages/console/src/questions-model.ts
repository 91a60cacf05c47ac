import type { AskState, ModeratedPost } from '@chat-wall/sdk';

/**
 * Audience questions as the Questions view lists them: open ones first, then answered, then
 * dismissed; oldest first within each. Pure functions, so live pushes and answers to our own
 * requests merge the same way.
 */

const RANK: Record<AskState, number> = { open: 0, answered: 1, dismissed: 2 };

function rank(q: ModeratedPost): number {
  return RANK[q.post.ask?.state ?? 'open'] ?? 0;
}

/** Unanswered first, then oldest first (by when the question was posted). */
export function sortQuestions(list: readonly ModeratedPost[]): ModeratedPost[] {
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Date.parse(a.post.createdAt) - Date.parse(b.post.createdAt) ||
      (a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0),
  );
}

/**
 * Folds the latest word on one question into the list: replaced in place or added, then put in
 * its order; a post that is no longer a question (no `ask`) leaves the list.
 */
export function withQuestion(list: readonly ModeratedPost[], question: ModeratedPost): ModeratedPost[] {
  const rest = list.filter((q) => q.post.id !== question.post.id);
  return sortQuestions(question.post.ask ? [...rest, question] : rest);
}

/** How many questions still wait for an answer. */
export function openCount(list: readonly ModeratedPost[]): number {
  return list.filter((q) => rank(q) === 0).length;
}
