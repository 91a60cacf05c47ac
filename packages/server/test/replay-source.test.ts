import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Post } from '@chat-wall/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReplaySource, type ReplayRecord } from '../src/sources/replay-source.js';
import type { SourceSink } from '../src/sources/source.js';

const DEMO = fileURLToPath(new URL('../data/demo-askgmp.jsonl', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-replay-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

let files = 0;
async function replayFile(lines: readonly (Partial<ReplayRecord> | string)[]): Promise<string> {
  const file = path.join(dir, `session-${++files}.jsonl`);
  await writeFile(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

function record(offset: number, id: string, text = `post ${id} #askGMP`): Partial<ReplayRecord> {
  return { offset, id, author: { id: `a-${id}`, handle: `user_${id}`, name: `User ${id}`, verified: false }, text };
}

/** A sink that notes each post with the (fake) time it arrived, in ms since the test started. */
function recorder(
  t0: number,
): SourceSink & { got: { id: string; at: number; post: Post; tags?: readonly string[] }[] } {
  const got: { id: string; at: number; post: Post; tags?: readonly string[] }[] = [];
  return { got, post: (post, tags) => got.push({ id: post.id, at: Date.now() - t0, post, ...(tags ? { tags } : {}) }) };
}

describe('ReplaySource', () => {
  it('plays posts at their offsets divided by the speed factor', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 1, 19) });
    const t0 = Date.now();
    const file = await replayFile([record(30, 'c'), record(0, 'a'), record(10, 'b')]); // out of order on purpose
    const source = new ReplaySource({ file, speed: 2, loop: false });
    await source.setTags(['askgmp']);
    const sink = recorder(t0);
    await source.start(sink);

    await vi.advanceTimersByTimeAsync(0);
    expect(sink.got.map((g) => g.id)).toEqual(['replay:a']);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sink.got).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.got.map((g) => [g.id, g.at])).toEqual([
      ['replay:a', 0],
      ['replay:b', 5_000],
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.got.map((g) => [g.id, g.at])).toEqual([
      ['replay:a', 0],
      ['replay:b', 5_000],
      ['replay:c', 15_000],
    ]);
    expect(sink.got[2]!.post.createdAt).toBe(new Date(t0 + 15_000).toISOString());
    expect(sink.got[2]!.tags).toEqual(['askgmp']);
    expect(source.health()).toMatchObject({ state: 'stopped', postsDelivered: 3 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sink.got).toHaveLength(3); // no loop
  });

  it('loops with fresh ids, after a pause', async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    const file = await replayFile([record(0, 'a'), record(1, 'b')]);
    const source = new ReplaySource({ file, speed: 1, loop: true });
    const sink = recorder(t0);
    await source.start(sink);
    await vi.advanceTimersByTimeAsync(1_000 + 5_000 + 1_000 + 5_000 + 1_000);
    await source.stop();
    expect(sink.got.map((g) => [g.id, g.at])).toEqual([
      ['replay:a', 0],
      ['replay:b', 1_000],
      ['replay:a~1', 6_000],
      ['replay:b~1', 7_000],
      ['replay:a~2', 12_000],
      ['replay:b~2', 13_000],
    ]);
    expect(new Set(sink.got.map((g) => g.id)).size).toBe(6);
  });

  it('delivers the backlog at once, dated as if it had played, then goes on from there', async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    const file = await replayFile([record(0, 'a'), record(4, 'b'), record(10, 'c'), record(16, 'd')]);
    const source = new ReplaySource({ file, speed: 2, loop: false, backlog: 3 });
    const sink = recorder(t0);
    await source.start(sink);
    expect(sink.got.map((g) => [g.id, g.at])).toEqual([
      ['replay:a', 0],
      ['replay:b', 0],
      ['replay:c', 0],
    ]);
    // The newest backlog post is "now"; earlier ones are older by their offsets / speed.
    expect(sink.got.map((g) => Date.parse(g.post.createdAt) - t0)).toEqual([-5_000, -3_000, 0]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(sink.got).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.got.at(-1)).toMatchObject({ id: 'replay:d', at: 3_000 });
  });

  it('stops delivering on stop(), even when stop() comes while the file is being read', async () => {
    vi.useFakeTimers();
    const file = await replayFile([record(0, 'a'), record(1, 'b')]);
    const early = new ReplaySource({ file, backlog: 1 });
    const sinkEarly = recorder(Date.now());
    const starting = early.start(sinkEarly);
    await early.stop();
    await starting;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sinkEarly.got).toEqual([]);

    const late = new ReplaySource({ file });
    const sinkLate = recorder(Date.now());
    await late.start(sinkLate);
    await vi.advanceTimersByTimeAsync(0);
    await late.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sinkLate.got.map((g) => g.id)).toEqual(['replay:a']);
    expect(late.health().state).toBe('stopped');
  });

  it('makes posts with segments, lower-case tags and the record fields', async () => {
    const file = await replayFile([
      {
        ...record(0, 'm', '@GMillbrookPolice is this legit? https://quick-cash.example.net #AskGMP 👍🏾'),
        lang: 'en',
        reply: true,
        media: [{ type: 'image', url: 'https://media.example.org/a.jpg', alt: 'a lock' }],
      },
    ]);
    const source = new ReplaySource({ file, loop: false, backlog: 1 });
    const sink = recorder(Date.now());
    await source.start(sink);
    await source.stop();
    const post = sink.got[0]!.post;
    expect(post).toMatchObject({
      id: 'replay:m',
      source: 'replay',
      lang: 'en',
      reply: true,
      repost: false,
      quote: false,
      tags: ['askgmp'],
      media: [{ type: 'image', url: 'https://media.example.org/a.jpg', alt: 'a lock' }],
    });
    expect(post.segments.map((s) => s.type)).toEqual(['mention', 'text', 'link', 'text', 'hashtag', 'text']);
    expect(post.segments.map((s) => s.text).join('')).toBe(post.text);
  });

  it('skips invalid lines and reports each with its line number', async () => {
    const file = await replayFile([
      record(0, 'ok1'),
      '{ not json',
      '',
      JSON.stringify({ ...record(1, 'bad'), offset: -1 }),
      JSON.stringify({ ...record(2, 'js'), media: [{ type: 'image', url: 'javascript:alert(1)' }] }),
      JSON.stringify({ ...record(3, 'extra'), html: '<b>x</b>' }),
      '   ',
      record(4, 'ok2'),
    ]);
    const reports: [number, string][] = [];
    const records = await ReplaySource.read(file, (line, message) => reports.push([line, message]));
    expect(records.map((r) => r.id)).toEqual(['ok1', 'ok2']);
    expect(reports.map(([line]) => line)).toEqual([2, 4, 5, 6]);
    expect(reports[0]![1]).toMatch(/^not JSON/);
    expect(reports[1]![1]).toMatch(/^offset: /);
    expect(reports[2]![1]).toMatch(/^media\.0\.url: must be an http\(s\) URL/);
    expect(reports[3]![1]).toMatch(/html/);
  });

  it('reads files with a byte order mark and CRLF line ends', async () => {
    const file = path.join(dir, 'windows.jsonl');
    await writeFile(file, '\uFEFF' + [record(0, 'a'), record(1, 'b')].map((r) => JSON.stringify(r)).join('\r\n'));
    const reports: number[] = [];
    expect((await ReplaySource.read(file, (line) => reports.push(line))).map((r) => r.id)).toEqual(['a', 'b']);
    expect(reports).toEqual([]);
  });

  it('fails only itself, with a clear detail, when the file is missing or empty', async () => {
    const missing = new ReplaySource({ file: path.join(dir, 'nope.jsonl') });
    await missing.start(recorder(0));
    expect(missing.health()).toMatchObject({
      state: 'failed',
      detail: expect.stringMatching(/Cannot read replay file .*nope\.jsonl/),
    });
    const empty = new ReplaySource({ file: await replayFile(['{}']) });
    await empty.start(recorder(0));
    expect(empty.health()).toMatchObject({ state: 'failed', detail: expect.stringMatching(/No valid posts/) });
  });
});

describe('the bundled #askGMP demo session', () => {
  let records: ReplayRecord[];
  const invalid: number[] = [];
  beforeAll(async () => {
    records = await ReplaySource.read(DEMO, (line) => invalid.push(line));
  });

  it('parses with zero invalid lines', () => {
    expect(invalid).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(190);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it('lasts 15 to 25 minutes, with bursts after each Qn prompt', () => {
    const duration = records.at(-1)!.offset - records[0]!.offset;
    expect(duration).toBeGreaterThanOrEqual(15 * 60);
    expect(duration).toBeLessThanOrEqual(25 * 60);
    const prompts = records.filter((r) => /^Q[1-5]:/.test(r.text));
    expect(prompts.map((r) => r.text.slice(0, 2))).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
    for (const q of prompts) {
      const minuteAfter = records.filter((r) => r.offset > q.offset && r.offset <= q.offset + 60).length;
      const minuteBefore = records.filter((r) => r.offset < q.offset && r.offset >= q.offset - 60).length;
      expect(minuteAfter, `burst after ${q.text.slice(0, 2)}`).toBeGreaterThan(minuteBefore);
      expect(minuteAfter).toBeGreaterThanOrEqual(10);
    }
  });

  it('has one host asking Q1…Q5, participants answering A1…A5, and many distinct participants', () => {
    const hosts = new Set(records.filter((r) => /^Q[1-5]:/.test(r.text)).map((r) => r.author.handle));
    expect([...hosts]).toEqual(['GMillbrookPolice']);
    for (const n of [1, 2, 3, 4, 5]) {
      const answers = records.filter((r) => r.text.startsWith(`A${n}:`));
      expect(answers.length, `A${n}`).toBeGreaterThanOrEqual(2);
      expect(answers.every((r) => r.author.handle !== 'GMillbrookPolice')).toBe(true);
    }
    const participants = new Set(records.map((r) => r.author.id));
    participants.delete(records.find((r) => r.author.handle === 'GMillbrookPolice')!.author.id);
    expect(participants.size).toBeGreaterThanOrEqual(60);
  });

  it('links replies and quotes to posts of the file: answers to Q<n>, host answers to audience questions', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    const linked = records.filter((r) => r.replyTo ?? r.quoteOf);
    for (const r of linked) {
      const target = byId.get((r.replyTo ?? r.quoteOf)!);
      expect(target, r.id).toBeDefined();
      expect(target!.offset).toBeLessThan(r.offset);
    }
    // Each prompt is answered by a reply to it and by a quote of it.
    const prompts = records.filter((r) => /^Q[1-5]:/.test(r.text)).map((r) => r.id);
    for (const id of prompts) {
      expect(records.some((r) => r.replyTo === id)).toBe(true);
      expect(records.some((r) => r.quoteOf === id)).toBe(true);
    }
    // The host answers two audience questions per prompt; many stay open for the follow-up.
    const hostAnswers = linked.filter((r) => r.author.handle === 'GMillbrookPolice');
    expect(hostAnswers).toHaveLength(10);
    expect(hostAnswers.every((r) => byId.get(r.replyTo!)!.text.includes('?'))).toBe(true);
    // An A<n> after Q<n+1> was asked.
    const qOffset = new Map(records.filter((r) => /^Q[1-5]:/.test(r.text)).map((r) => [r.text[1], r.offset]));
    expect(records.some((r) => /^A[1-4]:/.test(r.text) && r.offset > qOffset.get(String(+r.text[1]! + 1))!)).toBe(true);
  });

  it('carries the hashtag in several spellings, with replies that sometimes do not', () => {
    const spellings = new Set(records.flatMap((r) => r.text.match(/#askgmp\b/gi) ?? []));
    expect([...spellings].sort()).toEqual(['#ASKGMP', '#AskGMP', '#askGMP', '#askgmp']);
    expect(records.filter((r) => /#askgmp/i.test(r.text)).length / records.length).toBeGreaterThan(0.7);
    const replies = records.filter((r) => r.reply);
    expect(replies.length).toBeGreaterThanOrEqual(5);
    expect(replies.some((r) => !/#askgmp/i.test(r.text))).toBe(true);
    const reposts = records.filter((r) => r.repost);
    expect(reposts.length).toBeGreaterThanOrEqual(3);
    expect(reposts.every((r) => r.text.startsWith('RT @'))).toBe(true);
  });

  it('has emoji with ZWJ and skin tones, links, mentions, media and other languages', () => {
    const all = records.map((r) => r.text).join('\n');
    for (const emoji of ['👩🏽‍💻', '👨‍👩‍👧', '🏳️‍🌈', '👍🏾']) expect(all).toContain(emoji);
    expect(records.filter((r) => /https:\/\//.test(r.text)).length).toBeGreaterThanOrEqual(5);
    expect(records.filter((r) => /(^|\s)@\w+/.test(r.text)).length).toBeGreaterThanOrEqual(10);
    const media = records.flatMap((r) => r.media);
    expect(media.length).toBeGreaterThanOrEqual(2);
    expect(media.every((m) => m.url.startsWith('https://media.example.org/'))).toBe(true);
    const langs = new Set(records.map((r) => r.lang));
    for (const lang of ['cy', 'pl', 'ur']) expect(langs).toContain(lang);
  });

  it('includes what moderation filters should catch', () => {
    expect(records.some((r) => /\w\*+\w/.test(r.text))).toBe(true); // profanity with asterisks
    const byText = new Map<string, number>();
    for (const r of records) if (!r.repost) byText.set(r.text, (byText.get(r.text) ?? 0) + 1);
    expect(Math.max(...byText.values())).toBeGreaterThanOrEqual(3); // the same text repeated
    const perAuthorMinute = new Map<string, number>();
    for (const r of records) {
      const key = `${r.author.id}@${Math.floor(r.offset / 60)}`;
      perAuthorMinute.set(key, (perAuthorMinute.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perAuthorMinute.values())).toBeGreaterThanOrEqual(6); // a flood from one author
  });
});
