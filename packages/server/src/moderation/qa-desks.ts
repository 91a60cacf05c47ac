import type { Session, SessionInsights, SessionSpend } from '@chat-wall/sdk/protocol';
import type { Moderator } from '../auth/tokens.js';
import type { QuestionDesk } from './questions.js';
import type { SessionDesk } from './sessions.js';

/** Sessions, audience questions and insights: what the REST routes and the socket namespace serve. */
export interface QaDesks {
  sessions: SessionDesk;
  questions: QuestionDesk;
  /** Figures of one session (or the whole wall), with X reads and estimated spend for a session. */
  insights(
    moderator: Moderator,
    tag: string,
    sessionId?: string,
  ): Promise<{ session?: Session; insights: SessionInsights; spend?: SessionSpend }>;
}
