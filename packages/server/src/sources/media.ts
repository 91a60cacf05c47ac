import type { Media } from '@chat-wall/sdk/protocol';

// The media and warnings of a post as every source hands them to ingest, checked at the boundary:
// what a network sends is written by anyone, so only http(s) pictures pass, descriptions and
// warnings are plain bounded text, and sizes are whole numbers in a sane range.

/** Longest alt text kept (Mastodon allows 1,500 characters, X 1,000, Bluesky 2,000 graphemes). */
export const MAX_ALT = 1500;
/** Longest content warning kept. */
export const MAX_WARNING = 200;
/** Largest width or height believed, in pixels. */
const MAX_SIDE = 100_000;

export interface RawMedia {
  type: Media['type'];
  /** The picture: the image itself, or a video's or GIF's poster frame. */
  url: string | null | undefined;
  alt?: string | null | undefined;
  width?: number | null | undefined;
  height?: number | null | undefined;
}

/** A media item for a post, or `undefined` when it has no http(s) picture to show. */
export function toMedia(raw: RawMedia): Media | undefined {
  const url = httpPicture(raw.url);
  if (!url) return undefined;
  const alt = plainText(raw.alt, MAX_ALT);
  const width = side(raw.width);
  const height = side(raw.height);
  return {
    type: raw.type,
    url,
    ...(alt ? { alt } : {}),
    // Both or neither: one side alone gives no aspect ratio.
    ...(width && height ? { width, height } : {}),
  };
}

/**
 * A content warning as plain text: control characters and direction overrides dropped, spaces
 * folded, at most 200 characters.
 */
export function contentWarning(raw: string | null | undefined): string | undefined {
  return plainText(raw, MAX_WARNING);
}

function plainText(raw: string | null | undefined, max: number): string | undefined {
  if (!raw) return undefined;
  const text = Array.from(
    raw
      .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, max)
    .join('');
  return text || undefined;
}

function httpPicture(raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
    ? url.href
    : undefined;
}

function side(raw: number | null | undefined): number | undefined {
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 1 ? Math.min(Math.round(raw), MAX_SIDE) : undefined;
}
