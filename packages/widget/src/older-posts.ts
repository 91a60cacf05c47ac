import {
  fetchPosts,
  type FetchPostsOptions,
  type Post,
  type PostPage,
  type Wall,
  type WallEvent,
  type WallState,
} from '@chat-wall/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pinnedFirst } from './layouts/layout.js';

/** Where the older-posts button stands. */
export const OlderPostsState = {
  /** Nothing requested, or the last page arrived and more may follow. */
  Idle: 'idle',
  Loading: 'loading',
  /** The last request failed; {@linkcode OlderPostsController.error} says why. */
  Failed: 'failed',
  /** The oldest visible post is shown: there is nothing older. */
  Done: 'done',
} as const;
export type OlderPostsState = (typeof OlderPostsState)[keyof typeof OlderPostsState];

/** How the controller reads a page of history; tests and custom builds may pass their own. */
export type PageFetcher = (options: FetchPostsOptions) => Promise<PostPage>;

/**
 * Loads a wall's older posts on demand from the relay's history API and keeps them true to the
 * live stream: removals and mark changes apply to them as they do to live posts.
 *
 * Until the first page arrives the element shows the live state as usual. From then on the
 * controller holds one newest-first run of posts: the live posts that were shown, every page
 * below them, and every live arrival since. A run rather than "live + older" so that no post can
 * slip between the two when new arrivals push older ones past `max-posts` or off the SDK's state.
 * The next page is always the one before the run's oldest post.
 */
export class OlderPostsController implements ReactiveController {
  state: OlderPostsState = OlderPostsState.Idle;
  /** Why the last request failed. */
  error: string | undefined;

  /** The run, newest first; `undefined` until the first page arrived. */
  private run: Post[] | undefined;
  private wall: Wall | undefined;
  private live: WallState | undefined;
  private unsubscribe: (() => void)[] = [];
  private request: AbortController | undefined;
  /** Set by a live event, cleared by the `state` that follows it: a `state` without one is a snapshot. */
  private sawEvent = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { wall: Wall | undefined; server: string },
    private readonly fetchPage: PageFetcher = fetchPosts,
  ) {
    host.addController(this);
  }

  /** Runs after the wall controller's: a new wall (other tag or server) starts from scratch. */
  hostUpdate(): void {
    const { wall } = this.source();
    if (wall !== this.wall) this.bind(wall);
  }

  hostDisconnected(): void {
    this.bind(undefined);
  }

  /**
   * The posts to draw, newest first with pinned ones on top: the live window while no history is
   * loaded, else the whole run (plus pinned live posts from further back).
   */
  shown(state: WallState | undefined, maxPosts: number): Post[] {
    const live = state?.posts ?? [];
    if (!this.run) return pinnedFirst(live).slice(0, maxPosts);
    const ids = new Set(this.run.map((p) => p.id));
    return pinnedFirst([...live.filter((p) => p.pinned && !ids.has(p.id)), ...this.run]);
  }

  /** Whether older posts may exist: the button shows only then. */
  hasMore(state: WallState | undefined, maxPosts: number): boolean {
    if (this.state === OlderPostsState.Done) return false;
    if (this.run) return true;
    if (!state || state.posts.length === 0) return false;
    // The state holds the newest visible posts up to its cap: below the cap it holds them all.
    return state.posts.length > maxPosts || state.posts.length >= state.wall.maxPosts;
  }

  /** Loads the page before the oldest post shown and appends it. Ignored while a request runs. */
  async load(tag: string, maxPosts: number): Promise<void> {
    const { wall, server } = this.source();
    if (!wall || this.state === OlderPostsState.Loading) return;
    const first = this.run === undefined;
    // From the first click on, the run is what is drawn, so arrivals during the request land in it.
    this.run ??= this.liveRun(maxPosts);
    const before = this.run.at(-1)?.id;
    const request = new AbortController();
    this.request = request;
    this.state = OlderPostsState.Loading;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const page = await this.fetchPage({
        server,
        tag,
        limit: Math.min(Math.max(maxPosts, 1), 100),
        signal: request.signal,
        ...(before === undefined ? {} : { before }),
      });
      if (this.request !== request || !this.run) return; // the wall changed meanwhile
      const ids = new Set(this.run.map((p) => p.id));
      this.run = [...this.run, ...page.posts.filter((p) => !ids.has(p.id))];
      this.state = page.next === undefined ? OlderPostsState.Done : OlderPostsState.Idle;
    } catch (err) {
      if (this.request !== request) return;
      if (first) this.run = undefined;
      this.state = OlderPostsState.Failed;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.request === request) this.request = undefined;
    }
    this.host.requestUpdate();
  }

  /** The shown live posts as a run: the newest state posts down to the oldest unpinned one shown. */
  private liveRun(maxPosts: number): Post[] {
    const posts = this.live?.posts ?? [];
    const shown = new Set(
      pinnedFirst(posts)
        .slice(0, maxPosts)
        .filter((p) => !p.pinned)
        .map((p) => p.id),
    );
    const last = posts.findLastIndex((p) => shown.has(p.id));
    return posts.slice(0, last + 1);
  }

  private bind(wall: Wall | undefined): void {
    this.request?.abort();
    this.request = undefined;
    this.unsubscribe.splice(0).forEach((off) => off());
    this.wall = wall;
    this.live = wall?.state;
    this.run = undefined;
    this.state = OlderPostsState.Idle;
    this.error = undefined;
    if (!wall) return;
    this.unsubscribe = [
      wall.on('event', (event) => {
        this.sawEvent = true;
        if (this.run) this.run = applyToRun(this.run, event);
      }),
      wall.on('state', (state) => {
        const previous = this.live;
        this.live = state;
        if (!this.sawEvent && this.run) this.onSnapshot(previous, state);
        this.sawEvent = false;
      }),
    ];
  }

  /**
   * A snapshot replaced the state (after a gap too old to replay): events were missed, so merge
   * what it tells. A new epoch means the log was reset: the loaded history no longer holds.
   */
  private onSnapshot(previous: WallState | undefined, next: WallState): void {
    if (!this.run || !previous || previous.epoch !== next.epoch) {
      this.run = undefined;
      this.state = OlderPostsState.Idle;
      return;
    }
    const fresh = new Map(next.posts.map((p) => [p.id, p]));
    // Gone from a state below its cap means removed; at the cap it may only have fallen off.
    const removed = new Set(
      next.posts.length < next.wall.maxPosts ? previous.posts.filter((p) => !fresh.has(p.id)).map((p) => p.id) : [],
    );
    const known = new Set(this.run.map((p) => p.id));
    const added = next.posts.filter((p) => !known.has(p.id));
    this.run = [...added, ...this.run.filter((p) => !removed.has(p.id)).map((p) => fresh.get(p.id) ?? p)];
  }
}

/** Folds one live event into the run, as the SDK's reducer does into the state, but uncapped. */
function applyToRun(run: Post[], event: WallEvent): Post[] {
  switch (event.type) {
    case 'post.added':
      return [event.post, ...run.filter((p) => p.id !== event.post.id)];
    case 'post.updated':
      return run.map((p) => (p.id === event.id ? { ...p, ...event.patch } : p));
    case 'post.removed':
      return run.filter((p) => p.id !== event.id);
    case 'wall.updated':
      return run;
  }
}
