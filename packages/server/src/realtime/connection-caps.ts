import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Metrics } from '../metrics.js';
import { clientAddress, compileTrustProxy, type TrustProxy } from './client-address.js';
import type { SharedConnections } from './shared-connections.js';

export interface ConnectionCapsOptions {
  /** Open connections one client address may hold at once (every namespace together). */
  perAddress: number;
  /** Open connections the relay holds at once, from everyone. */
  overall: number;
  /** Which proxies may name the client; see {@linkcode TrustProxy}. */
  trustProxy: TrustProxy;
  /**
   * In a cluster: the per-address cap counts every relay's connections ({@linkcode SharedConnections}).
   * The overall cap stays this relay's own: it protects this process.
   */
  shared?: SharedConnections;
}

/** Why a connection was refused; engine.io sends it as the message of its `403` answer. */
export const CapRefusal = {
  PerAddress: 'Too many open connections from this address.',
  Overall: 'The relay is at its connection limit; try again later.',
} as const;
export type CapRefusal = (typeof CapRefusal)[keyof typeof CapRefusal];

/**
 * Caps concurrent connections at the engine, before any namespace (`/walls`, `/moderate`, `/`) is
 * reached: per client address (IPv6 per /56) and overall. Installed as engine.io's `allowRequest`,
 * which runs for every new connection's handshake; the relay speaks WebSocket only, so one admitted
 * request is one TCP connection, released when that connection closes, whatever happens between.
 * In a cluster the per-address count is the cluster's (see {@linkcode ConnectionCapsOptions.shared}).
 */
export class ConnectionCaps {
  private readonly open = new Map<string, number>();
  private total = 0;
  private readonly trust;

  constructor(
    private readonly options: ConnectionCapsOptions,
    private readonly metrics?: Metrics,
  ) {
    this.trust = compileTrustProxy(options.trustProxy);
  }

  /** engine.io's `allowRequest` hook. */
  readonly allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) => {
    const answer = (refusal: CapRefusal | undefined): void => {
      if (refusal) this.metrics?.clientErrors.inc({ code: 'connection_limit' });
      callback(refusal ?? null, refusal === undefined);
    };
    if (this.options.shared) this.admitShared(req, this.options.shared).then(answer, () => answer(CapRefusal.Overall));
    else answer(this.admit(req));
  };

  /** Connections open now on this relay from the address key `key` (tests). */
  openFrom(key: string): number {
    return this.options.shared ? this.options.shared.local(key) : (this.open.get(key) ?? 0);
  }

  /** Connections open now (tests, metrics). */
  get size(): number {
    return this.total;
  }

  private keyOf(req: IncomingMessage): string {
    return ipKeyGenerator(clientAddress({ address: req.socket.remoteAddress ?? '', headers: req.headers }, this.trust));
  }

  private async admitShared(req: IncomingMessage, shared: SharedConnections): Promise<CapRefusal | undefined> {
    if (this.total >= this.options.overall) return CapRefusal.Overall;
    const key = this.keyOf(req);
    this.total += 1;
    let closed = false;
    req.socket.once('close', () => {
      closed = true;
      this.total -= 1;
    });
    const { admitted, shared: counted } = await shared.admit(key, this.options.perAddress);
    if (admitted && !counted) this.metrics?.limitFallbacks.inc({ limit: 'connections' });
    if (!admitted) return CapRefusal.PerAddress;
    if (closed) shared.release(key);
    else req.socket.once('close', () => shared.release(key));
    return undefined;
  }

  private admit(req: IncomingMessage): CapRefusal | undefined {
    const key = this.keyOf(req);
    const mine = this.open.get(key) ?? 0;
    if (mine >= this.options.perAddress) return CapRefusal.PerAddress;
    if (this.total >= this.options.overall) return CapRefusal.Overall;
    this.open.set(key, mine + 1);
    this.total += 1;
    req.socket.once('close', () => {
      this.total -= 1;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    });
    return undefined;
  }
}
