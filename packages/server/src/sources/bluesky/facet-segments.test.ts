import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postRecordSchema } from './bluesky-payload.js';
import { facetSegments, textTags } from './facet-segments.js';
import { recordTags } from './normalise-bluesky.js';

const record = postRecordSchema.parse(
  JSON.parse(
    readFileSync(
      new URL('../../../test/fake-bluesky/fixtures/post-record-facets-mention-link.json', import.meta.url),
      'utf8',
    ),
  ),
);

describe('facetSegments', () => {
  it('cuts along UTF-8 byte offsets, past emoji and a ZWJ sequence (the documented example)', () => {
    const segments = facetSegments(record.text, record.facets);
    expect(segments).toEqual([
      { type: 'text', text: '✨ example mentioning ' },
      { type: 'mention', text: '@atproto.com', handle: 'atproto.com' },
      { type: 'text', text: ' to share the URL 👨‍❤️‍👨 ' },
      { type: 'link', text: 'https://en.wikipedia.org/wiki/CBOR', url: 'https://en.wikipedia.org/wiki/CBOR' },
      { type: 'text', text: '.' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(record.text);
  });

  it('keeps the whole text whatever the facets say: overlapping, reversed, out of range, splitting a character', () => {
    const text = 'é #askgmp 👋 end';
    const tag = (byteStart: number, byteEnd: number) => ({
      index: { byteStart, byteEnd },
      features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'askgmp' }],
    });
    const segments = facetSegments(text, [tag(3, 10), tag(5, 8), tag(9, 4), tag(1, 2), tag(12, 14), tag(200, 300)]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.type === 'hashtag')).toEqual([{ type: 'hashtag', text: '#askgmp', tag: 'askgmp' }]);
    expect(segments.map((s) => s.text).join('')).not.toContain('\uFFFD');
  });

  it('never links anything but http(s), and refuses tags with spaces', () => {
    const segments = facetSegments('a b c', [
      {
        index: { byteStart: 0, byteEnd: 1 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'javascript:alert(1)' }],
      },
      {
        index: { byteStart: 2, byteEnd: 3 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'data:text/html,x' }],
      },
      { index: { byteStart: 4, byteEnd: 5 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'two words' }] },
    ]);
    expect(segments.every((s) => s.type === 'text')).toBe(true);
  });
});

describe('tags of a post', () => {
  it('reads tag facets and #tags in the text, case-insensitive, without trailing punctuation', () => {
    expect(textTags('Hi #AskGMP, and #2024 or #ok! mid#word')).toEqual(['askgmp', 'ok']);
    expect(
      recordTags({
        text: 'no tags here',
        facets: [{ features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'AskGMP' }] }],
      }),
    ).toEqual(['askgmp']);
    expect(recordTags({ text: 42, facets: 'nonsense' })).toEqual([]);
  });
});
