import { ErrorCode } from '@chat-wall/sdk/protocol';
import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { canModerate, type Moderator } from '../auth/tokens.js';
import { parseRequest, RequestError } from '../request-error.js';
import { isBudgeted, type Source, type SourceHealth } from '../sources/source.js';

/** What the source routes need from the moderation router they are added to. */
export interface SourceRoutesContext {
  /** The relay's running sources. */
  sources: () => readonly Source[];
  /** The walls (tags) that read from a source, so a moderator sees only the sources of their walls. */
  wallsOf?: (source: string) => readonly string[];
  /** Wraps a moderator-token handler (authentication and error mapping). */
  route: (
    handler: (req: Request, res: Response, moderator: Moderator) => Promise<unknown>,
  ) => (req: Request, res: Response) => Promise<void>;
  /** Wraps an admin-token handler (authentication, counting failures, and error mapping). */
  adminRoute: (
    handler: (req: Request, res: Response) => Promise<unknown>,
  ) => (req: Request, res: Response) => Promise<void>;
}

const budgetRequest = z.strictObject({
  /** Post reads per UTC day; the same bounds as `x.dailyReadBudget` in the config, plus a sanity cap. */
  dailyReadBudget: z.number().int().min(1).max(100_000_000),
});

/**
 * Source control on the moderation router (which already applies rate limits, JSON bodies and
 * `no-store`): `GET /mod/sources` shows the health and budget of the sources that feed the token's walls, and
 * `PUT /admin/sources/:name/budget` (admin token) changes a paid source's daily read budget
 * while it runs.
 */
export function addSourceRoutes(router: express.Router, ctx: SourceRoutesContext): void {
  const { sources, route, adminRoute, wallsOf } = ctx;

  router.get(
    '/mod/sources',
    route(async (_req, _res, m) => {
      // Only the sources that feed a wall this token covers: another wall's source health and X
      // spending are not this moderator's business.
      const mine = sources().filter((s) => !wallsOf || wallsOf(s.name).some((tag) => canModerate(m, tag)));
      return { sources: Object.fromEntries(mine.map((s) => [s.name, s.health()])) as Record<string, SourceHealth> };
    }),
  );

  router.put(
    '/admin/sources/:name/budget',
    adminRoute(async (req) => {
      const name = String(req.params.name);
      const source = sources().find((s) => s.name === name);
      if (!source || !isBudgeted(source)) {
        throw new RequestError({
          code: ErrorCode.NotFound,
          message: source
            ? `The "${name}" source has no read budget.`
            : `No "${name}" source runs on this relay (no wall uses it).`,
          field: 'name',
        });
      }
      source.setReadBudget(parseRequest(budgetRequest, req.body).dailyReadBudget);
      return { source: name, budget: source.budgetState() };
    }),
  );
}
