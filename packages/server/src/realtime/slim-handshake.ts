import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

/** The headers a namespace reads from a handshake: a wall's origin check and the client address behind a proxy. */
const KEPT_HEADERS = ['origin', 'x-forwarded-for'] as const;

/** What socket.io reads of the first request when a socket joins a namespace (`buildHandshake`). */
interface SlimRequest {
  headers: Partial<Record<(typeof KEPT_HEADERS)[number], string | string[]>>;
  url: string | undefined;
  _query: Record<string, string>;
  connection: { encrypted: boolean };
}

/**
 * Lets go of each connection's handshake request once the connection is open.
 *
 * engine.io keeps the first HTTP request of every connection for as long as the connection lives
 * (`conn.request`; with WebSocket only, that is the upgrade request with its headers, raw headers,
 * parser state and the WebSocket it was upgraded to), a few kilobytes per viewer that nothing here
 * reads after the handshake. socket.io's memory guide discards it with `conn.request = null`; the
 * relay keeps instead the little its namespaces read when a socket joins them (`socket.handshake`:
 * the `origin` and `x-forwarded-for` headers, the query, whether the connection is encrypted), so
 * origin checks and client addresses stay as they were.
 */
export function slimHandshakes(io: Server): void {
  io.engine.on('connection', (conn: { request: IncomingMessage | SlimRequest }) => {
    const req = conn.request as IncomingMessage & { _query?: Record<string, string> };
    const headers: SlimRequest['headers'] = {};
    for (const name of KEPT_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    conn.request = {
      headers,
      url: req.url,
      _query: req._query ?? {},
      connection: { encrypted: Boolean((req.socket as { encrypted?: boolean } | undefined)?.encrypted) },
    };
  });
}
