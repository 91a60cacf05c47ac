/**
 * Storage benchmark: sustained ingest through normalise → route/moderation → SQLite store → wall
 * log; history query latency on a wall with 100,000 posts; moderator decisions (compare-and-set,
 * wall event and audit entry in one transaction) and the moderators' queue queries.
 *
 *   node --import tsx packages/server/bench/store-bench.ts [--posts 50000] [--history 100000] [--held 20000]
 *
 * Everything runs on a real SQLite file in a temporary folder, removed at the end.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PostAction, PostStatus, type Post, type WallEvent } from '@chat-wall/sdk/protocol';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { Ingest } from '../src/ingest/ingest.js';
import { segmentText, tagsOf } from '../src/sources/segments.js';
import { Metrics } from '../src/metrics.js';
import type { Moderator } from '../src/auth/tokens.js';
import { Moderation } from '../src/moderation/moderation.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { WallLog } from '../src/wall/wall-log.js';
import { WallRegistry } from '../src/wall/wall-registry.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '50000' },
    history: { type: 'string', default: '100000' },
    held: { type: 'string', default: '20000' },
  },
});
const INGEST = Number(values.posts);
const HISTORY = Number(values.history);
const HELD = Number(values.held);

const TEXTS = [
  'What is the best way to onboard a new team member remotely? #askGMP',
  'Q2: how do you measure success for a #askGMP session? @panel https://example.org/notes 🎉',
  'Replying to the thread above: agree with @maria, async standups work #askGMP #remote',
  'Short one #askGMP',
];

/** A source record turned into a Post, as the replay and X sources do (segments computed here). */
function normalise(n: number): Post {
  const text = `${TEXTS[n % TEXTS.length]} (${n})`;
  const segments = segmentText(text);
  return {
    id: `replay:${n}`,
    source: 'replay',
    author: { id: `u${n % 500}`, handle: `user${n % 500}`, name: `User ${n % 500}`, verified: n % 50 === 0 },
    text,
    segments,
    media: [],
    createdAt: new Date(1_767_225_600_000 + n * 1000).toISOString(),
    reply: n % 5 === 0,
    repost: false,
    quote: false,
    tags: tagsOf(segments),
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const fmt = (ms: number): string => `${ms.toFixed(3)} ms`;

/** Ingest into `store`; resolves with posts per second. */
async function benchIngest(store: Store, label: string): Promise<number> {
  const config = parseConfig({
    // 500 authors posting 50,000 times in seconds would trip the rate cap: this measures the store.
    walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post', filters: { rateCap: { enabled: false } } }],
    replay: { file: 'unused.jsonl' },
  });
  const walls = await WallRegistry.open(store, config.walls, { onError: (err) => console.error(err) });
  const moderation = await Moderation.open(store, walls);
  const ingest = new Ingest(walls, store, new Metrics(), pino({ level: 'silent' }), moderation);
  // Warm up statements and the JIT.
  for (let n = 1; n <= 1000; n++) ingest.post(normalise(INGEST + n));
  await ingest.drain();

  const start = performance.now();
  // Deliver in bursts, yielding between them as a network stream would.
  for (let n = 0; n < INGEST; n += 200) {
    for (let i = n; i < Math.min(n + 200, INGEST); i++) ingest.post(normalise(i));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await ingest.drain();
  const seconds = (performance.now() - start) / 1000;
  const seq = walls.get('askgmp')!.log.snapshot.seq;
  const screened = await store.listPosts('askgmp', { status: [PostStatus.Held, PostStatus.Rejected], limit: 1e9 });
  if (seq + screened.length !== INGEST + 1000) throw new Error(`expected ${INGEST + 1000} posts, stored ${seq}`);
  const rate = INGEST / seconds;
  console.log(`ingest (${label}): ${INGEST} posts in ${seconds.toFixed(2)} s = ${Math.round(rate)} posts/s`);
  console.log(
    `        (normalise + segments → route + dedupe → filters → store post + log event in one write → wall state;` +
      ` ${seq - 1000} approved, ${screened.length} held or rejected by the filters)`,
  );
  await store.close();
  return rate;
}

async function benchHistory(dir: string): Promise<void> {
  const file = path.join(dir, 'history.db');
  const store = SqliteStore.open(file);
  await store.openLog('askgmp', 'bench');
  const fillStart = performance.now();
  const at = new Date().toISOString();
  for (let seq = 1; seq <= HISTORY; seq += 1000) {
    const events: WallEvent[] = [];
    for (let s = seq; s < seq + 1000 && s <= HISTORY; s++)
      events.push({ type: 'post.added', post: normalise(s), seq: s, at });
    await store.append('askgmp', 'bench', events);
  }
  console.log(`history: filled ${HISTORY} visible posts in ${((performance.now() - fillStart) / 1000).toFixed(2)} s`);

  const time = async (run: () => Promise<unknown>, times: number): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    return ms.sort((a, b) => a - b);
  };
  const newest = await time(() => store.listVisiblePosts('askgmp', { limit: 20 }), 1000);
  console.log(`history: newest page (limit 20): p50 ${fmt(quantile(newest, 0.5))}, p99 ${fmt(quantile(newest, 0.99))}`);
  let k = 0;
  const deep = await time(() => {
    k = (k * 7919 + 13) % HISTORY;
    return store.listVisiblePosts('askgmp', { limit: 20, before: `replay:${k + 21}` });
  }, 1000);
  console.log(`history: random cursor (limit 20): p50 ${fmt(quantile(deep, 0.5))}, p99 ${fmt(quantile(deep, 0.99))}`);
  const big = await time(() => store.listVisiblePosts('askgmp', { limit: 100, before: `replay:${HISTORY / 2}` }), 200);
  console.log(`history: page of 100 mid-way: p50 ${fmt(quantile(big, 0.5))}, p99 ${fmt(quantile(big, 0.99))}`);
  await store.close();

  const size = (await stat(file)).size / 1024 / 1024;
  const reopenStart = performance.now();
  const again = SqliteStore.open(file);
  const opened = performance.now();
  const log = await WallLog.open(again, 'askgmp', {});
  console.log(
    `restart of a ${size.toFixed(0)} MB file: open + quick_check ${(opened - reopenStart).toFixed(0)} ms, ` +
      `log rebuild ${(performance.now() - opened).toFixed(0)} ms (seq ${log.snapshot.seq}, no snapshot yet)`,
  );
  await again.close();
}

async function benchDecisions(dir: string): Promise<void> {
  const store = SqliteStore.open(path.join(dir, 'decisions.db'));
  const config = parseConfig({
    walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre' }],
    replay: { file: 'unused.jsonl' },
  });
  const walls = await WallRegistry.open(store, config.walls, { onError: (err) => console.error(err) });
  const moderation = await Moderation.open(store, walls);
  const ingest = new Ingest(walls, store, new Metrics(), pino({ level: 'silent' }), moderation);
  for (let n = 1; n <= HELD; n++) ingest.post(normalise(n));
  await ingest.drain();
  const alice: Moderator = { id: 'bench', name: 'alice', walls: ['*'], expiresAt: '2100-01-01T00:00:00.000Z' };

  const time = async (run: (i: number) => Promise<unknown>, times: number): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const t = performance.now();
      await run(i);
      ms.push(performance.now() - t);
    }
    return ms.sort((a, b) => a - b);
  };
  const queue = await time(() => store.listPosts('askgmp', { status: [PostStatus.Held], limit: 50 }), 500);
  console.log(
    `queue: ${HELD} held, first page of 50: p50 ${fmt(quantile(queue, 0.5))}, p99 ${fmt(quantile(queue, 0.99))}`,
  );
  const deep = await time(
    (i) => store.listPosts('askgmp', { status: [PostStatus.Held], limit: 50, after: `replay:${(i * 7919) % HELD}` }),
    500,
  );
  console.log(
    `queue: page of 50 after a random post: p50 ${fmt(quantile(deep, 0.5))}, p99 ${fmt(quantile(deep, 0.99))}`,
  );
  const byAuthor = await time((i) => store.listPosts('askgmp', { author: `replay:u${i % 500}`, limit: 100 }), 500);
  console.log(
    `queue: one author's posts (limit 100): p50 ${fmt(quantile(byAuthor, 0.5))}, p99 ${fmt(quantile(byAuthor, 0.99))}`,
  );

  const decisions = Math.min(5000, HELD);
  const start = performance.now();
  const one = await time(
    (i) =>
      moderation.act(alice, {
        tag: 'askgmp',
        postId: `replay:${i + 1}`,
        action: i % 4 === 3 ? PostAction.Reject : PostAction.Approve,
        expected: PostStatus.Held,
      }),
    decisions,
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `decisions: ${decisions} one after another in ${seconds.toFixed(2)} s = ${Math.round(decisions / seconds)}/s; ` +
      `each p50 ${fmt(quantile(one, 0.5))}, p99 ${fmt(quantile(one, 0.99))}`,
  );
  console.log('        (read, compare-and-set + post.added + audit entry in one SQLite transaction, wall state)');
  await store.close();
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-bench-'));
try {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}`);
  // Baseline in the same run: the same pipeline on the in-memory store.
  const memory = await benchIngest(new MemoryStore(), 'memory store, baseline');
  const sqlite = await benchIngest(SqliteStore.open(path.join(dir, 'ingest.db')), 'SQLite file');
  console.log(
    `ingest: SQLite runs at ${(sqlite / memory).toFixed(2)} of the in-memory pipeline; target ≥ 2,000 posts/s: ${sqlite >= 2000 ? 'met' : 'NOT met'}`,
  );
  await benchHistory(dir);
  await benchDecisions(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
