import type { Segment } from '@chat-wall/sdk/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentText, tagsOf, toHttpUrl } from './segments.js';

const EMOJI = ['👩🏽‍💻', '👨‍👩‍👧', '🏳️‍🌈', '👍🏾', '👋🏿', '🙏', '❤️', '🇬🇧', '🚲'];
const WORDS = [
  '#askGMP',
  '#AskGmp',
  '#café',
  '#日本語',
  '@jo_b',
  '@GMillbrookPolice',
  'example.org/x',
  'https://a.example.org/p?q=1',
];

/** Texts built from the pieces posts are made of, glued in any order with or without spaces. */
const postText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...EMOJI),
      fc.constantFrom(...WORDS),
      fc.constantFrom(' ', '  ', '\n', '#', '@', '.', ':', 'javascript:', 'http://'),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

/** Code-unit offsets where one segment ends and the next starts. */
function boundaries(segments: readonly Segment[]): number[] {
  const cuts: number[] = [];
  let at = 0;
  for (const s of segments.slice(0, -1)) cuts.push((at += s.text.length));
  return cuts;
}

describe('segmentText', () => {
  it('gives back the exact text when the segments are joined, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(postText, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
        const segments = segmentText(text);
        expect(segments.map((s) => s.text).join('')).toBe(text);
        expect(segments.every((s) => s.text.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never cuts through an emoji, ZWJ sequences and skin tones included', () => {
    fc.assert(
      fc.property(postText, (text) => {
        const cuts = boundaries(segmentText(text));
        for (const emoji of EMOJI) {
          for (let at = text.indexOf(emoji); at >= 0; at = text.indexOf(emoji, at + 1)) {
            const inside = cuts.filter((c) => c > at && c < at + emoji.length);
            expect(inside, `${JSON.stringify(text)} cut inside ${emoji}`).toEqual([]);
          }
        }
      }),
      { numRuns: 500 },
    );
    expect(segmentText('👩🏽‍💻 👨‍👩‍👧 🏳️‍🌈 👍🏾')).toEqual([{ type: 'text', text: '👩🏽‍💻 👨‍👩‍👧 🏳️‍🌈 👍🏾' }]);
  });

  it('only ever links to absolute http(s) URLs', () => {
    fc.assert(
      fc.property(postText, (text) => {
        for (const s of segmentText(text)) {
          if (s.type === 'link') expect(new URL(s.url).protocol).toMatch(/^https?:$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds hashtags in any script, keeping the spelling in text', () => {
    expect(segmentText('Q1 #askGMP #café #日本語 #Zürich_2026')).toEqual([
      { type: 'text', text: 'Q1 ' },
      { type: 'hashtag', text: '#askGMP', tag: 'askGMP' },
      { type: 'text', text: ' ' },
      { type: 'hashtag', text: '#café', tag: 'café' },
      { type: 'text', text: ' ' },
      { type: 'hashtag', text: '#日本語', tag: '日本語' },
      { type: 'text', text: ' ' },
      { type: 'hashtag', text: '#Zürich_2026', tag: 'Zürich_2026' },
    ]);
    // A combining accent belongs to the tag; digits alone are not a hashtag.
    expect(segmentText('#cafe\u0301 #2026')[0]).toEqual({ type: 'hashtag', text: '#cafe\u0301', tag: 'cafe\u0301' });
    expect(segmentText('#2026')).toEqual([{ type: 'text', text: '#2026' }]);
  });

  it('ends a hashtag where an emoji starts', () => {
    expect(segmentText('#pride🏳️‍🌈')).toEqual([
      { type: 'hashtag', text: '#pride', tag: 'pride' },
      { type: 'text', text: '🏳️‍🌈' },
    ]);
  });

  it('finds mentions, without the @ in handle', () => {
    expect(segmentText('@GMillbrookPolice thanks! cc @jo_b.')).toEqual([
      { type: 'mention', text: '@GMillbrookPolice', handle: 'GMillbrookPolice' },
      { type: 'text', text: ' thanks! cc ' },
      { type: 'mention', text: '@jo_b', handle: 'jo_b' },
      { type: 'text', text: '.' },
    ]);
    // An e-mail address is not a mention.
    expect(segmentText('mail jo@example.org')).toEqual([{ type: 'text', text: 'mail jo@example.org' }]);
  });

  it('links URLs with a scheme as they are and bare domains as https', () => {
    expect(segmentText('see https://millbrook-police.example.org/fraud now')).toEqual([
      { type: 'text', text: 'see ' },
      {
        type: 'link',
        text: 'https://millbrook-police.example.org/fraud',
        url: 'https://millbrook-police.example.org/fraud',
      },
      { type: 'text', text: ' now' },
    ]);
    expect(segmentText('http://example.org/a')).toEqual([
      { type: 'link', text: 'http://example.org/a', url: 'http://example.org/a' },
    ]);
    expect(segmentText('bikeregister.example.org/check')).toEqual([
      { type: 'link', text: 'bikeregister.example.org/check', url: 'https://bikeregister.example.org/check' },
    ]);
  });

  it('never makes a link of javascript:, data: or other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'javascript://example.org/%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ftp://example.org/file',
    ]) {
      const segments = segmentText(text);
      expect(segments.map((s) => s.text).join('')).toBe(text);
      for (const s of segments) if (s.type === 'link') expect(s.url).toMatch(/^https?:\/\//);
      expect(segments.some((s) => s.type === 'link' && /javascript|data:|vbscript|ftp/i.test(s.url))).toBe(false);
    }
  });
});

describe('tagsOf', () => {
  it('lists each hashtag once, lower-cased', () => {
    expect(tagsOf(segmentText('#askGMP #ASKGMP #AskGmp #Café'))).toEqual(['askgmp', 'café']);
    expect(tagsOf(segmentText('no tags here'))).toEqual([]);
  });
});

describe('toHttpUrl', () => {
  it('keeps http(s), adds https to bare hosts and refuses everything else', () => {
    expect(toHttpUrl('https://example.org/a')).toBe('https://example.org/a');
    expect(toHttpUrl('HTTP://Example.org')).toBe('http://example.org/');
    expect(toHttpUrl('example.org/a b')).toBe('https://example.org/a%20b');
    expect(toHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(toHttpUrl('data:text/html,x')).toBeUndefined();
    expect(toHttpUrl('mailto:jo@example.org')).toBeUndefined();
    expect(toHttpUrl('http://')).toBeUndefined();
  });
});
