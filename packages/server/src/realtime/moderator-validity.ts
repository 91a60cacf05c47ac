import type { Namespace, Socket } from 'socket.io';
import type { Moderator, TokenService } from '../auth/tokens.js';

/** Longest delay `setTimeout` takes (about 24.8 days); later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TokenWatchOptions {
  /**
   * How often every socket's token is looked up again, which catches revocations made on another
   * relay. @default 30000
   */
  recheckMs?: number;
}

/**
 * Keeps moderator sockets honest about their token: a revocation through this relay ends that
 * token's sockets at once, expiry ends a socket when it comes (a timer per socket), a periodic
 * re-check ends sockets whose token was revoked elsewhere, and {@linkcode TokenWatch.sweep} ends
 * the sockets of a room whose token has lapsed before anything is pushed to it.
 */
export class TokenWatch {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly nsp: Namespace,
    private readonly tokens: TokenService,
    private readonly moderatorOf: (socket: Socket) => Moderator | undefined,
    options: TokenWatchOptions = {},
  ) {
    tokens.onRevoke((ids) => {
      for (const socket of nsp.sockets.values()) {
        const id = moderatorOf(socket)?.id;
        if (id !== undefined && ids.includes(id)) socket.disconnect(true);
      }
    });
    this.timer = setInterval(() => void this.recheck(), options.recheckMs ?? 30_000).unref();
    nsp.on('connection', (socket: Socket) => this.armExpiry(socket));
  }

  /** Ends every socket in `room` whose token has expired; call before pushing to the room. */
  sweep(room: string): void {
    const ids = this.nsp.adapter.rooms.get(room);
    if (!ids) return;
    for (const id of [...ids]) {
      const socket = this.nsp.sockets.get(id);
      const moderator = socket && this.moderatorOf(socket);
      if (socket && moderator && this.tokens.expired(moderator)) socket.disconnect(true);
    }
  }

  /** Stops the periodic re-check. */
  close(): void {
    clearInterval(this.timer);
  }

  private armExpiry(socket: Socket): void {
    const moderator = this.moderatorOf(socket);
    if (!moderator) return;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (this.tokens.expired(moderator)) {
        socket.disconnect(true);
        return;
      }
      const left = Date.parse(moderator.expiresAt) - Date.now();
      timer = setTimeout(arm, Math.min(Math.max(left, 1000), MAX_TIMER_MS)).unref();
    };
    arm();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private async recheck(): Promise<void> {
    for (const socket of [...this.nsp.sockets.values()]) {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') continue;
      try {
        if (!(await this.tokens.stillValid(token))) socket.disconnect(true);
      } catch {
        // The store is failing: keep the socket; the next re-check tries again.
      }
    }
  }
}
