import path from 'node:path';
import { currentSession, ErrorCode, nextSession, unknownWallError, type WallError } from '@chat-wall/sdk/protocol';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { limiterStore, type LimiterStores } from './limiter-store.js';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Metrics } from '../metrics.js';
import { badRequest, parseRequest, RequestError, statusOf } from '../request-error.js';
import { SERVER_VERSION } from '../version.js';
import { healthStatus, publicHealth, type DetailedHealth } from './health.js';
import { sendOverlayPage } from './overlay-page.js';
import type { SourceHealth } from '../sources/source.js';
import { UnknownCursorError, type Store } from '../store/store.js';
import type { WallRegistry } from '../wall/wall-registry.js';
import { embedRoutes, loadEmbedBundle } from './embed-routes.js';
import { ExportCache } from './export-route.js';
import { allowFraming, wallOrigins } from './wall-origins.js';

export interface AppContext {
  walls: WallRegistry;
  /** Backs history (`/api/walls/:tag/posts`) and reports its health in `/healthz`. */
  store: Store;
  metrics: Metrics;
  logger: Logger;
  sources: () => Record<string, SourceHealth>;
  /** This relay's part in a cluster (role, lease, Redis), when it runs as one of several. */
  cluster?: () => DetailedHealth['cluster'];
  /**
   * Throws a {@linkcode RequestError} unless the request carries the admin token (counting failures
   * against its address). Without it `GET /api/admin/health` answers `403`.
   */
  checkAdmin?: (req: Request) => Promise<void>;
  /**
   * Path of the built embed bundle's always-latest module (`@chat-wall/widget/embed.js`); the pinned
   * entry and `manifest.json` are read from its folder. Absent when not built.
   */
  embedFile: string | undefined;
  /** Folder of the built moderator console (`@chat-wall/console`); absent when not built. */
  consoleDir?: string | undefined;
  /** Folder of example pages (the demo serves `examples/`): served under `/examples/`, its `embed/` page at `/`. */
  staticDir?: string;
  /** Extra routers mounted under `/api` (moderation, admin), before its 404. */
  apiRoutes?: express.Router[];
  /** Clock for the current and next session and recap times (tests). @default Date.now */
  now?: () => number;
  /**
   * Which proxies may name the client in `X-Forwarded-For` (rate limits, failed sign-ins), as
   * express's `trust proxy` setting. @default false
   */
  trustProxy?: boolean | number | string | readonly string[] | ((address: string, hop: number) => boolean);
  /** Recap exports per client address per minute (`GET /api/walls/:tag/export`). @default 20 */
  exportsPerMinute?: number;
  /** Shared counts for the rate limiters (a cluster's Redis); absent keeps them in this process. */
  limiterStores?: LimiterStores;
}

const exportQuery = z.strictObject({
  format: z.enum(['md', 'csv', 'json']).default('md'),
  /** A session id: the recap of that session, grouped by question. */
  session: z.string().min(1).max(100).optional(),
});

const postsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(200).optional(),
});

/** The relay's HTTP side: health, metrics, the public wall API and the embed script. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The same setting as the socket namespaces, so REST and sockets count the same client address.
  app.set('trust proxy', ctx.trustProxy ?? false);
  const embed = ctx.embedFile ? loadEmbedBundle(ctx.embedFile) : undefined;
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

  /** Everything the relay knows about its health; `/healthz` shows only the states. */
  const health = async (): Promise<DetailedHealth> => {
    const sources = ctx.sources();
    const store = await ctx.store.health();
    // Redis being down does not fail the check: this relay still serves its viewers, and walls
    // catch up from the database; `cluster.redis` says so.
    const cluster = ctx.cluster?.();
    return {
      ok: healthStatus({ sources, store }),
      version: SERVER_VERSION,
      // Which widget build `/embed/chat-wall.js` serves now; pinned pages keep theirs.
      embed: embed ? { version: embed.version, url: `/embed/${embed.entry}` } : null,
      walls: ctx.walls.all().length,
      sources,
      store,
      ...(cluster ? { cluster } : {}),
    };
  };

  app.get('/healthz', async (_req, res) => {
    const report = await health();
    res.status(report.ok ? 200 : 503).json(publicHealth(report));
  });

  app.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  app.use('/embed', embedRoutes(ctx.embedFile, embed));

  app.get('/overlay/:tag', (req, res) => {
    // Pages that show a wall may be framed by the wall's origins only (by anyone when it lists none).
    allowFraming(res, ctx.walls.get(String(req.params.tag))?.config.origins);
    sendOverlayPage(req, res, ctx.walls);
  });

  app.use('/console', consoleRoutes(ctx.consoleDir));

  const api = express.Router();
  // CORS first, so that browsers can read every answer, 429 included.
  // A wall's `origins` hold on its routes too: CORS for those origins only, `403` for others.
  api.use(wallOrigins(ctx.walls, ctx.metrics));
  api.use(
    rateLimit({
      windowMs: 60_000,
      limit: 600,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...limiterStore(ctx.limiterStores, 'api'),
    }),
  );

  api.get('/walls/:tag', (req, res) => {
    const wall = ctx.walls.get(String(req.params.tag));
    if (!wall) return sendError(res, unknownWallError(String(req.params.tag)));
    const { epoch, seq, wall: info } = wall.log.snapshot;
    const now = (ctx.now ?? Date.now)();
    const current = currentSession(info.sessions, now);
    const next = nextSession(info.sessions, now);
    res.json({
      wall: info,
      epoch,
      seq,
      sessions: info.sessions,
      ...(current ? { currentSession: current } : {}),
      ...(next ? { nextSession: next } : {}),
    });
  });

  /**
   * Validates a route's query. `_` is the usual cache-buster (`?_=<time>`, jQuery's `cache: false`)
   * and is ignored; any other unknown parameter is refused by name, so a typo such as `limt` is not
   * silently answered with defaults. Sends the 400 itself and returns `undefined` when invalid.
   */
  function parseQuery<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
    const { _: _cacheBuster, ...params } = req.query;
    try {
      return parseRequest(schema, params, { root: 'query', key: 'query parameter' });
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      refuse(res, err);
      return undefined;
    }
  }

  /** Answers a refusal with its status, counted by code. */
  function refuse(res: Response, err: RequestError): void {
    ctx.metrics.clientErrors.inc({ code: err.error.code });
    sendError(res, err.error);
  }

  api.get('/walls/:tag/posts', async (req, res) => {
    const wall = ctx.walls.get(String(req.params.tag));
    if (!wall) return sendError(res, unknownWallError(String(req.params.tag)));
    const query = parseQuery(postsQuery, req, res);
    if (!query) return;
    const { limit, before } = query;
    try {
      // History comes from the store: every visible post, not only the ones a snapshot holds.
      const page = await ctx.store.listVisiblePosts(wall.config.tag, { limit, ...(before ? { before } : {}) });
      res.json(page.next ? { posts: page.posts, next: page.next } : { posts: page.posts });
    } catch (err) {
      if (!(err instanceof UnknownCursorError)) throw err;
      refuse(res, badRequest('before', `no visible post "${before}" on this wall`));
    }
  });

  const exports = new ExportCache(ctx.store, ctx.now ?? Date.now, ctx.metrics);
  // Each export reads up to 50,000 posts: few per address, on top of the API's budget.
  const exportLimit = rateLimit({
    windowMs: 60_000,
    limit: ctx.exportsPerMinute ?? 20,
    ...limiterStore(ctx.limiterStores, 'exports'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, _next, options) => {
      const retryInMs = options.windowMs;
      const error: WallError & { retryInMs: number } = {
        code: ErrorCode.RateLimited,
        message: `Too many exports from your address; at most ${String(options.limit)} a minute.`,
        retryInMs,
      };
      res.set('Retry-After', String(Math.ceil(retryInMs / 1000)));
      refuse(res, new RequestError(error));
    },
  });
  api.get('/walls/:tag/export', exportLimit, async (req, res) => {
    const wall = ctx.walls.get(String(req.params.tag));
    if (!wall) return sendError(res, unknownWallError(String(req.params.tag)));
    const query = parseQuery(exportQuery, req, res);
    if (!query) return;
    const { wall: info } = wall.log.snapshot;
    const session = query.session === undefined ? undefined : info.sessions.find((s) => s.id === query.session);
    if (query.session !== undefined && !session) {
      return refuse(
        res,
        new RequestError({
          code: ErrorCode.NotFound,
          message: `session: wall "${info.tag}" has no session "${query.session}"`,
          field: 'session',
        }),
      );
    }
    await exports.send(req, res, wall, query.format, session);
  });

  // The detailed answer: source errors, the store's last failure, budgets and the cluster's lease.
  api.get('/admin/health', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      if (!ctx.checkAdmin) throw new RequestError({ code: ErrorCode.Forbidden, message: 'Admin routes are disabled.' });
      await ctx.checkAdmin(req);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      const { retryInMs } = err.detail;
      if (retryInMs !== undefined) res.set('Retry-After', String(Math.ceil(retryInMs / 1000)));
      return refuse(res, err);
    }
    const report = await health();
    res.status(report.ok ? 200 : 503).json(report);
  });

  app.use('/api', api);
  for (const routes of ctx.apiRoutes ?? []) app.use('/api', routes);
  app.use('/api', (_req, res) => sendError(res, { code: ErrorCode.NotFound, message: 'No such API route.' }));

  if (ctx.staticDir) {
    const pages = ctx.staticDir;
    app.use('/examples', express.static(pages, { extensions: ['html'] }));
    // `root` keeps `send` from refusing the path for a dot folder above it (pnpm's `node_modules/.pnpm`).
    const root = path.join(pages, 'embed');
    app.get('/', (_req, res, next) => res.sendFile('index.html', { root }, (err) => err && next(err)));
  }

  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) ctx.logger.error({ err }, 'request failed');
    sendError(
      res,
      {
        code: status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest,
        message: status >= 500 ? 'Internal error' : (err as Error).message,
      },
      status,
    );
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
    sendError(res, {
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

/** Answers `error`, with the status of its code unless told otherwise (a body too large is a 413). */
function sendError(res: Response, error: WallError, status = statusOf(error.code)): void {
  res.status(status).json({ error });
}
