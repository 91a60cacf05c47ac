import { ErrorCode, type WallError } from '@chat-wall/sdk/protocol';
import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Moderator } from '../auth/tokens.js';
import { parseRequest } from '../moderation/requests.js';
import { isBudgeted, type Source, type SourceHealth } from '../sources/source.js';

/** What the source routes need from the moderation router they are added to. */
export interface SourceRoutesContext {
  /** The relay's running sources. */
  sources: () => readonly Source[];
  /** Checks the admin token (counting failures); answers and returns false if refused. */
  admin: (req: Request, res: Response) => boolean;
  /** Answers a refusal (and counts it). */
  fail: (res: Response, status: number, error: WallError) => void;
  /** Wraps a moderator-token handler (authentication and error mapping). */
  route: (
    handler: (req: Request, res: Response, moderator: Moderator) => Promise<unknown>,
  ) => (req: Request, res: Response) => Promise<void>;
}

const budgetRequest = z.strictObject({
  /** Post reads per UTC day; the same bounds as `x.dailyReadBudget` in the config, plus a sanity cap. */
  dailyReadBudget: z.number().int().min(1).max(100_000_000),
});

/**
 * Source control on the moderation router (which already applies rate limits, JSON bodies and
 * `no-store`): `GET /mod/sources` shows every source's health and budget to moderators, and
 * `PUT /admin/sources/:name/budget` (admin token) changes a paid source's daily read budget
 * while it runs.
 */
export function addSourceRoutes(router: express.Router, ctx: SourceRoutesContext): void {
  const { sources, admin, fail, route } = ctx;

  router.get(
    '/mod/sources',
    route(async () => ({
      sources: Object.fromEntries(sources().map((s) => [s.name, s.health()])) as Record<string, SourceHealth>,
    })),
  );

  router.put('/admin/sources/:name/budget', (req, res) => {
    if (!admin(req, res)) return;
    const name = String(req.params.name);
    const source = sources().find((s) => s.name === name);
    if (!source || !isBudgeted(source)) {
      return fail(res, 404, {
        code: ErrorCode.NotFound,
        message: source
          ? `The "${name}" source has no read budget.`
          : `No "${name}" source runs on this relay (no wall uses it).`,
        field: 'name',
      });
    }
    const body = parseRequest(budgetRequest, req.body);
    if (!body.ok) return fail(res, 400, body.error);
    source.setReadBudget(body.data.dailyReadBudget);
    res.json({ source: name, budget: source.budgetState() });
  });
}
