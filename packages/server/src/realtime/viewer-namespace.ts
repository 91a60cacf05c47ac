import {
  ErrorCode,
  unknownWallError,
  VIEWER_NAMESPACE,
  type SubscribeResult,
  type ViewerClientEvents,
  type ViewerServerEvents,
  type WallError,
} from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import { originAllowed } from '../config.js';
import type { Metrics } from '../metrics.js';
import { parseRequest, RequestError } from '../request-error.js';
import type { WallRegistry } from '../wall/wall-registry.js';
import type { Clock } from '../clock.js';
import { limitConnections, type ConnectionLimitOptions } from './connection-limit.js';
import { EventBatcher } from './event-batcher.js';
import { FrameFanOut } from './frame-fan-out.js';
import type { SlowReaders } from './slow-readers.js';
import { TokenBucket } from './token-bucket.js';

const subscribeSchema = z.object({
  tag: z.string().min(1).max(200),
  since: z.object({ epoch: z.string().min(1).max(100), seq: z.number().int().min(0) }).optional(),
  batch: z.boolean().optional(),
});
const unsubscribeSchema = z.object({ tag: z.string().min(1).max(200) });

/** How many walls one viewer socket may follow at once. */
const MAX_SUBSCRIPTIONS = 20;

type ViewerSocket = Socket<ViewerClientEvents, ViewerServerEvents>;

/** The wall's room of sockets that take each event as its own `wall:event`. */
const room = (tag: string): string => `wall:${tag}`;
/** The wall's room of sockets that subscribed with `batch: true` (they also fold `wall:events`). */
const batchRoom = (tag: string): string => `wall:${tag}:batch`;

/** How events reach a wall's batching sockets. */
export interface BatchingOptions {
  /** A busy wall's events wait at most this long to share a frame; see {@linkcode EventBatcher}. */
  windowMs: number;
  clock: Clock;
}

/**
 * The read-only viewer side: sockets subscribe to walls (with `since` to resume) and receive every
 * event of those walls. Nothing a viewer sends can change a wall. Each socket has a request budget,
 * and each client address a budget of new connections (`connections`), so reconnecting does not
 * reset the first.
 */
export function attachViewers(
  io: Server,
  walls: WallRegistry,
  metrics: Metrics,
  logger: Logger,
  connections: ConnectionLimitOptions | undefined,
  batching: BatchingOptions,
  slowReaders: SlowReaders,
): { nsp: Namespace; close(): void } {
  const nsp: Namespace<ViewerClientEvents, ViewerServerEvents> = io.of(VIEWER_NAMESPACE);
  if (connections) limitConnections(nsp, connections, metrics);

  const fanOut = new FrameFanOut(nsp, slowReaders);
  const batchers = new Map<string, EventBatcher>();
  for (const wall of walls.all()) {
    const tag = wall.config.tag;
    // Local only: with several relays, each relay's log publishes every event of the wall (its
    // own and those other relays appended), so a broadcast through the adapter would repeat them.
    const batcher = new EventBatcher(
      (epoch, events) => {
        if (events.length === 1) fanOut.emit(batchRoom(tag), 'wall:event', { tag, epoch, event: events[0]! });
        else fanOut.emit(batchRoom(tag), 'wall:events', { tag, epoch, events: [...events] });
      },
      batching.windowMs,
      batching.clock,
    );
    batchers.set(tag, batcher);
    wall.log.subscribe((event, epoch) => {
      fanOut.emit(room(tag), 'wall:event', { tag, epoch, event });
      batcher.push(event, epoch);
    });
  }

  nsp.on('connection', (socket: ViewerSocket) => {
    metrics.viewers.inc();
    socket.on('disconnect', () => metrics.viewers.dec());
    const bucket = new TokenBucket(20, 5);
    /** Walls this socket has joined: the log epoch and seq of the answer it got (it was sent every event after). */
    const joined = new Map<string, { epoch: string; seq: number }>();

    /** Answers a refusal through the ack; anything but a {@linkcode RequestError} is logged and internal. */
    const refuse = (ack: (r: { ok: false; error: WallError }) => void, err: unknown, what: string): void => {
      if (!(err instanceof RequestError)) {
        logger.error({ err }, `${what} failed`);
        return ack({ ok: false, error: { code: ErrorCode.Internal, message: 'Internal error' } });
      }
      metrics.clientErrors.inc({ code: err.error.code });
      ack({ ok: false, error: err.error });
    };

    socket.on('subscribe', (...args: unknown[]) => {
      const { request, ack } = splitArgs(args);
      if (!ack) return; // nobody to answer
      const reply = ack as (result: SubscribeResult) => void;
      try {
        if (!bucket.take()) {
          throw new RequestError({ code: ErrorCode.RateLimited, message: 'Too many requests; slow down.' });
        }
        const { tag, since, batch } = parseRequest(subscribeSchema, request, { root: 'subscribe request' });
        const wall = walls.get(tag);
        if (!wall) throw new RequestError(unknownWallError(tag));
        const origin = socket.handshake.headers.origin;
        if (!originAllowed(wall.config.origins, origin)) {
          throw new RequestError({
            code: ErrorCode.Forbidden,
            message: `This wall may not be shown on ${origin ?? 'this page'}.`,
          });
        }
        const name = room(wall.config.tag);
        const [join, other] = batch ? [batchRoom(wall.config.tag), name] : [name, batchRoom(wall.config.tag)];
        if (!joined.has(name) && joined.size >= MAX_SUBSCRIPTIONS) {
          throw new RequestError({
            code: ErrorCode.BadRequest,
            message: `At most ${MAX_SUBSCRIPTIONS} walls per connection.`,
          });
        }
        // Join and answer in the same tick: every event after this answer reaches the room. Events
        // waiting for a batch are sent first (to the sockets already there): the answer covers them.
        if (batch) batchers.get(wall.config.tag)!.flush();
        void socket.leave(other);
        void socket.join(join);
        const answer = wall.log.resume(resumePoint(joined.get(name), wall.log.epoch, since));
        // Either way the answer brings the client to the head of the log.
        joined.set(name, { epoch: wall.log.epoch, seq: wall.log.snapshot.seq });
        reply(answer);
      } catch (err) {
        refuse(reply, err, 'subscribe');
      }
    });

    socket.on('unsubscribe', (...args: unknown[]) => {
      const { request, ack } = splitArgs(args);
      const reply = ack ?? (() => {});
      try {
        const { tag } = parseRequest(unsubscribeSchema, request, { root: 'unsubscribe request' });
        const wall = walls.get(tag);
        if (wall) {
          void socket.leave(room(wall.config.tag));
          void socket.leave(batchRoom(wall.config.tag));
          joined.delete(room(wall.config.tag));
        }
        reply({ ok: true });
      } catch (err) {
        refuse(reply, err, 'unsubscribe');
      }
    });
  });
  return {
    nsp,
    close: () => {
      for (const batcher of batchers.values()) batcher.close();
    },
  };
}

/**
 * Where a (re-)subscribe resumes from. A socket that has joined the wall in this epoch was sent every
 * event after its last answer, so it may resume from there or later; asking for older events again
 * (`since` before that point, or none) gets a snapshot, never the retained log a second time.
 */
function resumePoint(
  mine: { epoch: string; seq: number } | undefined,
  epoch: string,
  since: { epoch: string; seq: number } | undefined,
): { epoch: string; seq: number } | undefined {
  if (!mine || mine.epoch !== epoch) return since;
  return since && since.epoch === epoch && since.seq >= mine.seq ? since : undefined;
}

/**
 * socket.io hands the ack over as the last argument, after whatever the client sent: a client
 * that sends no payload, or extra ones, still gets its answer.
 */
function splitArgs(args: readonly unknown[]): { request: unknown; ack: ((result: unknown) => void) | undefined } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { request: args[0], ack: undefined };
  return { request: args.length > 1 ? args[0] : undefined, ack: last as (result: unknown) => void };
}
