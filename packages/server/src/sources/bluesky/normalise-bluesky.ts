import { createHash } from 'node:crypto';
import type { Author, Media, Post } from '@chat-wall/sdk/protocol';
import { toMedia } from '../media.js';
import { tagsOf, toHttpUrl } from '../segments.js';
import {
  DID_RE,
  HANDLE_RE,
  POST_COLLECTION,
  embedPictures,
  quotedUri,
  type EmbedPicture,
  type PostRecord,
  type Profile,
} from './bluesky-payload.js';
import { facetSegments, facetTag, textTags } from './facet-segments.js';

/** Self-labels that ask for a warning before the post is shown. */
const WARNING_LABELS = new Set(['porn', 'sexual', 'nudity', 'graphic-media', 'gore', '!warn']);

/** The at:// URI of a post. */
export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/**
 * The wall's id of a Bluesky post: one per at:// URI, hashed so that it is short and safe in a
 * URL path. A delete commit (DID + record key) gives the same id back.
 */
export function blueskyPostId(uri: string): string {
  return `bluesky:${createHash('sha256').update(uri).digest('base64url').slice(0, 22)}`;
}

/** The wall's id of the post an at:// URI names, if it names a post. */
function postIdOf(uri: string): string | undefined {
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri);
  return m && DID_RE.test(m[1]!) ? blueskyPostId(uri) : undefined;
}

/**
 * The hashtags of a post record, lower-case: its tag facets, and the `#tags` written in the text
 * (some clients add no facets). Cheap enough to run on every post on the network.
 */
export function recordTags(record: Record<string, unknown>): string[] {
  const tags: string[] = [];
  const facets = record.facets;
  if (Array.isArray(facets)) {
    for (const facet of facets as unknown[]) {
      const features = (facet as { features?: unknown } | null)?.features;
      if (!Array.isArray(features)) continue;
      for (const feature of features as unknown[]) {
        if ((feature as { $type?: unknown } | null)?.$type !== 'app.bsky.richtext.facet#tag') continue;
        const tag = facetTag(feature as Record<string, unknown>);
        if (tag) tags.push(tag.toLowerCase());
      }
    }
  }
  if (typeof record.text === 'string') tags.push(...textTags(record.text));
  return tags;
}

/** Why a post needs a person before it shows: its author labelled it (adult content, graphic media). */
export function contentWarning(record: PostRecord): string | undefined {
  const labels = record.labels?.values.map((v) => v.val).filter((v) => WARNING_LABELS.has(v)) ?? [];
  return labels.length ? `labelled by its author: ${labels.join(', ')}` : undefined;
}

/** The author line from an AppView profile; without one (AppView down), the DID stands in. */
export function author(did: string, profile: Profile | undefined): Author {
  const handle = profile && HANDLE_RE.test(profile.handle) ? profile.handle.toLowerCase() : did;
  const name =
    profile?.displayName
      ?.replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 200) || handle;
  const avatar = profile?.avatar && /^https:\/\//i.test(profile.avatar) ? toHttpUrl(profile.avatar) : undefined;
  return { id: did, handle, name, ...(avatar ? { avatar } : {}), verified: false };
}

/**
 * A post record as a wall post. `timeUs` is Jetstream's receive time, used when the record's own
 * `createdAt` (set by the author's client, so anything) is not a date or lies in the future.
 */
export function normaliseRecord(
  did: string,
  rkey: string,
  record: PostRecord,
  profile: Profile | undefined,
  timeUs: number,
): Post {
  const uri = postUri(did, rkey);
  const segments = facetSegments(record.text, record.facets);
  const tags = new Set([...tagsOf(segments), ...textTags(record.text)]);
  const replyTo = record.reply ? postIdOf(record.reply.parent.uri) : undefined;
  const quoted = quotedUri(record.embed);
  const quoteOf = quoted ? postIdOf(quoted) : undefined;
  const lang = record.langs?.find((l) => /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,4}$/.test(l));
  const a = author(did, profile);
  return {
    id: blueskyPostId(uri),
    source: 'bluesky',
    author: a,
    text: segments.map((s) => s.text).join(''),
    segments,
    media: embedPictures(record.embed).flatMap((picture) => media(did, picture)),
    ...(contentWarning(record) ? { sensitive: true } : {}),
    createdAt: createdAt(record.createdAt, timeUs),
    ...(lang ? { lang } : {}),
    url: `https://bsky.app/profile/${did}/post/${encodeURIComponent(rkey)}`,
    reply: Boolean(record.reply),
    repost: false,
    quote: Boolean(quoted),
    ...(replyTo ? { replyTo } : {}),
    ...(quoteOf ? { quoteOf } : {}),
    tags: [...tags],
  };
}

function media(did: string, picture: EmbedPicture): Media[] {
  // Bluesky's CDNs serve every blob by DID and CID (the CID was checked to be base32 only): images
  // full size, a video's poster from the video service, a GIF card's still as a thumbnail.
  const url =
    picture.type === 'video'
      ? `https://video.bsky.app/watch/${encodeURIComponent(did)}/${picture.cid}/thumbnail.jpg`
      : `https://cdn.bsky.app/img/${picture.type === 'gif' ? 'feed_thumbnail' : 'feed_fullsize'}/plain/${did}/${picture.cid}@jpeg`;
  const item = toMedia({
    type: picture.type,
    url,
    alt: picture.alt,
    width: picture.aspectRatio?.width,
    height: picture.aspectRatio?.height,
  });
  return item ? [item] : [];
}

function createdAt(raw: string, timeUs: number): string {
  const received = Math.floor(timeUs / 1000);
  const t = Date.parse(raw);
  return new Date(Number.isNaN(t) || t > received + 5 * 60_000 ? received : t).toISOString();
}
