import type { ModeratedPost, Result } from './moderation.js';
import type { Post, SourceName } from './post.js';
import type { Session } from './session.js';
import type { AudienceThread, QuestionThread } from './threads.js';

/**
 * The moderator side of sessions and audience questions: requests of the `/moderate` socket
 * events, the `/api/mod/walls/:tag/sessions` and `…/questions` REST routes and the SDK's
 * moderator client, plus the recap and insights the relay computes per session.
 */

/** A new session. Times are ISO 8601; `end` after `start`; no overlap with the wall's other sessions. */
export interface SessionInput {
  title: string;
  description?: string;
  start: string;
  end: string;
}

/**
 * Changes to a session; omitted fields keep their value. A session that has ended cannot have its
 * times changed; one that is live can have its `end` changed but not its `start`.
 */
export type SessionPatch = Partial<SessionInput>;

export interface CreateSessionRequest {
  tag: string;
  session: SessionInput;
}

export interface UpdateSessionRequest {
  tag: string;
  id: string;
  patch: SessionPatch;
}

/** Ends a live session now (its `end` becomes the relay's current time). */
export interface EndSessionRequest {
  tag: string;
  id: string;
}

/** Moves a session's end later (or earlier, with a negative number, but never before now or its start). */
export interface ExtendSessionRequest {
  tag: string;
  id: string;
  /** Minutes to add to `end`, -1440 to 1440, not 0. */
  minutes: number;
}

/** A session change answers the session as stored and the wall's whole session list. */
export type SessionResult = Result<{ session: Session; sessions: Session[] }>;
export type SessionsResult = Result<{ sessions: Session[] }>;

/** Triage of audience questions; each is audited. */
export const QuestionAction = {
  /** Put a post in the question queue (a moderator saw a question the detector missed). */
  Mark: 'mark',
  /** Route the question to a host or expert (`assignee`); an empty assignee clears it. */
  Assign: 'assign',
  /** Mark answered (for example answered live, outside the wall). */
  Answer: 'answer',
  /** Take it out of the queue and off the Q&A layout. */
  Dismiss: 'dismiss',
  /** Back to open (undoes answer or dismiss). */
  Reopen: 'reopen',
} as const;
export type QuestionAction = (typeof QuestionAction)[keyof typeof QuestionAction];

export interface QuestionActionRequest {
  tag: string;
  postId: string;
  action: QuestionAction;
  /** For `assign`: a host's handle or an expert's name, 1–100 characters; `''` clears. */
  assignee?: string;
  /** A note for the audit log. */
  reason?: string;
}

/** Lists a wall's audience questions for the Questions view. */
export interface QuestionsRequest {
  tag: string;
  /** Only questions of this session. */
  sessionId?: string;
  /** Which states to list. @default ['open', 'answered', 'dismissed'] */
  state?: readonly ('open' | 'answered' | 'dismissed')[];
}

/** Audience questions as moderators see them: `post.ask` set, with `assignee` when assigned. */
export type QuestionsResult = Result<{ questions: ModeratedPost[] }>;
export type QuestionActionResult = Result<{ question: ModeratedPost }>;

/** One person who posted during a session: the "new voices" of the recap. */
export interface Participant {
  handle: string;
  name: string;
  source: SourceName;
  /** Visible posts in the session. */
  posts: number;
  /** Their first visible post in the session. */
  firstPost: Post;
}

/** Figures about one session (or a whole wall without sessions). */
export interface SessionInsights {
  /** Distinct authors of visible posts (hosts included). */
  participants: number;
  /** Visible posts. */
  posts: number;
  /** Visible posts per minute (by `createdAt`, UTC minute start), every minute from first to last post. */
  postsPerMinute: { minute: string; posts: number }[];
  /** Authors with the most posts, at most ten, most first. */
  topContributors: { handle: string; name: string; source: SourceName; posts: number }[];
  /** Host questions `Q<n>` asked, and how many got at least one answer. */
  questionsAsked: number;
  questionsAnswered: number;
  /** Audience questions (not dismissed), and how many are answered. */
  audienceQuestions: number;
  audienceAnswered: number;
  /**
   * Median seconds from an audience question to its first linked answer, over the answered ones
   * that have one; `null` when there are none.
   */
  medianSecondsToAnswer: number | null;
}

/** X reads and their estimated cost while a session's window was open. */
export interface SessionSpend {
  sessionId: string;
  /** Posts read from X (stream deliveries and backfill) attributed to this session. */
  reads: number;
  /** `reads` times X's price per read, in US dollars. */
  estimatedUsd: number;
}

/**
 * The session recap (`GET /api/walls/:tag/export?format=json&session=<id>`): questions with their
 * answers, audience questions, participants, what is left unanswered and the insights.
 */
export interface SessionRecap {
  wall: { tag: string; title: string };
  /** The session recapped; absent for a whole-wall export. */
  session?: Session;
  exportedAt: string;
  /** Host questions ascending, each with its answers (oldest first). */
  questions: QuestionThread[];
  audienceQuestions: AudienceThread[];
  /** Everyone who posted, by first post. */
  participants: Participant[];
  unanswered: {
    /** Numbers of host questions that got no answer. */
    questions: number[];
    /** Audience questions still open. */
    audienceQuestions: Post[];
  };
  summary: { posts: number; participants: number; questions: number; audienceQuestions: number; unanswered: number };
  insights: SessionInsights;
  /** Every visible post of the session, oldest first. */
  posts: Post[];
  /** True when the wall had more posts than one export reads: the newest are kept. */
  truncated: boolean;
}

/** `GET /api/mod/walls/:tag/sessions/:id/insights` (and the socket `insights` event). */
export type InsightsResult = Result<{ session?: Session; insights: SessionInsights; spend?: SessionSpend }>;
