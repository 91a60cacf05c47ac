import { ErrorCode, type WallError } from '../protocol/errors.js';
import { ChatWallError } from './errors.js';

/** How {@linkcode relayFetch} asks. */
export interface RelayFetchOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  signal?: AbortSignal | undefined;
}

/**
 * One GET to the relay's REST API: answers the response when it is OK, else rejects with a
 * {@linkcode ChatWallError} carrying the relay's own error (or one made from the HTTP status), and
 * with `unreachable` when no answer came. An aborted request rejects with the signal's reason.
 */
export async function relayFetch(url: URL, options: RelayFetchOptions = {}): Promise<Response> {
  let res: Response;
  try {
    // A moderator's answers are never cached: they hold what only the token may see.
    const auth: RequestInit = options.token
      ? { headers: { accept: 'application/json', authorization: `Bearer ${options.token}` }, cache: 'no-store' }
      : { headers: { accept: 'application/json' } };
    res = await fetch(url, { ...auth, signal: options.signal ?? null });
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new ChatWallError({
      code: ErrorCode.Unreachable,
      message: `Cannot reach the wall server at ${url.origin}: ${(err as Error).message}`,
    });
  }
  if (res.ok) return res;
  const body: unknown = await res.json().catch(() => undefined);
  throw new ChatWallError(errorOf(body) ?? httpError(res.status), { status: res.status });
}

/** A REST answer's JSON; a body that is not JSON (a proxy's page) rejects as `internal`. */
export async function relayJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    throw new ChatWallError(
      { code: ErrorCode.Internal, message: 'The wall server answered with something that is not JSON.' },
      { status: res.status },
    );
  }
}

function httpError(status: number): WallError {
  const code =
    status === 401
      ? ErrorCode.Unauthorized
      : status === 403
        ? ErrorCode.Forbidden
        : status === 429
          ? ErrorCode.RateLimited
          : status >= 500
            ? ErrorCode.Internal
            : ErrorCode.BadRequest;
  return { code, message: `The wall server answered HTTP ${status}.` };
}

/** The `{ error }` of a relay's refusal, when the body is one. */
function errorOf(body: unknown): WallError | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, field } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code: code as ErrorCode, message, ...(typeof field === 'string' ? { field } : {}) };
}
