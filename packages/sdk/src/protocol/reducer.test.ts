import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewWallEvent, WallEvent, WallState } from './events.js';
import type { Post } from './post.js';
import { applyEvent, applyEvents, emptyState } from './reducer.js';

function post(id: string, text = `post ${id}`): Post {
  return {
    id,
    source: 'replay',
    author: { id: 'a1', handle: 'jo', name: 'Jo', verified: false },
    text,
    segments: [{ type: 'text', text }],
    media: [],
    createdAt: '2026-11-01T12:00:00.000Z',
    reply: false,
    repost: false,
    quote: false,
    tags: ['askgmp'],
  };
}

/** Few ids, so that sequences re-add, update and remove the same posts often. */
const id = fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7');
const newEvent: fc.Arbitrary<NewWallEvent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('post.added' as const),
      post: fc.tuple(id, fc.string()).map(([i, t]) => post(i, t)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('post.updated' as const),
      id,
      patch: fc.record(
        {
          pinned: fc.boolean(),
          highlighted: fc.boolean(),
          answered: fc.boolean(),
          thread: fc.record(
            { sessionId: fc.constantFrom('s1', 's2'), question: fc.integer({ min: 1, max: 99 }), answerTo: id },
            { requiredKeys: [] },
          ),
          ask: fc.record({ state: fc.constantFrom('open' as const, 'answered' as const, 'dismissed' as const) }),
        },
        { requiredKeys: [] },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('post.removed' as const), id }) },
  {
    // Takes and clears: the on-air post is folded with the rest (and cleared by its removal).
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('wall.updated' as const),
      wall: fc.record({
        program: fc.record({
          revision: fc.nat(50),
          onAir: fc.option(fc.record({ post: id.map((i) => post(i)), since: fc.constant('2026-11-01T12:00:00.000Z') })),
        }),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('wall.updated' as const),
      wall: fc.record(
        {
          maxPosts: fc.integer({ min: 1, max: 6 }),
          onAir: fc.boolean(),
          title: fc.string(),
          sessions: fc.array(
            fc.record({
              id: fc.constantFrom('s1', 's2', 's3'),
              title: fc.string(),
              start: fc.constant('2026-11-30T12:00:00.000Z'),
              end: fc.constant('2026-11-30T13:00:00.000Z'),
            }),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      ),
    }),
  },
);

/** A log as the server writes it: numbered from 1 without gaps. */
const log: fc.Arbitrary<WallEvent[]> = fc
  .array(newEvent, { maxLength: 60 })
  .map((events) => events.map((e, i) => ({ ...e, seq: i + 1, at: '2026-11-01T12:00:00.000Z' }) as WallEvent));

const start = fc.integer({ min: 1, max: 6 }).map((maxPosts) => emptyState('epoch-1', 'askgmp', { maxPosts }));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('applyEvent', () => {
  it('folds a log the same way whether it is folded at once or resumed from any point', () => {
    fc.assert(
      fc.property(start, log, fc.nat(), (initial, events, cut) => {
        const k = events.length === 0 ? 0 : cut % (events.length + 1);
        const snapshot = applyEvents(initial, events.slice(0, k));
        // The snapshot crosses the wire: a resumed client folds onto a copy, not the server's object.
        const resumed = applyEvents(structuredClone(snapshot), events.slice(k));
        expect(resumed).toEqual(applyEvents(initial, events));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps its invariants after every event', () => {
    fc.assert(
      fc.property(start, log, (initial, events) => {
        let state = initial;
        /** seq of the latest post.added per id: the newest-first order follows it. */
        const addedAt = new Map<string, number>();
        for (const event of events) {
          state = applyEvent(state, event);
          if (event.type === 'post.added') addedAt.set(event.post.id, event.seq);
          const ids = state.posts.map((p) => p.id);
          expect(state.seq).toBe(event.seq);
          expect(new Set(ids).size).toBe(ids.length);
          expect(state.posts.length).toBeLessThanOrEqual(state.wall.maxPosts);
          if (event.type === 'post.removed') expect(ids).not.toContain(event.id);
          if (event.type === 'post.added') {
            expect(state.posts[0]).toBe(event.post);
          }
          const order = ids.map((i) => addedAt.get(i)!);
          expect(order).toEqual([...order].sort((a, b) => b - a));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('applies a patch to the post it names and to nothing else', () => {
    fc.assert(
      fc.property(start, log, (initial, events) => {
        let state = initial;
        for (const event of events) {
          const before = state;
          state = applyEvent(state, event);
          if (event.type !== 'post.updated') continue;
          for (const p of state.posts) {
            const old = before.posts.find((b) => b.id === p.id)!;
            expect(p).toEqual(p.id === event.id ? { ...old, ...event.patch } : old);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never mutates the state or the event it is given', () => {
    fc.assert(
      fc.property(start, log, (initial, events) => {
        const copy = structuredClone(events);
        let state = deepFreeze(initial);
        // Frozen inputs throw on any write in strict mode (ES modules are strict).
        for (const event of deepFreeze(events)) state = deepFreeze(applyEvent(state, event));
        expect(events).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });

  it('post.added is the post first, then every other post in order without its id, cut to maxPosts; other posts are kept, not copied', () => {
    fc.assert(
      fc.property(start, log, fc.tuple(id, fc.string()), (initial, events, [i, text]) => {
        const state = applyEvents(initial, events);
        const added = post(i, text);
        const next = applyEvent(state, { type: 'post.added', post: added, seq: state.seq + 1, at: '' });
        // The definition, spelled the plain way.
        const expected = [added, ...state.posts.filter((p) => p.id !== i)].slice(0, state.wall.maxPosts);
        expect(next.posts).toEqual(expected);
        next.posts.forEach((p, k) => expect(p).toBe(expected[k]));
        expect(next.posts).not.toBe(state.posts);
        expect(next.wall).toBe(state.wall);
      }),
      { numRuns: 400 },
    );
  });

  it('drops the oldest posts when maxPosts shrinks, and keeps the limit afterwards', () => {
    let state = emptyState('e', 'askgmp', { maxPosts: 3 });
    const events: WallEvent[] = [
      { type: 'post.added', post: post('a'), seq: 1, at: '' },
      { type: 'post.added', post: post('b'), seq: 2, at: '' },
      { type: 'post.added', post: post('c'), seq: 3, at: '' },
      { type: 'wall.updated', wall: { maxPosts: 2 }, seq: 4, at: '' },
      { type: 'post.updated', id: 'a', patch: { pinned: true }, seq: 5, at: '' },
      { type: 'post.added', post: post('d'), seq: 6, at: '' },
      { type: 'wall.updated', wall: { maxPosts: 5, onAir: false }, seq: 7, at: '' },
      { type: 'post.added', post: post('a'), seq: 8, at: '' },
    ];
    state = applyEvents(state, events);
    expect(state.posts.map((p) => p.id)).toEqual(['a', 'd', 'c']);
    expect(state.posts[0]!.pinned).toBeUndefined(); // 'a' had fallen off; the patch found nothing
    expect(state.wall).toEqual({ tag: 'askgmp', title: 'askgmp', maxPosts: 5, onAir: false, sessions: [] });
    expect(state.seq).toBe(8);
  });

  it('moves a re-added post to the top with its new content', () => {
    const state: WallState = applyEvents(emptyState('e', 'askgmp'), [
      { type: 'post.added', post: post('a', 'first'), seq: 1, at: '' },
      { type: 'post.added', post: post('b'), seq: 2, at: '' },
      { type: 'post.added', post: post('a', 'edited'), seq: 3, at: '' },
    ]);
    expect(state.posts.map((p) => [p.id, p.text])).toEqual([
      ['a', 'edited'],
      ['b', 'post b'],
    ]);
  });
});

describe('program on air', () => {
  const at = '2026-11-01T12:00:00.000Z';
  const take = (seq: number, i: string): WallEvent => ({
    type: 'wall.updated',
    wall: { program: { revision: seq, onAir: { post: post(i), since: at } } },
    seq,
    at,
  });

  it('clears the air in the same event that removes the post on air, and only then', () => {
    let s = applyEvents(emptyState('e', 'askgmp'), [
      { type: 'post.added', post: post('p1'), seq: 1, at },
      { type: 'post.added', post: post('p2'), seq: 2, at },
      take(3, 'p1'),
    ]);
    s = applyEvent(s, { type: 'post.removed', id: 'p2', seq: 4, at });
    expect(s.wall.program?.onAir?.post.id).toBe('p1');
    s = applyEvent(s, { type: 'post.removed', id: 'p1', seq: 5, at });
    expect(s.wall.program).toEqual({ revision: 4, onAir: null });
  });

  it('keeps the marks of the post on air in step with the wall', () => {
    const s = applyEvents(emptyState('e', 'askgmp'), [
      { type: 'post.added', post: post('p1'), seq: 1, at },
      take(2, 'p1'),
      { type: 'post.updated', id: 'p1', patch: { highlighted: true }, seq: 3, at },
    ]);
    expect(s.wall.program?.onAir?.post.highlighted).toBe(true);
  });
});
