import { ConnectionState, ChatWallError, type Wall } from '@chat-wall/sdk';
import type { ProducerProgram } from '@chat-wall/sdk/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { moderator, nextMod } from './support/moderator.js';
import { client, makePost, startRelay, waitFor, type TestRelay } from './support/util.js';

/** A REST answer: the program, or a refusal (with the program when it was a race). */
interface Answer {
  program: ProducerProgram & { onAir: { post: { id: string } } };
  error: { code: string; message: string; field?: string };
}

const ADMIN = 'admin-secret-for-the-program-tests-0123456789';
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function relay(options: { clock?: Clock } = {}): Promise<TestRelay> {
  const t = await startRelay(undefined, { adminToken: ADMIN, ...options });
  open.push(t);
  return t;
}

async function mint(
  t: TestRelay,
  name: string,
  roles?: string[],
): Promise<{ status: number; body: { token: string; roles: string[] } }> {
  const res = await fetch(`${t.url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, walls: ['askgmp'], ...(roles ? { roles } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as { token: string; roles: string[] } };
}

async function post(
  t: TestRelay,
  token: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${t.url}/api/mod/walls/askGMP/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function viewer(t: TestRelay): Promise<Wall> {
  const w = client(t.url);
  open.push(w);
  await waitFor(w, 'status', (s) => s.state === ConnectionState.Live);
  return w;
}

/** Resolves once the viewer's state satisfies `check` (at once if it does now). */
function until(w: Wall, check: (s: NonNullable<Wall['state']>) => boolean): Promise<unknown> {
  if (w.state && check(w.state)) return Promise.resolve();
  return waitFor(w, 'state', check);
}

const onAirOf = (w: Wall): string | undefined => w.state?.wall.program?.onAir?.post.id ?? undefined;

describe('program over REST', () => {
  it('takes an approved post to every screen, clears it, and answers the program', async () => {
    const t = await relay();
    const { body: minted } = await mint(t, 'pat');
    expect(minted.roles).toEqual(['moderate', 'produce']);
    t.source.push(makePost(1), makePost(2));
    await t.relay.ingest.drain();
    const [a, b] = [await viewer(t), await viewer(t)];

    const seen = [a, b].map((w) => waitFor(w, 'state', (s) => s.wall.program?.onAir?.post.id === 'replay:1'));
    const took = await post(t, minted.token, 'program', { action: 'take', postId: 'replay:1' });
    expect(took.status).toBe(200);
    expect(took.body.program).toMatchObject({
      tag: 'askgmp',
      revision: 1,
      onAir: { post: { id: 'replay:1' } },
      by: 'pat',
    });
    await Promise.all(seen);

    // A screen that connects later comes back to what is on air.
    const late = await viewer(t);
    expect(onAirOf(late)).toBe('replay:1');

    const cleared = await post(t, minted.token, 'program', { action: 'clear' });
    expect(cleared).toMatchObject({ status: 200, body: { program: { revision: 2, onAir: null } } });
    await until(a, (s) => s.wall.program?.onAir === null);

    const audit = await fetch(`${t.url}/api/mod/walls/askGMP/audit`, {
      headers: { authorization: `Bearer ${minted.token}` },
    }).then((r) => r.json() as Promise<{ entries: { action: string; actor: string; postId?: string }[] }>);
    expect(audit.entries.slice(0, 2)).toMatchObject([
      { action: 'clear', actor: 'pat', postId: 'replay:1' },
      { action: 'take', actor: 'pat', postId: 'replay:1' },
    ]);
  });

  it('refuses what is not approved, unknown posts and bad requests, naming the field, and changes nothing', async () => {
    const t = await startRelay(
      { walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre' }], replay: { file: 'x.jsonl' } },
      { adminToken: ADMIN },
    );
    open.push(t);
    const { body: m } = await mint(t, 'pat');
    t.source.push(makePost(1));
    await t.relay.ingest.drain();

    const held = await post(t, m.token, 'program', { action: 'take', postId: 'replay:1' });
    expect(held.status).toBe(409);
    expect(held.body.error.message).toMatch(/only approved posts can go on air, and it is held/);
    expect((await post(t, m.token, 'program', { action: 'take', postId: 'replay:404' })).status).toBe(404);
    const cases: [unknown, string][] = [
      [{ action: 'take' }, 'postId'],
      [{ action: 'dance' }, 'action'],
      [{ action: 'move', postId: 'replay:1' }, 'index'],
      [{ action: 'auto', auto: { dwellSeconds: 1 } }, 'auto.dwellSeconds'],
      [{ action: 'clear', extra: true }, 'request'],
    ];
    for (const [body, field] of cases) {
      const res = await post(t, m.token, 'program', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(field === 'request' ? 'extra' : field);
    }
    expect(t.relay.walls.get('askgmp')!.log.snapshot.wall.program).toBeUndefined();
  });

  it('splits roles: produce-only cannot decide, moderate-only cannot take, bad roles are refused', async () => {
    const t = await relay();
    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    const { body: producer } = await mint(t, 'pia', ['produce']);
    const { body: mod } = await mint(t, 'max', ['moderate']);
    expect(producer.roles).toEqual(['produce']);

    const decide = await post(t, producer.token, 'posts/replay:1/remove', {});
    expect(decide.status).toBe(403);
    expect(decide.body.error.message).toContain('"moderate" role');
    const take = await post(t, mod.token, 'program', { action: 'take', postId: 'replay:1' });
    expect(take.status).toBe(403);
    expect(take.body.error.message).toContain('"produce" role');
    expect((await post(t, producer.token, 'program', { action: 'take', postId: 'replay:1' })).status).toBe(200);

    const me = await fetch(`${t.url}/api/mod/me`, { headers: { authorization: `Bearer ${producer.token}` } });
    expect(((await me.json()) as { moderator: { roles: string[] } }).moderator.roles).toEqual(['produce']);
    const bad = await mint(t, 'x', ['direct']);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('roles');
  });

  it('a removal, rejection or ban of the post on air clears the air in the same event', async () => {
    const t = await relay();
    const { body: m } = await mint(t, 'pat');
    t.source.push(makePost(1), makePost(2), makePost(3));
    await t.relay.ingest.drain();
    const w = await viewer(t);
    for (const [id, how] of [
      ['replay:1', 'posts/replay:1/remove'],
      ['replay:2', 'posts/replay:2/reject'],
    ] as const) {
      await post(t, m.token, 'program', { action: 'take', postId: id });
      await until(w, (s) => s.wall.program?.onAir?.post.id === id);
      const events: string[] = [];
      const off = w.on('event', (e) => events.push(e.type));
      const gone = waitFor(w, 'state', (s) => s.wall.program?.onAir === null);
      expect((await post(t, m.token, how, {})).status).toBe(200);
      await gone;
      off();
      expect(events).toEqual(['post.removed']);
    }
    await post(t, m.token, 'program', { action: 'take', postId: 'replay:3' });
    await until(w, (s) => s.wall.program?.onAir?.post.id === 'replay:3');
    const gone = waitFor(w, 'state', (s) => s.wall.program?.onAir === null);
    expect((await post(t, m.token, 'bans', { author: 'replay:u3' })).status).toBe(200);
    await gone;
  });

  it('of two racing takes with the same revision, one wins and the other is told who', async () => {
    const t = await relay();
    const [{ body: a }, { body: b }] = [await mint(t, 'alice'), await mint(t, 'bob')];
    t.source.push(makePost(1), makePost(2));
    await t.relay.ingest.drain();
    const [ra, rb] = await Promise.all([
      post(t, a.token, 'program', { action: 'take', postId: 'replay:1', expected: 0 }),
      post(t, b.token, 'program', { action: 'take', postId: 'replay:2', expected: 0 }),
    ]);
    const [win, lose] = ra.status === 200 ? [ra, rb] : [rb, ra];
    expect(win.status).toBe(200);
    expect(lose.status).toBe(409);
    const winner = win === ra ? 'alice' : 'bob';
    expect(lose.body.error.message).toContain(`${winner} took post ${win.body.program.onAir.post.id} to air`);
    expect(lose.body.program).toMatchObject({ revision: 1, by: winner });
  });
});

describe('program over the moderator socket', () => {
  it('rundown: add, move, next rotates through it; producers see every change live', async () => {
    const t = await relay();
    const [{ body: a }, { body: b }] = [await mint(t, 'alice'), await mint(t, 'bob')];
    t.source.push(makePost(1), makePost(2), makePost(3));
    await t.relay.ingest.drain();
    const alice = moderator(t.url, a.token);
    const bob = moderator(t.url, b.token);
    open.push(alice, bob);
    await Promise.all([alice.join('askGMP'), bob.join('askGMP')]);

    for (const id of ['replay:1', 'replay:2', 'replay:3'])
      await alice.produce({ tag: 'askGMP', action: 'add', postId: id });
    const moved = nextMod(bob, 'program', (p) => p.rundown[0]?.id === 'replay:3');
    await alice.produce({ tag: 'askGMP', action: 'move', postId: 'replay:3', index: 0 });
    expect((await moved).rundown.map((p) => p.id)).toEqual(['replay:3', 'replay:1', 'replay:2']);

    const onAir: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) onAir.push((await bob.produce({ tag: 'askGMP', action: 'next' })).onAir?.post.id);
    expect(onAir).toEqual(['replay:3', 'replay:1', 'replay:2', 'replay:3']);

    // Removing a post takes it out of the rundown, and producers hear of it.
    const dropped = nextMod(alice, 'program', (p) => p.rundown.length === 2);
    await alice.remove('askGMP', 'replay:1');
    expect((await dropped).rundown.map((p) => p.id)).toEqual(['replay:3', 'replay:2']);

    const conflict = await alice
      .produce({ tag: 'askGMP', action: 'take', postId: 'replay:2', expected: 1 })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ChatWallError);
    expect((conflict as ChatWallError).code).toBe('conflict');
    expect((conflict as ChatWallError).program?.by).toBe('bob');
  });

  it('auto mode takes the next post every dwell on an injected clock, and a manual take pauses it', async () => {
    const clock = new FakeClock();
    const t = await relay({ clock });
    const { body: a } = await mint(t, 'alice');
    t.source.push(makePost(1), makePost(2));
    await t.relay.ingest.drain();
    const alice = moderator(t.url, a.token);
    open.push(alice);
    await alice.join('askGMP');
    for (const id of ['replay:1', 'replay:2']) await alice.produce({ tag: 'askGMP', action: 'add', postId: id });

    const took = (id: string): Promise<ProducerProgram> => nextMod(alice, 'program', (p) => p.onAir?.post.id === id);
    let next = took('replay:1');
    await alice.produce({ tag: 'askGMP', action: 'auto', auto: { enabled: true, dwellSeconds: 5 } });
    await clock.advance(0);
    expect((await next).by).toBe('auto');
    next = took('replay:2');
    await clock.advance(5000);
    await next;
    next = took('replay:1');
    await clock.advance(5000);
    await next;

    const paused = await alice.produce({ tag: 'askGMP', action: 'take', postId: 'replay:2' });
    expect(paused.auto).toMatchObject({ enabled: true, pausedBy: 'alice' });
    await clock.advance(60_000);
    expect((await alice.program('askGMP')).onAir?.post.id).toBe('replay:2');
    const resumed = await alice.produce({ tag: 'askGMP', action: 'auto', auto: { enabled: true } });
    expect(resumed.auto.pausedBy).toBeUndefined();
  });
});

/** Timers that fire only when the test advances time. */
class FakeClock implements Clock {
  private t = Date.UTC(2026, 10, 30, 20, 0, 0);
  private timers: { at: number; fn: () => void; handle: object }[] = [];
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): object {
    const handle = {};
    this.timers.push({ at: this.t + ms, fn, handle });
    return handle;
  }
  clearTimeout(handle: object | undefined): void {
    this.timers = this.timers.filter((x) => x.handle !== handle);
  }
  /** Moves time on and runs what fell due, oldest first. */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= this.t).sort((x, y) => x.at - y.at)[0];
      if (!due) return;
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
      await new Promise((r) => setImmediate(r));
    }
  }
}
