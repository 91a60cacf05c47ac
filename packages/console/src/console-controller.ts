import {
  connectModerator,
  connectWall,
  ConnectionState,
  ChatWallError,
  ModeratorState,
  PostOrder,
  PostStatus,
  type ModeratedPost,
  type ModerationSettings,
  type ModeratorClient,
  type ModeratorProfile,
  type Post,
  type PostAction,
  type Wall,
  type WallSummary,
} from '@chat-wall/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { applyQueueChange, sortQueue, withPost } from './queue-model.js';
import { withDecision, withOlder } from './removed-model.js';
import type { ConsoleKey } from './i18n/en.js';
import type { ConsoleTranslator } from './i18n/translator.js';
import { clearToken, saveToken } from './session.js';

/** Where the console is in its flow. */
export const Phase = {
  SignedOut: 'signed-out',
  SigningIn: 'signing-in',
  /** Signed in; the token covers several walls and none is chosen yet. */
  Picking: 'picking',
  /** A wall is open. */
  Open: 'open',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Removed and rejected posts per page: the first page, and each "Show more". */
export const REMOVED_PAGE = 50;
/** The statuses of posts taken down, listed together. */
const TAKEN_DOWN = [PostStatus.Removed, PostStatus.Rejected] as const;

/** The result of a request, in words for the moderator. */
export interface Outcome {
  ok: boolean;
  message: string;
}

/**
 * The console's connection to the relay, bound to the element's lifecycle: signs in with a
 * token (REST `me` + `walls`, then the SDK's moderator socket), opens one wall at a time (its
 * held queue and settings through the moderator client, its visible posts through
 * `connectWall`, the same code path as every viewer) and carries out decisions. Every change
 * asks the host to render.
 */
export class ConsoleController implements ReactiveController {
  phase: Phase = Phase.SignedOut;
  signInError: string | undefined;
  me: ModeratorProfile | undefined;
  walls: WallSummary[] = [];
  client: ModeratorClient | undefined;
  modState: ModeratorState = ModeratorState.Closed;
  /** The open wall's canonical tag. */
  tag: string | undefined;
  queue: readonly ModeratedPost[] = [];
  settings: ModerationSettings | undefined;
  /** Removed and rejected posts of the open wall, newest decision first; `undefined` until loaded. */
  removed: readonly ModeratedPost[] | undefined;
  /** Whether the relay may have older removed or rejected posts than those loaded. */
  removedMore = false;
  /** A page of older removed and rejected posts is on its way. */
  removedLoadingMore = false;
  wall: Wall | undefined;
  wallState: ConnectionState = ConnectionState.Closed;

  private offs: (() => void)[] = [];
  /** Decisions pushed while the removed list loads; applied over the loaded pages, being newer. */
  private decidedWhileLoading: ModeratedPost[] | undefined;
  private wallOffs: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly server: () => string,
    /** The console's words now: outcomes are said in the language of the moment they happen. */
    private readonly tr: () => ConsoleTranslator,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.disconnect();
  }

  /** Checks the token with the relay; on success keeps it for this tab and opens the only wall, if one. */
  async signIn(token: string): Promise<void> {
    this.disconnect();
    this.phase = Phase.SigningIn;
    this.signInError = undefined;
    this.host.requestUpdate();
    // The REST calls check the token; the socket connects meanwhile and is dropped if they fail.
    const client = connectModerator({ server: this.server(), token: token.trim() });
    try {
      const [me, walls] = await Promise.all([client.me(), client.walls()]);
      Object.assign(this, { me, walls });
    } catch (err) {
      client.close();
      clearToken();
      this.phase = Phase.SignedOut;
      this.signInError =
        err instanceof ChatWallError && err.status === 401
          ? this.tr().t('tokenRefused', { error: err.message })
          : messageOf(err);
      this.host.requestUpdate();
      return;
    }
    saveToken(token.trim());
    this.client = client;
    this.modState = client.state;
    this.offs.push(
      client.on('status', ({ state, error }) => {
        if (state === ModeratorState.Failed) {
          // The relay no longer takes the token (revoked or expired): back to sign-in, saying why.
          this.signOut();
          this.signInError = error?.message
            ? this.tr().t('signedOut', { error: error.message })
            : this.tr().t('signedOutRefused');
          return;
        }
        this.modState = state;
        this.host.requestUpdate();
      }),
      // After a reconnect the client joins again by itself and hands on the queue as it is now:
      // pushes sent while the connection was down are lost, so it replaces ours.
      client.on('rejoined', ({ tag, settings, queue }) => {
        if (tag !== this.tag) return;
        this.settings = settings;
        this.setQueue(sortQueue(queue));
        if (this.removed) void this.loadRemoved();
      }),
      client.on('queue', (change) => {
        if (!this.tag || change.tag !== this.tag) return;
        this.setQueue(applyQueueChange(this.queue, this.tag, change));
        if (change.kind !== 'decided') return;
        this.decidedWhileLoading?.push(change.post);
        if (this.removed) {
          this.removed = withDecision(this.removed, change.post);
          this.host.requestUpdate();
        }
      }),
      client.on('settings', ({ tag, settings }) => {
        if (tag !== this.tag) return;
        this.settings = settings;
        this.host.requestUpdate();
      }),
    );
    this.phase = Phase.Picking;
    this.host.requestUpdate();
    if (this.walls.length === 1) await this.open(this.walls[0]!.tag);
  }

  /** Forgets the token and closes every connection. */
  signOut(): void {
    clearToken();
    this.disconnect();
    this.phase = Phase.SignedOut;
    this.signInError = undefined;
    this.host.requestUpdate();
  }

  /** Opens a wall: its queue and settings, and its live posts. */
  async open(tag: string): Promise<Outcome> {
    const client = this.client;
    if (!client) return this.refused('notSignedIn');
    this.closeWall();
    try {
      const joined = await client.join(tag);
      this.tag = joined.tag;
      this.settings = joined.settings;
      this.setQueue(sortQueue(joined.queue));
    } catch (err) {
      this.host.requestUpdate();
      return { ok: false, message: messageOf(err) };
    }
    const wall = connectWall({ server: this.server(), tag: this.tag });
    this.wall = wall;
    this.wallState = wall.status;
    this.wallOffs.push(
      wall.on('state', () => this.host.requestUpdate()),
      wall.on('status', ({ state }) => {
        this.wallState = state;
        this.host.requestUpdate();
      }),
    );
    this.phase = Phase.Open;
    this.host.requestUpdate();
    return { ok: true, message: this.tr().t('moderating', { tag: this.tag }) };
  }

  /** Back to the wall picker. */
  pick(): void {
    if (this.tag && this.client) void this.client.leave(this.tag).catch(() => undefined);
    this.closeWall();
    this.phase = Phase.Picking;
    this.host.requestUpdate();
  }

  /** Visible posts of the open wall, as viewers see them (newest first, pinned marked). */
  get posts(): readonly Post[] {
    return this.wall?.posts ?? [];
  }

  /**
   * One decision or display action. `expected` is the status the moderator saw, so a post
   * someone else decided meanwhile is refused (409) rather than decided twice.
   */
  async act(postId: string, action: PostAction, expected?: PostStatus): Promise<Outcome> {
    const { client, tag } = this;
    if (!client || !tag) return this.refused('noWallOpen');
    try {
      const post = await client.act({ tag, postId, action, ...(expected ? { expected } : {}) });
      this.setQueue(withPost(this.queue, post));
      if (this.removed) this.removed = withDecision(this.removed, post);
      return { ok: true, message: this.tr().t(DONE[action] ?? 'didUpdate', { handle: post.post.author.handle }) };
    } catch (err) {
      // The relay says how the post is now: show the winner's decision at once.
      if (err instanceof ChatWallError && err.current) {
        this.setQueue(withPost(this.queue, err.current));
        if (this.removed) this.removed = withDecision(this.removed, err.current);
      }
      return { ok: false, message: messageOf(err) };
    }
  }

  /** Approves the given held posts in one request. */
  async bulkApprove(ids: string[]): Promise<Outcome> {
    const { client, tag } = this;
    if (!client || !tag) return this.refused('noWallOpen');
    if (ids.length === 0) return this.refused('queueEmpty');
    try {
      const results = await client.bulkApprove(tag, ids);
      let queue = this.queue;
      let approved = 0;
      for (const r of results) {
        const post = r.ok ? r.post : r.current;
        if (post) queue = withPost(queue, post);
        if (r.ok) approved++;
      }
      this.setQueue(queue);
      const skipped = results.length - approved;
      return {
        ok: skipped === 0,
        message: [
          this.tr().t('approvedPosts', { count: approved }),
          ...(skipped ? [this.tr().t('decidedByOthers', { count: skipped })] : []),
        ].join(' '),
      };
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    }
  }

  /** Bans an author (`<source>:<id>`) from the open wall and takes their visible posts down. */
  async ban(author: string, label: string): Promise<Outcome> {
    const { client, tag } = this;
    if (!client || !tag) return this.refused('noWallOpen');
    try {
      const { removed } = await client.ban(tag, author);
      return {
        ok: true,
        message: this.tr().t('bannedTakenDown', { author: label, count: removed.length }),
      };
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    }
  }

  /**
   * Loads the first page of the open wall's removed and rejected posts, newest decision first
   * (the relay sorts and pages them). Decisions pushed meanwhile keep the list current afterwards.
   */
  async loadRemoved(): Promise<Outcome> {
    const { client, tag } = this;
    if (!client || !tag) return this.refused('noWallOpen');
    const decided: ModeratedPost[] = [];
    this.decidedWhileLoading = decided;
    try {
      const page = await client.list(tag, TAKEN_DOWN, { order: PostOrder.Decided, limit: REMOVED_PAGE });
      if (tag !== this.tag) return this.refused('wallClosed');
      let list: readonly ModeratedPost[] = page;
      for (const p of decided) list = withDecision(list, p);
      this.removed = list;
      this.removedMore = page.length === REMOVED_PAGE;
      this.host.requestUpdate();
      return { ok: true, message: '' };
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    } finally {
      if (this.decidedWhileLoading === decided) this.decidedWhileLoading = undefined;
    }
  }

  /**
   * Loads the next page of older decisions: the relay continues after the last post listed, whose
   * place in the list follows every decision pushed since, so live decisions shift nothing.
   */
  async loadMoreRemoved(): Promise<Outcome> {
    const { client, tag, removed } = this;
    if (!client || !tag || !removed) return this.refused('noWallOpen');
    if (this.removedLoadingMore) return { ok: true, message: '' };
    const after = removed.at(-1)?.post.id;
    this.removedLoadingMore = true;
    this.host.requestUpdate();
    try {
      const page = await client.list(tag, TAKEN_DOWN, {
        order: PostOrder.Decided,
        limit: REMOVED_PAGE,
        ...(after ? { after } : {}),
      });
      if (tag !== this.tag || !this.removed) return this.refused('wallClosed');
      this.removed = withOlder(this.removed, page);
      this.removedMore = page.length === REMOVED_PAGE;
      return { ok: true, message: '' };
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    } finally {
      this.removedLoadingMore = false;
      this.host.requestUpdate();
    }
  }

  private refused(key: ConsoleKey): Outcome {
    return { ok: false, message: this.tr().t(key) };
  }

  private setQueue(queue: readonly ModeratedPost[]): void {
    this.queue = queue;
    this.host.requestUpdate();
  }

  private closeWall(): void {
    for (const off of this.wallOffs.splice(0)) off();
    this.wall?.close();
    this.wall = undefined;
    this.wallState = ConnectionState.Closed;
    this.tag = undefined;
    this.settings = undefined;
    this.queue = [];
    this.removed = undefined;
    this.removedMore = false;
    this.removedLoadingMore = false;
  }

  private disconnect(): void {
    this.closeWall();
    for (const off of this.offs.splice(0)) off();
    this.client?.close();
    this.client = undefined;
    this.modState = ModeratorState.Closed;
    this.me = undefined;
    this.walls = [];
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What the console says after each post action went through. */
const DONE: Partial<Record<PostAction, ConsoleKey>> = {
  approve: 'didApprove',
  reject: 'didReject',
  remove: 'didRemove',
  restore: 'didRestore',
  pin: 'didPin',
  unpin: 'didUnpin',
  highlight: 'didHighlight',
  unhighlight: 'didUnhighlight',
  answer: 'didAnswer',
  unanswer: 'didUnanswer',
};
