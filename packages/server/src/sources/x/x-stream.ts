import { ETwitterStreamEvent, type TweetStream, type TwitterApiReadOnly } from 'twitter-api-v2';
import { Backoff, classify, DisconnectKind, STALL_TIMEOUT_MS, type StreamFailure } from './backoff.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { openFilteredStream } from './x-client.js';
import { describeXError } from './x-errors.js';

/** Where the stream connection is. */
export const StreamState = {
  Idle: 'idle',
  Connecting: 'connecting',
  Connected: 'connected',
  Backoff: 'backoff',
  /** Deliberately closed for a while (e.g. the day's read budget is spent). */
  Paused: 'paused',
  Stopped: 'stopped',
} as const;
export type StreamState = (typeof StreamState)[keyof typeof StreamState];

export interface StreamStatus {
  state: StreamState;
  /** Why it is not connected, in words a host can act on. */
  detail?: string;
  /** In backoff: milliseconds until the next attempt. */
  retryInMs?: number;
  /** In backoff: the rule that applies. */
  kind?: DisconnectKind;
}

export interface XStreamEvents {
  /** A line that parsed as JSON (a post, or an error message from X). */
  message(payload: unknown): void;
  /** A line that was not JSON: counted and skipped. */
  malformed(error: Error): void;
  /** Connected; `gap` is true when an earlier connection was lost (a backfill is due). */
  connected(gap: boolean): void;
  status(status: StreamStatus): void;
}

export interface XStreamOptions {
  client: TwitterApiReadOnly;
  clock: Clock;
  events: XStreamEvents;
  /** Runs before each connection attempt (rule sync); a failure counts as a failed attempt. */
  prepare?: () => Promise<void>;
  /** Silence after which a connection counts as stalled. @default STALL_TIMEOUT_MS */
  stallTimeoutMs?: number;
}

/**
 * One connection to X's filtered stream, kept up by X's reconnect rules: at once after an
 * established stream drops, linear backoff for network errors and stalls, exponential for HTTP
 * errors and from a minute for 429. There is never more than one connection or attempt at a time.
 */
export class XStream {
  private stream: TweetStream<unknown> | undefined;
  private timer: TimerHandle | undefined;
  private stallTimer: TimerHandle | undefined;
  private readonly backoff = new Backoff();
  private status: StreamStatus = { state: StreamState.Idle };
  private connectedAt = 0;
  private everConnected = false;
  /** Bumped on every connect/close so that late callbacks of an old connection do nothing. */
  private generation = 0;
  private readonly stallTimeoutMs: number;

  constructor(private readonly options: XStreamOptions) {
    this.stallTimeoutMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  }

  get state(): StreamState {
    return this.status.state;
  }

  current(): StreamStatus {
    return { ...this.status };
  }

  /** Connects now (from idle, paused or backoff). */
  start(): void {
    if (this.status.state === StreamState.Connecting || this.status.state === StreamState.Connected) return;
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    void this.connect();
  }

  /** Closes the connection and stays closed until {@linkcode XStream.start}. */
  pause(detail: string): void {
    this.close();
    this.setStatus({ state: StreamState.Paused, detail });
  }

  stop(): void {
    this.close();
    this.setStatus({ state: StreamState.Stopped });
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.setStatus({ state: StreamState.Connecting });
    let stream: TweetStream<unknown>;
    let step = 'the stream rules';
    try {
      await this.options.prepare?.();
      if (generation !== this.generation) return;
      step = 'the filtered stream';
      stream = await openFilteredStream(this.options.client);
    } catch (err) {
      if (generation !== this.generation) return;
      const { failure, message } = describeXError(err, step);
      this.retry(failure, message);
      return;
    }
    if (generation !== this.generation) {
      // Paused or stopped while connecting: never keep a second connection.
      stream.destroy();
      return;
    }
    this.stream = stream;
    capLineLength(stream, (error) => this.options.events.malformed(error));
    this.connectedAt = this.options.clock.now();
    const gap = this.everConnected;
    this.everConnected = true;
    const alive = (): void => this.armStallTimer(generation);
    stream.on(ETwitterStreamEvent.Data, (payload) => {
      alive();
      this.options.events.message(payload);
    });
    stream.on(ETwitterStreamEvent.DataError, (payload) => {
      alive();
      this.options.events.message(payload);
    });
    stream.on(ETwitterStreamEvent.DataKeepAlive, alive);
    stream.on(ETwitterStreamEvent.TweetParseError, (error: Error) => {
      alive();
      this.options.events.malformed(error);
    });
    stream.on(ETwitterStreamEvent.ConnectionError, () => this.lost(generation));
    stream.on(ETwitterStreamEvent.ConnectionClosed, () => this.lost(generation));
    this.armStallTimer(generation);
    this.setStatus({ state: StreamState.Connected });
    this.options.events.connected(gap);
  }

  /** The live connection ended (closed by X, network error or stall). */
  private lost(generation: number, failure?: StreamFailure): void {
    if (generation !== this.generation || this.status.state !== StreamState.Connected) return;
    const connectedForMs = this.options.clock.now() - this.connectedAt;
    this.close();
    const reason = failure ?? { type: 'dropped', connectedForMs };
    if (classify(reason) === DisconnectKind.Dropped) this.backoff.reset();
    const message =
      reason.type === 'stalled'
        ? `No data or keep-alive from X for ${Math.round(this.stallTimeoutMs / 1000)} s: reconnecting`
        : `The stream connection to X closed after ${Math.round(connectedForMs / 1000)} s`;
    this.retry(reason, message);
  }

  private retry(failure: StreamFailure, detail: string): void {
    const kind = classify(failure);
    const { delayMs } = this.backoff.next(kind);
    this.setStatus({ state: StreamState.Backoff, detail, retryInMs: delayMs, kind });
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.status.state === StreamState.Backoff) void this.connect();
    }, delayMs);
  }

  private armStallTimer(generation: number): void {
    this.options.clock.clearTimeout(this.stallTimer);
    this.stallTimer = this.options.clock.setTimeout(
      () => this.lost(generation, { type: 'stalled' }),
      this.stallTimeoutMs,
    );
  }

  private close(): void {
    this.generation++;
    this.options.clock.clearTimeout(this.timer);
    this.options.clock.clearTimeout(this.stallTimer);
    this.timer = undefined;
    this.stallTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    // destroy() drops the library's listeners first, so closing raises no events of its own.
    stream?.destroy();
  }

  private setStatus(status: StreamStatus): void {
    this.status = status;
    this.options.events.status({ ...status });
  }
}

/** The longest stream line taken, in characters; a post with all its expansions is far below. */
export const MAX_LINE_CHARS = 256 * 1024;

/** What {@linkcode capLineLength} needs of twitter-api-v2's line parser (not part of its typed API). */
interface LineParser {
  push(chunk: string): void;
  reset(): void;
  currentMessage: string;
}

/**
 * Bounds the line twitter-api-v2's parser holds. The parser scans the whole unfinished line again
 * on every network chunk, so one huge line (a misbehaving proxy) costs CPU quadratic in its length.
 * A line past {@linkcode MAX_LINE_CHARS} is dropped as malformed, and the rest of it up to its
 * `\r\n` is skipped as it arrives; the lines after it are read as usual.
 */
function capLineLength(stream: TweetStream<unknown>, malformed: (error: Error) => void): void {
  const parser = (stream as unknown as { parser?: LineParser }).parser;
  if (!parser || typeof parser.push !== 'function') return;
  const push = parser.push.bind(parser);
  let skipping = false;
  parser.push = (chunk: string) => {
    if (skipping) {
      const end = chunk.indexOf('\r\n');
      if (end < 0) return;
      skipping = false;
      chunk = chunk.slice(end + 2);
    }
    push(chunk);
    if (parser.currentMessage.length > MAX_LINE_CHARS) {
      parser.reset();
      skipping = true;
      malformed(new Error(`a stream line longer than ${MAX_LINE_CHARS} characters was skipped`));
    }
  };
}
