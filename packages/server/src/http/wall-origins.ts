import { ErrorCode } from '@chat-wall/sdk/protocol';
import type { Request, RequestHandler, Response } from 'express';
import { normaliseOrigin, originAllowed } from '../config.js';
import type { Metrics } from '../metrics.js';
import { RequestError } from '../request-error.js';
import type { WallRegistry } from '../wall/wall-registry.js';

/** `/walls/<tag>` and everything below it, as seen from the `/api` router. */
const WALL_PATH = /^\/walls\/([^/]+)/;

/** The relay's own origin as the browser addressed it: its own pages (demo, console) always qualify. */
function ownOrigin(req: Request): string | undefined {
  const host = req.get('host');
  return host ? normaliseOrigin(`${req.protocol}://${host}`) : undefined;
}

/**
 * CORS for the public API, and each wall's `origins` on its REST routes (`/api/walls/:tag/…`).
 *
 * A wall without `origins` (and every other API route) answers any page: `Access-Control-Allow-Origin: *`.
 * A wall with `origins` answers a browser request from one of them (or from the relay's own pages)
 * with that origin and `Vary: Origin`, and refuses one from anywhere else with `403 forbidden`,
 * before the route does any work. A request without `Origin` (a server, curl, a same-origin
 * `GET`) is not a cross-site read and is served as before.
 */
export function wallOrigins(walls: WallRegistry, metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next) => {
    const match = WALL_PATH.exec(req.path);
    const wall = match ? walls.get(decodeSegment(match[1]!)) : undefined;
    const allowed = wall?.config.origins;
    if (!allowed?.length) {
      res.set('Access-Control-Allow-Origin', '*');
      return next();
    }
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (originAllowed(allowed, origin) || normaliseOrigin(origin) === ownOrigin(req)) {
      res.set('Access-Control-Allow-Origin', normaliseOrigin(origin)!);
      return next();
    }
    const refusal = new RequestError({
      code: ErrorCode.Forbidden,
      message: `This wall may not be used from ${origin}: it is not one of the wall's origins.`,
      field: 'origin',
    });
    metrics.clientErrors.inc({ code: refusal.error.code });
    res.status(refusal.status).json({ error: refusal.error });
  };
}

/** A path segment decoded, or as it is when its escapes are malformed (then no wall has that tag anyway). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Sets who may frame the page being answered, a page that shows a wall: `frame-ancestors` in its
 * Content-Security-Policy (helmet's default is `'self'`) becomes the relay and the wall's origins,
 * or any page when the wall lists none; `X-Frame-Options` goes, as it can only say "same origin".
 */
export function allowFraming(res: Response, origins: readonly string[] | undefined): void {
  const sources = frameAncestors(origins).join(' ');
  const csp = String(res.getHeader('Content-Security-Policy') ?? '');
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'));
  res.set('Content-Security-Policy', [...directives, `frame-ancestors ${sources}`].join(';'));
  res.removeHeader('X-Frame-Options');
}

/**
 * The `frame-ancestors` sources of a page that shows a wall: the relay itself and the wall's
 * origins, or any page when the wall lists none.
 */
export function frameAncestors(origins: readonly string[] | undefined): string[] {
  return origins?.length ? ["'self'", ...origins] : ['*'];
}
