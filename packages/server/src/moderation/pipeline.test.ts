import type { ModerationMode, Post } from '@chat-wall/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { segmentText, tagsOf } from '../sources/segments.js';
import { decide, FilterName, FilterPipeline } from './pipeline.js';
import { initialSettings } from './settings.js';

function post(text: string, extra: Partial<Post> = {}, n = 1): Post {
  const segments = segmentText(text);
  return {
    id: `x:${n}`,
    source: 'x',
    author: { id: `a${n}`, handle: `User${n}`, name: `User ${n}`, verified: false },
    text,
    segments,
    media: [],
    createdAt: '2026-11-01T12:00:00.000Z',
    reply: false,
    repost: false,
    quote: false,
    tags: tagsOf(segments),
    lang: 'en',
    ...extra,
  };
}

/** A pipeline with only the given filters changed from the defaults, and the flood filters off. */
function pipeline(filters: Record<string, unknown> = {}, mode: ModerationMode = 'auto'): FilterPipeline {
  return new FilterPipeline(
    initialSettings(mode, { duplicates: { enabled: false }, rateCap: { enabled: false }, ...filters }),
  );
}

describe('filters', () => {
  it('lets a clean post through with no verdict', () => {
    expect(
      pipeline().evaluate(post('What is the best way to validate a cleaning process? #askGMP'), 0),
    ).toBeUndefined();
  });

  it('catches default profanity as whole words only, with the list named', () => {
    const p = pipeline();
    expect(p.evaluate(post('this is bullshit #askGMP'), 0)).toEqual({
      action: 'hold',
      filter: FilterName.Profanity,
      reason: 'contains "bullshit" (en profanity list)',
    });
    // "ass" is on the list; "class" and "assessment" are not caught.
    expect(p.evaluate(post('A class on risk assessment #askGMP'), 0)).toBeUndefined();
  });

  it("checks the post's own language list, and unspaced scripts by substring", () => {
    const p = pipeline();
    expect(p.evaluate(post('Das ist Scheiße #askGMP', { lang: 'de' }), 0)?.reason).toContain('(de profanity list)');
    expect(p.evaluate(post('Das ist Scheiße #askGMP', { lang: 'en' }), 0)).toBeUndefined();
    expect(p.evaluate(post('これはファックです #askGMP', { lang: 'ja' }), 0)?.filter).toBe(FilterName.Profanity);
  });

  it('matches blocklist phrases across punctuation and case, and can reject', () => {
    const p = pipeline({ blocklist: { words: ['crypto giveaway', 'SPAM'] } });
    expect(p.evaluate(post('FREE Crypto-Giveaway!!! #askGMP'), 0)).toMatchObject({
      action: 'reject',
      filter: FilterName.Blocklist,
      reason: 'contains "crypto giveaway"',
    });
    expect(p.evaluate(post('no spam here #askGMP'), 0)?.reason).toBe('contains "spam"');
    expect(p.evaluate(post('spammer #askGMP'), 0)).toBeUndefined();
  });

  it('applies regex patterns case-insensitively', () => {
    const p = pipeline({ patterns: { regex: ['\\bwhats?app\\s*\\+?\\d'], action: 'reject' } });
    expect(p.evaluate(post('Call me on WhatsApp +4412345 #askGMP'), 0)).toMatchObject({
      action: 'reject',
      filter: FilterName.Patterns,
    });
  });

  it('allow-listed authors are approved even past other filters; blocked ones are caught', () => {
    const p = pipeline({ authors: { allow: ['@user1'], block: ['x:a2'], blockAction: 'hold' } });
    expect(p.evaluate(post('bullshit #askGMP', {}, 1), 0)?.action).toBe('approve');
    expect(p.evaluate(post('hello #askGMP', {}, 2), 0)).toMatchObject({ action: 'hold', filter: 'author-block' });
  });

  it('excludes reposts by default and replies when asked', () => {
    expect(pipeline().evaluate(post('RT hello #askGMP', { repost: true }), 0)).toMatchObject({
      action: 'reject',
      filter: FilterName.Reposts,
    });
    expect(pipeline().evaluate(post('hello #askGMP', { reply: true }), 0)).toBeUndefined();
    expect(pipeline({ replies: 'hold' }).evaluate(post('hello #askGMP', { reply: true }), 0)?.filter).toBe('replies');
  });

  it('holds languages outside the allow list, and unknown ones by policy', () => {
    const p = pipeline({ languages: { allow: ['en', 'de'], unknown: 'hold' } });
    expect(p.evaluate(post('bonjour #askGMP', { lang: 'fr' }), 0)?.reason).toBe('language "fr" is not allowed');
    expect(p.evaluate(post('hello #askGMP', { lang: 'en-GB' }), 0)).toBeUndefined();
    expect(p.evaluate(post('??? #askGMP', { lang: 'und' }), 0)?.reason).toBe('language unknown');
  });

  it('applies link and media policies', () => {
    const p = pipeline({ links: 'hold', media: 'reject' });
    expect(p.evaluate(post('see https://example.org/x #askGMP'), 0)?.filter).toBe(FilterName.Links);
    const withMedia = post('look #askGMP', { media: [{ type: 'image', url: 'https://img.example/1.png' }] });
    expect(p.evaluate(withMedia, 0)).toMatchObject({ action: 'reject', filter: FilterName.Media });
  });

  it('a later reject wins over an earlier hold', () => {
    const p = pipeline({ links: 'hold', blocklist: { words: [] }, media: 'reject' });
    const both = post('https://example.org #askGMP', { media: [{ type: 'image', url: 'https://img.example/1.png' }] });
    expect(p.evaluate(both, 0)?.action).toBe('reject');
  });

  it('catches the same text repeated within the window, from anyone', () => {
    const p = pipeline({ duplicates: { enabled: true, windowSeconds: 60 } });
    expect(p.evaluate(post('Win a prize now! #askGMP', {}, 1), 0)).toBeUndefined();
    expect(p.evaluate(post('win a PRIZE now #askGMP', {}, 2), 5_000)).toMatchObject({
      filter: FilterName.Duplicates,
      reason: 'same text as a post 5 s ago',
    });
    expect(p.evaluate(post('Win a prize now! #askGMP', {}, 3), 70_000)).toBeUndefined();
  });

  it('caps posts per author per window', () => {
    const p = pipeline({ rateCap: { enabled: true, max: 2, windowSeconds: 10 } });
    const at = (t: number, n: number) => p.evaluate(post(`question ${n} #askGMP`, { author: post('').author }), t);
    expect(at(0, 1)).toBeUndefined();
    expect(at(1000, 2)).toBeUndefined();
    expect(at(2000, 3)).toMatchObject({ filter: FilterName.RateCap });
    expect(at(10_500, 4)).toMatchObject({ filter: FilterName.RateCap }); // caught posts count too
    expect(at(21_000, 5)).toBeUndefined(); // the earlier ones fell out of the window
  });

  it('keeps flood memory across a settings change', () => {
    const p = pipeline({ duplicates: { enabled: true } });
    p.evaluate(post('same words #askGMP', {}, 1), 0);
    const next = p.withSettings(p.settings);
    expect(next.evaluate(post('same words #askGMP', {}, 2), 1000)?.filter).toBe(FilterName.Duplicates);
  });
});

describe('modes', () => {
  const hold = { action: 'hold', filter: FilterName.Links, reason: 'contains a link' } as const;
  const reject = { action: 'reject', filter: FilterName.Blocklist, reason: 'contains "x"' } as const;
  const approve = { action: 'approve', filter: FilterName.AuthorAllow, reason: 'allowed' } as const;

  it.each([
    ['pre', undefined, 'held'],
    ['pre', hold, 'held'],
    ['pre', reject, 'rejected'],
    ['pre', approve, 'approved'],
    ['post', undefined, 'approved'],
    ['post', hold, 'approved'],
    ['post', reject, 'rejected'],
    ['auto', undefined, 'approved'],
    ['auto', hold, 'held'],
    ['auto', reject, 'rejected'],
  ] as const)('%s mode with verdict %o → %s', (mode, verdict, status) => {
    expect(decide(mode, verdict).status).toBe(status);
  });

  it('carries the reason of the filter that decided', () => {
    expect(decide('auto', hold)).toEqual({ status: 'held', filter: 'links', reason: 'contains a link' });
    expect(decide('post', hold).reason).toBe('post-moderation (flagged: contains a link)');
  });

  it('screen() combines pipeline and mode', () => {
    const p = pipeline({ links: 'hold' }, 'pre');
    expect(p.screen(post('hello #askGMP'), 0)).toEqual({ status: 'held', reason: 'pre-moderation' });
    expect(p.screen(post('RT #askGMP', { repost: true }), 0).status).toBe('rejected');
  });
});
