import type { Post } from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { segmentText, tagsOf } from '../sources/segments.js';
import { linkPost, type KnownPost, type QaLookup, type QaWall } from './qa-links.js';

const T = Date.UTC(2026, 11, 1, 12, 30);
const wall: QaWall = {
  hosts: ['gmpolice'],
  sessions: [
    {
      id: 's1',
      title: 'Lunchtime',
      start: new Date(T - 1800_000).toISOString(),
      end: new Date(T + 3600_000).toISOString(),
    },
  ],
  window: { leadSeconds: 600, tailSeconds: 600 },
  detectQuestions: true,
};

function post(id: string, handle: string, text: string, extra: Partial<Post> = {}): Post {
  const segments = segmentText(text);
  return {
    id,
    source: 'x',
    author: { id: `a-${handle}`, handle, name: handle, verified: false },
    text,
    segments,
    media: [],
    createdAt: new Date(T).toISOString(),
    reply: false,
    repost: false,
    quote: false,
    tags: tagsOf(segments),
    ...extra,
  };
}

/** Posts already on the wall: Q1 and Q2 of session s1, audience questions open, answered and held. */
const known: Record<string, KnownPost> = {
  'x:q1': {
    post: { ...post('x:q1', 'GMPolice', 'Q1: bikes?'), host: true, thread: { sessionId: 's1', question: 1 } },
    visible: true,
  },
  'x:q2': {
    post: { ...post('x:q2', 'GMPolice', 'Q2: roads?'), host: true, thread: { sessionId: 's1', question: 2 } },
    visible: true,
  },
  'x:open': { post: { ...post('x:open', 'sam', 'Open on Sundays?'), ask: { state: 'open' } }, visible: true },
  'x:done': {
    post: { ...post('x:done', 'kim', 'Parking?'), ask: { state: 'answered' }, answered: true },
    visible: true,
  },
  'x:held': { post: { ...post('x:held', 'lee', 'Held?'), ask: { state: 'open' } }, visible: false },
  'x:chat': { post: post('x:chat', 'ana', 'Nice evening'), visible: true },
};
const lookup: QaLookup = {
  get: async (id) => known[id],
  question: (sessionId, n) =>
    sessionId === 's1' ? ({ 1: 'x:q1', 2: 'x:q2' } as Record<number, string>)[n] : undefined,
};

describe('linkPost: the Q/A fields computed at ingest', () => {
  it.each<[string, Post, object]>([
    [
      'a host Q<n> asks question n of the session',
      post('n1', 'gmpolice', 'Q3: scams?'),
      { host: true, thread: { sessionId: 's1', question: 3 } },
    ],
    [
      'hosts match in any case',
      post('n1', 'GMPOLICE', 'q4) joining'),
      { host: true, thread: { sessionId: 's1', question: 4 } },
    ],
    [
      'Q1 from a non-host is an ordinary post (an audience question when it asks)',
      post('n1', 'troll', 'Q1: my thread now?'),
      { thread: { sessionId: 's1' }, ask: { state: 'open' } },
    ],
    [
      'a host number above 99 is ignored',
      post('n1', 'gmpolice', 'Q100: too far'),
      { host: true, thread: { sessionId: 's1' } },
    ],
    [
      'A<n> answers question n and links its post',
      post('n1', 'jo', 'A1: a D-lock'),
      { thread: { sessionId: 's1', answers: 1, answerTo: 'x:q1' } },
    ],
    [
      'A1 after Q2 was asked still answers Q1',
      post('n1', 'jo', 'a1. late, but here'),
      { thread: { sessionId: 's1', answers: 1, answerTo: 'x:q1' } },
    ],
    [
      'A<n> before Q<n> is asked answers n, linked later by number',
      post('n1', 'jo', 'A3 early'),
      { thread: { sessionId: 's1', answers: 3 } },
    ],
    [
      'a reply to a Q<n> post answers it',
      post('n1', 'jo', '@GMPolice a D-lock', { reply: true, replyTo: 'x:q2' }),
      { thread: { sessionId: 's1', answers: 2, answerTo: 'x:q2' } },
    ],
    [
      'a quote of a Q<n> post answers it',
      post('n1', 'jo', 'this one', { quote: true, quoteOf: 'x:q1' }),
      { thread: { sessionId: 's1', answers: 1, answerTo: 'x:q1' } },
    ],
    [
      'the A<n> marker wins over the post it replies to',
      post('n1', 'jo', 'A1: bikes', { replyTo: 'x:q2' }),
      { thread: { sessionId: 's1', answers: 1, answerTo: 'x:q1' } },
    ],
    [
      'an answer that asks something is not an audience question',
      post('n1', 'jo', 'A2: Station Road, why?'),
      { thread: { sessionId: 's1', answers: 2, answerTo: 'x:q2' } },
    ],
    [
      'a host A<n> is not an answer',
      post('n1', 'gmpolice', 'A1: thanks all'),
      { host: true, thread: { sessionId: 's1' } },
    ],
    [
      'a repost takes part in nothing',
      post('n1', 'gmpolice', 'RT Q1: bikes?', { repost: true }),
      { host: true, thread: { sessionId: 's1' } },
    ],
    [
      'a reply to an ordinary post is ordinary',
      post('n1', 'jo', '@ana agreed', { replyTo: 'x:chat' }),
      { thread: { sessionId: 's1' } },
    ],
  ])('%s', async (_name, incoming, fields) => {
    const { post: linked, answered } = await linkPost(wall, incoming, T, lookup);
    const { host, thread, ask } = linked;
    expect(JSON.parse(JSON.stringify({ host, thread, ask }))).toEqual(fields);
    expect(answered).toBeUndefined();
  });

  it("links a host's reply or quote to an audience question and marks it answered once", async () => {
    const reply = await linkPost(wall, post('n1', 'gmpolice', '@sam yes, 10 to 4', { replyTo: 'x:open' }), T, lookup);
    expect(reply.post.thread).toEqual({ sessionId: 's1', answerTo: 'x:open' });
    expect(reply.answered).toEqual({ id: 'x:open', patch: { ask: { state: 'answered' }, answered: true } });
    const quote = await linkPost(wall, post('n1', 'gmpolice', 'good one', { quoteOf: 'x:open' }), T, lookup);
    expect(quote.answered?.id).toBe('x:open');
    // Already answered: linked, no second change. Held: linked, but nothing public to change yet.
    const again = await linkPost(wall, post('n1', 'gmpolice', '@kim more', { replyTo: 'x:done' }), T, lookup);
    expect([again.post.thread?.answerTo, again.answered]).toEqual(['x:done', undefined]);
    const held = await linkPost(wall, post('n1', 'gmpolice', '@lee hi', { replyTo: 'x:held' }), T, lookup);
    expect([held.post.thread?.answerTo, held.answered]).toEqual(['x:held', undefined]);
    // A participant's reply to an audience question is no answer.
    const peer = await linkPost(wall, post('n1', 'jo', '@sam I think so', { replyTo: 'x:open' }), T, lookup);
    expect([peer.post.thread, peer.answered]).toEqual([{ sessionId: 's1' }, undefined]);
  });

  it('gives a post the session whose window it arrives in, and none outside every window', async () => {
    const early = await linkPost(wall, post('n1', 'jo', 'Q for later?'), T - 1800_000 - 300_000, lookup);
    expect(early.post.thread).toEqual({ sessionId: 's1' });
    const outside = await linkPost(wall, post('n1', 'jo', 'anyone?'), T + 5 * 3600_000, lookup);
    expect(outside.post.thread).toBeUndefined();
    expect(outside.post.ask).toEqual({ state: 'open' });
    const quiet = await linkPost({ ...wall, detectQuestions: false }, post('n1', 'jo', 'anyone?'), T, lookup);
    expect(quiet.post.ask).toBeUndefined();
  });
});
