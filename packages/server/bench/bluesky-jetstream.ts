/**
 * Throughput of the Bluesky source's hot path: one Jetstream frame → JSON.parse → envelope check →
 * hashtag match → (for the few that match) schema check, author lookup and normalise → ingest.
 * Jetstream carries every post on the network, so nearly every frame is a post for no wall; the
 * mix is built on real Jetstream events: posts with other tags and none, deletes, identity and
 * account events, and 1 post in 100 for the wall. Prints events/s with JSON.parse alone as the
 * baseline measured in the same run; the target is 20,000 events/s on one core.
 *
 *   node --import tsx packages/server/bench/bluesky-jetstream.ts
 */
import { pino } from 'pino';
import type { Post } from '@chat-wall/sdk/protocol';
import { systemClock, type Clock } from '../src/clock.js';
import { blueskyConfigSchema } from '../src/config.js';
import { Metrics } from '../src/metrics.js';
import { BlueskySource } from '../src/sources/bluesky/bluesky-source.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { DIDS, FakeBluesky, deleteEvent, fixture, postEvent } from '../test/fake-bluesky/fake-bluesky-server.js';

const frames: string[] = [];
for (let i = 0; i < 1000; i++) {
  const r = i % 10;
  const event =
    i % 100 === 0
      ? postEvent({ text: `Question ${i} for the panel #askGMP`, did: i % 200 ? DIDS.alice : DIDS.bob })
      : r < 4
        ? postEvent({ text: `Post ${i} about #something and #else, nothing for the wall`, did: DIDS.carol })
        : r < 6
          ? { ...fixture('jetstream-commit-create-post-facets-images'), time_us: 1_783_175_888_400_999 + i }
          : r < 8
            ? { ...fixture('jetstream-commit-create-post-link-external'), time_us: 1_783_175_888_400_999 + i }
            : r === 8
              ? deleteEvent(DIDS.carol, `3mpt${String(i).padStart(9, '2')}`)
              : fixture(i % 20 === 9 ? 'jetstream-identity' : 'jetstream-account');
  frames.push(JSON.stringify(event));
}

// A quiet Jetstream on loopback (nothing is sent over it) and a clock that never fires: the
// benchmark hands frames to the source directly, as the socket would.
const jetstream = await FakeBluesky.start();
const still: Clock = { now: systemClock.now, setTimeout: () => ({}), clearTimeout: () => {} };
let delivered = 0;
const sink = { post: (_post: Post) => void delivered++, remove: () => {} };
const source = new BlueskySource({
  config: blueskyConfigSchema.parse({ jetstream: jetstream.wsUrl, appview: jetstream.url }),
  store: new MemoryStore(),
  logger: pino({ level: 'silent' }),
  metrics: new Metrics(),
  clock: still,
  profiles: { profiles: async () => new Map(), forget: () => {} },
});
await source.setTags(['askgmp']);
await source.start(sink);

async function run(label: string, seconds: number, step: (frame: string) => void): Promise<number> {
  let n = 0;
  let busy = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (const frame of frames) step(frame);
    busy += performance.now() - t0;
    n += frames.length;
    await source.settled(); // matched posts are delivered between socket reads, as live
  }
  const rate = n / (busy / 1000);
  console.log(`${label.padEnd(40)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} events/s`);
  return rate;
}

const bytes = Math.round(frames.reduce((s, f) => s + f.length, 0) / frames.length);
console.log(`Jetstream mix: ${frames.length} frames from real events, ${bytes} bytes on average, 1% for the wall`);
let unique = 0;
// Every post has a fresh record key per round, as on the network: repeats would be dropped early.
const fresh = (frame: string): string =>
  frame.replace(/"rkey":"([^"]+)"/, (_m, k: string) => `"rkey":"${k}${++unique}"`);
await run('warm-up', 1, (f) => source.onFrame(fresh(f)));
const baseline = await run('baseline: JSON.parse only (+ fresh rkey)', 2, (f) => JSON.parse(fresh(f)));
const before = delivered;
const total = await run('parse + match + normalise + deliver', 3, (f) => source.onFrame(fresh(f)));
console.log(
  `ratio: ${(total / baseline).toFixed(3)} of JSON.parse alone; ${delivered - before} posts delivered; target ≥ 20,000 events/s on one core: ${total >= 20_000 ? 'met' : 'NOT met'}`,
);
await source.stop();
await jetstream.close();
