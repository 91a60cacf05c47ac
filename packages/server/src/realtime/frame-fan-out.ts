import type { Namespace } from 'socket.io';
import WebSocket from 'ws';
import type { EngineConnection, SlowReaders } from './slow-readers.js';

interface FrameOptions {
  readOnly: boolean;
  mask: boolean;
  rsv1: boolean;
  opcode: number;
  fin: boolean;
}
/** `ws`'s frame builder, which socket.io's adapter uses for the same purpose (not in `@types/ws`). */
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** socket.io-parser's `PacketType.EVENT`. */
const EVENT = 2;
/** engine.io's `message` packet type, which carries every socket.io packet. */
const ENGINE_MESSAGE = '4';

/**
 * Sends a wall's messages to the sockets of a room: one encoding and one WebSocket frame per
 * message, then, for each socket, one write of that frame.
 *
 * socket.io's own broadcast also encodes once, but then queues the message on every connection as
 * an engine.io packet (`packetCreate`, the write queue, `flush`, `drain`, a write callback, and the
 * events each of these emits) before the frame reaches the WebSocket. At 1,000 viewers that per
 * socket bookkeeping is about half of the relay's user CPU per delivery. Here, a connection with
 * nothing queued in engine.io gets the frame written to its WebSocket at once, behind everything
 * engine.io has already handed over, so order is kept; one with packets queued (it is mid-write)
 * gets the message through engine.io's queue, behind them. The frame is the bytes socket.io's
 * broadcast sends, so clients cannot tell the two paths apart.
 *
 * Each write first asks the slow-reader guard: a connection that does not read is dropped, not
 * written to. Local only, as the wall logs publish every relay's events on each relay.
 */
export class FrameFanOut {
  constructor(
    private readonly nsp: Namespace,
    private readonly slowReaders: SlowReaders,
  ) {}

  /** Sends `event` with `payload` to every socket in `room` of this namespace; an empty room costs nothing. */
  emit(room: string, event: string, payload: unknown): void {
    const ids = this.nsp.adapter.rooms.get(room);
    if (!ids?.size) return;
    const encoded = this.nsp.server.encoder.encode({ type: EVENT, nsp: this.nsp.name, data: [event, payload] });
    const [text] = encoded;
    if (encoded.length !== 1 || typeof text !== 'string') {
      // Binary attachments (none of the relay's messages has them): socket.io's own broadcast.
      this.nsp.local.to(room).emit(event, payload);
      return;
    }
    const frame = Sender.frame(Buffer.from(ENGINE_MESSAGE + text), {
      readOnly: false,
      mask: false,
      rsv1: false,
      opcode: 1,
      fin: true,
    });
    // The frame rides along, so a message that goes through engine.io's queue is not framed again.
    const options = { wsPreEncodedFrame: frame };
    for (const id of ids) {
      const conn = this.nsp.sockets.get(id)?.conn as EngineConnection | undefined;
      if (!conn) continue;
      const ws = conn.transport.socket;
      const direct =
        conn.readyState === 'open' &&
        conn.writeBuffer.length === 0 &&
        !conn.transport.perMessageDeflate &&
        ws?.readyState === WebSocket.OPEN &&
        typeof ws._sender?.sendFrame === 'function';
      if (!direct) conn.write(text, options);
      else if (this.slowReaders.admits(conn)) ws._sender!.sendFrame!(frame);
    }
  }
}
