import type { Server } from 'socket.io';
import type { Metrics } from '../metrics.js';

/** The WebSocket under an engine.io connection (the `ws` library's; typed here, as engine.io keeps it untyped). */
interface EngineWebSocket {
  readyState?: number;
  bufferedAmount?: number;
  terminate?: () => void;
  _sender?: { sendFrame?: (frame: readonly Buffer[], cb?: (err?: Error) => void) => void };
}

/** What the relay needs of an engine.io connection (typed here: engine.io keeps these members untyped or internal). */
export interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  readonly readyState: string;
  /** Packets queued by engine.io and not yet handed to the WebSocket (emptied on every flush). */
  writeBuffer: { data?: unknown }[];
  transport: { socket?: EngineWebSocket; perMessageDeflate?: unknown };
  write(data: string, options: object): void;
  close(discard?: boolean): void;
}

/** Size of one engine.io packet's payload: string length (close to bytes for JSON) or buffer bytes. */
function packetSize(packet: { data?: unknown }): number {
  const data = packet.data;
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** The guard's check, for a path that writes to a connection's WebSocket without engine.io's queue. */
export interface SlowReaders {
  /**
   * Whether `conn` may be sent another message: false once more than the limit is unsent to it,
   * in which case it has just been dropped (or was before).
   */
  admits(conn: EngineConnection): boolean;
}

/**
 * Drops connections that do not read what the relay sends them.
 *
 * A client that stops reading (by accident or on purpose) leaves every message for it in the relay:
 * first in the kernel's socket buffers, then in the WebSocket's write buffer, then in engine.io's
 * packet queue, without bound. The guard counts a connection's unsent bytes (engine.io's queue plus
 * the WebSocket's `bufferedAmount`) each time a message is about to be queued for it, and when more
 * than `maxUnsentBytes` of earlier messages are still unsent, ends the TCP connection at once, which
 * frees all of it. A connection therefore holds at most `maxUnsentBytes` plus one message. The client
 * reconnects and resumes from the last event it folded (`subscribe` with `since`), so it loses nothing.
 *
 * Messages that go through engine.io are checked on its `packetCreate`; the wall fan-out, which
 * writes its frames to the WebSocket directly, asks {@linkcode SlowReaders.admits} first.
 */
export function dropSlowReaders(io: Server, maxUnsentBytes: number, metrics: Metrics): SlowReaders {
  const dropped = new WeakSet<EngineConnection>();
  const admits = (conn: EngineConnection): boolean => {
    if (dropped.has(conn)) return false;
    const ws = conn.transport.socket;
    // What is still unsent from earlier: one large answer (a snapshot) to a client that reads is fine.
    let unsent = ws?.bufferedAmount ?? 0;
    for (const packet of conn.writeBuffer) unsent += packetSize(packet);
    if (unsent <= maxUnsentBytes) return true;
    dropped.add(conn);
    metrics.slowReadersDropped.inc();
    // terminate(), not a closing handshake, which would wait (up to 30 s) behind the unread bytes;
    // then close the engine socket at once, so nothing more is queued for it.
    ws?.terminate?.();
    conn.close(true);
    return false;
  };
  io.engine.on('connection', (conn: EngineConnection) => {
    // One listener per packet and nothing per flush: a reader that keeps up has an empty queue
    // here (engine.io hands each packet to the WebSocket as soon as it is writable), so the sum
    // costs nothing on the path every delivery takes.
    conn.on('packetCreate', () => void admits(conn));
  });
  return { admits };
}
