import { io, type Socket } from 'socket.io-client';
import { ErrorCode, type WallError } from '../protocol/errors.js';
import {
  MODERATOR_NAMESPACE,
  PostAction,
  type AuditEntry,
  type ModeratedPost,
  type ModerationSettings,
  type ListRequest,
  type ModerationSettingsPatch,
  type ModeratorClientEvents,
  type ModeratorProfile,
  type ModeratorServerEvents,
  type WallSummary,
  type AuditExportFormat,
  type PostActionRequest,
  type PostActionResult,
  type PostStatus,
  type QueueChange,
} from '../protocol/moderation.js';
import type { ProducerProgram, ProgramRequest } from '../protocol/program.js';
import type { SourceHealth } from '../protocol/sources.js';
import {
  QuestionAction,
  type QuestionActionRequest,
  type QuestionsRequest,
  type SessionInput,
  type SessionInsights,
  type SessionPatch,
  type SessionSpend,
} from '../protocol/qa.js';
import type { Session } from '../protocol/session.js';
import { ConnectionState } from '../client/connection-state.js';
import { ChatWallError } from '../client/errors.js';
import { Listeners, type Listener } from '../client/listeners.js';
import { relayFetch, relayJson } from '../client/rest.js';
import { watchConnection } from '../client/socket-lifecycle.js';
import { normaliseTag } from '../protocol/tag.js';

export interface ConnectModeratorOptions {
  /** Base URL of the relay, e.g. `https://wall.example.org`. */
  server: string;
  /** A moderator token minted by the relay's admin (`POST /api/admin/tokens`). */
  token: string;
  /**
   * How long a request may wait for its answer, in ms.
   * @default 10000
   */
  timeout?: number;
  /**
   * Use a connection of its own rather than one shared per server.
   * @default true
   */
  forceNew?: boolean;
  /**
   * Upper bound of the reconnect backoff, in ms.
   * @default 10000
   */
  reconnectionDelayMax?: number;
  /**
   * socket.io path on the server.
   * @default '/socket.io'
   */
  path?: string;
}

/**
 * Connection states of a moderator client: the same vocabulary as a wall's ({@linkcode ConnectionState}).
 * `live`: connected with an accepted token; `reconnecting`: lost, retrying (walls joined before are
 * joined again); `failed`: the relay refused the token (see the `error` event), no retry.
 */
export const ModeratorState = ConnectionState;
export type ModeratorState = ConnectionState;

/** What joining a wall answers: its canonical tag, its settings and its held queue (oldest first). */
export interface JoinedWall {
  tag: string;
  settings: ModerationSettings;
  queue: ModeratedPost[];
}

/** Events of a {@linkcode ModeratorClient}, each with one payload. */
export interface ModeratorEvents {
  /**
   * A wall joined before a reconnect was joined again: its settings and held queue as they are
   * now. Queue pushes sent while the connection was down are lost, so this queue replaces the
   * one a client kept.
   */
  rejoined: JoinedWall;
  /** A post was held, or a decision changed a post, on a joined wall. */
  queue: QueueChange;
  /** Any audited action on a joined wall, by any moderator (this client's own included). */
  audit: AuditEntry;
  /** A joined wall's settings changed. */
  settings: { tag: string; settings: ModerationSettings };
  /** A joined wall's program changed (take, clear, rundown, auto mode), by anyone. */
  program: ProducerProgram;
  /** An audience question on a joined wall entered the queue or changed (state, assignee, answer). */
  question: { tag: string; question: ModeratedPost };
  /** The connection changed state. */
  status: { state: ModeratorState; error?: WallError };
  /** A refusal of the connection (bad or expired token), a lost connection, or a wall that could not be joined again. */
  error: WallError;
}

/** Options of one decision: the status the moderator saw, and a note for the audit log. */
export interface ActionOptions {
  expected?: PostStatus;
  reason?: string;
}

/**
 * A moderator's connection to a relay: live queue and decisions of the walls it joins, and every
 * moderation action. Create with {@linkcode connectModerator}. Requests resolve with the result or
 * reject with a {@linkcode ChatWallError}.
 */
export class ModeratorClient {
  private readonly socket: Socket<ModeratorServerEvents, ModeratorClientEvents>;
  private readonly listeners = new Listeners<ModeratorEvents>();
  private readonly joined = new Set<string>();
  private readonly timeout: number;
  private readonly server: string;
  private readonly token: string;
  private connection: ModeratorState = ModeratorState.Connecting;

  constructor(options: ConnectModeratorOptions) {
    this.timeout = options.timeout ?? 10_000;
    this.server = options.server;
    this.token = options.token;
    this.socket = io(new URL(MODERATOR_NAMESPACE, options.server).toString(), {
      transports: ['websocket'],
      auth: { token: options.token },
      forceNew: options.forceNew ?? true,
      reconnectionDelayMax: options.reconnectionDelayMax ?? 10_000,
      path: options.path ?? '/socket.io',
    });
    watchConnection(this.socket, options.server, {
      connected: () => {
        const rejoin = this.connection === ModeratorState.Reconnecting;
        this.setState(ModeratorState.Live);
        if (rejoin) for (const tag of this.joined) void this.rejoin(tag);
      },
      lost: (error) => {
        if (this.connection === ModeratorState.Closed || this.connection === ModeratorState.Failed) return false;
        this.setState(ModeratorState.Reconnecting, error);
        return true;
      },
      refused: ({ retryInMs: _retryInMs, ...error }) => {
        // Refused by the relay (token): retrying cannot help.
        this.emit('error', error);
        this.setState(ModeratorState.Failed, error);
        this.socket.disconnect();
      },
      unreachable: (error) => this.emit('error', error),
    });
    this.socket.on('mod:queue', (change) => this.emit('queue', change));
    this.socket.on('mod:audit', (entry) => this.emit('audit', entry));
    this.socket.on('mod:settings', (message) => this.emit('settings', message));
    this.socket.on('mod:program', (program) => this.emit('program', program));
    this.socket.on('mod:question', (message) => this.emit('question', message));
  }

  /** Connection state; changes are announced by the `status` event. */
  get state(): ModeratorState {
    return this.connection;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof ModeratorEvents>(type: K, listener: Listener<ModeratorEvents[K]>): () => void {
    return this.listeners.on(type, listener);
  }

  /** Starts the live feed of a wall; resolves with its settings and held queue (oldest first). */
  async join(tag: string): Promise<JoinedWall> {
    const result = await this.request('join', { tag });
    this.joined.add(result.tag);
    return { tag: result.tag, settings: result.settings, queue: result.queue };
  }

  /** Stops the wall's live feed; it is not joined again after a reconnect. */
  async leave(tag: string): Promise<void> {
    await this.request('leave', { tag });
    this.joined.delete(normaliseTag(tag));
  }

  /** Carries out one action on one post; see also the shorthands ({@linkcode approve}, …). */
  async act(request: PostActionRequest): Promise<ModeratedPost> {
    return (await this.request('act', request)).post;
  }

  approve = this.shorthand(PostAction.Approve);
  reject = this.shorthand(PostAction.Reject);
  /** Retracts a visible post from every screen. */
  remove = this.shorthand(PostAction.Remove);
  restore = this.shorthand(PostAction.Restore);
  pin = this.shorthand(PostAction.Pin);
  unpin = this.shorthand(PostAction.Unpin);
  highlight = this.shorthand(PostAction.Highlight);
  unhighlight = this.shorthand(PostAction.Unhighlight);
  answer = this.shorthand(PostAction.Answer);
  unanswer = this.shorthand(PostAction.Unanswer);

  /** Approves the given held posts, or the whole queue; one result per post. */
  async bulkApprove(tag: string, ids?: string[], reason?: string): Promise<PostActionResult[]> {
    return (await this.request('bulkApprove', { tag, ...(ids ? { ids } : {}), ...(reason ? { reason } : {}) })).results;
  }

  /** Bans an author (`<source>:<id>` or `@handle`); resolves with the ids of the posts taken down. */
  async ban(
    tag: string,
    author: string,
    reason?: string,
  ): Promise<{ settings: ModerationSettings; removed: string[] }> {
    const result = await this.request('ban', { tag, author, ...(reason ? { reason } : {}) });
    return { settings: result.settings, removed: result.removed };
  }

  /** Takes an author off the block list; resolves with the settings. Removed posts stay removed. */
  async unban(tag: string, author: string, reason?: string): Promise<ModerationSettings> {
    return (await this.request('unban', { tag, author, ...(reason ? { reason } : {}) })).settings;
  }

  /** A wall's mode and filters. */
  async settings(tag: string): Promise<ModerationSettings> {
    return (await this.request('getSettings', { tag })).settings;
  }

  /** Changes mode and filters; a bad value rejects with `bad_request` naming the `field`, and changes nothing. */
  async updateSettings(tag: string, settings: ModerationSettingsPatch): Promise<ModerationSettings> {
    return (await this.request('putSettings', { tag, settings })).settings;
  }

  /** Audit entries, newest first; page with `before` (an entry id). */
  async audit(tag: string, options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    return (await this.request('audit', { tag, ...options })).entries;
  }

  /**
   * Posts of one or more statuses, in arrival order or, with `order: 'decided'`, newest decision
   * first; page with `after` (the last post id of the previous page).
   */
  async list(
    tag: string,
    status: PostStatus | readonly PostStatus[],
    options: Omit<ListRequest, 'tag' | 'status'> = {},
  ): Promise<ModeratedPost[]> {
    return (await this.request('list', { tag, status, ...options })).posts;
  }

  /** A wall's program as producers see it: on air, rundown, auto mode. */
  async program(tag: string): Promise<ProducerProgram> {
    return (await this.request('getProgram', { tag })).program;
  }

  /**
   * One producer action (needs the `produce` role): `take`, `clear`, `next`, the rundown's `add`,
   * `remove`, `move`, or `auto`. With `expected` (the revision seen), a take that lost a race
   * rejects with `conflict` and the error's `program` says who won.
   */
  async produce(request: ProgramRequest): Promise<ProducerProgram> {
    return (await this.request('program', request)).program;
  }

  /** A wall's sessions, ascending by start. */
  async sessions(tag: string): Promise<Session[]> {
    return (await this.request('listSessions', { tag })).sessions;
  }

  /** Schedules a session; a bad time (end before start, overlap, over a year ahead) rejects naming the field. */
  async createSession(tag: string, session: SessionInput): Promise<Session> {
    return (await this.request('createSession', { tag, session })).session;
  }

  /** Changes a session's title, description or times (an ended session's times are fixed). */
  async updateSession(tag: string, id: string, patch: SessionPatch): Promise<Session> {
    return (await this.request('updateSession', { tag, id, patch })).session;
  }

  /** Ends a live session now. */
  async endSession(tag: string, id: string): Promise<Session> {
    return (await this.request('endSession', { tag, id })).session;
  }

  /** Moves a session's end by `minutes` (negative to shorten, never before now). */
  async extendSession(tag: string, id: string, minutes: number): Promise<Session> {
    return (await this.request('extendSession', { tag, id, minutes })).session;
  }

  /**
   * Opens or closes the wall's audience questions (the `ask` form). Screens see it at once through
   * the wall's `submissions`; a wall with sessions still takes them only while a session is live.
   */
  async setSubmissions(tag: string, open: boolean): Promise<{ open: boolean }> {
    return (await this.request('setSubmissions', { tag, open })).submissions;
  }

  /** The health of the sources that feed the wall (state, reason, parts, X budget and its uses). */
  async sources(tag: string): Promise<Record<string, SourceHealth>> {
    return (await this.request('sources', { tag })).sources;
  }

  /** Audience questions: open first, then oldest first; each with its `assignee`. */
  async questions(tag: string, options: Omit<QuestionsRequest, 'tag'> = {}): Promise<ModeratedPost[]> {
    return (await this.request('questions', { tag, ...options })).questions;
  }

  /** One triage action on an audience question; see the shorthands below. */
  async triage(request: QuestionActionRequest): Promise<ModeratedPost> {
    return (await this.request('question', request)).question;
  }

  /** Puts a post in the question queue. */
  markQuestion(tag: string, postId: string, reason?: string): Promise<ModeratedPost> {
    return this.triage({ tag, postId, action: QuestionAction.Mark, ...(reason ? { reason } : {}) });
  }

  /** Assigns a question to a host or expert; `''` clears the assignment. */
  assignQuestion(tag: string, postId: string, assignee: string): Promise<ModeratedPost> {
    return this.triage({ tag, postId, action: QuestionAction.Assign, assignee });
  }

  /** Marks a question answered. */
  answerQuestion(tag: string, postId: string, reason?: string): Promise<ModeratedPost> {
    return this.triage({ tag, postId, action: QuestionAction.Answer, ...(reason ? { reason } : {}) });
  }

  /** Takes a question out of the queue and off the Q&A layout. */
  dismissQuestion(tag: string, postId: string, reason?: string): Promise<ModeratedPost> {
    return this.triage({ tag, postId, action: QuestionAction.Dismiss, ...(reason ? { reason } : {}) });
  }

  /** Puts an answered or dismissed question back to open. */
  reopenQuestion(tag: string, postId: string, reason?: string): Promise<ModeratedPost> {
    return this.triage({ tag, postId, action: QuestionAction.Reopen, ...(reason ? { reason } : {}) });
  }

  /** Figures of one session (or the whole wall), with its X reads and estimated spend when it has a window. */
  async insights(
    tag: string,
    sessionId?: string,
  ): Promise<{ session?: Session; insights: SessionInsights; spend?: SessionSpend }> {
    const { ok: _ok, ...result } = await this.request('insights', { tag, ...(sessionId ? { sessionId } : {}) });
    return result;
  }

  /** Who the token belongs to: name, walls, roles and expiry (`GET /api/mod/me`). */
  async me(): Promise<ModeratorProfile> {
    return ((await relayJson(await this.rest('/api/mod/me'))) as { moderator: ModeratorProfile }).moderator;
  }

  /** The walls the token covers, in config order, with their mode (`GET /api/mod/walls`). */
  async walls(): Promise<WallSummary[]> {
    return ((await relayJson(await this.rest('/api/mod/walls'))) as { walls: WallSummary[] }).walls;
  }

  /**
   * A wall's audit log as a file, newest first: `csv`, `ndjson`, or `json` (the newest `limit`
   * entries, 1,000 at most). The files stream the whole log.
   */
  async auditFile(tag: string, format: AuditExportFormat, options: { limit?: number } = {}): Promise<Blob> {
    const query = new URLSearchParams({
      format,
      ...(options.limit !== undefined ? { limit: String(options.limit) } : {}),
    });
    return (await this.rest(`/api/mod/walls/${encodeURIComponent(normaliseTag(tag))}/audit?${query}`)).blob();
  }

  /** Disconnects; later requests reject with `unreachable`. */
  close(): void {
    if (this.connection === ModeratorState.Closed) return;
    this.setState(ModeratorState.Closed);
    this.socket.disconnect();
  }

  /** Joins a wall again after a reconnect and hands its queue on; a refusal becomes an `error` event. */
  private async rejoin(tag: string): Promise<void> {
    let joined: JoinedWall;
    try {
      const result = await this.request('join', { tag });
      joined = { tag: result.tag, settings: result.settings, queue: result.queue };
    } catch (err) {
      // Left meanwhile, or closed: nothing to report.
      if (!this.joined.has(tag) || this.connection !== ModeratorState.Live) return;
      const error =
        err instanceof ChatWallError
          ? { code: err.code, message: `Could not join #${tag} again: ${err.message}` }
          : { code: ErrorCode.Internal, message: `Could not join #${tag} again.` };
      this.emit('error', error);
      return;
    }
    // A wall left while the answer was on its way is not reported.
    if (this.joined.has(joined.tag)) this.emit('rejoined', joined);
  }

  /** One GET of the moderator REST API with this client's token. */
  private rest(path: string): Promise<Response> {
    return relayFetch(new URL(path, this.server), { token: this.token });
  }

  private shorthand(action: PostAction) {
    return (tag: string, postId: string, options: ActionOptions = {}): Promise<ModeratedPost> =>
      this.act({ tag, postId, action, ...options });
  }

  private async request<E extends keyof ModeratorClientEvents>(
    event: E,
    payload: Parameters<ModeratorClientEvents[E]>[0],
  ): Promise<Extract<Parameters<Parameters<ModeratorClientEvents[E]>[1]>[0], { ok: true }>> {
    if (this.connection === ModeratorState.Failed || this.connection === ModeratorState.Closed) {
      throw new ChatWallError({
        code: this.connection === ModeratorState.Failed ? ErrorCode.Unauthorized : ErrorCode.Unreachable,
        message: `The moderator connection is ${this.connection}.`,
      });
    }
    type Answer = Parameters<Parameters<ModeratorClientEvents[E]>[1]>[0];
    let answer: Answer;
    try {
      // socket.io's typed emitWithAck cannot follow a generic event name; the map above is the contract.
      const timed = this.socket.timeout(this.timeout) as unknown as {
        emitWithAck(event: E, payload: unknown): Promise<Answer>;
      };
      answer = await timed.emitWithAck(event, payload);
    } catch {
      throw new ChatWallError({ code: ErrorCode.Unreachable, message: `No answer to "${event}" in time.` });
    }
    if (!answer.ok) {
      const refusal = answer as { error: WallError; current?: ModeratedPost; program?: ProducerProgram };
      throw new ChatWallError(refusal.error, {
        ...(refusal.current ? { current: refusal.current } : {}),
        ...(refusal.program ? { program: refusal.program } : {}),
      });
    }
    return answer as Extract<Answer, { ok: true }>;
  }

  private emit<K extends keyof ModeratorEvents>(type: K, payload: ModeratorEvents[K]): void {
    this.listeners.emit(type, payload);
  }

  private setState(state: ModeratorState, error?: WallError): void {
    if (this.connection === state && !error) return;
    this.connection = state;
    this.emit('status', { state, ...(error ? { error } : {}) });
  }
}

/**
 * Connects as a moderator. The token is checked on connect: a bad or expired one ends in state
 * `failed` with an `error` event carrying `unauthorized`.
 *
 * ```ts
 * const mod = connectModerator({ server: 'https://wall.example.org', token });
 * const { queue } = await mod.join('askGMP');
 * await mod.approve('askGMP', queue[0].post.id);
 * ```
 */
export function connectModerator(options: ConnectModeratorOptions): ModeratorClient {
  return new ModeratorClient(options);
}
