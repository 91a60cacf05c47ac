// A whole session (schedule, Q/A threads, audience questions with assignments and answered or
// dismissed marks) through a relay restart on SQLite: real relays on one port, the real SDK viewer
// and moderator clients, REST for the triage.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  selectThreads,
  type ModeratedPost,
  type ModeratorClient,
  type Post,
  type Session,
  type SessionRecap,
  type Wall,
} from '@chat-wall/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { moderator, nextMod } from './support/moderator.js';
import { api, client, makePost, startRelay, waitFor, waitForSeq, type TestRelay } from './support/util.js';

const ADMIN = 'admin-token-for-the-session-restart-test-012345';
const MINUTE = 60_000;

let dir: string;
const relays: TestRelay[] = [];
const walls: Wall[] = [];
const mods: ModeratorClient[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-session-restart-'));
});
afterEach(async () => {
  walls.splice(0).forEach((w) => w.close());
  mods.splice(0).forEach((m) => m.close());
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await rm(dir, { recursive: true, force: true });
});

const now = Date.now();
const iso = (ms: number): string => new Date(ms).toISOString();
/** #askGMP with a host and a session that started ten minutes ago. */
const CONFIG = {
  walls: [
    {
      tag: 'askGMP',
      sources: ['replay'],
      moderation: 'post',
      hosts: ['GMPolice'],
      sessions: [{ title: 'Lunchtime Q&A', start: iso(now - 10 * MINUTE), end: iso(now + 50 * MINUTE) }],
    },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

async function relay(port = 0): Promise<TestRelay> {
  const r = await startRelay(CONFIG, { store: SqliteStore.open(path.join(dir, 'wall.db')), adminToken: ADMIN, port });
  relays.push(r);
  return r;
}

/** A post by `handle`, replying to `replyTo` when given. */
function by(n: number, handle: string, text: string, replyTo?: string): Post {
  const post = makePost(n, `${text} #askGMP`);
  return {
    ...post,
    author: { id: `id-${handle}`, handle, name: handle, verified: false },
    ...(replyTo ? { reply: true, replyTo } : {}),
  };
}

async function call<T>(t: TestRelay, token: string, method: string, route: string, body?: unknown) {
  const res = await api(t, route, { method, token, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: (await res.json()) as T };
}

/** What a moderator and a viewer can read of the session, as plain data. */
async function observe(t: TestRelay, token: string, sessionId: string) {
  const info = await call<{ sessions: Session[] }>(t, token, 'GET', '/walls/askGMP');
  const questions = await call<{ questions: ModeratedPost[] }>(t, token, 'GET', '/mod/walls/askgmp/questions');
  const recap = await call<SessionRecap>(t, token, 'GET', `/walls/askGMP/export?format=json&session=${sessionId}`);
  const audit = await call<{ entries: { action: string; postId?: string }[] }>(
    t,
    token,
    'GET',
    '/mod/walls/askgmp/audit',
  );
  return {
    sessions: info.body.sessions,
    questions: questions.body.questions.map((q) => ({
      id: q.post.id,
      state: q.post.ask?.state,
      answered: q.post.answered ?? false,
      assignee: q.assignee,
    })),
    recap: {
      questions: recap.body.questions.map((q) => ({
        number: q.number,
        post: q.post.id,
        answers: q.answers.map((a) => [a.id, a.thread]),
      })),
      audience: recap.body.audienceQuestions.map((a) => ({
        post: a.post.id,
        answered: a.answered,
        answers: a.answers.map((p) => p.id),
      })),
      unanswered: recap.body.unanswered,
      summary: recap.body.summary,
    },
    audit: audit.body.entries.map((e) => `${e.action} ${e.postId ?? ''}`.trim()),
  };
}

/** The threads a viewer's state holds, by id. */
function threadsOf(wall: Wall, sessionId: string) {
  const t = selectThreads(wall.state!, sessionId);
  return {
    current: t.current,
    questions: t.questions.map((q) => ({ n: q.number, post: q.post.id, answers: q.answers.map((a) => a.id) })),
    audience: t.audience.map((a) => ({ post: a.post.id, answered: a.answered, answers: a.answers.map((p) => p.id) })),
  };
}

describe('a session across a relay restart on SQLite', () => {
  it('keeps the schedule, the Q/A threads, assignments and answered or dismissed marks; screens resume', async () => {
    const first = await relay();
    const port = (first.relay.http.address() as AddressInfo).port;
    const minted = await call<{ token: string }>(first, ADMIN, 'POST', '/admin/tokens', {
      name: 'alice',
      walls: ['askgmp'],
    });
    const token = minted.body.token;
    const live = first.relay.walls.get('askgmp')!.log.snapshot.wall.sessions[0]!;

    const viewer = client(first.url);
    walls.push(viewer);
    await waitFor(viewer, 'status', (s) => s.state === 'live');
    const mod = moderator(first.url, token);
    mods.push(mod);
    await mod.join('askGMP');

    // The session: Q1 and Q2 from the host, answers, three audience questions, one answered by the host.
    first.source.push(
      by(1, 'GMPolice', 'Q1: How do you keep your bike safe?'),
      by(2, 'jo', 'A1: D-lock through the frame'),
      by(3, 'sam', 'Is the station open on Sundays?'),
      by(4, 'kim', 'Where do I report a scam text?'),
      by(5, 'lee', 'Can I join the specials at 52?'),
      by(6, 'GMPolice', 'Q2: Which road worries you most?'),
      by(7, 'ana', 'Great session so far'),
    );
    await first.relay.ingest.drain();
    // A host's reply links as the answer, and the moderators' consoles hear of it at once.
    // (The push of the question itself, when it was recorded, may still be on its way: wait for the answered one.)
    const pushed = nextMod(
      mod,
      'question',
      (m) => m.question.post.id === 'replay:3' && m.question.post.answered === true,
    );
    first.source.push(by(8, 'GMPolice', '@sam Yes, 10 to 4 on Sundays.', 'replay:3'));
    expect((await pushed).question.post).toMatchObject({ ask: { state: 'answered' }, answered: true });

    // Moderators' work: a second session, a longer first one, and triage of every kind.
    const later = { title: 'Evening Q&A', start: iso(now + 2 * 60 * MINUTE), end: iso(now + 3 * 60 * MINUTE) };
    expect((await call(first, token, 'POST', '/mod/walls/askgmp/sessions', later)).status).toBe(201);
    const extended = await call(first, token, 'POST', `/mod/walls/askgmp/sessions/${live.id}/extend`, { minutes: 15 });
    expect(extended.status).toBe(200);
    const triage = async (postId: string, action: string, body: object = {}) =>
      expect((await call(first, token, 'POST', `/mod/walls/askgmp/questions/${postId}/${action}`, body)).status).toBe(
        200,
      );
    await triage('replay:4', 'assign', { assignee: 'Sgt Patel' });
    await triage('replay:5', 'dismiss', { reason: 'asked elsewhere' });
    await triage('replay:7', 'mark');
    await triage('replay:7', 'answer');
    await first.relay.ingest.drain();
    await waitForSeq(viewer, first.relay.walls.get('askgmp')!.log.snapshot.seq);

    const before = await observe(first, token, live.id);
    expect(before.sessions.map((s) => s.title)).toEqual(['Lunchtime Q&A', 'Evening Q&A']);
    expect(before.sessions[0]!.end).toBe(iso(now + 65 * MINUTE));
    // Unanswered first, then oldest first.
    expect(before.questions).toEqual([
      { id: 'replay:4', state: 'open', answered: false, assignee: 'Sgt Patel' },
      { id: 'replay:3', state: 'answered', answered: true, assignee: undefined },
      { id: 'replay:5', state: 'dismissed', answered: false, assignee: undefined },
      { id: 'replay:7', state: 'answered', answered: true, assignee: undefined },
    ]);
    expect(before.recap.questions.map((q) => [q.number, q.post, q.answers.map(([id]) => id)])).toEqual([
      [1, 'replay:1', ['replay:2']],
      [2, 'replay:6', []],
    ]);
    const threadsBefore = threadsOf(viewer, live.id);
    expect(threadsBefore.current).toBe(2);
    expect(threadsBefore.audience.map((a) => [a.post, a.answered, a.answers])).toEqual([
      ['replay:3', true, ['replay:8']],
      ['replay:4', false, []],
      ['replay:7', true, []],
    ]);
    const epoch = viewer.state!.epoch;

    // Restart on the same port and file: the viewer resumes by itself.
    await first.close();
    relays.splice(relays.indexOf(first), 1);
    const resumed = waitFor(viewer, 'status', (s) => s.state === 'live', 10_000);
    const second = await relay(port);
    expect((await resumed).resumed).toBe(true);
    expect(viewer.state!.epoch).toBe(epoch);

    expect(await observe(second, token, live.id)).toEqual(before);
    expect(threadsOf(viewer, live.id)).toEqual(threadsBefore);

    // The session goes on: an A1 after the restart still finds Q1, and a host reply answers the
    // assigned question, pushed to moderators with its assignee.
    const mod2 = moderator(second.url, token);
    mods.push(mod2);
    await mod2.join('askGMP');
    const answered = nextMod(mod2, 'question', (m) => m.question.post.id === 'replay:4');
    second.source.push(
      by(9, 'dee', 'A1: photos of the frame number'),
      by(10, 'GMPolice', '@kim Forward it to 7726, free.', 'replay:4'),
    );
    expect((await answered).question).toMatchObject({ assignee: 'Sgt Patel', post: { ask: { state: 'answered' } } });
    await second.relay.ingest.drain();
    const a1 = (await second.relay.store.getPost('askgmp', 'replay:9'))!.post;
    expect(a1.thread).toEqual({ sessionId: live.id, answers: 1, answerTo: 'replay:1' });

    const fresh = client(second.url);
    walls.push(fresh);
    await waitFor(fresh, 'status', (s) => s.state === 'live');
    const seq = second.relay.walls.get('askgmp')!.log.snapshot.seq;
    await Promise.all([waitForSeq(viewer, seq), waitForSeq(fresh, seq)]);
    expect(threadsOf(fresh, live.id)).toEqual(threadsOf(viewer, live.id));
    expect(threadsOf(fresh, live.id).questions[0]!.answers).toEqual(['replay:2', 'replay:9']);
  });
});
