import type { Session, SessionInsights, SessionSpend } from '@chat-wall/sdk/protocol';
import type { Moderator } from '../auth/tokens.js';
import type { QuestionDesk } from './questions.js';
import type { SessionDesk } from './sessions.js';
import type { SubmissionSwitch } from './submission-switch.js';

/** Sessions, audience questions and insights: what the REST routes and the socket namespace serve. */
export interface QaDesks {
  sessions: SessionDesk;
  questions: QuestionDesk;
  /** Opens and closes each wall's audience questions. */
  submissions: SubmissionSwitch;
  /** Figures of one session (or the whole wall), with X reads and estimated spend for a session. */
  insights(
    moderator: Moderator,
    tag: string,
    sessionId?: string,
  ): Promise<{ session?: Session; insights: SessionInsights; spend?: SessionSpend }>;
}
