import type { Segment } from '@chat-wall/sdk/protocol';
import { segmentText, toHttpUrl } from '../segments.js';
import type { Facet } from './bluesky-payload.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A hashtag as Bluesky writes it: `#` then anything but spaces, trailing punctuation not included. */
const TEXT_TAG_RE = /(?:^|\s)[#＃]([^\s#＃]{1,640})/gu;
const TRAILING_PUNCTUATION_RE = /\p{P}+$/u;

/** The hashtags written in `text`, lower-case, for posts whose client added no tag facets. */
export function textTags(text: string): string[] {
  if (!text.includes('#') && !text.includes('＃')) return [];
  const tags: string[] = [];
  for (const m of text.matchAll(TEXT_TAG_RE)) {
    const tag = m[1]!.replace(TRAILING_PUNCTUATION_RE, '');
    if (tag && !/^\d+$/.test(tag)) tags.push(tag.toLowerCase());
  }
  return tags;
}

/** A tag facet's tag, checked: no `#`, no spaces, at most 64 characters as Bluesky allows. */
export function facetTag(feature: Record<string, unknown>): string | undefined {
  const tag = feature.tag;
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 640) return undefined;
  const clean = tag.replace(/^[#＃]/, '');
  return /[\s#＃]/u.test(clean) || [...clean].length > 64 ? undefined : clean;
}

/** Whether a byte offset falls between two UTF-8 characters (not inside one, not past the end). */
function onBoundary(bytes: Uint8Array, at: number): boolean {
  return at <= bytes.length && (at === bytes.length || (bytes[at]! & 0xc0) !== 0x80);
}

/**
 * Cuts a post's text into segments along its facets, whose offsets count UTF-8 bytes (not
 * JavaScript's UTF-16 units). Facets that overlap, fall outside the text or split a character
 * are skipped (their text stays plain); a link is kept only when it is http(s), a mention
 * shows the handle the text names. Without facets, the text is cut as plain text is.
 */
export function facetSegments(text: string, facets: readonly Facet[] | undefined): Segment[] {
  if (!facets || facets.length === 0) return segmentText(text);
  const bytes = encoder.encode(text);
  const sorted = facets
    .map((f) => ({ start: f.index.byteStart, end: f.index.byteEnd, f }))
    .filter((f) => f.start < f.end && onBoundary(bytes, f.start) && onBoundary(bytes, f.end))
    .sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = 0;
  const plain = (end: number): void => {
    if (end > cursor) segments.push({ type: 'text', text: decoder.decode(bytes.subarray(cursor, end)) });
  };
  for (const { start, end, f } of sorted) {
    if (start < cursor) continue; // overlaps the previous facet
    const piece = decoder.decode(bytes.subarray(start, end));
    const segment = facetSegment(piece, f.features);
    if (!segment) continue;
    plain(start);
    segments.push(segment);
    cursor = end;
  }
  plain(bytes.length);
  return segments;
}

function facetSegment(piece: string, features: Facet['features']): Segment | undefined {
  for (const feature of features) {
    if (feature.$type === 'app.bsky.richtext.facet#link' && typeof feature.uri === 'string') {
      const url = /^https?:\/\//i.test(feature.uri) && feature.uri.length <= 3000 ? toHttpUrl(feature.uri) : undefined;
      return url ? { type: 'link', text: piece, url } : { type: 'text', text: piece };
    }
    if (feature.$type === 'app.bsky.richtext.facet#tag') {
      const tag = facetTag(feature);
      return tag ? { type: 'hashtag', text: piece, tag } : { type: 'text', text: piece };
    }
    if (feature.$type === 'app.bsky.richtext.facet#mention') {
      const handle = piece.replace(/^@/, '');
      return handle && !/\s/.test(handle) ? { type: 'mention', text: piece, handle } : { type: 'text', text: piece };
    }
  }
  return undefined;
}
