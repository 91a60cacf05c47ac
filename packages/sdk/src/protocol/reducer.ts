import { DEFAULT_MAX_POSTS, type WallEvent, type WallInfo, type WallState } from './events.js';
import type { Post } from './post.js';

/** The state of a wall before its first event. */
export function emptyState(epoch: string, tag: string, info: Partial<WallInfo> = {}): WallState {
  return {
    epoch,
    seq: 0,
    wall: {
      tag,
      title: info.title ?? tag,
      maxPosts: info.maxPosts ?? DEFAULT_MAX_POSTS,
      onAir: info.onAir ?? true,
      sessions: info.sessions ?? [],
    },
    posts: [],
  };
}

/**
 * Folds one event into a wall state. Pure: returns a new state and never mutates its inputs.
 *
 * The caller guarantees `event.seq === state.seq + 1`; the reducer does not check it so it can
 * also fold a log whose retained part starts later (compaction).
 * Events about posts the state no longer holds (fallen off `maxPosts`) change nothing but `seq`.
 */
export function applyEvent(state: WallState, event: WallEvent): WallState {
  switch (event.type) {
    case 'post.added':
      return { ...state, seq: event.seq, posts: prepend(state.posts, event.post, state.wall.maxPosts) };
    case 'post.updated': {
      const posts = state.posts.map((p) => (p.id === event.id ? { ...p, ...event.patch } : p));
      const onAir = state.wall.program?.onAir;
      if (onAir?.post.id !== event.id) return { ...state, seq: event.seq, posts };
      // The post on air carries its own copy: keep its marks in step.
      const program = { ...state.wall.program!, onAir: { ...onAir, post: { ...onAir.post, ...event.patch } } };
      return { ...state, seq: event.seq, posts, wall: { ...state.wall, program } };
    }
    case 'post.removed': {
      const posts = state.posts.filter((p) => p.id !== event.id);
      const program = state.wall.program;
      if (program?.onAir?.post.id !== event.id) return { ...state, seq: event.seq, posts };
      // A post that leaves the wall leaves the air with it, in the same event: no screen can
      // show a removed, rejected or banned post, whatever relay or resume path it took.
      const cleared = { revision: program.revision + 1, onAir: null };
      return { ...state, seq: event.seq, posts, wall: { ...state.wall, program: cleared } };
    }
    case 'wall.updated': {
      const wall = { ...state.wall, ...event.wall };
      const posts = state.posts.slice(0, wall.maxPosts);
      return { ...state, seq: event.seq, wall, posts };
    }
  }
}

/**
 * `[post, ...posts without post.id]`, cut to `max`: what `post.added` makes of the list. One pass and
 * one array of the final length, since this runs for every event of a busy wall holding up to
 * 1,000 posts; the filter-spread-slice it replaces copied the list three times.
 */
function prepend(posts: readonly Post[], post: Post, max: number): Post[] {
  const id = post.id;
  let at = -1;
  for (let i = 0; i < posts.length; i++) {
    if (posts[i]!.id === id) {
      at = i;
      break;
    }
  }
  const others = at === -1 ? posts.length : posts.length - 1;
  const length = Math.max(0, Math.min(max, others + 1));
  const out = new Array<Post>(length);
  if (length === 0) return out;
  out[0] = post;
  for (let i = 0, j = 1; j < length; i++) {
    if (i !== at) out[j++] = posts[i]!;
  }
  return out;
}

/** Folds a run of events in order. */
export function applyEvents(state: WallState, events: readonly WallEvent[]): WallState {
  let next = state;
  for (const event of events) next = applyEvent(next, event);
  return next;
}
