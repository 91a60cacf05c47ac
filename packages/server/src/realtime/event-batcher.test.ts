import type { WallEvent } from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/fake-x/manual-clock.js';
import { EventBatcher } from './event-batcher.js';

const removed = (seq: number): WallEvent => ({
  type: 'post.removed',
  id: `replay:${seq}`,
  seq,
  at: '2026-11-01T19:00:00.000Z',
});

function batcher(maxEvents?: number): { clock: ManualClock; frames: string[]; b: EventBatcher } {
  const clock = new ManualClock();
  const frames: string[] = [];
  const b = new EventBatcher(
    (epoch, events) => frames.push(`${epoch}:${events.map((e) => e.seq).join(',')}`),
    50,
    clock,
    maxEvents,
  );
  return { clock, frames, b };
}

describe('EventBatcher', () => {
  it('never lets a frame grow past maxEvents: a full frame goes out at once, the window goes on', () => {
    const { clock, frames, b } = batcher(3);
    for (let seq = 1; seq <= 8; seq++) b.push(removed(seq), 'e1');
    expect(frames).toEqual(['e1:1', 'e1:2,3,4', 'e1:5,6,7']);
    clock.advance(50);
    expect(frames).toEqual(['e1:1', 'e1:2,3,4', 'e1:5,6,7', 'e1:8']);
  });

  it('never mixes epochs in one frame: a new epoch sends what waits first', () => {
    const { clock, frames, b } = batcher();
    b.push(removed(7), 'e1');
    b.push(removed(8), 'e1');
    b.push(removed(1), 'e2');
    b.push(removed(2), 'e2');
    expect(frames).toEqual(['e1:7', 'e1:8']);
    clock.advance(50);
    expect(frames).toEqual(['e1:7', 'e1:8', 'e2:1,2']);
  });

  it('counts a window from when its frame starts going out: a flush slower than the window holds nothing back', () => {
    const clock = new ManualClock();
    const frames: string[] = [];
    // Writing a frame to every socket takes 80 ms (thousands of viewers), longer than the window.
    let writeMs = 80;
    const b = new EventBatcher(
      (epoch, events) => {
        frames.push(`${epoch}:${events.map((e) => e.seq).join(',')}`);
        clock.advance(writeMs);
      },
      50,
      clock,
    );
    b.push(removed(1), 'e1');
    clock.advance(20);
    // 100 ms after the first: a quiet wall, whose event goes out at once.
    b.push(removed(2), 'e1');
    expect(frames).toEqual(['e1:1', 'e1:2']);
    // Events that do meet in a window still share a frame.
    writeMs = 5;
    clock.advance(100);
    b.push(removed(3), 'e1');
    b.push(removed(4), 'e1');
    b.push(removed(5), 'e1');
    expect(frames).toEqual(['e1:1', 'e1:2', 'e1:3']);
    clock.advance(45);
    expect(frames).toEqual(['e1:1', 'e1:2', 'e1:3', 'e1:4,5']);
  });

  it('close sends what waits and stops the window', () => {
    const { clock, frames, b } = batcher();
    b.push(removed(1), 'e1');
    b.push(removed(2), 'e1');
    b.close();
    expect(frames).toEqual(['e1:1', 'e1:2']);
    expect(clock.pendingDelays()).toEqual([]);
  });
});
