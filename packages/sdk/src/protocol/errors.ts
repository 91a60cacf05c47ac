/**
 * Error codes shared by the server, the SDK and the widget, by family.
 * Codes are stable; messages are for people and may change.
 */
export const ErrorCode = {
  // Request family: the client sent something the server cannot use.
  BadRequest: 'bad_request',
  UnknownWall: 'unknown_wall',
  NotFound: 'not_found',
  Conflict: 'conflict',
  // Auth family.
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  RateLimited: 'rate_limited',
  // Transport family: raised by the SDK itself.
  Unreachable: 'unreachable',
  // Server family.
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The error shape on the wire, in acks, REST bodies and SDK `error` events. */
export interface WallError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending field, when the error is about one. */
  field?: string;
}

/** The one answer for a tag that names no wall of this server, over REST and sockets alike. */
export function unknownWallError(tag: string): WallError {
  return { code: ErrorCode.UnknownWall, message: `There is no wall "${tag}" on this server.`, field: 'tag' };
}

/** Codes after which retrying the same request cannot succeed. */
export function isFatal(code: ErrorCode): boolean {
  return (
    code === ErrorCode.UnknownWall ||
    code === ErrorCode.BadRequest ||
    code === ErrorCode.Unauthorized ||
    code === ErrorCode.Forbidden
  );
}
