import type { Server } from 'socket.io';
import type { Metrics } from '../metrics.js';

/** What the guard needs of an engine.io connection (typed here: engine.io keeps these members untyped or internal). */
interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: (packets: { data?: unknown }[]) => void): void;
  on(event: 'close', listener: () => void): void;
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
    /** Bytes in engine.io's queue, not yet handed to the WebSocket. */
    let queued = 0;
    let dropped = false;
    conn.on('packetCreate', (packet) => {
      if (dropped) return;
      const ws = conn.transport.socket;
      // What is still unsent from earlier: one large answer (a snapshot) to a client that reads is fine.
      const unsent = queued + (ws?.bufferedAmount ?? 0);
      queued += packetSize(packet);
      if (unsent <= maxUnsentBytes) return;
      dropped = true;
      metrics.slowReadersDropped.inc();
      // terminate(), not a closing handshake, which would wait (up to 30 s) behind the unread bytes;
      // then close the engine socket at once, so nothing more is queued for it.
      ws?.terminate?.();
      conn.close(true);
    });
    conn.on('flush', (packets) => {
      for (const packet of packets) queued -= packetSize(packet);
    });
  });
}
