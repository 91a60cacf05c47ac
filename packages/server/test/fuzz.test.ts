import { MODERATOR_NAMESPACE, VIEWER_NAMESPACE } from '@chat-wall/sdk';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makePost, startRelay, type TestRelay } from './support/util.js';

// Whatever arrives, as socket events or REST bodies: a clear error (never `internal`, never a 500),
// nothing stored changes unless the relay said it accepted the request, and the relay keeps serving.

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const RUNS = 60;

let t: TestRelay;
let token: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startRelay(
    {
      walls: [
        { tag: 'askGMP', sources: ['replay', 'native'], moderation: 'pre' },
        { tag: 'other', sources: ['replay'], moderation: 'post' },
      ],
      replay: { file: 'fed-by-the-test.jsonl' },
    },
    { adminToken: ADMIN, moderation: { socketRateLimit: { capacity: 100_000, perSecond: 100_000 } } },
  );
  t.source.push(makePost(1), makePost(2), makePost(3, 'Third #askGMP #other'));
  await t.relay.ingest.drain();
  const minted = await api(t, '/admin/tokens', {
    method: 'POST',
    token: ADMIN,
    body: { name: 'fuzz', walls: ['askGMP'] },
  });
  token = ((await minted.json()) as { token: string }).token;
});
afterAll(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await t.close();
});

/** Everything a client can see or a moderator can change, to compare before and after. */
async function stored(): Promise<string> {
  const walls = ['askgmp', 'other'];
  const parts = await Promise.all(
    walls.map(async (tag) => ({
      log: t.relay.walls.get(tag)!.log.snapshot,
      settings: await t.relay.store.getWallSettings(tag),
      posts: await t.relay.store.listPosts(tag, { limit: 1000 }),
      audit: await t.relay.store.listAudit(tag, { limit: 1000 }),
    })),
  );
  return JSON.stringify(parts);
}

async function connect(namespace: string, auth?: object): Promise<Socket> {
  const socket = io(new URL(namespace, t.url).toString(), {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function stillServing(): Promise<void> {
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  const viewer = await connect(VIEWER_NAMESPACE);
  const answer = (await viewer.timeout(5000).emitWithAck('subscribe', { tag: 'askGMP' })) as { ok: boolean };
  expect(answer.ok).toBe(true);
  viewer.disconnect();
}

/** Any JSON-ish value, deep and odd: prototype keys, huge numbers, long strings, nested arrays. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 4, withBigInt: false, withTypedArray: false, withSparseArray: true }),
  fc.record({ tag: fc.oneof(fc.constant('askGMP'), fc.constant('other'), fc.string()) }, { requiredKeys: [] }),
  fc.record({
    tag: fc.constant('askGMP'),
    postId: fc.oneof(fc.constant('replay:1'), fc.string()),
    action: fc.oneof(fc.constantFrom('approve', 'reject', 'pin', 'remove'), fc.string()),
    settings: fc.anything({ maxDepth: 3 }),
    since: fc.anything({ maxDepth: 2 }),
  }),
);

const MOD_EVENTS = [
  'join',
  'leave',
  'act',
  'bulkApprove',
  'ban',
  'unban',
  'getSettings',
  'putSettings',
  'audit',
  'list',
  'program',
  'getProgram',
  'listSessions',
  'createSession',
  'updateSession',
  'endSession',
  'extendSession',
  'questions',
  'question',
  'insights',
  'nonsense',
  '__proto__',
  'constructor',
];

type Ack = { ok?: unknown; error?: { code?: unknown; message?: unknown } };

function expectClearAnswer(answer: Ack): void {
  expect(typeof answer).toBe('object');
  if (answer.ok === true) return;
  expect(answer.ok).toBe(false);
  expect(typeof answer.error?.code).toBe('string');
  expect(answer.error?.code).not.toBe('internal');
  expect(typeof answer.error?.message).toBe('string');
}

describe('fuzz', () => {
  it('viewer socket events: clear refusals, nothing stored changes, the relay keeps serving', async () => {
    const before = await stored();
    const socket = await connect(VIEWER_NAMESPACE);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('subscribe', 'unsubscribe', 'act', 'nonsense'),
        fc.array(junk, { maxLength: 3 }),
        async (event, args) => {
          const answer = (await socket
            .timeout(500)
            .emitWithAck(event, ...args)
            .catch(() => undefined)) as Ack | undefined;
          // Events a viewer socket does not have get no answer; the others always answer clearly.
          if (event === 'subscribe' || event === 'unsubscribe') expectClearAnswer(answer!);
          else expect(answer).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
    expect(socket.connected).toBe(true);
    expect(await stored()).toBe(before);
    await stillServing();
  }, 120_000);

  it('moderator socket events: clear refusals, changes only when accepted, the relay keeps serving', async () => {
    const socket = await connect(MODERATOR_NAMESPACE, { token });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MOD_EVENTS), fc.array(junk, { maxLength: 2 }), async (event, args) => {
        const before = await stored();
        const answer = (await socket
          .timeout(2000)
          .emitWithAck(event, ...args)
          .catch(() => undefined)) as Ack | undefined;
        if (answer === undefined) {
          // No such event: no answer, and nothing changed.
          expect(MOD_EVENTS.slice(-3)).toContain(event);
        } else {
          expectClearAnswer(answer);
        }
        if (answer?.ok !== true) expect(await stored()).toBe(before);
      }),
      { numRuns: RUNS },
    );
    expect(socket.connected).toBe(true);
    await stillServing();
  }, 120_000);

  it('REST bodies: never a 500, a JSON error naming the problem, nothing stored changes when refused', async () => {
    const routes: [string, string, string | undefined][] = [
      ['PUT', '/mod/walls/askgmp/settings', token],
      ['POST', '/mod/walls/askgmp/posts/replay:1/approve', token],
      ['POST', '/mod/walls/askgmp/bulk-approve', token],
      ['POST', '/mod/walls/askgmp/bans', token],
      ['POST', '/mod/walls/askgmp/program', token],
      ['POST', '/mod/walls/askgmp/sessions', token],
      ['POST', '/walls/askgmp/submissions', undefined],
      ['POST', '/admin/tokens', ADMIN],
    ];
    const rawBody = fc.oneof(
      junk.map((value) => JSON.stringify(value) ?? 'null'),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{', '[1,2', '{"__proto__":{"admin":true}}', '\u0000', 'null', '"text"'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), rawBody, async ([method, path, bearer], body) => {
        const before = await stored();
        const res = await fetch(`${t.url}/api${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
          body,
        });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          const answer = (await res.json()) as { error: { code: string; message: string } };
          expect(answer.error.code).not.toBe('internal');
          expect(answer.error.message.length).toBeGreaterThan(0);
          expect(await stored()).toBe(before);
        } else {
          await res.arrayBuffer();
        }
      }),
      { numRuns: RUNS },
    );
    await stillServing();
  }, 120_000);
});
