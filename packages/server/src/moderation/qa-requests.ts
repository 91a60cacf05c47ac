import { AskState, QuestionAction } from '@chat-wall/sdk/protocol';
import { z } from 'zod';

// Request shapes of sessions and audience questions, shared by the moderator socket namespace and
// the REST routes so both refuse the same input with the same messages.

const tag = z.string().min(1).max(200);
const id = z.string().min(1).max(100);
const time = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time, e.g. 2026-12-01T12:00:00Z' });
const reason = z.string().trim().min(1).max(500).optional();

const sessionInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  start: time,
  end: time,
});

export const createSessionRequest = z.object({ tag, session: sessionInput });
export const updateSessionRequest = z.object({ tag, id, patch: sessionInput.partial() });
export const endSessionRequest = z.object({ tag, id });
export const extendSessionRequest = z.object({
  tag,
  id,
  minutes: z
    .number()
    .int()
    .min(-1440)
    .max(1440)
    .refine((m) => m !== 0, 'must not be 0'),
});

export const questionsRequest = z.object({
  tag,
  sessionId: id.optional(),
  state: z
    .array(z.enum(Object.values(AskState) as [AskState, ...AskState[]]))
    .min(1)
    .max(3)
    .optional(),
});

export const questionActionRequest = z.object({
  tag,
  postId: z.string().min(1).max(300),
  action: z.enum(Object.values(QuestionAction) as [QuestionAction, ...QuestionAction[]]),
  assignee: z.string().max(100).optional(),
  reason,
});

export const submissionsRequest = z.object({ tag, open: z.boolean() });

export const insightsRequest = z.object({ tag, sessionId: id.optional() });
