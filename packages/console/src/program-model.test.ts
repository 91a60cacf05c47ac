import { AutoSource, type Post, type ProducerProgram } from '@chat-wall/sdk';
import { describe, expect, it } from 'vitest';
import { moderatedPost } from '../test/support/moderated-post.js';
import { moveIndex, nextUp, onAirFor } from './program-model.js';

const post = (n: number): Post => moderatedPost(n, 'approved').post;

const program = (over: Partial<ProducerProgram> = {}): ProducerProgram => ({
  tag: 'askgmp',
  revision: 0,
  onAir: null,
  rundown: [],
  auto: { enabled: false, dwellSeconds: 10, source: AutoSource.Rundown },
  ...over,
});

describe('producer view model', () => {
  it('next is the rundown post after the one on air, round and round', () => {
    const rundown = [post(1), post(2), post(3)];
    const approved = [post(9), post(8)];
    expect(nextUp(program({ rundown }), approved)?.id).toBe(rundown[0]!.id);
    const onAir = (p: Post) => ({ post: p, since: '2026-01-01T00:00:00.000Z' });
    expect(nextUp(program({ rundown, onAir: onAir(rundown[1]!) }), approved)?.id).toBe(rundown[2]!.id);
    expect(nextUp(program({ rundown, onAir: onAir(rundown[2]!) }), approved)?.id).toBe(rundown[0]!.id);
    // A post on air that is not in the rundown: the rundown starts from the top.
    expect(nextUp(program({ rundown, onAir: onAir(approved[0]!) }), approved)?.id).toBe(rundown[0]!.id);
  });

  it('next is among the newest approved posts with an empty rundown or auto mode on the newest', () => {
    const approved = [post(9), post(8)];
    expect(nextUp(program(), approved)?.id).toBe(approved[0]!.id);
    expect(nextUp(program(), [])).toBeUndefined();
    const auto = { enabled: true, dwellSeconds: 5, source: AutoSource.Newest };
    expect(nextUp(program({ rundown: [post(1)], auto }), approved)?.id).toBe(approved[0]!.id);
  });

  it('a dragged rundown post lands where the post it was dropped on is', () => {
    // [a, b, c, d]: a dropped before d ends at index 2 once taken out; d dropped before a at 0.
    expect(moveIndex(0, 3)).toBe(2);
    expect(moveIndex(3, 0)).toBe(0);
    expect(moveIndex(1, 4)).toBe(3);
    expect(moveIndex(2, 2)).toBe(2);
  });

  it('shows time on air as m:ss or h:mm:ss, never negative', () => {
    const since = '2026-01-01T12:00:00.000Z';
    const at = Date.parse(since);
    expect(onAirFor(since, at + 7_400)).toBe('0:07');
    expect(onAirFor(since, at + 125_000)).toBe('2:05');
    expect(onAirFor(since, at + 3_725_000)).toBe('1:02:05');
    expect(onAirFor(since, at - 5_000)).toBe('0:00');
    expect(onAirFor('not a date', at)).toBe('0:00');
  });
});
