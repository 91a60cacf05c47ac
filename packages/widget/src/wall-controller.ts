import {
  connectWall,
  ConnectionState,
  ErrorCode,
  isValidTag,
  normaliseTag,
  type ConnectWallOptions,
  type StatusChange,
  type Wall,
  type WallError,
  type WallState,
} from '@chat-wall/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatWallErrorEvent, ChatWallPostEvent, ChatWallStatusEvent } from './events.js';

/** Which wall to show: the relay's base URL and the wall's tag. */
export interface WallTarget {
  server: string;
  tag: string;
}

/** How the controller opens a wall; tests and custom builds may pass their own. */
export type WallConnector = (options: ConnectWallOptions) => Wall;

/**
 * Binds an SDK {@linkcode Wall} to an element's lifecycle: connects when the host is connected
 * (and again whenever the target's `server` or `tag` changes), closes when it is disconnected,
 * re-renders the host on every state or status change and re-dispatches them as DOM events.
 */
export class WallController implements ReactiveController {
  /** The open wall, if any. */
  wall: Wall | undefined;
  /** The wall's latest state; kept after a disconnect so the last posts stay visible. */
  state: WallState | undefined;
  /** `idle` while there is no target to connect to. */
  status: ConnectionState | 'idle' = 'idle';
  /** Why the wall is not live, when known; cleared when it goes live. */
  error: WallError | undefined;
  /** Reconnect attempt while the server cannot be reached. */
  attempt: number | undefined;

  private key = '';
  private attached = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly target: () => WallTarget | undefined,
    private readonly connect: WallConnector = connectWall,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.attached = true;
    this.sync();
  }

  /** Runs before each render: picks up `server` / `tag` changes. */
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.attached = false;
    this.sync();
  }

  private sync(): void {
    const target = this.attached ? this.target() : undefined;
    const tag = target ? normaliseTag(target.tag) : '';
    const key = target && tag ? `${target.server}\n${tag}` : '';
    if (key === this.key) return;
    this.release();
    this.key = key;
    if (!target || !tag) {
      this.status = this.state ? ConnectionState.Closed : 'idle';
      return;
    }
    this.state = undefined;
    this.error = undefined;
    this.attempt = undefined;
    const problem = checkTarget(target);
    if (problem) return this.fail(problem);
    // Each element gets its own connection: closing one wall must never cut another's stream.
    const wall = this.connect({ server: target.server, tag, forceNew: true });
    this.wall = wall;
    this.status = wall.status;
    this.unsubscribe = [
      wall.on('state', (state) => {
        this.state = state;
        this.host.requestUpdate();
      }),
      wall.on('status', (change) => this.onStatus(change)),
      wall.on('error', (error) => {
        this.error = error;
        this.host.dispatchEvent(new ChatWallErrorEvent(error));
        this.host.requestUpdate();
      }),
      wall.on('post', (post) => {
        // The SDK announces a post before its `state` event: render listeners' view of it too.
        this.state = wall.state;
        this.host.requestUpdate();
        this.host.dispatchEvent(new ChatWallPostEvent(post));
      }),
    ];
  }

  private onStatus(change: StatusChange): void {
    this.status = change.state;
    this.attempt = change.attempt;
    if (change.state === ConnectionState.Live) this.error = undefined;
    else if (change.error) this.error = change.error;
    this.host.dispatchEvent(new ChatWallStatusEvent(change));
    this.host.requestUpdate();
  }

  /** Refuses a target without connecting, with the same events a server refusal gives. */
  private fail(error: WallError): void {
    const previous = this.status === 'idle' ? ConnectionState.Connecting : this.status;
    this.error = error;
    this.status = ConnectionState.Failed;
    this.host.dispatchEvent(new ChatWallErrorEvent(error));
    this.host.dispatchEvent(new ChatWallStatusEvent({ state: ConnectionState.Failed, previous, error }));
    this.host.requestUpdate();
  }

  private release(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
    this.wall?.close();
    this.wall = undefined;
  }
}

function checkTarget({ server, tag }: WallTarget): WallError | undefined {
  if (!isValidTag(tag)) {
    return {
      code: ErrorCode.BadRequest,
      field: 'tag',
      message: `"${tag}" is not a hashtag: use letters, digits and underscores.`,
    };
  }
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return {
      code: ErrorCode.BadRequest,
      field: 'server',
      message: `"${server}" is not an http(s) URL of a wall server.`,
    };
  }
  return undefined;
}
