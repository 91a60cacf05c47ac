import type { Request } from 'express';

/**
 * A JSON request body as an object to spread route parameters over; anything else (no body, an
 * array, a string) counts as empty, so the request schema names the missing field.
 */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
