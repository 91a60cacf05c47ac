import { DEFAULT_MAX_POSTS, type WallEvent, type WallInfo, type WallState } from './events.js';

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
    case 'post.added': {
      const without = state.posts.filter((p) => p.id !== event.post.id);
      const posts = [event.post, ...without].slice(0, state.wall.maxPosts);
      return { ...state, seq: event.seq, posts };
    }
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

/** Folds a run of events in order. */
export function applyEvents(state: WallState, events: readonly WallEvent[]): WallState {
  let next = state;
  for (const event of events) next = applyEvent(next, event);
  return next;
}
