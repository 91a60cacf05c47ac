import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import type { Clock, TimerHandle } from '../clock.js';
import { HttpStatusError, retryAfterMs } from './retry.js';

/**
 * Pings `ws` every `intervalMs`; when a ping has had no pong by the next one, the connection is
 * stalled (the socket is open but nothing moves): it is terminated and `onStall` called. Used by
 * the Mastodon and Bluesky streams, whose servers may go quiet without closing. Returns `stop`.
 */
export function watchHeartbeat(ws: WebSocket, clock: Clock, intervalMs: number, onStall: () => void): () => void {
  let alive = true;
  let timer: TimerHandle | undefined;
  const onPong = (): void => {
    alive = true;
  };
  ws.on('pong', onPong);
  const beat = (): void => {
    timer = clock.setTimeout(() => {
      if (!alive) {
        ws.terminate();
        onStall();
        return;
      }
      alive = false;
      ws.ping();
      beat();
    }, intervalMs);
  };
  beat();
  return () => {
    clock.clearTimeout(timer);
    ws.off('pong', onPong);
  };
}

/** A refused WebSocket upgrade (`unexpected-response`) as an error carrying the wait the server asked for. */
export function upgradeRefusal(
  res: IncomingMessage,
  now: number,
  message: (status: number) => string,
): HttpStatusError {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
  res.resume();
  return new HttpStatusError(status, message(status), retryAfterMs(headers, now));
}
