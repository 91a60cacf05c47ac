import { once } from 'node:events';
import {
  applyEvents,
  ConnectionState,
  emptyState,
  type NewWallEvent,
  type StatusChange,
  type Wall,
  type WallEvent,
  type WallState,
} from '@chat-wall/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScriptedWallServer } from '../../server/test/support/scripted-wall-server.js';
import { client, makePost, waitFor, waitForSeq } from '../../server/test/support/util.js';

const E1 = 'epoch-one';
const E2 = 'epoch-two';

let server: ScriptedWallServer;
const walls: Wall[] = [];
beforeEach(async () => {
  server = await ScriptedWallServer.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  walls.splice(0).forEach((w) => w.close());
  await server.close();
});

/** A log of `n` post.added events, post `i` at seq `i`. */
function log(n: number, from = 1): WallEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'post.added',
    post: makePost(from + i),
    seq: i + 1,
    at: '2026-11-01T19:00:00.000Z',
  }));
}
function fold(epoch: string, events: readonly WallEvent[]): WallState {
  return applyEvents(emptyState(epoch, 'askgmp'), events);
}

/** An SDK client that is live on a snapshot of `events` in epoch `epoch`. */
async function liveWall(epoch: string, events: readonly WallEvent[]): Promise<Wall> {
  const wall = client(server.url);
  walls.push(wall);
  const first = await server.nextSubscribe();
  expect(first.request).toEqual({ tag: 'askgmp', batch: true });
  const live = waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
  first.answer({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: fold(epoch, events) });
  await live;
  return wall;
}

function record<T>(wall: Wall, type: 'post' | 'remove' | 'status' | 'error', map: (payload: never) => T): T[] {
  const seen: T[] = [];
  wall.on(type, (payload) => seen.push(map(payload as never)));
  return seen;
}

describe('SDK resume edge cases', () => {
  it('resumes from its last seq when a live event shows a gap, and folds what arrives meanwhile', async () => {
    const events = log(7);
    const wall = await liveWall(E1, events.slice(0, 2));
    const posts = record(wall, 'post', (p: { id: string }) => p.id);

    server.emit(E1, events[2]!); // seq 3: in order
    server.emit(E1, events[4]!); // seq 5: seq 4 is missing
    const resume = await server.nextSubscribe();
    expect(resume.request).toEqual({ tag: 'askgmp', since: { epoch: E1, seq: 3 }, batch: true });
    server.emit(E1, events[5]!); // seq 6 arrives while the resume is in flight
    resume.answer({ ok: true, tag: 'askgmp', mode: 'events', epoch: E1, events: events.slice(3, 6) });
    server.emit(E1, events[6]!); // seq 7, live again
    await waitForSeq(wall, 7);

    expect(posts).toEqual([3, 4, 5, 6, 7].map((n) => `replay:${n}`));
    expect(wall.state).toEqual(fold(E1, events));
    expect(server.requests).toHaveLength(2);
    expect(wall.status).toBe('live');
  });

  it('folds every event of a wall:events frame in order, skips those it has, and resumes at a gap inside one', async () => {
    const events = log(9);
    const wall = await liveWall(E1, events.slice(0, 2));
    const folded = record(wall, 'post', (p: { id: string }) => p.id);

    server.emitBatch(E1, events.slice(1, 5)); // seq 2 (had it), 3, 4, 5
    await waitForSeq(wall, 5);
    expect(folded).toEqual([3, 4, 5].map((n) => `replay:${n}`));

    // seq 6, then 8: 7 is missing inside the frame; what follows the gap waits for the resume.
    server.emitBatch(E1, [events[5]!, events[7]!, events[8]!]);
    const resume = await server.nextSubscribe();
    expect(resume.request).toEqual({ tag: 'askgmp', since: { epoch: E1, seq: 6 }, batch: true });
    resume.answer({ ok: true, tag: 'askgmp', mode: 'events', epoch: E1, events: events.slice(6, 9) });
    await waitForSeq(wall, 9);
    expect(folded).toEqual([3, 4, 5, 6, 7, 8, 9].map((n) => `replay:${n}`));
    expect(wall.state).toEqual(fold(E1, events));
  });

  it('ignores events it already has, and events of other walls', async () => {
    const events = log(5);
    const wall = await liveWall(E1, events.slice(0, 3));
    const posts = record(wall, 'post', (p: { id: string }) => p.id);
    const states = record(wall, 'status', (s: StatusChange) => s.state);

    server.emit(E1, events[1]!); // seq 2: old
    server.emit(E1, events[2]!); // seq 3: the head, again
    server.emit(E1, { ...events[3]!, seq: 4 }, 'otherwall'); // not ours
    server.emit(E1, events[3]!); // seq 4
    server.emit(E1, events[3]!); // seq 4 again
    server.emit(E1, events[4]!); // seq 5
    await waitForSeq(wall, 5);

    expect(posts).toEqual(['replay:4', 'replay:5']);
    expect(wall.state).toEqual(fold(E1, events));
    expect(server.requests).toHaveLength(1); // no resume was needed
    expect(states).toEqual([]);
  });

  it('takes a fresh snapshot when a live event comes from a new epoch', async () => {
    const wall = await liveWall(E1, log(3));
    const posts = record(wall, 'post', (p: { id: string }) => p.id);
    const removed = record(wall, 'remove', (p: { id: string }) => p.id);

    const fresh = log(2, 50); // the server lost its log: posts 50, 51 at seq 1, 2
    server.emit(E2, fresh[0]!);
    const again = await server.nextSubscribe();
    expect(again.request).toEqual({ tag: 'askgmp', batch: true }); // no `since`: the old position means nothing now
    server.emit(E2, fresh[1]!); // in flight: covered by the snapshot
    again.answer({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: fold(E2, fresh) });
    await waitFor(wall, 'state', (s) => s.epoch === E2);

    expect(wall.state).toEqual(fold(E2, fresh));
    expect(removed.sort()).toEqual(['replay:1', 'replay:2', 'replay:3']);
    expect(posts).toEqual(['replay:50', 'replay:51']);
    expect(wall.status).toBe('live');
  });

  it('takes a fresh snapshot on wall:reset', async () => {
    const wall = await liveWall(E1, log(2));
    server.reset(E2);
    const again = await server.nextSubscribe();
    expect(again.request).toEqual({ tag: 'askgmp', batch: true });
    again.answer({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: fold(E2, []) });
    await waitFor(wall, 'state', (s) => s.epoch === E2);
    expect(wall.posts).toEqual([]);
  });

  it('retries a subscribe the server refused for now (rate_limited), then goes live', async () => {
    const wall = client(server.url);
    walls.push(wall);
    const errors = record(wall, 'error', (e: { code: string }) => e.code);
    (await server.nextSubscribe()).answer({ ok: false, error: { code: 'rate_limited', message: 'slow down' } });
    const retry = await server.nextSubscribe();
    expect(retry.request).toEqual({ tag: 'askgmp', batch: true });
    retry.answer({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: fold(E1, log(1)) });
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    expect(errors).toEqual(['rate_limited']);
    expect(wall.posts.map((p) => p.id)).toEqual(['replay:1']);
  });

  it('close() from a listener stops everything at once, and for good', async () => {
    const wall = client(server.url);
    walls.push(wall);
    const first = await server.nextSubscribe();
    const serverSocket = [...server.nsp.sockets.values()][0]!;
    const gone = once(serverSocket, 'disconnect');

    const posts = record(wall, 'post', (p: { id: string }) => p.id);
    const statuses = record(wall, 'status', (s: StatusChange) => s.state);
    let states = 0;
    wall.on('state', () => states++);
    wall.on('post', () => wall.close());
    first.answer({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: fold(E1, log(3)) });
    await gone;

    expect(posts).toEqual(['replay:1']); // the other two are not announced after close()
    expect(states).toBe(0);
    expect(statuses).toEqual(['closed']);
    expect(wall.status).toBe('closed');
    wall.close();
    expect(statuses).toEqual(['closed']);
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('close() while a resume is in flight ignores its answer', async () => {
    const events = log(4);
    const wall = await liveWall(E1, events.slice(0, 1));
    const posts = record(wall, 'post', (p: { id: string }) => p.id);
    server.emit(E1, events[3]!); // gap
    const resume = await server.nextSubscribe();
    const serverSocket = [...server.nsp.sockets.values()][0]!;
    const gone = once(serverSocket, 'disconnect');
    wall.close();
    resume.answer({ ok: true, tag: 'askgmp', mode: 'events', epoch: E1, events: events.slice(1) });
    await gone;
    expect(posts).toEqual([]);
    expect(wall.state?.seq).toBe(1);
  });

  it('keeps calling the other listeners when one throws, and reports the error', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
    const events = log(3);
    const wall = await liveWall(E1, []);
    const boom = new Error('listener bug');
    wall.on('post', () => {
      throw boom;
    });
    const posts = record(wall, 'post', (p: { id: string }) => p.id);
    wall.on('state', () => {
      throw boom;
    });
    for (const event of events) server.emit(E1, event);
    await waitForSeq(wall, 3);

    expect(posts).toEqual(['replay:1', 'replay:2', 'replay:3']);
    expect(wall.state).toEqual(fold(E1, events));
    expect(reported).toHaveBeenCalledTimes(6);
    expect(reported.mock.calls.every((args) => args.includes(boom))).toBe(true);
  });
});

describe('SDK announcements', () => {
  it('post and remove events, replayed by a listener, always give the posts the wall holds', async () => {
    const post = (n: number) => makePost(n);
    const script: NewWallEvent[] = [
      { type: 'post.added', post: post(3) }, // a fourth post on a wall of 3: post 1 falls off
      { type: 'post.added', post: post(2) }, // re-added while held: moves up, nothing leaves
      { type: 'post.added', post: post(1) }, // re-added after it fell off: post 3's neighbour leaves
      { type: 'post.removed', id: 'replay:2' },
      { type: 'post.added', post: post(9) },
      { type: 'wall.updated', wall: { maxPosts: 1 } },
      { type: 'post.added', post: post(9) }, // the only post, re-added
      { type: 'wall.updated', wall: { maxPosts: 3 } },
      { type: 'post.added', post: post(4) },
    ];
    const initial = applyEvents(emptyState(E1, 'askgmp', { maxPosts: 3 }), log(3));
    const wall = client(server.url);
    walls.push(wall);
    const first = await server.nextSubscribe();
    const live = waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    first.answer({ ok: true, tag: 'askgmp', mode: 'snapshot', snapshot: initial });
    await live;

    const seen = new Set(wall.posts.map((p) => p.id));
    const mismatches: string[] = [];
    wall.on('post', (p) => seen.add(p.id));
    wall.on('remove', (p) => {
      if (!seen.delete(p.id)) mismatches.push(`removed ${p.id}, which it never held`);
    });
    wall.on('state', (s) => {
      const held = s.posts.map((p) => p.id).sort();
      if (JSON.stringify(held) !== JSON.stringify([...seen].sort())) mismatches.push(`at seq ${s.seq}: ${held}`);
    });
    const events = script.map((e, i) => ({ ...e, seq: 4 + i, at: '2026-11-01T19:00:00.000Z' }) as WallEvent);
    server.emitBatch(E1, events);
    await waitForSeq(wall, 3 + events.length);
    expect(mismatches).toEqual([]);
    expect(wall.state).toEqual(applyEvents(initial, events));
  });
});
