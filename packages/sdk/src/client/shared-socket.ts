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
}

/** One viewer connection per relay URL, shared by every wall on it unless a wall asks for its own. */
const shared = new Map<string, Entry>();

/**
 * Takes a viewer socket for `url`: the shared one (created on first use) or, with `forceNew`, a
 * private one. Returns the socket and the function that gives it back; the connection closes when
 * its last user gives it back.
 */
export function acquireSocket(url: string, options: SocketOptions): { socket: ViewerSocket; release: () => void } {
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
      release: () => {
        cancelReconnect(socket);
        socket.disconnect();
      },
    };
  }
  const key = `${url}\u0000${options.path}`;
  let entry = shared.get(key);
  if (!entry) shared.set(key, (entry = { socket: open(), users: 0 }));
  entry.users++;
  const held = entry;
  let released = false;
  return {
    socket: held.socket,
    release: () => {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
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
