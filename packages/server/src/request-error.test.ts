import { ErrorCode } from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRequest, RequestError, statusOf } from './request-error.js';

const query = z.strictObject({ limit: z.coerce.number().int().max(100), before: z.string().optional() });

function refusal(run: () => unknown): RequestError {
  try {
    run();
  } catch (err) {
    if (err instanceof RequestError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseRequest', () => {
  it('answers the parsed input', () => {
    expect(parseRequest(query, { limit: '5' })).toEqual({ limit: 5 });
  });

  it.each([
    [{ limit: 500 }, {}, 'limit', /^limit: Too big/],
    [
      { limit: 5, limt: 5 },
      { key: 'query parameter' },
      'limt',
      /^limt: unknown query parameter \(use limit, before\)$/,
    ],
    [{ limit: 5, limt: 5 }, { known: ['limit'] }, 'limt', /^limt: unknown field \(use limit\)$/],
    ['nope', { root: 'query' }, 'query', /^query: /],
    ['nope', {}, undefined, /^request: /],
  ])('refuses %j (%j) naming %s', (input, options, field, message) => {
    const err = refusal(() => parseRequest(query, input, options));
    expect(err.error.code).toBe(ErrorCode.BadRequest);
    expect(err.error.field).toBe(field);
    expect(err.error.message).toMatch(message);
    expect(err.status).toBe(400);
  });
});

describe('RequestError', () => {
  it('maps every code to one status, and carries what goes with a conflict', () => {
    expect(Object.values(ErrorCode).map((code) => [code, statusOf(code)])).toEqual([
      ['bad_request', 400],
      ['unknown_wall', 404],
      ['not_found', 404],
      ['conflict', 409],
      ['unauthorized', 401],
      ['forbidden', 403],
      ['rate_limited', 429],
      ['unreachable', 502],
      ['internal', 500],
    ]);
    const err = new RequestError({ code: ErrorCode.RateLimited, message: 'slow down' }, { retryInMs: 5 });
    expect(err.toResult()).toEqual({ ok: false, error: { code: 'rate_limited', message: 'slow down' } });
    expect(err.detail.retryInMs).toBe(5);
  });
});
