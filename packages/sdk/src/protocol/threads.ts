import type { WallState } from './events.js';
import { AskState, type Post } from './post.js';

/** A host question `Q<n>` with the participants' answers beneath it. */
export interface QuestionThread {
  /** `n` of `Q<n>`. */
  number: number;
  /** The host's question post. */
  post: Post;
  /** Posts answering it (`A<n>`, or replies to / quotes of the question), oldest first. */
  answers: Post[];
}

/** An audience question with the answers linked to it. */
export interface AudienceThread {
  post: Post;
  /** Answered by a host (a linked reply or quote) or marked answered by a moderator. */
  answered: boolean;
  /** Posts linked as its answers (`thread.answerTo` is its id), oldest first. */
  answers: Post[];
}

/** A session's Q&A as the `qa` layout and the recap show it. */
export interface Threads {
  /** Host questions ascending by number. */
  questions: QuestionThread[];
  /** Audience questions that are not dismissed, oldest first. */
  audience: AudienceThread[];
  /** The current question: the highest `Q<n>` asked so far; absent before the first. */
  current?: number;
  /** The session these threads belong to (the argument, or the one picked when it was omitted). */
  sessionId?: string;
}

function oldestFirst(a: Post, b: Post): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Builds the question and answer threads of one session from the posts a wall state holds.
 * Pure; the `qa` layout, custom UIs and the relay's recap share it.
 *
 * @param sessionId the session to show. When omitted (or `undefined`), the session of the newest post that takes
 * part in a Q&A (a question, an answer or an audience question) is used, or posts without a
 * session on a wall that has none.
 *
 * Rules: a number asked twice keeps its first (oldest) question post; answers are matched by
 * number within the session, so an `A1` after `Q3` still joins Q1; audience questions a moderator
 * dismissed are left out.
 */
export function selectThreads(state: WallState, sessionId?: string): Threads {
  const posts = state.posts;
  const session =
    sessionId ??
    posts.find((p) => p.thread?.question !== undefined || p.thread?.answers !== undefined || p.ask)?.thread?.sessionId;
  const inSession = posts.filter((p) => p.thread?.sessionId === session).sort(oldestFirst);

  const byNumber = new Map<number, QuestionThread>();
  for (const post of inSession) {
    const n = post.thread?.question;
    if (n !== undefined && post.host && !byNumber.has(n)) byNumber.set(n, { number: n, post, answers: [] });
  }
  const askedIds = new Map<string, AudienceThread>();
  const audience: AudienceThread[] = [];
  for (const post of inSession) {
    if (!post.ask || post.ask.state === AskState.Dismissed) continue;
    const thread = { post, answered: post.ask.state === AskState.Answered || post.answered === true, answers: [] };
    askedIds.set(post.id, thread);
    audience.push(thread);
  }
  for (const post of inSession) {
    const t = post.thread;
    if (!t) continue;
    if (t.answers !== undefined) byNumber.get(t.answers)?.answers.push(post);
    else if (t.answerTo !== undefined) askedIds.get(t.answerTo)?.answers.push(post);
  }
  for (const thread of audience) if (thread.answers.length > 0) thread.answered = true;

  const questions = [...byNumber.values()].sort((a, b) => a.number - b.number);
  const result: Threads = { questions, audience };
  if (questions.length > 0) result.current = questions[questions.length - 1]!.number;
  if (session !== undefined) result.sessionId = session;
  return result;
}
