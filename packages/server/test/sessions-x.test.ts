import { ConnectionState, selectThreads, type SessionRecap } from '@chat-wall/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config.js';
import { Relay } from '../src/relay.js';
import type { XSource } from '../src/sources/x/x-source.js';
import { FakeXApi } from './fake-x/fake-x-server.js';
import { ManualClock } from './fake-x/manual-clock.js';
import { xTweet } from './fake-x/x-posts.js';
import { client, silent, waitFor } from './support/util.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const ADMIN = 'admin-token-for-the-sessions-test-0123456789';
const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const START = T0 + 3600_000; // the session starts an hour after the relay does
const END = START + 3600_000;
const LEAD = 20_000;

const HOST = { id: '100', name: 'Greater Police', username: 'GMPolice' };
const JO = { id: '200', name: 'Jo', username: 'jo_mcr' };
const SAM = { id: '300', name: 'Sam', username: 'sam' };
const users = (...u: (typeof HOST)[]) => ({ users: u });

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  return { status: res.status, body: (await res.json()) as T };
}

describe('a wall with a session on X', () => {
  it('reads X only inside the session window, threads Q/A and host answers, and recaps by question', async () => {
    const api = await FakeXApi.start();
    cleanup.push(() => api.close());
    const clock = new ManualClock(T0);
    const config = parseConfig({
      walls: [
        {
          tag: 'askGMP',
          sources: ['x'],
          hosts: ['@gmpolice'],
          sessions: [
            { title: 'Lunchtime Q&A', start: new Date(START).toISOString(), end: new Date(END).toISOString() },
          ],
          // A short lead: the manual clock jumps, and a jump longer than X's 30 s stall limit would
          // (rightly) make the source drop a stream whose keep-alives it did not see.
          sessionWindow: { leadSeconds: LEAD / 1000, tailSeconds: 600 },
        },
      ],
    });
    const relay = await Relay.create({
      config,
      logger: silent,
      clock,
      adminToken: ADMIN,
      x: { bearerToken: api.token, baseUrl: api.url },
    });
    cleanup.push(() => relay.close());
    const url = await relay.listen(0, '127.0.0.1');
    const source = relay.sources.find((s) => s.name === 'x') as XSource;

    // Before the window: no connection, no reads of any kind.
    expect(api.streamAttempts).toBe(0);
    expect(api.requests).toEqual([]);
    expect(source.health()).toMatchObject({ state: 'idle' });
    const info = await json<{ sessions: { id: string }[]; nextSession?: { id: string }; currentSession?: unknown }>(
      `${url}/api/walls/askgmp`,
    );
    expect(info.body.nextSession?.id).toBe(info.body.sessions[0]!.id);
    expect(info.body.currentSession).toBeUndefined();
    const sessionId = info.body.sessions[0]!.id;

    // Someone asks ahead of time; the backfill on window open gathers it.
    api.post(
      xTweet('1850000000000000001', 'How do I report a noisy party? #askGMP', { author_id: SAM.id }),
      users(SAM),
    );
    clock.advance(3600_000 - LEAD - 1);
    expect(api.streamAttempts).toBe(0);
    // No reads either: no search (backfill) before the window opens.
    const searches = () => api.requests.filter((r) => r === 'GET /2/tweets/search/recent').length;
    expect(searches()).toBe(0);
    clock.advance(1); // the lead time before the start: the window opens
    await api.connected(1);
    const wall = client(url, 'askgmp');
    cleanup.push(() => wall.close());
    await waitFor(wall, 'status', (s) => s.state === ConnectionState.Live);
    await vi.waitFor(() => expect(wall.posts.map((p) => p.id)).toContain('x:1850000000000000001'));
    const early = wall.posts.find((p) => p.id === 'x:1850000000000000001')!;
    expect(early.ask).toEqual({ state: 'open' });
    expect(early.thread).toEqual({ sessionId });

    clock.advance(LEAD); // live
    api.send(xTweet('1850000000000000010', 'Q1: What should we ask about? #askGMP', { author_id: HOST.id }), {
      includes: users(HOST),
    });
    api.send(xTweet('1850000000000000011', 'A1 Burglary prevention #askGMP', { author_id: JO.id }), {
      includes: users(JO),
    });
    api.send(xTweet('1850000000000000012', 'Q2. Anything else? #askGMP', { author_id: HOST.id }), {
      includes: users(HOST),
    });
    // An answer to Q1 after Q2 was asked, as a reply without "A1".
    api.send(
      xTweet('1850000000000000013', '@GMPolice Road safety near schools #askGMP', {
        author_id: SAM.id,
        referenced_tweets: [{ type: 'replied_to', id: '1850000000000000010' }],
      }),
      { includes: users(SAM) },
    );
    // Q1 typed by someone who is not a host is an ordinary post.
    api.send(xTweet('1850000000000000014', 'Q3: hijack! #askGMP', { author_id: JO.id }), { includes: users(JO) });
    // The host answers the early question by replying to it.
    api.send(
      xTweet('1850000000000000015', '@sam Call 101 or report online #askGMP', {
        author_id: HOST.id,
        referenced_tweets: [{ type: 'replied_to', id: '1850000000000000001' }],
      }),
      { includes: users(HOST) },
    );
    await vi.waitFor(() => expect(wall.posts).toHaveLength(7));
    await vi.waitFor(() =>
      expect(wall.posts.find((p) => p.id === 'x:1850000000000000001')?.ask?.state).toBe('answered'),
    );

    const threads = selectThreads(wall.state!, sessionId);
    expect(threads.current).toBe(2);
    expect(threads.questions.map((q) => [q.number, q.post.id, q.answers.map((a) => a.id)])).toEqual([
      [1, 'x:1850000000000000010', ['x:1850000000000000011', 'x:1850000000000000013']],
      [2, 'x:1850000000000000012', []],
    ]);
    expect(threads.audience.map((a) => [a.post.id, a.answered, a.answers.map((p) => p.id)])).toEqual([
      ['x:1850000000000000001', true, ['x:1850000000000000015']],
    ]);
    const hijack = wall.posts.find((p) => p.id === 'x:1850000000000000014')!;
    expect(hijack.host).toBeUndefined();
    expect(hijack.thread?.question).toBeUndefined();

    // After the end plus the tail: the stream closes and stays closed.
    clock.advance(3600_000 + 600_000);
    await vi.waitFor(() => expect(api.openStreams).toBe(0));
    const attempts = api.streamAttempts;
    const searched = searches();
    expect(searched).toBeGreaterThan(0); // the window's backfill did read
    clock.advance(24 * 3600_000);
    expect(api.streamAttempts).toBe(attempts);
    expect(searches()).toBe(searched);
    expect(source.health()).toMatchObject({ state: 'idle' });

    const recap = await json<SessionRecap>(`${url}/api/walls/askgmp/export?format=json&session=${sessionId}`);
    expect(recap.status).toBe(200);
    expect(recap.body.questions.map((q) => [q.number, q.answers.length])).toEqual([
      [1, 2],
      [2, 0],
    ]);
    expect(recap.body.unanswered.questions).toEqual([2]);
    expect(recap.body.participants.map((p) => [p.handle, p.posts])).toEqual([
      ['sam', 2],
      ['GMPolice', 3],
      ['jo_mcr', 2],
    ]);
    expect(recap.body.insights).toMatchObject({ questionsAsked: 2, questionsAnswered: 1, audienceAnswered: 1 });
    const md = await (await fetch(`${url}/api/walls/askgmp/export?format=md&session=${sessionId}`)).text();
    expect(md).toContain('## Q1: What should we ask about?');
    expect(md.indexOf('Burglary prevention')).toBeGreaterThan(md.indexOf('## Q1'));
    expect(md.indexOf('Burglary prevention')).toBeLessThan(md.indexOf('## Q2'));
    const csv = await (await fetch(`${url}/api/walls/askgmp/export?format=csv&session=${sessionId}`)).text();
    expect(csv.trim().split('\n')).toHaveLength(4); // header + three participants

    const minted = await json<{ token: string }>(`${url}/api/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ name: 'alice', walls: ['askgmp'] }),
    });
    const auth = { authorization: `Bearer ${minted.body.token}` };
    const insights = await json<{ spend: { reads: number; estimatedUsd: number } }>(
      `${url}/api/mod/walls/askgmp/sessions/${sessionId}/insights`,
      { headers: auth },
    );
    expect(insights.status).toBe(200);
    expect(insights.body.spend.reads).toBeGreaterThanOrEqual(7);
    expect(insights.body.spend.estimatedUsd).toBeCloseTo(insights.body.spend.reads * 0.005);
  });
});
