/**
 * Throughput of the X source's hot path: one stream line → JSON.parse → validate → normalise →
 * route, over a realistic mix of real X payloads (photos, replies, quotes, reposts, long posts).
 * Prints posts/s with JSON.parse alone as a baseline measured in the same run.
 *
 *   node --import tsx packages/server/bench/x-normalise-route.ts
 */
import { readFileSync } from 'node:fs';
import { normaliseTweet } from '../src/sources/x/normalise-x.js';
import { ruleTag, type XWallSpec } from '../src/sources/x/rules.js';
import { streamMessageSchema } from '../src/sources/x/x-payload.js';
import { routePost } from '../src/sources/x/x-router.js';

const FIXTURES = [
  'stream-tweet-hashtags-photo.json',
  'stream-tweet-photo-quote-matching-rules.json',
  'stream-tweet-reply-mentions-annotations.json',
  'stream-message-quickstart.json',
  'tweet-lookup-retweet.json',
  'tweet-lookup-retweeted-quote.json',
  'tweet-lookup-extended.json',
  'tweet-lookup-many-urls.json',
  'tweet-lookup-video-variants.json',
  'tweet-lookup-cashtags.json',
];

const walls = new Map<string, XWallSpec>(
  ['askgmp', 'dogs', 'twitterapi', 'buyerchat'].map((tag) => [tag, { tag, excludeReposts: tag === 'buyerchat' }]),
);

// Each payload becomes a stream line as X would send it: one post, its includes, a matching rule.
const lines = FIXTURES.map((name) => {
  const json = JSON.parse(readFileSync(new URL(`../test/fake-x/fixtures/${name}`, import.meta.url), 'utf8')) as {
    data: unknown;
    includes?: unknown;
  };
  const data = Array.isArray(json.data) ? json.data[0] : json.data;
  return JSON.stringify({ data, includes: json.includes ?? {}, matching_rules: [{ id: '1', tag: ruleTag('askgmp') }] });
});

function run(label: string, seconds: number, step: (line: string) => unknown): number {
  let n = 0;
  let sink = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (const line of lines) {
      if (step(line)) sink++;
      n++;
    }
  }
  const rate = n / seconds;
  console.log(
    `${label.padEnd(34)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} posts/s  (${sink === n ? 'ok' : 'check'})`,
  );
  return rate;
}

const now = new Date().toISOString();
const full = (line: string): boolean => {
  const parsed = streamMessageSchema.safeParse(JSON.parse(line));
  if (!parsed.success) return false;
  const { data, includes, matching_rules } = parsed.data;
  const post = normaliseTweet(data, includes, now);
  return routePost(post, matching_rules, walls).walls.length > 0;
};

console.log(
  `payload mix: ${lines.length} real X payloads, ${Math.round(lines.reduce((s, l) => s + l.length, 0) / lines.length)} bytes on average`,
);
run('warm-up', 1, full);
const baseline = run('baseline: JSON.parse only', 2, (line) => JSON.parse(line) !== null);
const total = run('parse + validate + normalise + route', 3, full);
console.log(
  `ratio: ${(total / baseline).toFixed(3)} of JSON.parse alone; target ≥ 5,000 posts/s on one core: ${total >= 5000 ? 'met' : 'NOT met'}`,
);
