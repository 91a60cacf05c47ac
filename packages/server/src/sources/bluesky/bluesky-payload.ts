import { z } from 'zod';

// What the relay reads from Jetstream and the AppView. Jetstream carries every post on the
// network, written by anyone: every field is checked before it is used, and the checks are
// cheap enough to run on every frame (the zod schema only runs on posts that match a wall).

/** The collection of posts; the only one the relay asks Jetstream for. */
export const POST_COLLECTION = 'app.bsky.feed.post';

/** A DID as atproto defines it (`did:<method>:<id>`), bounded far below the spec's 2 KB. */
export const DID_RE = /^did:[a-z]+:[a-zA-Z0-9._:%-]{1,200}$/;
/** A record key: 1 to 512 characters of a small alphabet; posts use 13-character TIDs. */
export const RKEY_RE = /^[a-zA-Z0-9._:~-]{1,512}$/;
/** A handle: a domain name of at least two labels (atproto's handle syntax), at most 253 characters. */
export const HANDLE_RE =
  /^(?=.{3,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** A blob CID in base32 (`bafk…`), as image embeds reference them. */
const CID_RE = /^[a-z2-7]{20,120}$/;

/** Bluesky's limit on a post's text is 3000 bytes (300 graphemes); anything longer is not a post. */
export const MAX_TEXT_BYTES = 3000;

/**
 * The envelope of a Jetstream event, checked by hand: this runs for every frame on the network
 * (tens to hundreds a second, 20,000 a second in the benchmark).
 */
export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: 'commit' | 'identity' | 'account';
  commit?: {
    operation: 'create' | 'update' | 'delete';
    collection: string;
    rkey: string;
    record?: unknown;
  };
}

/** The event in `value`, or a reason why it is not one. */
export function readEvent(value: unknown): JetstreamEvent | string {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const e = value as Record<string, unknown>;
  if (typeof e.did !== 'string' || !DID_RE.test(e.did)) return 'no valid did';
  if (typeof e.time_us !== 'number' || !Number.isSafeInteger(e.time_us) || e.time_us <= 0) return 'no valid time_us';
  if (e.kind === 'identity' || e.kind === 'account') return e as unknown as JetstreamEvent;
  if (e.kind !== 'commit') return 'an unknown kind';
  const c = e.commit as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null) return 'a commit without a commit';
  if (c.operation !== 'create' && c.operation !== 'update' && c.operation !== 'delete') return 'an unknown operation';
  if (typeof c.collection !== 'string' || typeof c.rkey !== 'string' || !RKEY_RE.test(c.rkey)) return 'no valid rkey';
  return e as unknown as JetstreamEvent;
}

const byteSlice = z.strictObject({
  byteStart: z.number().int().min(0),
  byteEnd: z.number().int().min(0),
});

const facetSchema = z.object({
  index: byteSlice.loose(),
  features: z.array(z.object({ $type: z.string().max(200) }).loose()).max(20),
});

const imageSchema = z.object({
  alt: z.string().max(10_000).default(''),
  image: z
    .object({ ref: z.object({ $link: z.string().regex(CID_RE) }), mimeType: z.string().max(100).optional() })
    .loose(),
  aspectRatio: z
    .object({ width: z.number().int().min(1).max(100_000), height: z.number().int().min(1).max(100_000) })
    .optional(),
});

const imagesEmbed = z.object({ $type: z.literal('app.bsky.embed.images'), images: z.array(imageSchema).max(10) });
const blobRef = z.object({ ref: z.object({ $link: z.string().regex(CID_RE) }) }).loose();
const aspectRatio = z
  .object({ width: z.number().int().min(1).max(100_000), height: z.number().int().min(1).max(100_000) })
  .optional();
const videoEmbed = z.object({
  $type: z.literal('app.bsky.embed.video'),
  video: blobRef,
  alt: z.string().max(10_000).optional(),
  aspectRatio,
});
/** A link card; Bluesky's GIF picker posts GIFs as cards of Tenor links with a still thumbnail. */
const externalEmbed = z.object({
  $type: z.literal('app.bsky.embed.external'),
  external: z
    .object({ uri: z.string().max(3000), description: z.string().max(10_000).optional(), thumb: blobRef.optional() })
    .loose(),
});

/** A picture an embed shows: an image, a video's poster or a GIF's still, by blob CID. */
export interface EmbedPicture {
  type: 'image' | 'video' | 'gif';
  /** The blob's CID (base32, checked). */
  cid: string;
  alt: string;
  aspectRatio?: { width: number; height: number } | undefined;
}

/** The pictures of an embed (`images`, `video`, a Tenor GIF card, or the media of `recordWithMedia`). */
export function embedPictures(embed: PostRecord['embed']): EmbedPicture[] {
  if (!embed) return [];
  const media = embed.$type === 'app.bsky.embed.recordWithMedia' ? embed.media : embed;
  const images = imagesEmbed.safeParse(media);
  if (images.success) {
    return images.data.images.map((i) => ({
      type: 'image',
      cid: i.image.ref.$link,
      alt: i.alt,
      aspectRatio: i.aspectRatio,
    }));
  }
  const video = videoEmbed.safeParse(media);
  if (video.success) {
    const v = video.data;
    return [{ type: 'video', cid: v.video.ref.$link, alt: v.alt ?? '', aspectRatio: v.aspectRatio }];
  }
  const card = externalEmbed.safeParse(media);
  if (card.success && card.data.external.thumb && isTenorGif(card.data.external.uri)) {
    const { thumb, description } = card.data.external;
    return [{ type: 'gif', cid: thumb.ref.$link, alt: description ?? '' }];
  }
  return [];
}

function isTenorGif(uri: string): boolean {
  try {
    return new URL(uri).hostname === 'media.tenor.com';
  } catch {
    return false;
  }
}
const strongRef = z.object({ uri: z.string().max(3000), cid: z.string().max(200).optional() });

/** A post record (`app.bsky.feed.post`): the fields a wall shows, each bounded. */
export const postRecordSchema = z.object({
  text: z.string().max(MAX_TEXT_BYTES),
  createdAt: z.string().max(64),
  facets: z.array(facetSchema).max(200).optional(),
  langs: z.array(z.string().max(64)).max(3).optional(),
  reply: z.object({ parent: strongRef, root: strongRef }).optional(),
  embed: z
    .object({ $type: z.string().max(200) })
    .loose()
    .optional(),
  labels: z
    .object({ values: z.array(z.object({ val: z.string().max(128) })).max(20) })
    .loose()
    .optional(),
});
export type PostRecord = z.infer<typeof postRecordSchema>;
export type Facet = z.infer<typeof facetSchema>;

/** The post a `record` or `recordWithMedia` embed quotes, as an at:// URI, if any. */
export function quotedUri(embed: PostRecord['embed']): string | undefined {
  if (!embed) return undefined;
  const inner =
    embed.$type === 'app.bsky.embed.record'
      ? embed.record
      : embed.$type === 'app.bsky.embed.recordWithMedia'
        ? (embed.record as { record?: unknown } | undefined)?.record
        : undefined;
  const parsed = strongRef.safeParse(inner);
  return parsed.success ? parsed.data.uri : undefined;
}

/** One profile from `app.bsky.actor.getProfiles`: only what an author line shows. */
export const profileSchema = z
  .object({
    did: z.string().regex(DID_RE),
    handle: z.string().max(253),
    displayName: z.string().max(2000).optional(),
    avatar: z.string().max(2000).optional(),
  })
  .loose();
export type Profile = z.infer<typeof profileSchema>;
