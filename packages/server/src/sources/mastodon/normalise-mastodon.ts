import { createHash } from 'node:crypto';
import type { Media, Post } from '@chat-wall/sdk/protocol';
import { contentWarning as warningText, toMedia } from '../media.js';
import { segmentText, tagsOf, toHttpUrl } from '../segments.js';
import { htmlToSegments } from './html-segments.js';
import type { MastodonStatus } from './mastodon-payload.js';

/**
 * The post id of a status: one per `uri`, so that the same post federated to several instances
 * (each with a local id of its own) is one post on the wall.
 */
export function mastodonPostId(uri: string): string {
  return `mastodon:${createHash('sha256').update(uri).digest('base64url').slice(0, 22)}`;
}

/** Why a status needs a person before it shows, if it does: a content warning or sensitive media. */
export function contentWarning(status: MastodonStatus): string | undefined {
  const s = status.reblog ?? status;
  if (s.spoiler_text.trim()) return `content warning: ${s.spoiler_text.trim().slice(0, 200)}`;
  if (s.sensitive) return 'marked sensitive by its author';
  return undefined;
}

/**
 * A Mastodon status as a wall post. `host` is the instance it was read from, to make local
 * account names (`acct` without a domain) global. Custom emoji stay as their `:shortcode:` text.
 */
export function normaliseStatus(status: MastodonStatus, host: string): Post {
  const s = status.reblog ?? status;
  const segments = s.content !== undefined ? htmlToSegments(s.content, s.mentions) : segmentText(s.text ?? '');
  const text = segments.map((seg) => seg.text).join('');
  const acct = s.account.acct.includes('@') ? s.account.acct : `${s.account.acct}@${host}`;
  const avatar = toHttpsUrl(s.account.avatar_static ?? s.account.avatar);
  const tags = new Set([...tagsOf(segments), ...s.tags.map((t) => t.name.toLowerCase())]);
  const url = toHttpsUrl(s.url ?? s.uri);
  // Mastodon hides the text behind a content warning, and the media of any status marked sensitive.
  const warning = warningText(s.spoiler_text);
  return {
    id: mastodonPostId(s.uri),
    source: 'mastodon',
    author: {
      id: acct.toLowerCase(),
      handle: acct,
      name: s.account.display_name.trim() || s.account.username,
      ...(avatar ? { avatar } : {}),
      verified: false,
    },
    text,
    segments,
    media: s.media_attachments.flatMap((m) => media(m)),
    ...(s.sensitive ? { sensitive: true } : {}),
    ...(warning ? { contentWarning: warning } : {}),
    createdAt: isoOr(s.created_at),
    ...(s.language ? { lang: s.language.slice(0, 35) } : {}),
    ...(url ? { url } : {}),
    reply: Boolean(s.in_reply_to_id),
    repost: Boolean(status.reblog),
    quote: false,
    tags: [...tags],
  };
}

function media(m: MastodonStatus['media_attachments'][number]): Media[] {
  const type = m.type === 'image' ? 'image' : m.type === 'gifv' ? 'gif' : m.type === 'video' ? 'video' : undefined;
  if (!type) return []; // audio and unknown attachments have no picture to show
  // An image shows itself; a video or GIF its preview frame (the poster).
  const url = toHttpsUrl(type === 'image' ? (m.url ?? m.preview_url) : (m.preview_url ?? m.url));
  const size = m.meta?.original;
  const item = toMedia({ type, url, alt: m.description, width: size?.width, height: size?.height });
  return item ? [item] : [];
}

function toHttpsUrl(raw: string | null | undefined): string | undefined {
  if (!raw || !/^https?:\/\//i.test(raw)) return undefined;
  return toHttpUrl(raw);
}

function isoOr(raw: string): string {
  const t = Date.parse(raw);
  return Number.isNaN(t) ? new Date().toISOString() : new Date(t).toISOString();
}
