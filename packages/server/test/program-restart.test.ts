// The broadcast program through a relay restart on SQLite: real relays on one port over one
// database file, the real SDK viewer and moderator clients. What is on air comes back from the wall
// log, the rundown and auto mode from the store, and who took the post to air from the audit log.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConnectionState, ModerationRequestError, type ModeratorClient, type Wall } from '@chat-wall/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { moderator } from './support/moderator.js';
import { client, makePost, startRelay, waitFor, type TestRelay } from './support/util.js';

const ADMIN = 'admin-token-for-the-program-restart-test-0123';

let dir: string;
const relays: TestRelay[] = [];
const closers: { close(): unknown }[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-program-restart-'));
});
afterEach(async () => {
  closers.splice(0).forEach((c) => c.close());
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await rm(dir, { recursive: true, force: true });
});

async function relay(port = 0): Promise<TestRelay> {
  const r = await startRelay(
    { walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post' }], replay: { file: 'fed-by-the-test.jsonl' } },
    { store: SqliteStore.open(path.join(dir, 'wall.db')), adminToken: ADMIN, port },
  );
  relays.push(r);
  return r;
}

async function producer(url: string, token: string): Promise<ModeratorClient> {
  const m = moderator(url, token);
  closers.push(m);
  await m.join('askGMP');
  return m;
}

async function viewer(url: string): Promise<Wall> {
  const w = client(url);
  closers.push(w);
  if (w.status !== ConnectionState.Live) await waitFor(w, 'status', (s) => s.state === ConnectionState.Live);
  return w;
}

describe('the program across a relay restart on SQLite', () => {
  it('keeps the post on air, the rundown in order, auto mode and who took it', async () => {
    const first = await relay();
    const port = Number(new URL(first.url).port);
    first.source.push(makePost(1), makePost(2), makePost(3), makePost(4));
    await first.relay.ingest.drain();
    const { token } = await first.relay.tokens.mint('alice', ['askgmp'], undefined, ['produce']);
    const alice = await producer(first.url, token);
    for (const id of ['replay:1', 'replay:2', 'replay:3', 'replay:4'])
      await alice.produce({ tag: 'askGMP', action: 'add', postId: id });
    await alice.produce({ tag: 'askGMP', action: 'move', postId: 'replay:4', index: 0 });
    await alice.produce({ tag: 'askGMP', action: 'remove', postId: 'replay:2' });
    await alice.produce({
      tag: 'askGMP',
      action: 'auto',
      auto: { enabled: true, dwellSeconds: 600, source: 'rundown' },
    });
    // A manual take pauses auto mode, so no timer moves the air during the test.
    const before = await alice.produce({ tag: 'askGMP', action: 'take', postId: 'replay:3' });
    expect(before.auto.pausedBy).toBe('alice');
    expect(before.rundown.map((p) => p.id)).toEqual(['replay:4', 'replay:1', 'replay:3']);

    alice.close();
    await first.close();
    relays.splice(0);

    const second = await relay(port);
    // A reloaded overlay comes back showing the post on air, from the wall log.
    const overlay = await viewer(second.url);
    expect(overlay.state?.wall.program?.onAir?.post.id).toBe('replay:3');
    expect(overlay.state?.wall.program?.revision).toBe(before.revision);

    // Producers find the rundown, auto mode (still paused by alice) and who took the post to air.
    const bob = await producer(second.url, (await second.relay.tokens.mint('bob', ['askgmp'])).token);
    const after = await bob.program('askGMP');
    expect(after.rundown.map((p) => p.id)).toEqual(['replay:4', 'replay:1', 'replay:3']);
    expect(after.auto).toEqual(before.auto);
    expect(after.onAir).toEqual(before.onAir);
    expect(after.by).toBe('alice');

    // A take made on the picture from before the restart's last take is told who won.
    const stale = await bob
      .produce({ tag: 'askGMP', action: 'take', postId: 'replay:1', expected: before.revision - 1 })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ModerationRequestError);
    expect((stale as ModerationRequestError).message).toMatch(/alice took post replay:3 to air/);

    // Next carries on through the rundown from the post on air.
    const shown = waitFor(overlay, 'state', (s) => s.wall.program?.onAir?.post.id === 'replay:4');
    const next = await bob.produce({ tag: 'askGMP', action: 'next', expected: before.revision });
    expect(next.onAir?.post.id).toBe('replay:4');
    await shown;
  });
});
