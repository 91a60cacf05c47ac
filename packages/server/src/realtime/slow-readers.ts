import type { Server } from 'socket.io';
import type { Metrics } from '../metrics.js';

/** What the guard needs of an engine.io connection (typed here: engine.io keeps these members untyped or internal). */
interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  /** Packets queued by engine.io and not yet handed to the WebSocket (emptied on every flush). */
  writeBuffer: { data?: unknown }[];
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** Size of one engine.io packet's payload: string length (close to bytes for JSON) or buffer bytes. */
function packetSize(packet: { data?: unknown }): number {
  const data = packet.data;
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Drops connections that do not read what the relay sends them.
 *
 * A client that stops reading (by accident or on purpose) leaves every message for it in the relay:
 * first in the kernel's socket buffers, then in the WebSocket's write buffer, then in engine.io's
 * packet queue, without bound. The guard counts a connection's unsent bytes (engine.io's queue plus
 * the WebSocket's `bufferedAmount`) each time a packet is queued for it, and when more than
 * `maxUnsentBytes` of earlier packets are still unsent, ends the TCP connection at once, which frees
 * all of it. A connection therefore holds at most `maxUnsentBytes` plus one packet. The client reconnects and resumes from
 * the last event it folded (`subscribe` with `since`), so it loses nothing.
 */
export function dropSlowReaders(io: Server, maxUnsentBytes: number, metrics: Metrics): void {
  io.engine.on('connection', (conn: EngineConnection) => {
    let dropped = false;
    // One listener per packet and nothing per flush: a reader that keeps up has an empty queue
    // here (engine.io hands each packet to the WebSocket as soon as it is writable), so the sum
    // below costs nothing on the path every delivery takes.
    conn.on('packetCreate', () => {
      if (dropped) return;
      const ws = conn.transport.socket;
      // What is still unsent from earlier: one large answer (a snapshot) to a client that reads is fine.
      let unsent = ws?.bufferedAmount ?? 0;
      for (const packet of conn.writeBuffer) unsent += packetSize(packet);
      if (unsent <= maxUnsentBytes) return;
      dropped = true;
      metrics.slowReadersDropped.inc();
      // terminate(), not a closing handshake, which would wait (up to 30 s) behind the unread bytes;
      // then close the engine socket at once, so nothing more is queued for it.
      ws?.terminate?.();
      conn.close(true);
    });
  });
}
