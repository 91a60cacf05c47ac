import type { Socket } from 'socket.io-client';
import { ErrorCode, type WallError } from '../protocol/errors.js';

/** A refusal of the connection by the relay, as its `connect_error` data carries it. */
export interface ConnectRefusal extends WallError {
  /** For `rate_limited`: when the relay will take a connection again. */
  retryInMs?: number;
}

/** What a client does as its connection comes and goes; {@linkcode watchConnection} calls these. */
export interface ConnectionHooks {
  connected(): void;
  /**
   * The connection dropped (`error` says why). Answer `false` when the client has stopped (closed,
   * or failed for good) and must not connect again.
   */
  lost(error: WallError): boolean;
  /** The relay refused the connection with a code of its own (bad token, connection budget). */
  refused(refusal: ConnectRefusal): void;
  /** The relay could not be reached; socket.io keeps retrying. */
  unreachable(error: WallError): void;
}

/**
 * The connection lifecycle the viewer and moderator clients share: a dropped connection is
 * reported and, when the relay closed it on purpose (`io server disconnect`, which socket.io does
 * not retry by itself), opened again; a `connect_error` is told apart as a refusal by the relay
 * (its `data` carries a code) or a relay out of reach. Returns the function that stops watching.
 */
export function watchConnection(socket: Socket, server: string, hooks: ConnectionHooks): () => void {
  const onConnect = (): void => hooks.connected();
  const onDisconnect = (reason: string): void => {
    if (!hooks.lost({ code: ErrorCode.Unreachable, message: `Connection lost (${reason}).` })) return;
    if (reason === 'io server disconnect') socket.connect();
  };
  const onConnectError = (err: Error & { data?: { code?: unknown; message?: unknown; retryInMs?: unknown } }): void => {
    const data = err.data;
    if (typeof data?.code === 'string') {
      hooks.refused({
        code: data.code as ErrorCode,
        message: typeof data.message === 'string' ? data.message : err.message,
        ...(typeof data.retryInMs === 'number' ? { retryInMs: data.retryInMs } : {}),
      });
      return;
    }
    hooks.unreachable({
      code: ErrorCode.Unreachable,
      message: `Cannot reach the wall server at ${server}: ${err.message}`,
    });
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  return () => {
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
  };
}
