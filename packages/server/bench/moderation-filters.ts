/**
 * Filter pipeline throughput on one core: posts screened per second through every filter, with
 * the defaults and with a busy host configuration (blocklist, patterns, allow/block lists,
 * language allow list, all five profanity lists of the wall's audience).
 *
 *   node --import tsx packages/server/bench/moderation-filters.ts [seconds=2]
 */
import type { Post } from '@chat-wall/sdk/protocol';
import { segmentText, tagsOf } from '../src/sources/segments.js';
import { FilterPipeline } from '../src/moderation/pipeline.js';
import { initialSettings } from '../src/moderation/settings.js';

const seconds = Number(process.argv[2] ?? 2);

const TEXTS = [
  'How do you qualify a new API supplier when the audit backlog is six months? #askGMP',
  'Great answer from @qa_lead on data integrity, thanks! #askGMP https://example.org/di',
  'What is the shittiest deviation you have ever had to close? #askGMP',
  'Is ALCOA+ still the right frame for hybrid paper/electronic records? #askGMP #dataintegrity',
  'WIN FREE crypto giveaway now!!! #askGMP',
  'Wie geht ihr mit Abweichungen bei Lieferantenaudits um? #askGMP',
  '¿Cómo validan la limpieza en equipos compartidos? #askGMP',
  'これは面白い質問です #askGMP',
  '🔥🔥🔥 #askGMP',
  'Follow me for more tips on validation and cleaning! #askGMP #GMP #pharma',
];
const LANGS = ['en', 'en', 'en', 'en', 'en', 'de', 'es', 'ja', 'und', 'en'];

function makePosts(n: number): Post[] {
  return Array.from({ length: n }, (_, i) => {
    const text = `${TEXTS[i % TEXTS.length]!} ${i}`;
    const segments = segmentText(text);
    return {
      id: `x:${i}`,
      source: 'x',
      author: { id: `a${i % 5000}`, handle: `user${i % 5000}`, name: `User ${i}`, verified: false },
      text,
      segments,
      media: i % 13 === 0 ? [{ type: 'image', url: 'https://img.example/1.png' }] : [],
      createdAt: new Date(0).toISOString(),
      reply: i % 11 === 0,
      repost: i % 17 === 0,
      quote: false,
      tags: tagsOf(segments),
      lang: LANGS[i % LANGS.length]!,
    } satisfies Post;
  });
}

function run(name: string, pipeline: FilterPipeline, posts: Post[]): void {
  // Warm up the JIT, then count whole passes for `seconds`. The pipeline's clock advances 20 ms per
  // post (a busy wall: 50 posts/s), so the flood filters see a stream rather than one instant;
  // the status shares show what the filters caught.
  let clock = 0;
  for (const p of posts) pipeline.screen(p, (clock += 20));
  const statuses: Record<string, number> = {};
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const p of posts) {
      const s = pipeline.screen(p, (clock += 20)).status;
      statuses[s] = (statuses[s] ?? 0) + 1;
    }
    n += posts.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  const perSecond = Math.round(n / elapsed);
  const share = Object.entries(statuses)
    .map(([s, c]) => `${s} ${((100 * c) / n).toFixed(0)}%`)
    .join(', ');
  process.stdout.write(
    `${name.padEnd(26)} ${perSecond.toLocaleString('en-US').padStart(9)} posts/s  ` +
      `(${(1e6 / perSecond).toFixed(1)} µs/post; ${share})\n`,
  );
}

const posts = makePosts(20_000);
process.stdout.write(
  `Filter pipeline, one core, ${posts.length.toLocaleString('en-US')} distinct posts, ${seconds} s each:\n`,
);
run('defaults (auto)', new FilterPipeline(initialSettings('auto', undefined)), posts);
run(
  'busy host config (auto)',
  new FilterPipeline(
    initialSettings('auto', {
      profanity: { languages: ['en', 'de', 'es', 'fr', 'ja'] },
      blocklist: { words: [...Array.from({ length: 200 }, (_, i) => `spamword${i}`), 'crypto giveaway', 'follow me'] },
      patterns: { regex: ['\\bwhats?app\\b', 'https?://bit\\.ly/', '(.)\\1{6,}', '\\b\\d{10,}\\b', 'free\\s+money'] },
      authors: {
        allow: Array.from({ length: 50 }, (_, i) => `@host${i}`),
        block: Array.from({ length: 1000 }, (_, i) => `x:b${i}`),
      },
      languages: { allow: ['en', 'de', 'es'], unknown: 'hold' },
      replies: 'hold',
      links: 'hold',
    }),
  ),
  posts,
);
