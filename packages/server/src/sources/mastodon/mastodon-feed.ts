import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { z } from 'zod';
import type { Store } from '../../store/store.js';
import { HttpStatusError, JitterBackoff, retryAfterMs } from '../retry.js';
import { upgradeRefusal, watchHeartbeat } from '../ws-watch.js';
import type { SourceState } from '../source.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { frameSchema, statusSchema, type MastodonStatus } from './mastodon-payload.js';

/** Statuses per timeline page (Mastodon's maximum). */
const PAGE = 40;
/** Pages read per catch-up at most; the rest waits for the next poll. */
const MAX_PAGES = 5;
/** Statuses fetched on the very first read of a tag (no cursor yet). */
const FIRST_READ = 20;
/** A stream that answers no ping within this long is stalled. */
export const HEARTBEAT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;

export interface FeedEvents {
  /** A status for the wall; resolves once ingest has recorded it (or at once when it takes no part). */
  status(status: MastodonStatus): Promise<void>;
  /** A `delete` event: the instance's local id of a deleted status. */
  deleted(localId: string): void;
  malformed(reason: string): void;
  /** A retry was scheduled, for metrics. */
  retry(reason: string): void;
}

export interface FeedOptions {
  /** Base URL of the instance (`https://host`). */
  base: string;
  host: string;
  tag: string;
  token: string | undefined;
  /** Streaming base URL from `GET /api/v2/instance`; polling only without it. */
  streamingUrl: string | undefined;
  pollMs: number;
  clock: Clock;
  store: Store;
  logger: Logger;
  random?: () => number;
  events: FeedEvents;
}

/** Compares Mastodon ids (decimal snowflakes of any length) numerically. */
export function compareStatusIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * One hashtag on one instance: streams it (`/api/v1/streaming?stream=hashtag&tag=`) when the
 * relay has a token, else polls `/api/v1/timelines/tag/:tag`. After every (re)connect and on
 * every poll it reads the timeline from the last id seen (stored), so drops and restarts lose
 * nothing. Failures back off with jitter; a 429 waits for the reset the instance names.
 */
export class MastodonFeed {
  state: SourceState = 'idle';
  detail: string | undefined;
  private ws: WebSocket | undefined;
  private timer: TimerHandle | undefined;
  private stopHeartbeat: (() => void) | undefined;
  private stopped = false;
  private tokenRefused = false;
  private cursor: string | undefined;
  /** The cursor last handed to the store (it trails `cursor` until what was read is recorded). */
  private savedCursor: string | undefined;
  private catching: Promise<void> | undefined;
  private readonly backoff: JitterBackoff;

  constructor(private readonly options: FeedOptions) {
    this.backoff = new JitterBackoff({ initialMs: 2_000, maxMs: 300_000 }, options.random);
  }

  get cursorKey(): string {
    return `mastodon:${this.options.host}:${this.options.tag}:newest-id`;
  }

  async start(): Promise<void> {
    this.cursor = this.savedCursor = await this.options.store.getCursor(this.cursorKey);
    if (this.stopped) return;
    if (this.streams()) this.connect();
    else void this.poll();
  }

  stop(): void {
    this.stopped = true;
    this.state = 'stopped';
    this.options.clock.clearTimeout(this.timer);
    this.stopHeartbeat?.();
    const ws = this.ws;
    this.ws = undefined;
    ws?.terminate();
  }

  /** Resolves when the catch-up in progress (if any) is done. */
  async settled(): Promise<void> {
    await this.catching;
  }

  private streams(): boolean {
    return Boolean(this.options.token && this.options.streamingUrl && !this.tokenRefused);
  }

  private connect(): void {
    const { streamingUrl, tag, token } = this.options;
    const url = new URL('/api/v1/streaming', streamingUrl);
    url.searchParams.set('stream', 'hashtag');
    url.searchParams.set('tag', tag);
    this.state = this.state === 'backoff' ? 'backoff' : 'running';
    const ws = new WebSocket(url, {
      headers: { Authorization: `Bearer ${token ?? ''}` },
      handshakeTimeout: REQUEST_TIMEOUT_MS,
      maxPayload: 1024 * 1024,
    });
    this.ws = ws;
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.state = 'running';
      this.detail = undefined;
      this.backoff.reset();
      this.stopHeartbeat = watchHeartbeat(ws, this.options.clock, HEARTBEAT_MS, () =>
        this.failed(ws, new Error(`stream stalled (no answer to a ping in ${HEARTBEAT_MS / 1000} s)`)),
      );
      // The stream only carries what is posted from now on: read what came since the last id.
      void this.catchUp().catch((err: unknown) => this.options.logger.warn({ err }, this.describe(err, 'catch-up')));
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws === ws) this.onFrame(isBinary ? '' : String(data));
    });
    ws.on('unexpected-response', (_req, res) => {
      ws.terminate();
      this.failed(
        ws,
        upgradeRefusal(res, this.options.clock.now(), (status) => `streaming refused (HTTP ${status})`),
      );
    });
    ws.on('error', (err) => this.failed(ws, err));
    ws.on('close', () => this.failed(ws, new Error('stream closed')));
  }

  /** The stream `ws` ended; each connection reports its end once. */
  private failed(ws: WebSocket, err: unknown): void {
    if (this.ws !== ws || this.stopped) return;
    this.ws = undefined;
    this.stopHeartbeat?.();
    if (err instanceof HttpStatusError && (err.status === 401 || err.status === 403)) {
      // Public timelines are readable without a token on most instances: keep reading, and say why.
      this.tokenRefused = true;
      this.detail = `the access token was refused (HTTP ${err.status}); reading by polling instead`;
      this.options.logger.error(`mastodon ${this.options.host}: ${this.detail}`);
      this.options.events.retry('auth');
      void this.poll();
      return;
    }
    const wait = err instanceof HttpStatusError ? err.retryAfterMs : undefined;
    const delay = Math.max(wait ?? 0, this.backoff.next());
    this.state = 'backoff';
    this.detail = `${this.describe(err, 'stream')}; reconnecting in ${Math.round(delay / 1000)} s`;
    this.options.logger.warn(`mastodon ${this.options.host} #${this.options.tag}: ${this.detail}`);
    this.options.events.retry(err instanceof HttpStatusError ? String(err.status) : 'network');
    this.timer = this.options.clock.setTimeout(() => this.connect(), delay);
  }

  private onFrame(raw: string): void {
    let frame: z.infer<typeof frameSchema>;
    try {
      frame = frameSchema.parse(JSON.parse(raw));
    } catch {
      this.options.events.malformed('a streaming frame that is not a JSON event');
      return;
    }
    if (frame.event === 'update') {
      let status: MastodonStatus;
      try {
        status = statusSchema.parse(JSON.parse(frame.payload ?? ''));
      } catch {
        this.options.events.malformed('an update whose payload is not a status');
        return;
      }
      this.deliver([status]);
    } else if (frame.event === 'delete' && frame.payload && /^[\w-]{1,100}$/.test(frame.payload)) {
      this.options.events.deleted(frame.payload);
    }
    // Edits (`status.update`), filters and notifications do not change what a wall shows.
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    let delay = this.options.pollMs;
    try {
      const waitForReset = await this.catchUp();
      if (this.stopped) return;
      this.state = 'running';
      if (!this.tokenRefused) this.detail = undefined;
      this.backoff.reset();
      delay = Math.max(delay, waitForReset ?? 0);
    } catch (err) {
      if (this.stopped) return;
      const wait = err instanceof HttpStatusError ? err.retryAfterMs : undefined;
      delay = Math.max(wait ?? 0, this.backoff.next());
      this.state = 'backoff';
      this.detail = `${this.describe(err, 'timeline')}; retrying in ${Math.round(delay / 1000)} s`;
      this.options.logger.warn(`mastodon ${this.options.host} #${this.options.tag}: ${this.detail}`);
      this.options.events.retry(err instanceof HttpStatusError ? String(err.status) : 'network');
    }
    this.timer = this.options.clock.setTimeout(() => void this.poll(), delay);
  }

  /**
   * Reads the tag's timeline from the stored cursor forward and delivers it oldest first; one
   * catch-up at a time. Resolves with how long to wait when the instance's rate limit is spent.
   */
  catchUp(): Promise<number | undefined> {
    const run = this.readForward();
    this.catching = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async readForward(): Promise<number | undefined> {
    await this.catching;
    let waitForReset: number | undefined;
    for (let page = 0; page < MAX_PAGES && !this.stopped; page++) {
      const since = this.cursor;
      const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(this.options.tag)}`, this.options.base);
      url.searchParams.set('limit', String(since ? PAGE : FIRST_READ));
      if (since) url.searchParams.set('min_id', since);
      const res = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(this.options.token && !this.tokenRefused ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const now = this.options.clock.now();
      if (!res.ok) {
        await res.body?.cancel();
        throw new HttpStatusError(res.status, `HTTP ${res.status}`, retryAfterMs(res.headers, now));
      }
      // A spent rate limit: the next read waits for its reset.
      if (res.headers.get('x-ratelimit-remaining') === '0') waitForReset = retryAfterMs(res.headers, now);
      const body: unknown = await res.json().catch(() => undefined);
      if (!Array.isArray(body)) {
        this.options.events.malformed('a timeline answer that is not a list');
        return waitForReset;
      }
      const statuses: MastodonStatus[] = [];
      for (const item of body) {
        const parsed = statusSchema.safeParse(item);
        if (parsed.success) statuses.push(parsed.data);
        else this.options.events.malformed('a timeline entry that is not a status');
      }
      this.deliver(statuses);
      if (!since || body.length < PAGE || waitForReset !== undefined) break;
    }
    return waitForReset;
  }

  /**
   * Hands statuses on oldest first. The read position moves to the newest at once; the stored
   * cursor only once all of them are recorded, so a relay killed in between reads them again on
   * its next start (the walls drop repeats) rather than skipping them.
   */
  private deliver(statuses: MastodonStatus[]): void {
    statuses.sort((a, b) => compareStatusIds(a.id, b.id));
    const recorded = statuses.map((status) => this.options.events.status(status));
    const newest = statuses[statuses.length - 1]?.id;
    if (newest && (!this.cursor || compareStatusIds(newest, this.cursor) > 0)) {
      this.cursor = newest;
      void Promise.all(recorded).then(() => this.saveCursor(newest));
    }
  }

  private saveCursor(id: string): void {
    if (this.savedCursor && compareStatusIds(id, this.savedCursor) <= 0) return;
    this.savedCursor = id;
    this.options.store.setCursor(this.cursorKey, id).catch((err: unknown) => {
      this.options.logger.warn({ err }, `mastodon: could not save ${this.cursorKey}`);
    });
  }

  private describe(err: unknown, what: string): string {
    if (err instanceof HttpStatusError) {
      return err.status === 429 ? `${what}: rate limited (HTTP 429)` : `${what}: ${err.message}`;
    }
    const message = err instanceof Error ? err.message : String(err);
    return `${what}: ${message}`;
  }
}
