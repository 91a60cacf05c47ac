import { ApiResponseError } from 'twitter-api-v2';
import type { StreamFailure } from './backoff.js';

/** A failed X request, in words a host can act on, plus how the reconnect rules classify it. */
export interface DescribedError {
  failure: StreamFailure;
  message: string;
}

/** Reads a twitter-api-v2 error (HTTP status and X's problem body, or a network error). */
export function describeXError(err: unknown, what: string): DescribedError {
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const body = (err.data ?? {}) as { title?: unknown; detail?: unknown; connection_issue?: unknown };
    const said = [body.title, body.detail].filter((s): s is string => typeof s === 'string').join(': ');
    const suffix = said ? ` (X said: ${said})` : '';
    let message: string;
    if (status === 401) {
      message = `X rejected the bearer token for ${what} (401)${suffix}. Check X_BEARER_TOKEN: it must be the app's bearer token from the X developer console.`;
    } else if (status === 403) {
      message = `X refused ${what} (403)${suffix}. The app's access level may not include it, or the app is not attached to a project.`;
    } else if (status === 429 && body.connection_issue === 'TooManyConnections') {
      message = `X refused ${what}: another connection to the filtered stream is open for this app (TooManyConnections). Only one relay may hold the stream.`;
    } else if (status === 429) {
      message = `X rate-limited ${what} (429)${suffix}.`;
    } else {
      message = `X answered ${what} with HTTP ${status}${suffix}.`;
    }
    return { failure: { type: 'http', status }, message };
  }
  const cause = (err as { requestError?: Error }).requestError ?? (err as Error);
  return {
    failure: { type: 'network' },
    message: `Cannot reach X for ${what}: ${cause?.message ?? String(err)}`,
  };
}
