import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../../clock.js';
import { HttpStatusError, JitterBackoff } from '../retry.js';
import { upgradeRefusal, watchHeartbeat } from '../ws-watch.js';
import type { SourcePartHealth, SourceState } from '../source.js';
import { POST_COLLECTION } from './bluesky-payload.js';

/** A connection that answers no ping within this long is stalled. */
export const JETSTREAM_HEARTBEAT_MS = 30_000;
/** On a reconnect the cursor is moved back this far, so nothing on the edge of the drop is lost. */
export const REWIND_US = 5_000_000;
/** Frames larger than this are refused by the WebSocket (a post event is a few KB). */
const MAX_FRAME_BYTES = 256 * 1024;
const HANDSHAKE_TIMEOUT_MS = 15_000;

export interface JetstreamHandlers {
  /** A text frame (not yet parsed). */
  frame(raw: string): void;
  /** The cursor to resume from (Jetstream `time_us`), or `undefined` to start live. */
  cursor(): number | undefined;
  /** A retry was scheduled, for metrics. */
  retry(reason: string): void;
}

export interface JetstreamConnectionOptions {
  /** Jetstream base URLs (`wss://host`); on a failure the next one is tried. */
  urls: readonly string[];
  clock: Clock;
  logger: Logger;
  random?: () => number;
  handlers: JetstreamHandlers;
}

/**
 * The one WebSocket to Jetstream (`/subscribe?wantedCollections=app.bsky.feed.post`). Resumes
 * from the cursor moved back a few seconds (the source drops what it has seen), pings to find a
 * stalled connection, and on any failure fails over to the next host after a jittered backoff.
 */
export class JetstreamConnection {
  private ws: WebSocket | undefined;
  private timer: TimerHandle | undefined;
  private stopHeartbeat: (() => void) | undefined;
  private stopped = true;
  private index = 0;
  private readonly backoff: JitterBackoff;
  private readonly parts: Map<string, SourcePartHealth>;
  /** Connections opened (tests and health). */
  connects = 0;

  constructor(private readonly options: JetstreamConnectionOptions) {
    this.backoff = new JitterBackoff({ initialMs: 1_000, maxMs: 120_000 }, options.random);
    this.parts = new Map(options.urls.map((u) => [u, { name: new URL(u).host, state: 'idle' as SourceState }]));
  }

  get current(): string {
    return this.options.urls[this.index]!;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.timer);
    this.stopHeartbeat?.();
    const ws = this.ws;
    this.ws = undefined;
    ws?.terminate();
    for (const part of this.parts.values()) part.state = 'stopped';
  }

  health(): SourcePartHealth[] {
    return [...this.parts.values()].map((p) => ({ ...p }));
  }

  /** The URL of the next connection, with the wanted collection and the cursor moved back. */
  subscribeUrl(): URL {
    const url = new URL('/subscribe', this.current);
    url.searchParams.append('wantedCollections', POST_COLLECTION);
    const cursor = this.options.handlers.cursor();
    if (cursor !== undefined) url.searchParams.set('cursor', String(Math.max(1, cursor - REWIND_US)));
    return url;
  }

  private part(): SourcePartHealth {
    return this.parts.get(this.current)!;
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.subscribeUrl(), {
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      maxPayload: MAX_FRAME_BYTES,
    });
    this.ws = ws;
    this.connects++;
    ws.on('open', () => {
      if (this.ws !== ws) return;
      Object.assign(this.part(), { state: 'running', detail: 'connected' });
      this.backoff.reset();
      this.stopHeartbeat = watchHeartbeat(ws, this.options.clock, JETSTREAM_HEARTBEAT_MS, () =>
        this.failed(ws, new Error(`stalled (no answer to a ping in ${JETSTREAM_HEARTBEAT_MS / 1000} s)`)),
      );
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      // Binary frames would be zstd-compressed events, which the relay does not ask for.
      this.options.handlers.frame(isBinary ? '' : String(data));
    });
    ws.on('unexpected-response', (_req, res) => {
      ws.terminate();
      this.failed(
        ws,
        upgradeRefusal(res, this.options.clock.now(), (status) => `refused (HTTP ${status})`),
      );
    });
    ws.on('error', (err) => this.failed(ws, err));
    ws.on('close', () => this.failed(ws, new Error('connection closed')));
  }

  /** The connection `ws` ended (each reports once): note why, move to the next host, retry later. */
  private failed(ws: WebSocket, err: unknown): void {
    if (this.ws !== ws || this.stopped) return;
    this.ws = undefined;
    this.stopHeartbeat?.();
    const wait = err instanceof HttpStatusError ? err.retryAfterMs : undefined;
    const delay = Math.max(wait ?? 0, this.backoff.next());
    const reason = err instanceof Error ? err.message : String(err);
    Object.assign(this.part(), { state: 'backoff', detail: reason });
    this.options.handlers.retry(err instanceof HttpStatusError ? String(err.status) : 'network');
    const from = this.part().name;
    this.index = (this.index + 1) % this.options.urls.length;
    this.options.logger.warn(
      `bluesky: Jetstream ${from}: ${reason}; trying ${this.part().name} in ${Math.round(delay / 1000)} s`,
    );
    this.timer = this.options.clock.setTimeout(() => this.connect(), delay);
  }

  /** A short account of the connection for the source's health. */
  describe(): { state: SourceState; detail: string } {
    const part = this.part();
    if (this.ws && part.state === 'running') return { state: 'running', detail: `reading ${part.name}` };
    if (this.stopped) return { state: 'stopped', detail: 'stopped' };
    const last = [...this.parts.values()].find((p) => p.state === 'backoff');
    return {
      state: this.ws ? 'idle' : 'backoff',
      detail: this.ws
        ? `connecting to ${part.name}`
        : `${last ? `${last.name}: ${last.detail}; ` : ''}next ${part.name}`,
    };
  }
}
