import type { Segment } from '@chat-wall/sdk/protocol';
import twitterText from 'twitter-text';

/**
 * Cuts plain text into text / hashtag / mention / link segments, for sources that deliver no
 * entities of their own (replay, native submissions). Uses twitter-text, the reference extractor
 * for what counts as a hashtag, a mention or a URL in a post.
 */
export function segmentText(text: string): Segment[] {
  const entities = twitterText.extractEntitiesWithIndices(text);
  const segments: Segment[] = [];
  let cursor = 0;
  for (const entity of entities) {
    const [start, end] = entity.indices;
    if (start < cursor) continue;
    if (start > cursor) segments.push({ type: 'text', text: text.slice(cursor, start) });
    const piece = text.slice(start, end);
    if ('hashtag' in entity) segments.push({ type: 'hashtag', text: piece, tag: entity.hashtag });
    else if ('screenName' in entity) segments.push({ type: 'mention', text: piece, handle: entity.screenName });
    else if ('url' in entity) {
      const url = toHttpUrl(entity.url);
      segments.push(url ? { type: 'link', text: piece, url } : { type: 'text', text: piece });
    } else segments.push({ type: 'text', text: piece });
    cursor = end;
  }
  if (cursor < text.length) segments.push({ type: 'text', text: text.slice(cursor) });
  return segments;
}

/** Hashtags of a segment list, canonical (lower-case), each once. */
export function tagsOf(segments: readonly Segment[]): string[] {
  const tags = new Set<string>();
  for (const s of segments) if (s.type === 'hashtag') tags.add(s.tag.toLowerCase());
  return [...tags];
}

/** An absolute http(s) URL, or `undefined` for anything else (javascript:, data:, …). */
export function toHttpUrl(raw: string): string | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
