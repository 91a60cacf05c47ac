import type { FetchPostsOptions, Post, PostPage, Wall, WallState } from '@chat-wall/sdk';
import type { ReactiveController } from 'lit';
import { pinnedFirst } from './layouts/layout.js';
import { LazyModule } from './lazy-module.js';
import type { ShadowHost } from './older-focus.js';
import type { OlderRun } from './older-run.js';

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

/** The run and the history client: a chunk loaded with the first click. */
export const olderModule = new LazyModule(() => import('./older-run.js'));

/**
 * Loads a wall's older posts on demand from the relay's history API and keeps them true to the
 * live stream: removals and mark changes apply to them as they do to live posts.
 *
 * Until the first page arrives the element shows the live state as usual. From then on the
 * controller holds one newest-first run of posts ({@linkcode OlderRun}): the live posts that were
 * shown, every page below them, and every live arrival since. The next page is always the one
 * before the run's oldest post. The code that does this loads with the first request.
 */
export class OlderPostsController implements ReactiveController {
  state: OlderPostsState = OlderPostsState.Idle;
  /** Why the last request failed. */
  error: string | undefined;

  // Read and set by the older-posts chunk too (older-run.ts), which loads the pages.
  /** @internal The run; `undefined` until the first request. */
  run: OlderRun | undefined;
  private wall: Wall | undefined;
  /** @internal The request under way. */
  request: AbortController | undefined;
  /** @internal Keeps keyboard users in the wall when the button goes away; added with the chunk. */
  focus: ReactiveController | undefined;

  constructor(
    /** @internal */ readonly host: ShadowHost,
    /** @internal */ readonly source: () => { wall: Wall | undefined; server: string },
    /** @internal */ readonly fetchPage?: PageFetcher,
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

  private get posts(): Post[] | undefined {
    if (this.run && !this.run.valid) {
      // The log was reset under the run: the loaded history no longer holds.
      this.run.close();
      this.run = undefined;
      this.state = OlderPostsState.Idle;
    }
    return this.run?.posts;
  }

  /**
   * The posts to draw, newest first with pinned ones on top: the live window while no history is
   * loaded, else the whole run (plus pinned live posts from further back).
   */
  shown(state: WallState | undefined, maxPosts: number): Post[] {
    const live = state?.posts ?? [];
    const run = this.posts;
    if (!run) return pinnedFirst(live).slice(0, maxPosts);
    const ids = new Set(run.map((p) => p.id));
    return pinnedFirst([...live.filter((p) => p.pinned && !ids.has(p.id)), ...run]);
  }

  /** Whether older posts may exist: the button shows only then. */
  hasMore(state: WallState | undefined, maxPosts: number): boolean {
    if (this.state === OlderPostsState.Done) return false;
    if (this.posts) return true;
    if (!state || state.posts.length === 0) return false;
    // The state holds the newest visible posts up to its cap: below the cap it holds them all.
    return state.posts.length > maxPosts || state.posts.length >= state.wall.maxPosts;
  }

  /**
   * Loads the page before the oldest post shown and appends it. Ignored while a request runs. The
   * code that does it comes with the older-posts chunk (loaded already when the button shows).
   */
  async load(tag: string, maxPosts: number): Promise<void> {
    const module = await olderModule.load();
    if (module) return module.loadOlder(this, tag, maxPosts);
    this.state = OlderPostsState.Failed;
    this.error = 'the history client could not be loaded';
    this.host.requestUpdate();
  }

  private bind(wall: Wall | undefined): void {
    this.request?.abort();
    this.request = undefined;
    this.run?.close();
    this.run = undefined;
    this.wall = wall;
    this.state = OlderPostsState.Idle;
    this.error = undefined;
  }
}
