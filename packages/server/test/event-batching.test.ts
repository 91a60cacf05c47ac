import {
  ConnectionState,
  VIEWER_NAMESPACE,
  type SubscribeResult,
  type Wall,
  type WallEvent,
  type WallEventMessage,
  type WallEventsMessage,
} from '@chat-wall/sdk';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './fake-x/manual-clock.js';
import {
  client,
  DEFAULT_CONFIG,
  makePost,
  rawViewerSocket,
  startRelay,
  waitFor,
  type TestRelay,
} from './support/util.js';

const WINDOW = 50;

let relay: TestRelay | undefined;
const sockets: Socket[] = [];
const walls: Wall[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  walls.splice(0).forEach((w) => w.close());
  await relay?.close();
  relay = undefined;
});

/** A relay whose batch windows run on `clock`. */
async function start(clock: ManualClock): Promise<TestRelay> {
  relay = await startRelay(DEFAULT_CONFIG, { viewers: { batchWindowMs: WINDOW, batchClock: clock } });
  return relay;
}

/** Appends posts `from`…`to` to the wall's log (the real log and store), one after another. */
async function append(t: TestRelay, from: number, to: number): Promise<void> {
  const log = t.relay.walls.get('askGMP')!.log;
  for (let i = from; i <= to; i++) await log.append({ type: 'post.added', post: makePost(i) });
}

/** A raw viewer socket that records every frame it is sent: `[seq]` for a `wall:event`, `[seq, …]` for `wall:events`. */
async function viewer(
  t: TestRelay,
  request: Record<string, unknown>,
): Promise<{ socket: Socket; frames: number[][]; answer: SubscribeResult }> {
  const socket = await rawViewerSocket(t.url);
  sockets.push(socket);
  const frames: number[][] = [];
  socket.on('wall:event', (m: WallEventMessage) => frames.push([m.event.seq]));
  socket.on('wall:events', (m: WallEventsMessage) => frames.push(m.events.map((e: WallEvent) => e.seq)));
  const answer = (await socket
    .timeout(5000)
    .emitWithAck('subscribe', { tag: 'askGMP', ...request })) as SubscribeResult;
  return { socket, frames, answer };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('event batching', () => {
  it('a quiet wall sends each event at once, as its own wall:event', async () => {
    const clock = new ManualClock();
    const t = await start(clock);
    const v = await viewer(t, { batch: true });
    await append(t, 1, 1);
    await expect.poll(() => v.frames).toEqual([[1]]);
    clock.advance(WINDOW); // the window closes with nothing waiting: the wall is quiet again
    await append(t, 2, 2);
    await expect.poll(() => v.frames).toEqual([[1], [2]]);
    expect(clock.pendingDelays()).toEqual([WINDOW]);
  });

  it('a busy wall sends what arrived within a window as one wall:events frame, in seq order', async () => {
    const clock = new ManualClock();
    const t = await start(clock);
    const batching = await viewer(t, { batch: true });
    const single = await viewer(t, {});
    await append(t, 1, 6);
    // The client that did not ask for batches gets each event as before, at once.
    await expect.poll(() => single.frames).toEqual(range(1, 6).map((s) => [s]));
    clock.advance(WINDOW);
    await expect.poll(() => batching.frames).toEqual([[1], range(2, 6)]);
    // Still busy: the next window opened; events keep waiting for it.
    await append(t, 7, 9);
    clock.advance(WINDOW);
    await expect.poll(() => batching.frames).toEqual([[1], range(2, 6), range(7, 9)]);
    // A window with nothing to send ends the busy spell.
    clock.advance(WINDOW);
    expect(clock.pendingDelays()).toEqual([]);
    await append(t, 10, 10);
    await expect.poll(() => batching.frames).toEqual([[1], range(2, 6), range(7, 9), [10]]);
    expect(single.frames).toEqual(range(1, 10).map((s) => [s]));
  });

  it('a socket subscribing while events wait for a batch gets each event once: in its answer, not again live', async () => {
    const clock = new ManualClock();
    const t = await start(clock);
    const first = await viewer(t, { batch: true });
    await append(t, 1, 3); // 1 goes out at once; 2 and 3 wait for the window
    await expect.poll(() => first.frames).toEqual([[1]]);
    const epoch = t.relay.walls.get('askGMP')!.log.epoch;

    const late = await viewer(t, { batch: true, since: { epoch, seq: 1 } });
    expect(late.answer).toMatchObject({ ok: true, mode: 'events' });
    if (late.answer.ok && late.answer.mode === 'events') expect(late.answer.events.map((e) => e.seq)).toEqual([2, 3]);
    // The waiting events went to the sockets already there before the newcomer joined.
    await expect.poll(() => first.frames).toEqual([[1], [2, 3]]);
    await append(t, 4, 5);
    clock.advance(WINDOW);
    await expect.poll(() => late.frames).toEqual([[4, 5]]);
    await expect.poll(() => first.frames).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('SDK viewers fold every event of every batch, in order, and resume across a batch boundary after a cut', async () => {
    const clock = new ManualClock();
    const t = await start(clock);
    const wall = client(t.url);
    walls.push(wall);
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    const folded: number[] = [];
    wall.on('event', (e) => folded.push(e.seq));

    // Bursts of different sizes, each closed by its window.
    let n = 0;
    for (const burst of [1, 4, 9, 2, 1, 7]) {
      await append(t, n + 1, n + burst);
      n += burst;
      clock.advance(WINDOW);
    }
    await expect.poll(() => folded).toEqual(range(1, n));

    // Cut the connection right after a batch; more events arrive while the SDK is away.
    const seen = n;
    const live = waitFor(wall, 'status', (s) => s.state === ConnectionState.Live && s.resumed === true);
    for (const socket of t.relay.io.of(VIEWER_NAMESPACE).sockets.values()) socket.conn.close();
    await append(t, n + 1, n + 5);
    n += 5;
    await live;
    await append(t, n + 1, n + 3);
    n += 3;
    clock.advance(WINDOW);
    await expect.poll(() => folded).toEqual(range(1, n));
    expect(folded.slice(seen)).toEqual(range(seen + 1, n)); // none twice, none missing
    expect(wall.state).toEqual(t.relay.walls.get('askGMP')!.log.snapshot);
  });
});
