// Moderators manage sessions and triage audience questions over REST and the /moderate socket
// (the SDK's moderator client): real relay on port 0, real clients. Every refusal names the field
// (or says why) and changes nothing: not the schedule, not the posts, not the audit log.
import {
  ChatWallError,
  selectThreads,
  type ModeratedPost,
  type ModeratorClient,
  type Post,
  type Session,
  type Wall,
} from '@chat-wall/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderator, nextMod } from './support/moderator.js';
import { api, client, makePost, startRelay, waitFor, waitForSeq, type TestRelay } from './support/util.js';

const ADMIN = 'admin-token-for-the-session-moderation-test-0123';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = Date.now();
const iso = (ms: number): string => new Date(ms).toISOString();

let t: TestRelay;
const tokens: Record<'alice' | 'bob' | 'producer' | 'carol', string> = { alice: '', bob: '', producer: '', carol: '' };
let viewer: Wall;
const mods: ModeratorClient[] = [];

beforeAll(async () => {
  t = await startRelay(
    {
      walls: [
        {
          tag: 'askGMP',
          sources: ['replay'],
          moderation: 'post',
          hosts: ['GMPolice'],
          sessions: [
            { title: 'Morning', start: iso(now - 3 * HOUR), end: iso(now - 2 * HOUR) },
            { title: 'Lunchtime', start: iso(now - 10 * MINUTE), end: iso(now + 50 * MINUTE) },
          ],
        },
        { tag: 'askOther', sources: ['replay'] },
        { tag: 'askHeld', sources: ['replay'], moderation: 'pre', hosts: ['GMPolice'] },
      ],
      replay: { file: 'fed-by-the-test.jsonl' },
    },
    { adminToken: ADMIN },
  );
  const mint = async (name: string, walls: string[], roles?: string[]) => {
    const res = await api(t, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name, walls, roles } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  tokens.alice = await mint('alice', ['askgmp']);
  tokens.bob = await mint('bob', ['askother']);
  tokens.producer = await mint('pat', ['askgmp'], ['produce']);
  tokens.carol = await mint('carol', ['askheld']);
  viewer = client(t.url);
  await waitFor(viewer, 'status', (s) => s.state === 'live');
});

afterAll(async () => {
  viewer?.close();
  mods.forEach((m) => m.close());
  await t?.close();
});

const log = () => t.relay.walls.get('askgmp')!.log;
const sessions = (): Session[] => log().snapshot.wall.sessions;
const byTitle = (title: string): Session => sessions().find((s) => s.title === title)!;

async function call<T = Record<string, unknown>>(
  method: string,
  route: string,
  body?: unknown,
  token = tokens.alice,
): Promise<{ status: number; body: T }> {
  const res = await api(t, route, { method, ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: (await res.json()) as T };
}

type Refusal = { error: { code: string; message: string; field?: string } };

/** What a refused request must leave untouched. */
async function state() {
  const audit = await call<{ entries: unknown[] }>('GET', '/mod/walls/askgmp/audit');
  return { sessions: sessions(), seq: log().snapshot.seq, audit: audit.body.entries.length };
}

/** Runs a request that must be refused with `status`, the `field` named, and nothing changed. */
async function refused(
  request: () => Promise<{ status: number; body: unknown }>,
  status: number,
  expected: { code: string; field?: string; message?: RegExp },
): Promise<void> {
  const before = await state();
  const answer = await request();
  expect(answer.status).toBe(status);
  const { error } = answer.body as Refusal;
  expect(error.code).toBe(expected.code);
  if (expected.field) expect(error.field).toBe(expected.field);
  if (expected.message) expect(error.message).toMatch(expected.message);
  expect(await state()).toEqual(before);
}

function by(n: number, handle: string, text: string): Post {
  return { ...makePost(n, `${text} #askGMP`), author: { id: `id-${handle}`, handle, name: handle, verified: false } };
}

describe('sessions over REST', () => {
  it('creates a session that every screen sees, and refuses bad schedules naming the field', async () => {
    const evening = { title: 'Evening', start: iso(now + 3 * HOUR), end: iso(now + 4 * HOUR) };
    const created = await call<{ session: Session; sessions: Session[] }>(
      'POST',
      '/mod/walls/askgmp/sessions',
      evening,
    );
    expect(created.status).toBe(201);
    expect(created.body.session).toMatchObject({ title: 'Evening', start: evening.start, end: evening.end });
    expect(created.body.sessions.map((s) => s.title)).toEqual(['Morning', 'Lunchtime', 'Evening']);
    await waitForSeq(viewer, log().snapshot.seq);
    expect(viewer.state!.wall.sessions).toEqual(sessions());
    const info = await call<{ nextSession: Session; currentSession: Session }>('GET', '/walls/askGMP');
    expect(info.body.currentSession.title).toBe('Lunchtime');
    expect(info.body.nextSession.id).toBe(created.body.session.id);

    const post = (session: object) => () => call('POST', '/mod/walls/askgmp/sessions', session);
    const at = (h: number) => iso(now + h * HOUR);
    await refused(post({ title: 'Backwards', start: at(6), end: at(5) }), 400, {
      code: 'bad_request',
      field: 'session.end',
      message: /must be after start/,
    });
    await refused(post({ title: 'Clash', start: at(3.5), end: at(4.5) }), 400, {
      code: 'bad_request',
      field: 'session.start',
      message: /overlaps session "Evening"/,
    });
    await refused(post({ title: 'Far', start: at(24 * 400), end: at(24 * 400 + 1) }), 400, {
      code: 'bad_request',
      field: 'session.start',
      message: /at most a year ahead/,
    });
    await refused(post({ title: 'Vague', start: 'tomorrow noon', end: at(9) }), 400, {
      code: 'bad_request',
      field: 'session.start',
      message: /ISO 8601/,
    });
    await refused(post({ start: at(8), end: at(9) }), 400, { code: 'bad_request', field: 'session.title' });
    await refused(post({ title: 'Over', start: at(-5), end: at(-4) }), 400, {
      code: 'bad_request',
      field: 'session.end',
      message: /in the future/,
    });
  });

  it("edits a session; a past session's times cannot change, nor a live one's start", async () => {
    const patch = (title: string, body: object) => () =>
      call('PATCH', `/mod/walls/askgmp/sessions/${byTitle(title).id}`, body);
    const morning = byTitle('Morning');
    await refused(patch('Morning', { start: iso(now - 4 * HOUR) }), 400, {
      code: 'bad_request',
      field: 'patch.start',
      message: /has ended/,
    });
    await refused(patch('Morning', { end: iso(now + 5 * MINUTE) }), 400, { code: 'bad_request', field: 'patch.end' });
    // Its title may still be corrected, for the recap.
    const renamed = await patch('Morning', { title: 'Morning surgery' })();
    expect(renamed.status).toBe(200);
    expect(byTitle('Morning surgery')).toMatchObject({ id: morning.id, start: morning.start, end: morning.end });

    await refused(patch('Lunchtime', { start: iso(now - 20 * MINUTE) }), 400, {
      code: 'bad_request',
      field: 'patch.start',
      message: /live/,
    });
    await refused(patch('Evening', { end: iso(now + 2 * HOUR) }), 400, {
      code: 'bad_request',
      field: 'patch.end',
      message: /after start/,
    });
    await refused(patch('Evening', { start: iso(now + 30 * MINUTE) }), 400, {
      code: 'bad_request',
      field: 'patch.start',
      message: /overlaps session "Lunchtime"/,
    });
    const moved = await patch('Evening', { start: iso(now + 5 * HOUR), end: iso(now + 6 * HOUR), description: 'x' })();
    expect(moved.status).toBe(200);
    expect(byTitle('Evening')).toMatchObject({
      start: iso(now + 5 * HOUR),
      end: iso(now + 6 * HOUR),
      description: 'x',
    });
    await refused(() => call('PATCH', '/mod/walls/askgmp/sessions/s-nope', { title: 'x' }), 404, {
      code: 'not_found',
    });
  });

  it('extends a live session and ends it now; refuses what would not make sense', async () => {
    const lunch = byTitle('Lunchtime');
    const route = (id: string, what: string) => `/mod/walls/askgmp/sessions/${id}/${what}`;
    await refused(() => call('POST', route(lunch.id, 'extend'), { minutes: 0 }), 400, {
      code: 'bad_request',
      field: 'minutes',
    });
    await refused(() => call('POST', route(lunch.id, 'extend'), { minutes: 5000 }), 400, {
      code: 'bad_request',
      field: 'minutes',
    });
    await refused(() => call('POST', route(lunch.id, 'extend'), { minutes: -120 }), 400, {
      code: 'bad_request',
      field: 'minutes',
      message: /in the past/,
    });
    await refused(() => call('POST', route(byTitle('Morning surgery').id, 'extend'), { minutes: 10 }), 400, {
      code: 'bad_request',
      field: 'minutes',
      message: /has ended/,
    });
    const extended = await call<{ session: Session }>('POST', route(lunch.id, 'extend'), { minutes: 15 });
    expect(extended.status).toBe(200);
    expect(extended.body.session.end).toBe(iso(Date.parse(lunch.end) + 15 * MINUTE));

    await refused(() => call('POST', route(byTitle('Evening').id, 'end')), 409, { code: 'conflict' });
    const before = Date.now();
    const ended = await call<{ session: Session }>('POST', route(lunch.id, 'end'));
    expect(ended.status).toBe(200);
    const end = Date.parse(ended.body.session.end);
    expect(end).toBeGreaterThanOrEqual(before - 1000);
    expect(end).toBeLessThanOrEqual(Date.now());
    await waitForSeq(viewer, log().snapshot.seq);
    expect(viewer.state!.wall.sessions.find((s) => s.id === lunch.id)!.end).toBe(ended.body.session.end);
    // Ended now, so its times are fixed from here on.
    await refused(() => call('POST', route(lunch.id, 'end')), 409, { code: 'conflict' });
    const audit = await call<{ entries: { action: string }[] }>('GET', '/mod/walls/askgmp/audit');
    expect(audit.body.entries.slice(0, 2).map((e) => e.action)).toEqual(['session.end', 'session.extend']);
  });

  it('refuses a request without a token, a token for another wall, and a producer-only token', async () => {
    const evening = byTitle('Evening');
    const changes: [string, string, unknown][] = [
      [
        'POST',
        '/mod/walls/askgmp/sessions',
        { title: 'Sneaky', start: iso(now + 9 * HOUR), end: iso(now + 10 * HOUR) },
      ],
      ['PATCH', `/mod/walls/askgmp/sessions/${evening.id}`, { title: 'Sneaky' }],
      ['POST', `/mod/walls/askgmp/sessions/${evening.id}/extend`, { minutes: 10 }],
      ['POST', `/mod/walls/askgmp/sessions/${evening.id}/end`, undefined],
    ];
    for (const [method, route, body] of changes) {
      await refused(() => call(method, route, body, ''), 401, { code: 'unauthorized' });
      await refused(() => call(method, route, body, 'cwm_not-a-real-token'), 401, { code: 'unauthorized' });
      await refused(() => call(method, route, body, tokens.bob), 403, { code: 'forbidden' });
      await refused(() => call(method, route, body, tokens.producer), 403, {
        code: 'forbidden',
        message: /"moderate" role/,
      });
    }
    // Reading the schedule is fine for a producer; nobody without a token reads the moderators' API.
    expect((await call('GET', '/mod/walls/askgmp/sessions', undefined, tokens.producer)).status).toBe(200);
    expect((await call('GET', '/mod/walls/askgmp/sessions', undefined, '')).status).toBe(401);
  });
});

describe('question triage over REST', () => {
  it('assigns, answers, reopens and dismisses; refuses bad triage naming the field, changing nothing', async () => {
    t.source.push(by(1, 'sam', 'Is the station open on Sundays?'), by(2, 'ana', 'Lovely evening'));
    await t.relay.ingest.drain();
    const act = (postId: string, action: string, body: object = {}, token = tokens.alice) =>
      call<{ question: ModeratedPost }>('POST', `/mod/walls/askgmp/questions/${postId}/${action}`, body, token);

    const assigned = await act('replay:1', 'assign', { assignee: 'Sgt Patel' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.question).toMatchObject({ assignee: 'Sgt Patel', post: { ask: { state: 'open' } } });
    const answered = await act('replay:1', 'answer', { reason: 'answered on air' });
    expect(answered.body.question).toMatchObject({ assignee: 'Sgt Patel', post: { answered: true } });
    await waitForSeq(viewer, log().snapshot.seq);
    expect(viewer.state!.posts.find((p) => p.id === 'replay:1')).toMatchObject({ ask: { state: 'answered' } });
    expect((await act('replay:1', 'reopen')).body.question.post).toMatchObject({ ask: { state: 'open' } });
    expect((await act('replay:1', 'dismiss')).body.question.post).toMatchObject({ ask: { state: 'dismissed' } });
    await waitForSeq(viewer, log().snapshot.seq);
    expect(selectThreads(viewer.state!).audience.map((a) => a.post.id)).not.toContain('replay:1');
    // A post the detector missed enters the queue when a moderator marks it.
    expect((await act('replay:2', 'mark')).body.question.post).toMatchObject({ ask: { state: 'open' } });

    const listed = await call<{ questions: ModeratedPost[] }>('GET', '/mod/walls/askgmp/questions?state=dismissed');
    expect(listed.body.questions.map((q) => [q.post.id, q.assignee])).toEqual([['replay:1', 'Sgt Patel']]);

    t.source.push(by(3, 'kim', 'No question here'));
    await t.relay.ingest.drain();
    await refused(() => act('replay:3', 'assign', { assignee: 'Sgt Patel' }), 409, {
      code: 'conflict',
      message: /not in the question queue/,
    });
    await refused(() => act('replay:404', 'answer'), 404, { code: 'not_found' });
    await refused(() => act('replay:2', 'explode'), 400, { code: 'bad_request', field: 'action' });
    await refused(() => act('replay:2', 'assign', { assignee: 'x'.repeat(101) }), 400, {
      code: 'bad_request',
      field: 'assignee',
    });
    await refused(() => act('replay:2', 'answer', {}, ''), 401, { code: 'unauthorized' });
    await refused(() => act('replay:2', 'answer', {}, tokens.bob), 403, { code: 'forbidden' });
    await refused(() => act('replay:2', 'answer', {}, tokens.producer), 403, { code: 'forbidden' });
    const still = await t.relay.store.getPost('askgmp', 'replay:2');
    expect(still!.post.ask).toEqual({ state: 'open' });
  });
});

describe('sessions and triage over the moderator socket', () => {
  it('does the same through the SDK, with the same refusals, and pushes each change to the other moderators', async () => {
    const alice = moderator(t.url, tokens.alice);
    const other = moderator(t.url, tokens.alice);
    const producer = moderator(t.url, tokens.producer);
    const stranger = moderator(t.url, 'cwm_not-a-real-token');
    mods.push(alice, other, producer, stranger);
    await Promise.all([alice.join('askGMP'), other.join('askGMP')]);

    const night = await alice.createSession('askGMP', {
      title: 'Night',
      start: iso(now + 7 * HOUR),
      end: iso(now + 8 * HOUR),
    });
    expect(byTitle('Night').id).toBe(night.id);
    const changed = await alice.updateSession('askGMP', night.id, { end: iso(now + 9 * HOUR) });
    expect(changed.end).toBe(iso(now + 9 * HOUR));
    expect((await alice.extendSession('askGMP', night.id, 30)).end).toBe(iso(now + 9.5 * HOUR));

    const rejects = async (request: () => Promise<unknown>, code: string, field?: string) => {
      const before = await state();
      const error = await request().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(ChatWallError);
      expect((error as ChatWallError).code).toBe(code);
      if (field) expect((error as ChatWallError).field).toBe(field);
      expect(await state()).toEqual(before);
    };
    const morning = byTitle('Morning surgery');
    await rejects(
      () => alice.updateSession('askGMP', morning.id, { end: iso(now + HOUR) }),
      'bad_request',
      'patch.end',
    );
    await rejects(
      () => alice.createSession('askGMP', { title: 'Clash', start: iso(now + 8 * HOUR), end: iso(now + 10 * HOUR) }),
      'bad_request',
      'session.start',
    );
    await rejects(
      () =>
        alice.createSession('askGMP', { title: 'Backwards', start: iso(now + 12 * HOUR), end: iso(now + 11 * HOUR) }),
      'bad_request',
      'session.end',
    );
    await rejects(() => alice.extendSession('askGMP', night.id, 0), 'bad_request', 'minutes');
    await rejects(() => alice.endSession('askGMP', night.id), 'conflict');
    await rejects(() => producer.extendSession('askGMP', night.id, 10), 'forbidden');
    await rejects(
      () => stranger.createSession('askGMP', { title: 'x', start: iso(now + 20 * HOUR), end: iso(now + 21 * HOUR) }),
      'unauthorized',
    );
    expect((await producer.sessions('askGMP')).map((s) => s.id)).toContain(night.id);

    t.source.push(by(4, 'lee', 'Can I join the specials at 52?'));
    await t.relay.ingest.drain();
    const pushed = nextMod(other, 'question', (m) => m.question.assignee === 'PC Jones');
    expect((await alice.assignQuestion('askGMP', 'replay:4', 'PC Jones')).assignee).toBe('PC Jones');
    expect((await pushed).question.post.id).toBe('replay:4');
    const answeredPush = nextMod(other, 'question', (m) => m.question.post.answered === true);
    await alice.answerQuestion('askGMP', 'replay:4');
    expect((await answeredPush).question).toMatchObject({ assignee: 'PC Jones', post: { id: 'replay:4' } });
    expect((await alice.dismissQuestion('askGMP', 'replay:4')).post.ask).toEqual({ state: 'dismissed' });
    await rejects(() => producer.answerQuestion('askGMP', 'replay:4'), 'forbidden');
    await rejects(() => alice.assignQuestion('askGMP', 'replay:4', 'y'.repeat(101)), 'bad_request', 'assignee');
    const open = await alice.questions('askGMP', { state: ['open'] });
    expect(open.map((q) => q.post.id)).not.toContain('replay:4');
  });
});

describe('a question a host answered while it was held', () => {
  it('goes up answered when a moderator approves it, and moderators are told', async () => {
    const carol = moderator(t.url, tokens.carol);
    mods.push(carol);
    await carol.join('askHeld');
    const held = (n: number, handle: string, text: string, extra: Partial<Post> = {}): Post => ({
      ...by(n, handle, text.replace('#askGMP', '')),
      text: `${text} #askHeld`,
      tags: ['askheld'],
      ...extra,
    });
    t.source.push(held(21, 'sam', 'Can I book a bike marking slot?'));
    t.source.push(held(22, 'GMPolice', 'Yes, at the front desk on Saturdays', { replyTo: 'replay:21' }));
    await t.relay.ingest.drain();
    const wallLog = t.relay.walls.get('askheld')!.log;
    // The host's answer is up at once and linked; the question is still held, so still open.
    expect(wallLog.snapshot.posts.find((p) => p.id === 'replay:22')).toMatchObject({
      host: true,
      thread: { answerTo: 'replay:21' },
    });
    expect((await t.relay.store.getPost('askheld', 'replay:21'))!.post.ask).toEqual({ state: 'open' });

    const pushed = nextMod(
      carol,
      'question',
      (m) => m.question.post.id === 'replay:21' && m.question.post.ask?.state === 'answered',
    );
    const approve = await call('POST', '/mod/walls/askheld/posts/replay:21/approve', {}, tokens.carol);
    expect(approve.status).toBe(200);
    expect(wallLog.snapshot.posts.find((p) => p.id === 'replay:21')).toMatchObject({
      ask: { state: 'answered' },
      answered: true,
    });
    expect((await t.relay.store.getPost('askheld', 'replay:21'))!.post).toMatchObject({ answered: true });
    expect((await pushed).question.post).toMatchObject({ ask: { state: 'answered' } });
    const open = await call<{ questions: ModeratedPost[] }>(
      'GET',
      '/mod/walls/askheld/questions?state=open',
      undefined,
      tokens.carol,
    );
    expect(open.body.questions.map((q) => q.post.id)).not.toContain('replay:21');
  });
});
