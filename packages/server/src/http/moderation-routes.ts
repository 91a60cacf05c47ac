import { createHash } from 'node:crypto';
import { ErrorCode, normaliseTag, TokenRole } from '@chat-wall/sdk/protocol';
import express, { type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { limiterStore, type LimiterStores } from './limiter-store.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import { bearer, rolesOf, type Moderator, type TokenService } from '../auth/tokens.js';
import type { Metrics } from '../metrics.js';
import type { Moderation } from '../moderation/moderation.js';
import { AuditFileFormat, sendAuditExport } from '../recap/audit-export.js';
import type { Source } from '../sources/source.js';
import {
  actRequest,
  auditRequest,
  banRequest,
  bulkApproveRequest,
  listRequest,
  programRequest,
} from '../moderation/requests.js';
import { badRequest, parseRequest, RequestError } from '../request-error.js';
import type { QaDesks } from '../moderation/qa-desks.js';
import { addQaRoutes } from './qa-routes.js';
import type { ProgramDesk } from '../moderation/program.js';
import { addSourceRoutes } from './source-routes.js';
import { bodyOf } from './request-body.js';

export interface ModerationRoutesOptions {
  /** Shared counts for the REST budget (a cluster's Redis); absent keeps them in this process. */
  limiterStores?: LimiterStores;
  moderation: Moderation;
  tokens: TokenService;
  metrics: Metrics;
  logger: Logger;
  /**
   * Requests per window for each token (or address, without one) on `/api/mod` and `/api/admin`.
   * @default { windowMs: 60000, limit: 300 }
   */
  rateLimit?: { windowMs: number; limit: number };
  /** The relay's sources, for `GET /mod/sources` and `PUT /admin/sources/:name/budget`; those routes are off without it. */
  sources?: () => readonly Source[];
  /** The walls that read from a source (scopes `GET /mod/sources` to the token's walls). */
  wallsOf?: (source: string) => readonly string[];
  /** Sessions, audience questions and insights (`/mod/walls/:tag/sessions`, `…/questions`, `…/insights`). */
  qa?: QaDesks;
  /** The producers' desk, for `GET`/`POST /mod/walls/:tag/program`; those routes are off without it. */
  program?: ProgramDesk;
}

const mintRequest = z.strictObject({
  /** Shown in the audit log as the actor. */
  name: z.string().trim().min(1).max(100),
  walls: z
    .array(
      z
        .string()
        .min(1)
        .max(200)
        .transform((t) => (t === '*' ? t : normaliseTag(t))),
    )
    .min(1)
    .max(100),
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(365 * 24 * 3600)
    .optional(),
  /** `moderate` (decisions), `produce` (the program), or both (the default). */
  roles: z
    .array(z.enum(Object.values(TokenRole) as [TokenRole, ...TokenRole[]]))
    .min(1)
    .max(2)
    .optional(),
});

type Handler = (req: Request, res: Response, moderator: Moderator) => Promise<unknown>;
type AdminHandler = (req: Request, res: Response) => Promise<unknown>;

/**
 * The REST side of moderation, mounted under `/api`: `/api/admin/tokens` (admin token) and
 * `/api/mod/...` (moderator token), both `Authorization: Bearer <token>` and rate limited per
 * token. Routes and bodies are documented in docs/moderation.md.
 */
export function createModerationRoutes(options: ModerationRoutesOptions): express.Router {
  const { moderation, tokens, metrics, logger } = options;
  const router = express.Router();
  const limits = options.rateLimit ?? { windowMs: 60_000, limit: 300 };
  const limiter = rateLimit({
    ...limits,
    ...limiterStore(options.limiterStores, 'moderation'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Per token, so moderators behind one NAT do not share a budget; failed logins count too.
    keyGenerator: (req) => {
      const token = bearer(req.get('authorization'));
      return token
        ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`
        : ipKeyGenerator(req.ip ?? '');
    },
    // Not counted in client errors: the limiter answers before any request is looked at.
    handler: (_req, res) =>
      res.status(429).json({ error: { code: ErrorCode.RateLimited, message: 'Too many requests; slow down.' } }),
  });

  /** Answers a refusal with its status and body (a backing-off address is told when to try again), or a 500. */
  const answer = (res: Response, err: unknown): void => {
    if (!(err instanceof RequestError)) {
      logger.error({ err }, 'moderation request failed');
      res.status(500).json({ error: { code: ErrorCode.Internal, message: 'Internal error' } });
      return;
    }
    metrics.clientErrors.inc({ code: err.error.code });
    const { retryInMs } = err.detail;
    if (retryInMs !== undefined) res.set('Retry-After', String(Math.ceil(retryInMs / 1000)));
    // `{ error, current? }`, or for the program `{ error, program? }` (who won a race).
    const { ok: _ok, ...body } = err.toResult();
    res.status(err.status).json(body);
  };

  /** Authenticates with the moderator token, runs, and answers every refusal. */
  const route =
    (handler: Handler) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        const moderator = await tokens.verify(bearer(req.get('authorization')), req.ip ?? 'unknown');
        const body = await handler(req, res, moderator);
        if (!res.headersSent) res.json(body);
      } catch (err) {
        answer(res, err);
      }
    };

  /** Checks the admin token (counting failures against the address), runs, and answers every refusal. */
  const adminRoute =
    (handler: AdminHandler) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await tokens.checkAdmin(bearer(req.get('authorization')), req.ip ?? 'unknown');
        const body = await handler(req, res);
        if (!res.headersSent) res.json(body);
      } catch (err) {
        answer(res, err);
      }
    };

  router.use(['/admin', '/mod'], limiter, express.json({ limit: '256kb' }), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post(
    '/admin/tokens',
    adminRoute(async (req, res) => {
      const body = parseRequest(mintRequest, req.body);
      res.status(201);
      return tokens.mint(body.name, body.walls, body.ttlSeconds, body.roles);
    }),
  );

  router.get(
    '/admin/tokens',
    adminRoute(async () => ({ tokens: await tokens.list() })),
  );

  // Revoke-all: every moderator token stops working and their open sockets end at once.
  router.delete(
    '/admin/tokens',
    adminRoute(async () => ({ revoked: await tokens.revokeAll() })),
  );

  router.delete(
    '/admin/tokens/:id',
    adminRoute(async (req, res) => {
      const id = String(req.params.id);
      if (!(await tokens.revoke(id))) {
        throw new RequestError({ code: ErrorCode.NotFound, message: `No token "${id}".`, field: 'id' });
      }
      res.status(204).end();
      return undefined;
    }),
  );

  if (options.sources) {
    const wallsOf = options.wallsOf;
    addSourceRoutes(router, { sources: options.sources, route, adminRoute, ...(wallsOf ? { wallsOf } : {}) });
  }
  if (options.qa) addQaRoutes(router, options.qa, route);

  router.get(
    '/mod/me',
    route(async (_req, _res, m) => ({
      moderator: { id: m.id, name: m.name, walls: m.walls, roles: rolesOf(m), expiresAt: m.expiresAt },
    })),
  );

  router.get(
    '/mod/walls',
    route(async (_req, _res, m) => ({ walls: moderation.walls(m) })),
  );

  router.get(
    '/mod/walls/:tag/settings',
    route(async (req, _res, m) => ({ settings: moderation.settings(m, String(req.params.tag)) })),
  );

  router.put(
    '/mod/walls/:tag/settings',
    route(async (req, _res, m) => ({ settings: await moderation.putSettings(m, String(req.params.tag), req.body) })),
  );

  router.get(
    '/mod/walls/:tag/queue',
    route(async (req, _res, m) => {
      const q = parseRequest(listRequest, { ...req.query, tag: req.params.tag, status: 'held' });
      return { posts: await moderation.queue(m, q.tag, q.limit, q.after) };
    }),
  );

  router.get(
    '/mod/walls/:tag/posts',
    route(async (req, _res, m) => {
      const q = parseRequest(listRequest, { ...req.query, tag: req.params.tag });
      return { posts: await moderation.list(m, q.tag, q.status, q.limit, q.after, q.order) };
    }),
  );

  router.post(
    '/mod/walls/:tag/posts/:id/:action',
    route(async (req, _res, m) => {
      const r = parseRequest(actRequest, {
        ...bodyOf(req),
        tag: req.params.tag,
        postId: req.params.id,
        action: req.params.action,
      });
      return { post: await moderation.act(m, r) };
    }),
  );

  router.post(
    '/mod/walls/:tag/bulk-approve',
    route(async (req, _res, m) => {
      const r = parseRequest(bulkApproveRequest, { ...bodyOf(req), tag: req.params.tag });
      return { results: await moderation.bulkApprove(m, r.tag, r.ids, r.reason) };
    }),
  );

  router.post(
    '/mod/walls/:tag/bans',
    route(async (req, _res, m) => {
      const r = parseRequest(banRequest, { ...bodyOf(req), tag: req.params.tag });
      return moderation.ban(m, r.tag, r.author, r.reason);
    }),
  );

  router.delete(
    '/mod/walls/:tag/bans/:author',
    route(async (req, _res, m) => {
      const r = parseRequest(banRequest, { ...bodyOf(req), tag: req.params.tag, author: req.params.author });
      return { settings: await moderation.unban(m, r.tag, r.author, r.reason) };
    }),
  );

  const desk = options.program;
  if (desk) {
    router.get(
      '/mod/walls/:tag/program',
      route(async (req, _res, m) => ({ program: await desk.view(m, String(req.params.tag)) })),
    );
    router.post(
      '/mod/walls/:tag/program',
      route(async (req, _res, m) => {
        const r = parseRequest(programRequest, { ...bodyOf(req), tag: req.params.tag });
        return { program: await desk.act(m, r) };
      }),
    );
  }

  router.get(
    '/mod/walls/:tag/audit',
    route(async (req, res, m) => {
      const format = String(req.query.format ?? 'json');
      if (!['json', 'csv', 'ndjson'].includes(format)) {
        throw badRequest('format', 'use json, csv or ndjson');
      }
      const { format: _format, ...query } = req.query;
      const q = parseRequest(auditRequest, { ...query, tag: req.params.tag });
      if (format === 'json') return { entries: await moderation.audit(m, q.tag, q.limit, q.before) };
      // A file holds the whole log (from `before`), streamed page by page; `limit` pages the JSON only.
      await sendAuditExport(res, {
        tag: q.tag,
        format: format === 'csv' ? AuditFileFormat.Csv : AuditFileFormat.Ndjson,
        page: (before, limit) => moderation.audit(m, q.tag, limit, before),
        ...(q.before !== undefined ? { before: q.before } : {}),
        logger,
      });
      return undefined;
    }),
  );

  return router;
}
