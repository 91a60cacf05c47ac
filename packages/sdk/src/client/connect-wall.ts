import { ErrorCode, isFatal, type WallError } from '../protocol/errors.js';
import type { WallEvent, WallState } from '../protocol/events.js';
import {
  VIEWER_NAMESPACE,
  type SubscribeResult,
  type WallEventMessage,
  type WallEventsMessage,
} from '../protocol/messages.js';
import type { Post, PostPatch } from '../protocol/post.js';
import { applyEvent } from '../protocol/reducer.js';
import { normaliseTag } from '../protocol/tag.js';
import { ConnectionState, type StatusChange } from './connection-state.js';
import { Listeners, type Listener } from './listeners.js';
import { acquireSocket, reconnectLater, type ViewerSocket } from './shared-socket.js';
import { watchConnection } from './socket-lifecycle.js';

export interface ConnectWallOptions {
  /** Base URL of the relay, e.g. `https://wall.example.org`. */
  server: string;
  /** Wall tag, with or without `#`; case-insensitive. */
  tag: string;
  /**
   * Give this wall its own connection. By default walls on the same server share one connection.
   * @default false
   */
  forceNew?: boolean;
  /**
   * Upper bound of the reconnect backoff, in ms.
   * @default 10000
   */
  reconnectionDelayMax?: number;
  /**
   * socket.io path on the server.
   * @default '/socket.io'
   */
  path?: string;
}

/** Events of a {@linkcode Wall}, each with one payload. */
export interface WallEvents {
  /** A post became visible (live, or found in a snapshot that replaced the state). */
  post: Post;
  /** A visible post changed (pinned, highlighted, answered); carries the post as it is now. */
  update: { post: Post; patch: PostPatch };
  /** A post was retracted or fell off the wall; carries the post as it was. */
  remove: Post;
  /** The connection changed state. */
  status: StatusChange;
  /** Something went wrong; see `code`. */
  error: WallError;
  /** The state changed, for whatever reason; for renderers that redraw from state. */
  state: WallState;
  /**
   * A live event was folded into the state; fires before the `post` / `update` / `remove` it
   * causes. Unlike those it also tells of posts the state does not hold (older history).
   * Not fired for snapshots, which replace the state without events.
   */
  event: WallEvent;
}

/** A live view of one wall. Create with {@linkcode connectWall}. */
export class Wall {
  /** The canonical tag: no `#`, lower-case. */
  readonly tag: string;
  /** Base URL of the relay, as given. */
  readonly server: string;
  private readonly socket: ViewerSocket;
  private readonly release: () => void;
  /** Takes this wall's handlers off the (possibly shared) socket. */
  private readonly removeHandlers: () => void;
  private readonly listeners = new Listeners<WallEvents>();
  private current: WallState | undefined;
  private connection: ConnectionState = ConnectionState.Connecting;
  /** Live events that arrived while a subscribe was in flight. */
  private pending: WallEventMessage[] | undefined;
  private everLive = false;
  private attempt = 0;
  /** Pending retry of a subscribe the server refused for now (rate limit, server error). */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private readonly retryDelayMax: number;

  constructor(options: ConnectWallOptions) {
    this.tag = normaliseTag(options.tag);
    this.server = options.server;
    this.retryDelayMax = options.reconnectionDelayMax ?? 10_000;
    const url = new URL(VIEWER_NAMESPACE, options.server).toString();
    const { socket, release } = acquireSocket(url, this.tag, {
      forceNew: options.forceNew ?? false,
      reconnectionDelayMax: options.reconnectionDelayMax ?? 10_000,
      path: options.path ?? '/socket.io',
    });
    this.socket = socket;
    this.release = release;
    const stopWatching = watchConnection(socket, this.server, {
      connected: () => this.subscribe(),
      lost: (error) => {
        if (this.stopped) return false;
        this.pending = undefined;
        this.setStatus(ConnectionState.Reconnecting, { error });
        return true;
      },
      refused: (refusal) => {
        if (refusal.code !== ErrorCode.RateLimited) {
          return this.notConnected({
            code: ErrorCode.Unreachable,
            message: `Cannot reach the wall server at ${this.server}: ${refusal.message}`,
          });
        }
        this.notConnected({ code: ErrorCode.RateLimited, message: refusal.message });
        // Refused by the relay's connection budget: socket.io gives up on such a refusal, so try
        // again when the relay says a connection will be accepted.
        const wait = refusal.retryInMs !== undefined && refusal.retryInMs > 0 ? refusal.retryInMs : 1000;
        reconnectLater(socket, wait + Math.random() * 250);
      },
      unreachable: (error) => this.notConnected(error),
    });
    const onEvent = (message: WallEventMessage): void => this.onLiveEvent(message);
    // A busy wall's events, several to a frame: folded one by one, exactly as if each came alone.
    const onEvents = ({ tag, epoch, events }: WallEventsMessage): void => {
      for (const event of events) this.onLiveEvent({ tag, epoch, event });
    };
    const onReset = (message: { tag: string }): void => {
      if (normaliseTag(message.tag) === this.tag) this.subscribe(true);
    };
    socket.on('wall:event', onEvent);
    socket.on('wall:events', onEvents);
    socket.on('wall:reset', onReset);
    this.removeHandlers = () => {
      stopWatching();
      socket.off('wall:event', onEvent);
      socket.off('wall:events', onEvents);
      socket.off('wall:reset', onReset);
    };
    // A shared socket may already be up: then no `connect` comes for this wall.
    if (socket.connected) this.subscribe();
  }

  /** The wall as last seen, or `undefined` before the first answer. */
  get state(): WallState | undefined {
    return this.current;
  }

  /** Visible posts, newest first. */
  get posts(): readonly Post[] {
    return this.current?.posts ?? [];
  }

  /** Connection state; changes are announced by the `status` event. */
  get status(): ConnectionState {
    return this.connection;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof WallEvents>(type: K, listener: Listener<WallEvents[K]>): () => void {
    return this.listeners.on(type, listener);
  }

  /** Removes a listener added with {@linkcode Wall.on}. */
  off<K extends keyof WallEvents>(type: K, listener: Listener<WallEvents[K]>): void {
    this.listeners.off(type, listener);
  }

  /** Stops receiving events and releases the connection. No event follows the `closed` status. */
  close(): void {
    if (this.connection === ConnectionState.Closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.pending = undefined;
    this.setStatus(ConnectionState.Closed);
    this.detach();
  }

  /**
   * Leaves the socket: the wall's handlers go, the server stops sending its events (unless another
   * wall of the same tag shares the socket, see {@linkcode acquireSocket}).
   */
  private detach(): void {
    this.removeHandlers();
    this.release();
  }

  private get stopped(): boolean {
    return this.connection === ConnectionState.Closed || this.connection === ConnectionState.Failed;
  }

  private emit<K extends keyof WallEvents>(type: K, payload: WallEvents[K]): void {
    // A listener may close the wall while an answer is being folded: nothing after that.
    if (this.connection === ConnectionState.Closed && type !== 'status') return;
    this.listeners.emit(type, payload);
  }

  private setStatus(state: ConnectionState, extra: Omit<StatusChange, 'state' | 'previous'> = {}): void {
    const previous = this.connection;
    if (previous === state && !extra.error) return;
    // Closed is final, even when close() was called by a listener in the middle of an answer.
    if (previous === ConnectionState.Closed) return;
    this.connection = state;
    this.emit('status', { state, previous, ...extra });
  }

  /** The connection could not be made: says why, and counts the attempt. */
  private notConnected(error: WallError): void {
    this.emit('error', error);
    const next = this.everLive ? ConnectionState.Reconnecting : ConnectionState.Connecting;
    this.setStatus(next, { error, attempt: ++this.attempt });
  }

  private subscribe(fresh = false): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const since = !fresh && this.current ? { epoch: this.current.epoch, seq: this.current.seq } : undefined;
    const pending: WallEventMessage[] = [];
    this.pending = pending;
    const request = since ? { tag: this.tag, since, batch: true } : { tag: this.tag, batch: true };
    this.socket.emit('subscribe', request, (result) => {
      // A newer subscribe (reconnect, reset) superseded this one.
      if (this.pending !== pending) return;
      this.pending = undefined;
      this.onSubscribed(result, pending);
    });
  }

  private onSubscribed(result: SubscribeResult, buffered: WallEventMessage[]): void {
    if (this.stopped) return;
    if (!result.ok) {
      this.emit('error', result.error);
      if (isFatal(result.error.code)) {
        this.setStatus(ConnectionState.Failed, { error: result.error });
        this.detach();
        return;
      }
      // Rate limited or a server error: the socket is fine, so ask again later, backing off.
      const delay = Math.min(this.retryDelayMax, 250 * 2 ** this.retries++);
      this.retryTimer = setTimeout(() => this.subscribe(), delay);
      return;
    }
    this.retries = 0;
    let resumed: boolean;
    if (result.mode === 'snapshot') {
      this.replaceState(result.snapshot);
      resumed = false;
    } else {
      resumed = true;
      for (const event of result.events) {
        if (!this.fold(result.epoch, event)) return;
      }
    }
    if (this.stopped) return; // a listener closed the wall
    const wasLive = this.everLive;
    this.everLive = true;
    this.attempt = 0;
    this.setStatus(ConnectionState.Live, wasLive ? { resumed } : {});
    for (const message of buffered) this.onLiveEvent(message);
  }

  private onLiveEvent(message: WallEventMessage): void {
    if (normaliseTag(message.tag) !== this.tag) return;
    if (this.pending) {
      this.pending.push(message);
      return;
    }
    this.fold(message.epoch, message.event);
  }

  /** Applies one event in order; on a gap or an epoch change, asks the server again. */
  private fold(epoch: string, event: WallEvent): boolean {
    if (this.stopped) return false;
    const state = this.current;
    if (!state || state.epoch !== epoch) {
      this.subscribe(true);
      return false;
    }
    if (event.seq <= state.seq) return true; // already have it
    if (event.seq !== state.seq + 1) {
      this.subscribe();
      return false;
    }
    const next = applyEvent(state, event);
    this.current = next;
    this.emit('event', event);
    this.announce(state, next, event);
    this.emit('state', next);
    return true;
  }

  private announce(before: WallState, after: WallState, event: WallEvent): void {
    switch (event.type) {
      case 'post.added': {
        const post = after.posts.find((p) => p.id === event.post.id);
        if (post) this.emit('post', post);
        break;
      }
      case 'post.updated': {
        const post = after.posts.find((p) => p.id === event.id);
        if (post) this.emit('update', { post, patch: event.patch });
        return;
      }
      case 'post.removed':
        break;
      case 'wall.updated':
        break;
    }
    // Whatever left the state (removed, or pushed past maxPosts) is announced as removed.
    const added = event.type === 'post.added' ? event.post.id : undefined;
    for (const post of leftBehind(before.posts, after.posts, added)) this.emit('remove', post);
  }

  /** Replaces the whole state and announces the difference as post/update/remove events. */
  private replaceState(next: WallState): void {
    const before = new Map((this.current?.posts ?? []).map((p) => [p.id, p]));
    this.current = next;
    const after = new Set(next.posts.map((p) => p.id));
    for (const [id, post] of before) if (!after.has(id)) this.emit('remove', post);
    for (const post of [...next.posts].reverse()) {
      const old = before.get(post.id);
      if (!old) this.emit('post', post);
      else if (!sameMarks(old, post)) this.emit('update', { post, patch: marksOf(post) });
    }
    this.emit('state', next);
  }
}

/**
 * Connects to a wall and keeps {@linkcode Wall.state} current: a snapshot first, then live events;
 * after a reconnect, exactly the missed events (or a fresh snapshot if the server's log moved on).
 *
 * ```ts
 * const wall = connectWall({ server: 'https://wall.example.org', tag: 'askGMP' });
 * wall.on('post', (post) => console.log(post.author.handle, post.text));
 * ```
 */
export function connectWall(options: ConnectWallOptions): Wall {
  return new Wall(options);
}

/**
 * The posts of `before` that `after` no longer holds. Every event keeps the order of the posts it
 * does not add (the reducer filters, prepends and cuts), so one walk over both lists finds them,
 * without a set of 1,000 ids per event.
 */
function leftBehind(before: readonly Post[], after: readonly Post[], added: string | undefined): Post[] {
  const gone: Post[] = [];
  let j = after[0]?.id === added ? 1 : 0;
  for (const post of before) {
    if (post.id === added) continue; // re-added: it is at the head now
    if (j < after.length && after[j]!.id === post.id) j++;
    else gone.push(post);
  }
  return gone;
}

/** A post's display marks, each set: what a snapshot's `update` event carries as its patch. */
function marksOf(post: Post): PostPatch {
  return { pinned: post.pinned ?? false, highlighted: post.highlighted ?? false, answered: post.answered ?? false };
}

function sameMarks(a: Post, b: Post): boolean {
  const x = marksOf(a);
  const y = marksOf(b);
  return x.pinned === y.pinned && x.highlighted === y.highlighted && x.answered === y.answered;
}
