import { ErrorCode, type ModeratedPost, type ProducerProgram, type WallError } from '@chat-wall/sdk/protocol';
import type { z } from 'zod';

// The one request and error path of the relay, for REST routes and socket handlers alike: input
// is parsed with `parseRequest`, every refusal is a `RequestError` carrying its wire error, and a
// transport turns it into an HTTP status with `statusOf` or into an ack with `toResult`.

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.UnknownWall]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Unreachable]: 502,
  [ErrorCode.Internal]: 500,
};

/** The HTTP status that answers an error code. */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** What a refusal may carry besides its wire error. */
export interface RefusalDetail {
  /** For a conflicting decision: the post as it is now, so a console can show who won. */
  current?: ModeratedPost;
  /** For a conflicting program request: the program as it is now. */
  program?: ProducerProgram;
  /** For a refused sign-in under backoff: when the client may try again (not part of the body). */
  retryInMs?: number;
}

/** The body of a refusal: `{ ok: false, error, current?, program? }` (REST drops `ok`). */
export interface Refusal {
  ok: false;
  error: WallError;
  current?: ModeratedPost;
  program?: ProducerProgram;
}

/** A refused request: the wire error to answer, and what goes with it. */
export class RequestError extends Error {
  override name = 'RequestError';

  constructor(
    readonly error: WallError,
    readonly detail: RefusalDetail = {},
  ) {
    super(error.message);
  }

  /** The HTTP status this refusal maps to. */
  get status(): number {
    return statusOf(this.error.code);
  }

  /** The refusal as an ack or (without `ok`) a REST body. */
  toResult(): Refusal {
    const { current, program } = this.detail;
    return { ok: false, error: this.error, ...(current ? { current } : {}), ...(program ? { program } : {}) };
  }
}

/** A `bad_request` about `field`, its message prefixed with the field as every parse error is. */
export function badRequest(field: string, message: string): RequestError {
  return new RequestError({ code: ErrorCode.BadRequest, message: `${field}: ${message}`, field });
}

/** How {@linkcode parseRequest} names things in its messages. */
export interface ParseOptions {
  /**
   * What the input is called when the whole of it is wrong; named as the `field` then too. Without
   * it such a refusal says `request` and names no field.
   */
  root?: string;
  /** What a key of the input is called when an unknown one is refused. @default 'field' */
  key?: string;
  /** The keys to suggest instead of an unknown one. @default the schema's keys */
  known?: readonly string[];
}

/**
 * Parses `input` with `schema` or throws the `bad_request` naming the first bad field:
 * `"limit: Too big: expected number to be <=100"`, `field: "limit"`. An unknown key of a strict
 * object is named with the keys it allows, so a typo such as `limt` says what was meant.
 */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown, options: ParseOptions = {}): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const known = options.known ?? Object.keys((schema as unknown as { shape?: object }).shape ?? {});
    const hint = path.length === 0 && known.length ? ` (use ${known.join(', ')})` : '';
    throw badRequest([...path, issue.keys[0]!].join('.'), `unknown ${options.key ?? 'field'}${hint}`);
  }
  if (path.length > 0) throw badRequest(path.join('.'), issue.message);
  if (options.root) throw badRequest(options.root, issue.message);
  throw new RequestError({ code: ErrorCode.BadRequest, message: `request: ${issue.message}` });
}
