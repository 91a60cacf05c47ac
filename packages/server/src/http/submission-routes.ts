import { currentSession, ErrorCode, unknownWallError, type WallError } from '@chat-wall/sdk/protocol';
import express, { type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { limiterStore, type LimiterStores } from './limiter-store.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Metrics } from '../metrics.js';
import { parseRequest, RequestError } from '../request-error.js';
import { MAX_NAME, MAX_TEXT, type NativeSource } from '../sources/native/native-source.js';
import type { WallRegistry } from '../wall/wall-registry.js';

/** How many submissions are allowed, per client address and wall, and per wall. */
export interface SubmissionLimits {
  /** @default { max: 5, windowMs: 600000 } (5 per 10 minutes) */
  perAddress?: { max: number; windowMs: number };
  /** @default { max: 60, windowMs: 60000 } */
  perWall?: { max: number; windowMs: number };
}

export interface SubmissionRoutesContext {
  walls: WallRegistry;
  native: NativeSource;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  limits?: SubmissionLimits;
  /** Shared counts for the limits (a cluster's Redis); absent keeps them in this process. */
  limiterStores?: LimiterStores;
}

const length = (max: number) => (s: string) => [...s].length <= max;

/** Text only: no control characters but line breaks and tabs. */
const plain = (s: string) => !/\p{Cc}/u.test(s.replace(/[\n\r\t]/g, ''));

const submissionBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .refine(length(MAX_NAME), `must be at most ${MAX_NAME} characters`)
    .refine(plain, 'must be plain text'),
  text: z
    .string()
    .trim()
    .min(1, 'is required')
    .refine(length(MAX_TEXT), `must be at most ${MAX_TEXT} characters`)
    .refine(plain, 'must be plain text'),
  /** The honeypot: hidden from people, filled in by form-filling bots. */
  website: z.string().max(2000).optional(),
});

/**
 * `POST /api/walls/:tag/submissions` `{ name, text }` → `202 { id }`: an audience question for a
 * wall that lists `"native"`. Held for a moderator; limited per client address and per wall
 * (`429` with `retryInMs` and `Retry-After`); closed when the wall's config closes it, or outside
 * its sessions when it has sessions.
 */
export function createSubmissionRoutes(ctx: SubmissionRoutesContext): express.Router {
  const router = express.Router();
  const perAddress = ctx.limits?.perAddress ?? { max: 5, windowMs: 600_000 };
  const perWall = ctx.limits?.perWall ?? { max: 60, windowMs: 60_000 };
  const path = '/walls/:tag/submissions';

  const fail = (res: Response, status: number, error: WallError): void => {
    ctx.metrics.clientErrors.inc({ code: error.code });
    res.status(status).json({ error });
  };
  const limited = (what: string) => (req: Request, res: Response) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const retryInMs = Math.max(1000, reset ? reset.getTime() - Date.now() : 60_000);
    res.set('Retry-After', String(Math.ceil(retryInMs / 1000)));
    const error: WallError & { retryInMs: number } = {
      code: ErrorCode.RateLimited,
      message: `Too many questions ${what}; try again in ${Math.ceil(retryInMs / 1000)} s.`,
      retryInMs,
    };
    fail(res, 429, error);
  };

  router.options(path, (_req, res) => {
    res.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', 'Content-Type');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
  });

  router.post(
    path,
    (req, res, next) => {
      express.json({ limit: '8kb' })(req, res, (err?: unknown) => {
        if (!err) return next();
        const tooLarge = (err as { type?: string }).type === 'entity.too.large';
        fail(res, tooLarge ? 413 : 400, {
          code: ErrorCode.BadRequest,
          message: tooLarge ? 'The question is too large.' : 'The body must be JSON: { "name", "text" }.',
          field: 'body',
        });
      });
    },
    (req, res, next) => {
      const wall = ctx.walls.get(String(req.params.tag));
      if (!wall) return fail(res, 404, unknownWallError(String(req.params.tag)));
      const tag = wall.config.tag;
      if (!ctx.native.accepts(tag)) {
        return fail(res, 403, { code: ErrorCode.Forbidden, message: `The wall "${tag}" does not take questions.` });
      }
      if (wall.config.submissions?.open === false) {
        return fail(res, 403, { code: ErrorCode.Forbidden, message: 'Questions are closed on this wall.' });
      }
      const sessions = wall.log.snapshot.wall.sessions;
      if (sessions.length > 0 && !currentSession(sessions, ctx.now())) {
        return fail(res, 403, {
          code: ErrorCode.Forbidden,
          message: 'Questions are open during the wall’s sessions only.',
        });
      }
      next();
    },
    // Bad input is refused before it counts against a limit: it is never stored.
    (req, res, next) => {
      try {
        // The hidden `website` field is not suggested: it is a trap for bots.
        res.locals.submission = parseRequest(submissionBody, req.body, { root: 'body', known: ['name', 'text'] });
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        return fail(res, err.status, err.error);
      }
      next();
    },
    rateLimit({
      windowMs: perAddress.windowMs,
      limit: perAddress.max,
      ...limiterStore(ctx.limiterStores, 'submissions-address'),
      keyGenerator: (req) => `${String(req.params.tag).toLowerCase()}|${ipKeyGenerator(req.ip ?? '')}`,
      handler: limited('from your address'),
      standardHeaders: false,
      legacyHeaders: false,
    }),
    rateLimit({
      windowMs: perWall.windowMs,
      limit: perWall.max,
      ...limiterStore(ctx.limiterStores, 'submissions-wall'),
      keyGenerator: (req) => `wall:${String(req.params.tag).toLowerCase()}`,
      handler: limited('on this wall right now'),
      standardHeaders: false,
      legacyHeaders: false,
    }),
    (req, res) => {
      const body = res.locals.submission as z.infer<typeof submissionBody>;
      const wall = ctx.walls.get(String(req.params.tag))!;
      if (body.website) {
        // A bot filled in the hidden field: answer as if accepted, keep nothing.
        ctx.logger.info({ wall: wall.config.tag }, 'submission: honeypot filled; dropped');
        return res.status(202).json({ id: `native:${crypto.randomUUID()}` });
      }
      const id = ctx.native.submit({
        tag: wall.config.tag,
        name: body.name,
        text: body.text,
        address: req.ip ?? '',
      });
      res.status(202).json({ id });
    },
  );
  return router;
}
