// Opening and closing a wall's audience questions at run time: REST and the moderator socket, what
// screens see (the wall's `submissions`), the audit log, roles, bad input, and a restart on SQLite.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectWall, type AuditEntry, type Wall } from '@chat-wall/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { moderator } from './support/moderator.js';
import { api, silent, waitFor } from './support/util.js';

const ADMIN = 'admin-token-for-the-submission-switch-0123456';

let dir: string;
const cleanup: (() => Promise<void> | void)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-submission-switch-'));
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  await rm(dir, { recursive: true, force: true });
});

const WALLS = [
  { tag: 'askGMP', sources: ['native'] },
  { tag: 'plain', sources: ['replay'] },
];

async function start(walls: unknown[] = WALLS, store?: Store) {
  const relay = await Relay.create({
    config: parseConfig({ walls, replay: { file: 'unused.jsonl' } }),
    logger: silent,
    adminToken: ADMIN,
    ...(store ? { store } : {}),
    // The replay file does not exist: only the native source runs.
    sources: [],
  });
  cleanup.push(() => relay.close());
  const url = await relay.listen(0, '127.0.0.1');
  const t = { url };
  const token = async (body: object = { name: 'host', walls: ['*'] }): Promise<string> =>
    ((await (await api(t, '/admin/tokens', { method: 'POST', token: ADMIN, body })).json()) as { token: string }).token;
  const ask = (tag = 'askgmp', headers: Record<string, string> = {}) =>
    fetch(`${url}/api/walls/${tag}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'Sam', text: 'When does the bus lane open?' }),
    });
  const viewer = (tag = 'askGMP'): Wall => {
    const wall = connectWall({ server: url, tag, forceNew: true });
    cleanup.push(() => wall.close());
    return wall;
  };
  return { relay, url, t, token, ask, viewer };
}

async function live(wall: Wall): Promise<void> {
  if (wall.state) return;
  await waitFor(wall, 'state');
}

/** Resolves once the wall's state shows questions `open` (at once when it already does). */
async function showsOpen(wall: Wall, open: boolean): Promise<void> {
  if (wall.state?.wall.submissions?.open === open) return;
  await waitFor(wall, 'state', (s) => s.wall.submissions?.open === open);
}

describe('the audience questions switch', () => {
  it('closes and reopens questions over REST; screens see it and the audit log records who did it', async () => {
    const { t, token, ask, viewer } = await start();
    const wall = viewer();
    await live(wall);
    expect(wall.state!.wall.submissions).toEqual({ open: true });
    expect((await ask()).status).toBe(202);

    const host = await token();
    const closed = await api(t, '/mod/walls/askGMP/submissions', { method: 'PUT', token: host, body: { open: false } });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toEqual({ submissions: { open: false } });
    await showsOpen(wall, false);
    const refused = await ask();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { message: 'Questions are closed on this wall.' } });

    const reopened = await api(t, '/mod/walls/askgmp/submissions', {
      method: 'PUT',
      token: host,
      body: { open: true },
    });
    expect(await reopened.json()).toEqual({ submissions: { open: true } });
    await showsOpen(wall, true);
    expect((await ask()).status).toBe(202);

    const audit = (await (await api(t, '/mod/walls/askgmp/audit', { token: host })).json()) as {
      entries: AuditEntry[];
    };
    expect(audit.entries.filter((e) => e.action.startsWith('submissions.')).map((e) => [e.action, e.actor])).toEqual([
      ['submissions.open', 'host'],
      ['submissions.close', 'host'],
    ]);
  });

  it('works over the moderator socket and tells joined moderators through the audit push', async () => {
    const { url, token, ask } = await start();
    const mod = moderator(url, await token({ name: 'mo', walls: ['*'] }));
    cleanup.push(() => mod.close());
    await mod.join('askGMP');
    const pushed = new Promise<AuditEntry>((resolve) => mod.on('audit', resolve));
    expect(await mod.setSubmissions('askGMP', false)).toEqual({ open: false });
    expect(await pushed).toMatchObject({ action: 'submissions.close', actor: 'mo', tag: 'askgmp' });
    expect((await ask()).status).toBe(403);
  });

  it('refuses a producer-only token, a wall without questions and bad input, and changes nothing', async () => {
    const { t, token, ask, viewer } = await start();
    const producer = await token({ name: 'desk', walls: ['*'], roles: ['produce'] });
    const asProducer = await api(t, '/mod/walls/askgmp/submissions', {
      method: 'PUT',
      token: producer,
      body: { open: false },
    });
    expect(asProducer.status).toBe(403);

    const host = await token();
    const plain = await api(t, '/mod/walls/plain/submissions', { method: 'PUT', token: host, body: { open: true } });
    expect(plain.status).toBe(409);
    expect(await plain.json()).toMatchObject({ error: { message: expect.stringMatching(/add "native"/) } });

    const bad = await api(t, '/mod/walls/askgmp/submissions', { method: 'PUT', token: host, body: { open: 'no' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'open' } });
    expect((await api(t, '/mod/walls/askgmp/submissions', { method: 'PUT', body: { open: false } })).status).toBe(401);

    const wall = viewer();
    await live(wall);
    expect(wall.state!.wall.submissions).toEqual({ open: true });
    expect((await ask()).status).toBe(202);
    const viewerOfPlain = viewer('plain');
    await live(viewerOfPlain);
    expect(viewerOfPlain.state!.wall.submissions).toBeUndefined();
  });

  it('keeps its state across a restart, over what the config says', async () => {
    const file = path.join(dir, 'wall.db');
    const first = await start(WALLS, SqliteStore.open(file));
    const host = await first.token();
    await api(first.t, '/mod/walls/askgmp/submissions', { method: 'PUT', token: host, body: { open: false } });
    await first.relay.close();

    const second = await start(WALLS, SqliteStore.open(file));
    expect((await second.ask()).status).toBe(403);
    const wall = second.viewer();
    await live(wall);
    expect(wall.state!.wall.submissions).toEqual({ open: false });
  });

  it('starts from the config: `submissions.open: false` starts a wall closed', async () => {
    const { ask, viewer } = await start([{ tag: 'askGMP', sources: ['native'], submissions: { open: false } }]);
    expect((await ask()).status).toBe(403);
    const wall = viewer();
    await live(wall);
    expect(wall.state!.wall.submissions).toEqual({ open: false });
  });
});

describe('a relay where no wall takes questions', () => {
  it('answers a readable 403 that a page on another site can read', async () => {
    const { ask } = await start([{ tag: 'plain', sources: ['replay'] }]);
    const res = await ask('plain', { origin: 'https://council.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
    expect(await res.json()).toMatchObject({ error: { message: 'The wall "plain" does not take questions.' } });
  });
});
