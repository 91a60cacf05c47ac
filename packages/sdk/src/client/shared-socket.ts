import { io, type Socket } from 'socket.io-client';
import type { ViewerClientEvents, ViewerServerEvents } from '../protocol/messages.js';

export type ViewerSocket = Socket<ViewerServerEvents, ViewerClientEvents>;

export interface SocketOptions {
  forceNew: boolean;
  reconnectionDelayMax: number;
  path: string;
}

interface Entry {
  socket: ViewerSocket;
  users: number;
  /** How many of its users follow each wall (by canonical tag). */
  tags: Map<string, number>;
}

/** One viewer connection per relay URL, shared by every wall on it unless a wall asks for its own. */
const shared = new Map<string, Entry>();

/**
 * Takes a viewer socket for `url` to follow the wall `tag` (canonical): the shared one (created on
 * first use) or, with `forceNew`, a private one. Returns the socket and the function that gives it
 * back. Giving it back leaves the wall's room on the server only when no other user of the socket
 * follows the same wall (two walls of one tag on one page share the room, and the relay knows
 * only the socket), and closes the connection when its last user gives it back.
 */
export function acquireSocket(
  url: string,
  tag: string,
  options: SocketOptions,
): { socket: ViewerSocket; release: () => void } {
  const open = (): ViewerSocket =>
    io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelayMax: options.reconnectionDelayMax,
      path: options.path,
    });
  if (options.forceNew) {
    const socket = open();
    return {
      socket,
      // Disconnecting leaves every room.
      release: () => {
        cancelReconnect(socket);
        socket.disconnect();
      },
    };
  }
  const key = `${url}\u0000${options.path}`;
  let entry = shared.get(key);
  if (!entry) shared.set(key, (entry = { socket: open(), users: 0, tags: new Map() }));
  entry.users++;
  entry.tags.set(tag, (entry.tags.get(tag) ?? 0) + 1);
  const held = entry;
  let released = false;
  return {
    socket: held.socket,
    release: () => {
      if (released) return;
      released = true;
      const following = (held.tags.get(tag) ?? 1) - 1;
      if (following > 0) held.tags.set(tag, following);
      else held.tags.delete(tag);
      if (--held.users > 0) {
        if (following === 0 && held.socket.connected) held.socket.emit('unsubscribe', { tag }, () => {});
        return;
      }
      shared.delete(key);
      cancelReconnect(held.socket);
      held.socket.disconnect();
    },
  };
}

const pendingReconnects = new WeakMap<ViewerSocket, ReturnType<typeof setTimeout>>();

/**
 * Connects `socket` again after `delayMs`, once however many walls share it. socket.io does not
 * retry by itself when the relay refused the connection (its connection budget), so we do, when
 * the relay says it is worth it.
 */
export function reconnectLater(socket: ViewerSocket, delayMs: number): void {
  if (pendingReconnects.has(socket)) return;
  pendingReconnects.set(
    socket,
    setTimeout(() => {
      pendingReconnects.delete(socket);
      if (!socket.connected && socket.active === false) socket.connect();
    }, delayMs),
  );
}

/** Cancels a {@linkcode reconnectLater} that has not run yet. */
export function cancelReconnect(socket: ViewerSocket): void {
  clearTimeout(pendingReconnects.get(socket));
  pendingReconnects.delete(socket);
}
