import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  VIEWER_NAMESPACE,
  type SubscribeRequest,
  type SubscribeResult,
  type ViewerClientEvents,
  type ViewerServerEvents,
  type WallEvent,
} from '@chat-wall/sdk/protocol';
import { Server, type Namespace } from 'socket.io';

/** One subscribe the client sent, waiting for the test to answer it. */
export interface PendingSubscribe {
  request: SubscribeRequest;
  answer(result: SubscribeResult): void;
}

/**
 * A real socket.io server that speaks the viewer protocol as the test scripts it: the test
 * answers each subscribe itself and emits any live event, gaps and epoch changes included.
 * For client edge cases a well-behaved relay never produces on cue.
 */
export class ScriptedWallServer {
  readonly requests: SubscribeRequest[] = [];
  private readonly queue: PendingSubscribe[] = [];
  private readonly waiters: ((s: PendingSubscribe) => void)[] = [];

  private constructor(
    private readonly http: HttpServer,
    readonly io: Server,
    readonly nsp: Namespace<ViewerClientEvents, ViewerServerEvents>,
  ) {
    nsp.on('connection', (socket) => {
      socket.on('subscribe', (request, ack) => {
        this.requests.push(request);
        void socket.join('wall');
        const pending = { request, answer: ack };
        const waiter = this.waiters.shift();
        if (waiter) waiter(pending);
        else this.queue.push(pending);
      });
    });
  }

  static async start(): Promise<ScriptedWallServer> {
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'] });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    return new ScriptedWallServer(http, io, io.of(VIEWER_NAMESPACE));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** The next subscribe the client sends (or has sent and nobody took yet). */
  nextSubscribe(timeoutMs = 5000): Promise<PendingSubscribe> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no subscribe arrived')), timeoutMs);
      this.waiters.push((s) => {
        clearTimeout(timer);
        resolve(s);
      });
    });
  }

  /** Sends a live event to every subscribed client. */
  emit(epoch: string, event: WallEvent, tag = 'askgmp'): void {
    this.nsp.to('wall').emit('wall:event', { tag, epoch, event });
  }

  /** Sends several live events in one `wall:events` frame to every subscribed client. */
  emitBatch(epoch: string, events: WallEvent[], tag = 'askgmp'): void {
    this.nsp.to('wall').emit('wall:events', { tag, epoch, events });
  }

  reset(epoch: string, tag = 'askgmp'): void {
    this.nsp.to('wall').emit('wall:reset', { tag, epoch });
  }

  /** Connected client sockets. */
  get connections(): number {
    return this.nsp.sockets.size;
  }

  close(): Promise<void> {
    return this.io.close();
  }
}
