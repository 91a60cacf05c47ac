// Entry of the embed bundle served at `/embed/chat-wall.js`: one self-contained module that
// defines <chat-wall> and talks to the server it was loaded from.
import { ChatWall } from './chat-wall.js';

// Set before defining: elements already in the page connect while they are upgraded.
ChatWall.defaultServer = new URL(import.meta.url).origin;
if (!customElements.get('chat-wall')) customElements.define('chat-wall', ChatWall);

export { ChatWall, Layout, Theme } from './chat-wall.js';
export { ChatWallErrorEvent, ChatWallPostEvent, ChatWallStatusEvent } from './events.js';
export { connectWall, ConnectionState, ErrorCode } from '@chat-wall/sdk';
export type { ConnectWallOptions, Post, StatusChange, Wall, WallError, WallState } from '@chat-wall/sdk';
