import { fetchPosts, type Post, type Wall, type WallEvent, type WallState } from '@chat-wall/sdk';
import { pinnedFirst } from './layouts/layout.js';
import { OlderFocusController } from './older-focus.js';
import { OlderPostsState, type OlderPostsController } from './older-posts.js';

// The history of a wall as the "Show older posts" button loads it, in a chunk of its own: loaded
// with the first click (most viewers never ask for older posts), together with the history client.

export { olderStyles, renderOlder } from './older-button.js';

/**
 * {@linkcode OlderPostsController.load}: loads the page before the oldest post shown and appends it
 * to the controller's run (made on the first request). Ignored while a request runs.
 */
export async function loadOlder(older: OlderPostsController, tag: string, maxPosts: number): Promise<void> {
  const { wall, server } = older.source();
  if (!wall || older.state === OlderPostsState.Loading) return;
  const request = new AbortController();
  older.request = request;
  older.state = OlderPostsState.Loading;
  older.error = undefined;
  older.host.requestUpdate();
  const first = older.run === undefined;
  try {
    older.focus ??= new OlderFocusController(older.host);
    // From the first click on, the run is what is drawn, so arrivals during the request land in it.
    older.run ??= new OlderRun(wall, maxPosts);
    const before = older.run.posts.at(-1)?.id;
    const page = await (older.fetchPage ?? fetchPosts)({
      server,
      tag,
      limit: Math.min(Math.max(maxPosts, 1), 100),
      signal: request.signal,
      ...(before === undefined ? {} : { before }),
    });
    if (older.request !== request || !older.run) return; // the wall changed meanwhile
    older.run.append(page.posts);
    older.state = page.next === undefined ? OlderPostsState.Done : OlderPostsState.Idle;
  } catch (err) {
    if (older.request !== request) return;
    if (first) {
      older.run?.close();
      older.run = undefined;
    }
    older.state = OlderPostsState.Failed;
    older.error = err instanceof Error ? err.message : String(err);
  } finally {
    if (older.request === request) older.request = undefined;
  }
  older.host.requestUpdate();
}

/**
 * One newest-first run of posts: the live posts that were shown, every page loaded below them, and
 * every live arrival since. A run rather than "live + older" so that no post can slip between the
 * two when new arrivals push older ones past `max-posts` or off the SDK's state. Live removals and
 * mark changes apply to it as they do to the live state.
 */
export class OlderRun {
  posts: Post[];
  private live: WallState | undefined;
  private readonly unsubscribe: (() => void)[];
  /** Set by a live event, cleared by the `state` that follows it: a `state` without one is a snapshot. */
  private sawEvent = false;

  /** Starts from the live posts shown now (up to `maxPosts`, pinned ones apart) and follows the wall. */
  constructor(wall: Wall, maxPosts: number) {
    this.live = wall.state;
    this.posts = liveRun(wall.state, maxPosts);
    this.unsubscribe = [
      wall.on('event', (event) => {
        this.sawEvent = true;
        this.posts = applyToRun(this.posts, event);
      }),
      wall.on('state', (state) => {
        const previous = this.live;
        this.live = state;
        if (!this.sawEvent) this.onSnapshot(previous, state);
        this.sawEvent = false;
      }),
    ];
  }

  /** Whether the run still holds (a reset log drops it). */
  valid = true;

  /** Appends a page, skipping posts the run already has. */
  append(page: readonly Post[]): void {
    const ids = new Set(this.posts.map((p) => p.id));
    this.posts = [...this.posts, ...page.filter((p) => !ids.has(p.id))];
  }

  close(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
  }

  /**
   * A snapshot replaced the state (after a gap too old to replay): events were missed, so merge
   * what it tells. A new epoch means the log was reset: the loaded history no longer holds.
   */
  private onSnapshot(previous: WallState | undefined, next: WallState): void {
    if (!previous || previous.epoch !== next.epoch) {
      this.valid = false;
      return;
    }
    const fresh = new Map(next.posts.map((p) => [p.id, p]));
    // Gone from a state below its cap means removed; at the cap it may only have fallen off.
    const removed = new Set(
      next.posts.length < next.wall.maxPosts ? previous.posts.filter((p) => !fresh.has(p.id)).map((p) => p.id) : [],
    );
    const known = new Set(this.posts.map((p) => p.id));
    const added = next.posts.filter((p) => !known.has(p.id));
    this.posts = [...added, ...this.posts.filter((p) => !removed.has(p.id)).map((p) => fresh.get(p.id) ?? p)];
  }
}

/** The shown live posts as a run: the newest state posts down to the oldest unpinned one shown. */
function liveRun(state: WallState | undefined, maxPosts: number): Post[] {
  const posts = state?.posts ?? [];
  const shown = new Set(
    pinnedFirst(posts)
      .slice(0, maxPosts)
      .filter((p) => !p.pinned)
      .map((p) => p.id),
  );
  const last = posts.findLastIndex((p) => shown.has(p.id));
  return posts.slice(0, last + 1);
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
