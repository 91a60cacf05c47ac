import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Post } from '@chat-wall/sdk/protocol';
import type { Wall } from '@chat-wall/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { RestartTestResources, startChildRelay, type ChildRelay } from './support/child-relay.js';
import { client, waitFor, waitForSeq } from './support/util.js';

const TOTAL = 3000;
const KILL_AFTER = 1200;

const open = new RestartTestResources();
afterEach(() => open.release());

function start(env: Record<string, string>): ChildRelay {
  const child = startChildRelay(env);
  open.children.push(child);
  return child;
}

function viewer(url: string): { wall: Wall; seen: string[] } {
  const wall = client(url);
  open.walls.push(wall);
  const seen: string[] = [];
  wall.on('post', (p) => seen.push(p.id));
  return { wall, seen };
}

/** Every visible post, newest first, through the paginated history API. */
async function history(url: string): Promise<Post[]> {
  const posts: Post[] = [];
  let before: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
    const res = await fetch(`${url}/api/walls/askgmp/posts?${query}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { posts: Post[]; next?: string };
    posts.push(...page.posts);
    before = page.next;
  } while (before);
  return posts;
}

describe('relay killed with SIGKILL mid-ingest', () => {
  it('restarts on the same file with no approved post lost or doubled, and viewers resume', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-restart-'));
    open.dirs.push(dir);
    const env = { DB_FILE: path.join(dir, 'wall.db'), FEED_TOTAL: String(TOTAL), VIEWERS: '2' };

    const first = start(env);
    const url = await first.listening;
    const a = viewer(url);
    const b = viewer(url);
    await waitForSeq(a.wall, KILL_AFTER);
    const epoch = a.wall.state!.epoch;

    // Posts are still streaming in: kill the process without any chance to flush or close.
    const reconnected = [a, b].map((v) => waitFor(v.wall, 'status', (s) => s.state === 'live', 20_000));
    first.process.kill('SIGKILL');
    await first.exited;
    expect(first.process.signalCode).toBe('SIGKILL');
    const seenAtKill = a.seen.length;
    expect(seenAtKill).toBeLessThan(TOTAL);

    const second = start({ ...env, PORT: new URL(url).port });
    expect(await second.listening).toBe(url);
    const changes = await Promise.all(reconnected);
    const done = await second.done;
    expect(changes.map((c) => c.resumed)).toEqual([true, true]);
    expect(done).toEqual({ epoch, seq: TOTAL });

    const fresh = viewer(url);
    await Promise.all([a, b, fresh].map((v) => waitForSeq(v.wall, TOTAL)));
    const ids = Array.from({ length: TOTAL }, (_, i) => `replay:${i + 1}`);
    // Each viewer saw every post exactly once, in order, across the crash.
    expect(a.seen).toEqual(ids);
    expect(b.seen).toEqual(ids);
    expect(a.wall.state).toEqual(fresh.wall.state);
    expect(b.wall.state).toEqual(fresh.wall.state);
    expect(fresh.wall.state!.epoch).toBe(epoch);
    // History holds every post once, newest first.
    expect((await history(url)).map((p) => p.id)).toEqual([...ids].reverse());
  });
});
