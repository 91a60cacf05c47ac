import { describe, expect, it } from 'vitest';
import type { Post } from './post.js';
import { emptyState } from './reducer.js';
import { selectThreads } from './threads.js';

let clock = 0;
/** A post `minute` minutes into the session; later calls are newer unless a minute is given. */
function post(id: string, fields: Partial<Post> = {}, minute = ++clock): Post {
  return {
    id,
    source: 'x',
    author: { id: `a-${id}`, handle: `user_${id}`, name: id, verified: false },
    text: id,
    segments: [{ type: 'text', text: id }],
    media: [],
    createdAt: new Date(Date.UTC(2026, 10, 30, 12, minute)).toISOString(),
    reply: false,
    repost: false,
    quote: false,
    tags: ['askgmp'],
    ...fields,
  };
}

/** A state whose posts are newest first, as the reducer keeps them. */
function state(posts: Post[]) {
  const s = emptyState('e', 'askgmp');
  return { ...s, posts: [...posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
}

const S = 's1';
const q = (id: string, n: number, extra: Partial<Post> = {}) =>
  post(id, { host: true, thread: { sessionId: S, question: n }, ...extra });
const a = (id: string, n: number, to?: string) =>
  post(id, { thread: { sessionId: S, answers: n, ...(to ? { answerTo: to } : {}) } });

describe('selectThreads', () => {
  const cases: { name: string; posts: Post[]; session?: string; expect: object }[] = [
    { name: 'an empty wall has no threads', posts: [], expect: { questions: [], audience: [] } },
    {
      name: 'answers join their question by number, oldest first, even after a later question',
      posts: [q('q1', 1), a('a1', 1, 'q1'), q('q2', 2), a('a2', 2, 'q2'), a('late1', 1, 'q1')],
      expect: {
        questions: [
          { number: 1, post: 'q1', answers: ['a1', 'late1'] },
          { number: 2, post: 'q2', answers: ['a2'] },
        ],
        current: 2,
      },
    },
    {
      name: 'questions come out ascending whatever order they were asked in',
      posts: [q('q3', 3), q('q1', 1)],
      expect: { questions: [{ number: 1 }, { number: 3 }], current: 3 },
    },
    {
      name: 'a number asked twice keeps the first question post',
      posts: [q('first', 1), q('again', 1)],
      expect: { questions: [{ number: 1, post: 'first' }] },
    },
    {
      name: 'a question marker on a post not by a host does not make a question',
      posts: [post('fake', { thread: { sessionId: S, question: 1 } })],
      expect: { questions: [] },
    },
    {
      name: 'an answer to a question nobody asked (yet) is left out',
      posts: [a('orphan', 4)],
      expect: { questions: [] },
    },
    {
      name: 'audience questions: dismissed ones hidden, host answers linked and counted as answered',
      posts: [
        post('ask1', { thread: { sessionId: S }, ask: { state: 'open' } }),
        post('ask2', { thread: { sessionId: S }, ask: { state: 'dismissed' } }),
        post('ask3', { thread: { sessionId: S }, ask: { state: 'answered' } }),
        post('reply', { host: true, thread: { sessionId: S, answerTo: 'ask1' } }),
      ],
      expect: {
        audience: [
          { post: 'ask1', answered: true, answers: ['reply'] },
          { post: 'ask3', answered: true, answers: [] },
        ],
      },
    },
    {
      name: 'the display mark "answered" also counts',
      posts: [post('ask', { thread: { sessionId: S }, ask: { state: 'open' }, answered: true })],
      expect: { audience: [{ post: 'ask', answered: true }] },
    },
    {
      name: 'an explicit session keeps other sessions out',
      posts: [q('old', 1, { thread: { sessionId: 's0', question: 1 } }), q('new', 1)],
      session: 's0',
      expect: { questions: [{ post: 'old' }], sessionId: 's0' },
    },
    {
      name: 'without a session, the session of the newest Q&A post is used',
      posts: [q('old', 1, { thread: { sessionId: 's0', question: 1 } }), q('new', 2), post('chat')],
      expect: { questions: [{ number: 2, post: 'new' }], sessionId: S },
    },
    {
      name: 'a wall without sessions threads the posts that carry no session',
      posts: [post('q', { host: true, thread: { question: 1 } }), post('a', { thread: { answers: 1, answerTo: 'q' } })],
      expect: { questions: [{ number: 1, post: 'q', answers: ['a'] }], current: 1 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const threads = selectThreads(state(c.posts), ...(c.session ? [c.session] : []));
      // Compare ids rather than whole posts: readable expectations.
      const view = {
        ...threads,
        questions: threads.questions.map((t) => ({
          number: t.number,
          post: t.post.id,
          answers: t.answers.map((p) => p.id),
        })),
        audience: threads.audience.map((t) => ({
          post: t.post.id,
          answered: t.answered,
          answers: t.answers.map((p) => p.id),
        })),
      };
      expect(view).toMatchObject(c.expect);
      if ('questions' in c.expect) expect(view.questions).toHaveLength((c.expect.questions as unknown[]).length);
      if ('audience' in c.expect) expect(view.audience).toHaveLength((c.expect.audience as unknown[]).length);
      if (view.questions.length === 0) expect(view.current).toBeUndefined();
    });
  }
});
