import type { Post, StatusChange, WallError } from '@chat-wall/sdk';

const init: EventInit = { bubbles: true, composed: true };

/** Fired when the wall's connection changes state (connecting, live, reconnecting, failed, closed). */
export class ChatWallStatusEvent extends Event {
  static readonly eventName = 'chat-wall-status';
  constructor(readonly change: StatusChange) {
    super(ChatWallStatusEvent.eventName, init);
  }
}

/** Fired when something went wrong: unknown wall, unreachable server, bad attributes. */
export class ChatWallErrorEvent extends Event {
  static readonly eventName = 'chat-wall-error';
  constructor(readonly error: WallError) {
    super(ChatWallErrorEvent.eventName, init);
  }
}

/** Fired when a post appears on the wall (live, or found in a fresh snapshot). */
export class ChatWallPostEvent extends Event {
  static readonly eventName = 'chat-wall-post';
  constructor(readonly post: Post) {
    super(ChatWallPostEvent.eventName, init);
  }
}

declare global {
  // Global: the events bubble and are composed, so documents and windows see them too.
  interface GlobalEventHandlersEventMap {
    'chat-wall-status': ChatWallStatusEvent;
    'chat-wall-error': ChatWallErrorEvent;
    'chat-wall-post': ChatWallPostEvent;
  }
}
