import type { ModeratorClientEvents, ModeratorServerEvents } from '@chat-wall/sdk/protocol';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Moderator } from '../auth/tokens.js';
import type { QaDesks } from '../moderation/qa-desks.js';
import {
  createSessionRequest,
  endSessionRequest,
  extendSessionRequest,
  insightsRequest,
  questionActionRequest,
  questionsRequest,
  submissionsRequest,
  updateSessionRequest,
} from '../moderation/qa-requests.js';
import { tagRequest } from '../moderation/requests.js';

type Handle = <T>(
  schema: z.ZodType<T>,
  run: (moderator: Moderator, request: T) => Promise<object>,
) => (request: unknown, ack: unknown) => void;

/** The `/moderate` events of sessions, audience questions and insights (acks as the other events). */
export function attachQaHandlers(
  socket: Socket<ModeratorClientEvents, ModeratorServerEvents>,
  handle: Handle,
  qa: QaDesks,
): void {
  const on = (event: keyof ModeratorClientEvents, handler: (request: unknown, ack: unknown) => void): void => {
    (socket as unknown as { on(e: string, h: (request: unknown, ack: unknown) => void): void }).on(event, handler);
  };
  on(
    'listSessions',
    handle(tagRequest, async (m, r) => ({ sessions: qa.sessions.list(m, r.tag) })),
  );
  on(
    'createSession',
    handle(createSessionRequest, (m, r) => qa.sessions.create(m, r.tag, r.session)),
  );
  on(
    'updateSession',
    handle(updateSessionRequest, (m, r) => qa.sessions.update(m, r.tag, r.id, r.patch)),
  );
  on(
    'endSession',
    handle(endSessionRequest, (m, r) => qa.sessions.end(m, r.tag, r.id)),
  );
  on(
    'extendSession',
    handle(extendSessionRequest, (m, r) => qa.sessions.extend(m, r.tag, r.id, r.minutes)),
  );
  on(
    'setSubmissions',
    handle(submissionsRequest, (m, r) => qa.submissions.set(m, r.tag, r.open)),
  );
  on(
    'questions',
    handle(questionsRequest, async (m, r) => ({ questions: await qa.questions.list(m, r) })),
  );
  on(
    'question',
    handle(questionActionRequest, async (m, r) => ({ question: await qa.questions.act(m, r) })),
  );
  on(
    'insights',
    handle(insightsRequest, (m, r) => qa.insights(m, r.tag, r.sessionId)),
  );
}
