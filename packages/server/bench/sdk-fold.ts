/**
 * The SDK's cost per event: folding `post.added` into a wall holding 1,000 posts (`maxPosts` 1000),
 * with the protocol's reducer, in events per second on one core. Same-run baseline: the same fold
 * written as filter, spread and slice (three copies of the list per event), as the reducer was.
 * The goal: at least 100,000 events a second.
 *
 *   pnpm bench sdk-fold [events=200000] [held=1000]
 */
import { applyEvent, emptyState, type Post, type WallEvent, type WallState } from '@chat-wall/sdk/protocol';
import { benchPost } from './viewer-fleet.js';

const events = Number(process.argv[2] ?? 200_000);
const held = Number(process.argv[3] ?? 1000);

/** The three-copy fold the reducer used to do, for post.added only. */
function threeCopies(state: WallState, event: WallEvent & { type: 'post.added' }): WallState {
  const without = state.posts.filter((p) => p.id !== event.post.id);
  const posts = [event.post, ...without].slice(0, state.wall.maxPosts);
  return { ...state, seq: event.seq, posts };
}

function run(fold: (state: WallState, event: WallEvent & { type: 'post.added' }) => WallState): number {
  let state = emptyState('bench', 'askgmp', { maxPosts: held });
  for (let i = 1; i <= held; i++) state = fold(state, added(i));
  // Posts made up front: the figure is the fold, not the making of posts.
  const stream = Array.from({ length: events }, (_, i) => added(held + 1 + i));
  const start = process.cpuUsage();
  for (const event of stream) state = fold(state, event);
  const used = process.cpuUsage(start);
  if (state.posts.length !== held) throw new Error(`held ${state.posts.length} posts, expected ${held}`);
  return events / ((used.user + used.system) / 1e6);
}

const template: Post = benchPost(0);
function added(n: number): WallEvent & { type: 'post.added' } {
  return { type: 'post.added', seq: n, at: template.createdAt, post: { ...template, id: `replay:${n}` } };
}

// Warm both up (JIT), then measure each twice, alternating, and keep the better run of each.
run(applyEvent as typeof threeCopies);
run(threeCopies);
const reducer = Math.max(run(applyEvent as typeof threeCopies), run(applyEvent as typeof threeCopies));
const baseline = Math.max(run(threeCopies), run(threeCopies));
const f = (n: number): string => Math.round(n).toLocaleString('en');
process.stdout.write(
  `\nSDK fold: post.added into a wall holding ${held} posts, ${f(events)} events, CPU time of one core:\n` +
    `  applyEvent (one pass, one array)        ${f(reducer)} events/s\n` +
    `Baseline: filter + spread + slice (three copies)  ${f(baseline)} events/s  (${(reducer / baseline).toFixed(1)}× faster)\n`,
);
