import path from 'node:path';
import { ErrorCode, type Post, type WallError } from '@chat-wall/sdk/protocol';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Metrics } from '../metrics.js';
import type { SourceHealth } from '../sources/source.js';
import type { WallRegistry } from '../wall/wall-registry.js';

export interface AppContext {
  walls: WallRegistry;
  metrics: Metrics;
  logger: Logger;
  sources: () => Record<string, SourceHealth>;
  /** Path of the built embed bundle (`@chat-wall/widget/embed.js`); absent when not built. */
  embedFile: string | undefined;
  /** Folder of the built moderator console (`@chat-wall/console`); absent when not built. */
  consoleDir?: string | undefined;
  /** Folder of example pages (the demo serves `examples/`): served under `/examples/`, its `embed/` page at `/`. */
  staticDir?: string;
  /** Extra routers mounted under `/api` (moderation, admin), before its 404. */
  apiRoutes?: express.Router[];
}

const postsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(200).optional(),
});

/** The relay's HTTP side: health, metrics, the public wall API and the embed script. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      // The embed script and the public API are loaded from other sites by design.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      contentSecurityPolicy: {
        directives: {
          // Avatars and media come from the networks' CDNs.
          'img-src': ["'self'", 'data:', 'https:'],
          'connect-src': ["'self'"],
        },
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    const sources = ctx.sources();
    const failed = Object.values(sources).some((s) => s.state === 'failed');
    res.status(failed ? 503 : 200).json({ ok: !failed, walls: ctx.walls.all().length, sources });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  app.get('/embed/chat-wall.js', (_req, res) => {
    if (!ctx.embedFile) {
      return sendError(res, 404, {
        code: ErrorCode.NotFound,
        message: 'The embed bundle is not built. Run `pnpm build` in the chat-wall checkout.',
      });
    }
    res.set('Access-Control-Allow-Origin', '*');
    res.sendFile(ctx.embedFile, { maxAge: '5m', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });

  app.use('/console', consoleRoutes(ctx.consoleDir));

  const api = express.Router();
  api.use(rateLimit({ windowMs: 60_000, limit: 600, standardHeaders: 'draft-8', legacyHeaders: false }));
  api.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  api.get('/walls/:tag', (req, res) => {
    const wall = ctx.walls.get(String(req.params.tag));
    if (!wall) return sendError(res, 404, unknownWall(String(req.params.tag)));
    const { epoch, seq, wall: info } = wall.log.snapshot;
    res.json({ wall: info, epoch, seq });
  });

  api.get('/walls/:tag/posts', (req, res) => {
    const wall = ctx.walls.get(String(req.params.tag));
    if (!wall) return sendError(res, 404, unknownWall(String(req.params.tag)));
    const query = postsQuery.safeParse(req.query);
    if (!query.success) {
      const issue = query.error.issues[0]!;
      const field = issue.path.join('.') || 'query';
      return sendError(res, 400, { code: ErrorCode.BadRequest, message: `${field}: ${issue.message}`, field });
    }
    const { limit, before } = query.data;
    const visible: readonly Post[] = wall.log.snapshot.posts;
    let start = 0;
    if (before) {
      const index = visible.findIndex((p) => p.id === before);
      if (index < 0) {
        return sendError(res, 400, {
          code: ErrorCode.BadRequest,
          message: `before: no visible post "${before}" on this wall`,
          field: 'before',
        });
      }
      start = index + 1;
    }
    res.json({ posts: visible.slice(start, start + limit) });
  });

  app.use('/api', api);
  for (const routes of ctx.apiRoutes ?? []) app.use('/api', routes);
  app.use('/api', (_req, res) => sendError(res, 404, { code: ErrorCode.NotFound, message: 'No such API route.' }));

  if (ctx.staticDir) {
    const pages = ctx.staticDir;
    app.use('/examples', express.static(pages, { extensions: ['html'] }));
    app.get('/', (_req, res, next) => res.sendFile(path.join(pages, 'embed', 'index.html'), (err) => err && next(err)));
  }

  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) ctx.logger.error({ err }, 'request failed');
    sendError(res, status, {
      code: status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest,
      message: status >= 500 ? 'Internal error' : (err as Error).message,
    });
  });
  return app;
}

/** The moderator console's static files: the page revalidates, the hashed assets are cached for good. */
function consoleRoutes(dir: string | undefined): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    // The page loads its assets by relative URL, so it must be addressed as a folder.
    if (req.originalUrl === '/console' || req.originalUrl.startsWith('/console?')) {
      return res.redirect(301, `/console/${req.originalUrl.slice('/console'.length)}`);
    }
    if (dir) return next();
    sendError(res, 404, {
      code: ErrorCode.NotFound,
      message: 'The moderator console is not built. Run `pnpm build` in the chat-wall checkout.',
    });
  });
  if (dir) {
    router.use(
      express.static(dir, {
        index: 'index.html',
        setHeaders: (res, file) => {
          const hashed = path.basename(path.dirname(file)) === 'assets';
          res.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
  }
  return router;
}

function unknownWall(tag: string): WallError {
  return { code: ErrorCode.UnknownWall, message: `There is no wall "${tag}" on this server.`, field: 'tag' };
}

function sendError(res: Response, status: number, error: WallError): void {
  res.status(status).json({ error });
}
