import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry, ModeratedPost, ModerationSettings, Post } from '@chat-wall/sdk/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RestartTestResources, startChildRelay } from './support/child-relay.js';
import { client, waitForSeq } from './support/util.js';

const ADMIN = 'admin-secret-for-the-restart-test-0123456789';

const open = new RestartTestResources();
afterEach(() => open.release());

async function call(
  url: string,
  token: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Everything moderators and viewers can see of the wall, as plain data. */
async function observe(url: string, token: string) {
  const get = async (route: string) => {
    const answer = await call(url, token, 'GET', route);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const list = async (status: string) =>
    ((await get(`/mod/walls/askgmp/posts?status=${status}`)).posts as ModeratedPost[]).map((r) => ({
      id: r.post.id,
      status: r.status,
      reason: r.reason,
      decidedBy: r.decidedBy,
    }));
  return {
    me: (await get('/mod/me')).moderator,
    held: await list('held'),
    approved: await list('approved'),
    rejected: await list('rejected'),
    audit: (await get('/mod/walls/askgmp/audit')).entries as AuditEntry[],
    settings: (await get('/mod/walls/askgmp/settings')).settings as ModerationSettings,
    history: ((await get('/walls/askgmp/posts')).posts as Post[]).map((p) => p.id),
  };
}

describe('moderation across a SIGKILL restart on SQLite', () => {
  it('keeps held posts, decisions, the audit log, tokens and settings; the wall shows what was approved', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-mod-restart-'));
    open.dirs.push(dir);
    const env = {
      DB_FILE: path.join(dir, 'wall.db'),
      FEED_TOTAL: '4',
      MODERATION: 'pre',
      CHAT_WALL_ADMIN_TOKEN: ADMIN,
    };
    const first = startChildRelay(env);
    open.children.push(first);
    const url = await first.listening;
    await first.done;

    const minted = await call(url, ADMIN, 'POST', '/admin/tokens', { name: 'alice', walls: ['askgmp'] });
    expect(minted.status).toBe(201);
    const token = minted.body.token as string;
    expect((await call(url, token, 'POST', '/mod/walls/askgmp/posts/replay:1/approve', {})).status).toBe(200);
    const rejected = await call(url, token, 'POST', '/mod/walls/askgmp/posts/replay:2/reject', { reason: 'off topic' });
    expect(rejected.status).toBe(200);
    const blocklist = { filters: { blocklist: { words: ['casino'] } } };
    expect((await call(url, token, 'PUT', '/mod/walls/askgmp/settings', blocklist)).status).toBe(200);
    const before = await observe(url, token);
    expect(before.held.map((p) => p.id)).toEqual(['replay:3', 'replay:4']);
    expect(before.rejected).toEqual([{ id: 'replay:2', status: 'rejected', reason: 'off topic', decidedBy: 'alice' }]);
    expect(before.audit.map((e) => e.action)).toEqual(['settings', 'reject', 'approve']);
    expect(before.history).toEqual(['replay:1']);
    const viewer = client(url);
    open.walls.push(viewer);
    await waitForSeq(viewer, 1);
    const epoch = viewer.state!.epoch;

    // No chance to flush or close: whatever was acknowledged must be on disk.
    first.process.kill('SIGKILL');
    await first.exited;

    // The feeder backfills from its cursor: posts 1–4 arrive again and must stay as decided.
    const second = startChildRelay({ ...env, PORT: new URL(url).port });
    open.children.push(second);
    expect(await second.listening).toBe(url);
    expect(await second.done).toEqual({ epoch, seq: 1 });
    expect(await observe(url, token)).toEqual(before);
    const again = client(url);
    open.walls.push(again);
    await waitForSeq(again, 1);
    expect(again.posts.map((p) => p.id)).toEqual(['replay:1']);
    expect(again.state!.epoch).toBe(epoch);
  });
});
