import type express from 'express';
import type { Request, Response } from 'express';
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
import { parseRequest } from '../request-error.js';
import { bodyOf } from './request-body.js';

type Route = (
  handler: (req: Request, res: Response, moderator: Moderator) => Promise<unknown>,
) => (req: Request, res: Response) => Promise<void>;

/** `?state=open&state=answered` or `?state=open`: always a list. */
function list(value: unknown): unknown {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

/**
 * Sessions, audience questions and insights on the moderation router (`/api/mod/walls/:tag/…`);
 * documented in docs/sessions.md.
 */
export function addQaRoutes(router: express.Router, qa: QaDesks, route: Route): void {
  router.get(
    '/mod/walls/:tag/sessions',
    route(async (req, _res, m) => ({ sessions: qa.sessions.list(m, String(req.params.tag)) })),
  );
  router.post(
    '/mod/walls/:tag/sessions',
    route(async (req, res, m) => {
      const r = parseRequest(createSessionRequest, { tag: req.params.tag, session: bodyOf(req) });
      const result = await qa.sessions.create(m, r.tag, r.session);
      res.status(201);
      return result;
    }),
  );
  router.patch(
    '/mod/walls/:tag/sessions/:id',
    route(async (req, _res, m) => {
      const r = parseRequest(updateSessionRequest, { tag: req.params.tag, id: req.params.id, patch: bodyOf(req) });
      return qa.sessions.update(m, r.tag, r.id, r.patch);
    }),
  );
  router.post(
    '/mod/walls/:tag/sessions/:id/end',
    route(async (req, _res, m) => {
      const r = parseRequest(endSessionRequest, { tag: req.params.tag, id: req.params.id });
      return qa.sessions.end(m, r.tag, r.id);
    }),
  );
  router.post(
    '/mod/walls/:tag/sessions/:id/extend',
    route(async (req, _res, m) => {
      const r = parseRequest(extendSessionRequest, { ...bodyOf(req), tag: req.params.tag, id: req.params.id });
      return qa.sessions.extend(m, r.tag, r.id, r.minutes);
    }),
  );
  router.get(
    '/mod/walls/:tag/sessions/:id/insights',
    route(async (req, _res, m) => {
      const r = parseRequest(insightsRequest, { tag: req.params.tag, sessionId: req.params.id });
      return qa.insights(m, r.tag, r.sessionId);
    }),
  );
  router.get(
    '/mod/walls/:tag/insights',
    route(async (req, _res, m) => qa.insights(m, parseRequest(insightsRequest, { tag: req.params.tag }).tag)),
  );
  router.put(
    '/mod/walls/:tag/submissions',
    route(async (req, _res, m) => {
      const r = parseRequest(submissionsRequest, { ...bodyOf(req), tag: req.params.tag });
      return qa.submissions.set(m, r.tag, r.open);
    }),
  );
  router.get(
    '/mod/walls/:tag/questions',
    route(async (req, _res, m) => {
      const r = parseRequest(questionsRequest, {
        tag: req.params.tag,
        ...(req.query.session !== undefined ? { sessionId: req.query.session } : {}),
        ...(req.query.state !== undefined ? { state: list(req.query.state) } : {}),
      });
      return { questions: await qa.questions.list(m, r) };
    }),
  );
  router.post(
    '/mod/walls/:tag/questions/:postId/:action',
    route(async (req, _res, m) => {
      const r = parseRequest(questionActionRequest, {
        ...bodyOf(req),
        tag: req.params.tag,
        postId: req.params.postId,
        action: req.params.action,
      });
      return { question: await qa.questions.act(m, r) };
    }),
  );
}
