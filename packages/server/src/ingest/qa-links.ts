import {
  AskState,
  sessionInWindow,
  type Post,
  type PostPatch,
  type PostThread,
  type Session,
  type SessionWindow,
} from '@chat-wall/sdk/protocol';
import { looksLikeQuestion, parseMarker } from './qa-parse.js';

/** What the Q&A rules need to know about a wall. */
export interface QaWall {
  /** Host handles, lower-case, without `@`. */
  hosts: readonly string[];
  sessions: readonly Session[];
  window: SessionWindow;
  /** Detect audience questions by a `?`. */
  detectQuestions: boolean;
}

/** A post already recorded on the wall, as far as linking needs it. */
export interface KnownPost {
  post: Post;
  /** Whether it is on the wall now (approved), so that a patch to it can go in the log. */
  visible: boolean;
}

export interface QaLookup {
  /** A post of this wall by id, if recorded. */
  get(id: string): Promise<KnownPost | undefined>;
  /** Id of the host's `Q<n>` post of a session (`undefined` session: a wall without sessions), if seen. */
  question(sessionId: string | undefined, n: number): string | undefined;
}

/** A new post with its Q&A fields, and the change it makes to an earlier post (an audience question answered). */
export interface Linked {
  post: Post;
  /** A `post.updated` for the audience question this host post answers, when that question is on the wall. */
  answered?: { id: string; patch: PostPatch };
}

/**
 * Computes a new post's Q&A fields at ingest: `host`, `thread` (session, `Q<n>`, `A<n>`, the post
 * it answers) and `ask` (an audience question enters the queue). `now` is the arrival time: posts
 * gathered by a backfill when a window opens belong to that session, however early they were written.
 *
 * Rules: only hosts ask `Q<n>` (anyone else's `Q1` is an ordinary post); a participant answers with
 * `A<n>`, or by replying to or quoting a `Q<n>` post; a host's reply to or quote of an audience
 * question links it as the answer and marks the question answered. Reposts take part in nothing.
 */
export async function linkPost(wall: QaWall, post: Post, now: number, lookup: QaLookup): Promise<Linked> {
  const host = wall.hosts.includes(post.author.handle.toLowerCase());
  const sessionId = wall.sessions.length > 0 ? sessionInWindow(wall.sessions, now, wall.window)?.id : undefined;
  const thread: PostThread = sessionId ? { sessionId } : {};
  let ask: Post['ask'];
  let answered: Linked['answered'];
  if (!post.repost) {
    const marker = parseMarker(post.text);
    const targetId = post.replyTo ?? post.quoteOf;
    const target = targetId ? await lookup.get(targetId) : undefined;
    const targetQuestion = target?.post.host ? target.post.thread?.question : undefined;
    if (host && marker?.kind === 'Q') {
      thread.question = marker.number;
    } else if (!host && marker?.kind === 'A') {
      thread.answers = marker.number;
      const q = targetQuestion === marker.number ? target!.post.id : lookup.question(sessionId, marker.number);
      if (q) thread.answerTo = q;
    } else if (!host && targetQuestion !== undefined) {
      thread.answers = targetQuestion;
      thread.answerTo = target!.post.id;
    } else if (host && target?.post.ask && !target.post.host) {
      thread.answerTo = target.post.id;
      if (target.visible && target.post.ask.state !== AskState.Answered) {
        answered = { id: target.post.id, patch: { ask: { state: AskState.Answered }, answered: true } };
      }
    }
    const answering = thread.answers !== undefined;
    if (!host && !answering && wall.detectQuestions && looksLikeQuestion(post.text)) ask = { state: AskState.Open };
  }
  const linked: Post = {
    ...post,
    ...(host ? { host: true } : {}),
    ...(Object.keys(thread).length > 0 ? { thread } : {}),
    ...(ask ? { ask } : {}),
  };
  return answered ? { post: linked, answered } : { post: linked };
}
