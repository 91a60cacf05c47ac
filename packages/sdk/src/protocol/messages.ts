import type { WallError } from './errors.js';
import type { WallEvent, WallState } from './events.js';

/**
 * The socket.io wire contract between relay and clients, in one place.
 * Viewers connect to {@linkcode VIEWER_NAMESPACE}; everything they can send is read-only.
 */
export const VIEWER_NAMESPACE = '/walls';

/** Stream position a client already has. */
export interface Since {
  epoch: string;
  seq: number;
}

export interface SubscribeRequest {
  tag: string;
  /** Omit for a fresh snapshot. */
  since?: Since;
  /**
   * The client also folds {@linkcode WallEventsMessage} (`wall:events`): while the wall is busy the
   * relay then sends its events to this socket several to a frame. Without it, every event comes as
   * its own `wall:event`, as before.
   */
  batch?: boolean;
}

/**
 * Answer to `subscribe`:
 * - `events`: the log still holds everything after `since`; these are exactly the missing events;
 * - `snapshot`: a full state (first subscribe, new epoch, or a gap older than the retained log).
 */
export type SubscribeResult =
  | { ok: true; tag: string; mode: 'events'; epoch: string; events: WallEvent[] }
  | { ok: true; tag: string; mode: 'snapshot'; snapshot: WallState }
  | { ok: false; error: WallError };

export type UnsubscribeResult = { ok: true } | { ok: false; error: WallError };

/** A live event for one wall, sent to the wall's room. */
export interface WallEventMessage {
  tag: string;
  epoch: string;
  event: WallEvent;
}

/**
 * Several live events of one wall in one frame (`wall:events`), sent only to sockets that subscribed
 * with `batch: true`: consecutive events of one epoch in seq order, exactly as if each had come as a
 * {@linkcode WallEventMessage}. A quiet wall's events still come one by one as `wall:event`.
 */
export interface WallEventsMessage {
  tag: string;
  epoch: string;
  events: WallEvent[];
}

/** Events a viewer socket may emit. */
export interface ViewerClientEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeResult) => void) => void;
  unsubscribe: (request: { tag: string }, ack: (result: UnsubscribeResult) => void) => void;
}

/** Events the relay emits to viewer sockets. */
export interface ViewerServerEvents {
  'wall:event': (message: WallEventMessage) => void;
  /** Several events of a busy wall, to sockets that subscribed with `batch: true`. */
  'wall:events': (message: WallEventsMessage) => void;
  /** The wall's log was reset (new epoch): subscribe again without `since`. */
  'wall:reset': (message: { tag: string; epoch: string }) => void;
}
