import fc from 'fast-check';
import {
  applyEvent,
  emptyState,
  PostStatus,
  type NewWallEvent,
  type Post,
  type WallState,
} from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from './decision-rules.js';
import { clearEvent, nextAfter, placeAt, programOf, staleRevision, takeEvent } from './program-rules.js';

function post(id: string): Post {
  return {
    id,
    source: 'replay',
    author: { id: 'a', handle: 'a', name: 'A', verified: false },
    text: id,
    segments: [{ type: 'text', text: id }],
    media: [],
    createdAt: '2026-11-30T20:00:00.000Z',
    reply: false,
    repost: false,
    quote: false,
    tags: [],
  };
}

type Command =
  { kind: 'approve' | 'reject' | 'remove' | 'restore' | 'take'; id: string } | { kind: 'clear' } | { kind: 'next' };

const id = fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4');
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constantFrom('approve', 'reject', 'remove', 'restore', 'take' as const), id }),
  fc.constant({ kind: 'clear' as const }),
  fc.constant({ kind: 'next' as const }),
);

/**
 * A model of the relay: post statuses as the store keeps them, and the events a decision or a
 * program action appends (as Moderation.decide and ProgramDesk do), folded by the one reducer.
 */
function run(commands: readonly Command[], maxPosts: number): { state: WallState; status: Map<string, PostStatus> } {
  const status = new Map<string, PostStatus>(['p0', 'p1', 'p2', 'p3', 'p4'].map((i) => [i, PostStatus.Held]));
  let state = emptyState('e', 'wall', { maxPosts });
  const append = (event: NewWallEvent): void => {
    state = applyEvent(state, { ...event, seq: state.seq + 1, at: '2026-11-30T20:00:00.000Z' } as never);
  };
  for (const c of commands) {
    if (c.kind === 'clear') {
      const e = clearEvent(programOf(state));
      if (e) append(e);
    } else if (c.kind === 'next' || c.kind === 'take') {
      const target =
        c.kind === 'take'
          ? c.id
          : nextAfter(
              state.posts.map((p) => p.id),
              programOf(state).onAir?.post.id,
            );
      // The desk takes only what the store says is approved.
      if (target && status.get(target) === PostStatus.Approved)
        append(takeEvent(programOf(state), post(target), 'now'));
    } else {
      const rule = TRANSITIONS[c.kind]!;
      const from = status.get(c.id)!;
      if (!rule.from.includes(from)) continue;
      status.set(c.id, rule.to);
      if (rule.to === PostStatus.Approved) append({ type: 'post.added', post: post(c.id) });
      else if (from === PostStatus.Approved) append({ type: 'post.removed', id: c.id });
    }
  }
  return { state, status };
}

describe('program rules with the reducer', () => {
  it('any sequence of decisions, takes, clears and nexts leaves at most one post on air, and only an approved one', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), fc.integer({ min: 1, max: 5 }), (commands, maxPosts) => {
        const { state, status } = run(commands, maxPosts);
        const onAir = state.wall.program?.onAir;
        // One `onAir` field holds at most one post by construction; it must be approved.
        if (onAir) expect(status.get(onAir.post.id)).toBe(PostStatus.Approved);
        // Every take and clear moved the revision on.
        expect(state.wall.program?.revision ?? 0).toBeGreaterThanOrEqual(onAir ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('a post on air that fell off the wall window still draws: the program carries it', () => {
    const { state } = run(
      [
        { kind: 'approve', id: 'p0' },
        { kind: 'take', id: 'p0' },
        { kind: 'approve', id: 'p1' },
        { kind: 'approve', id: 'p2' },
      ],
      1,
    );
    expect(state.posts.map((p) => p.id)).toEqual(['p2']);
    expect(state.wall.program?.onAir?.post.id).toBe('p0');
  });

  it('a stale revision is refused naming who changed the program', () => {
    const program = { revision: 3, onAir: { post: post('p1'), since: '2026-11-30T20:00:00.000Z' } };
    expect(staleRevision(program, 3, 'bob', 'take')).toBeUndefined();
    expect(staleRevision(program, undefined, 'bob', 'take')).toBeUndefined();
    expect(staleRevision(program, 2, 'bob', 'take post p2 to air')?.message).toBe(
      'Cannot take post p2 to air: the program changed since you saw it (revision 3, you saw 2); bob took post p1 to air at 2026-11-30T20:00:00.000Z.',
    );
  });

  it('next rotates; placeAt moves and clamps', () => {
    expect(nextAfter([], 'a')).toBeUndefined();
    expect(nextAfter(['a', 'b'], undefined)).toBe('a');
    expect(nextAfter(['a', 'b'], 'b')).toBe('a');
    expect(nextAfter(['a', 'b'], 'x')).toBe('a');
    expect(placeAt(['a', 'b', 'c'], 'c', 0, (x) => x === 'c')).toEqual(['c', 'a', 'b']);
    expect(placeAt(['a', 'b'], 'z', 99, (x) => x === 'z')).toEqual(['a', 'b', 'z']);
  });
});
