import type { Media, Post, Segment } from '@chat-wall/sdk/protocol';
import { toMedia as checkedMedia } from '../media.js';
import { toHttpUrl } from '../segments.js';
import type { XEntities, XIncludes, XMedia, XTweet, XUrlEntity, XUser } from './x-payload.js';

/**
 * Turns an X API v2 post and its `includes` into a {@linkcode Post}. Pure and tolerant: missing
 * includes give a post with fewer details, never an error.
 *
 * X's entity offsets count code points (not UTF-16 units) and its text arrives HTML-escaped
 * (`&amp; &lt; &gt;`). Each entity is checked against the text it claims to cover before it
 * becomes a segment, so a shifted offset degrades to plain text instead of a broken link.
 */
export function normaliseTweet(tweet: XTweet, includes: XIncludes | undefined, receivedAt: string): Post {
  const lookup = new Includes(includes);
  const refs = tweet.referenced_tweets?.filter((r) => r !== undefined) ?? [];
  // The targets link answers to questions (Q&A threads).
  const replyTo = refs.find((r) => r.type === 'replied_to');
  const quoteOf = refs.find((r) => r.type === 'quoted');
  const repostOf = refs.find((r) => r.type === 'retweeted');
  const original = repostOf ? lookup.tweet(repostOf.id) : undefined;

  let segments: Segment[];
  let media: Media[];
  let sensitive = tweet.possibly_sensitive === true;
  if (original) {
    // X truncates the text of a repost: show "RT @author: " and the full text of the original.
    const prefix = /^RT @(\w{1,50}): /.exec(unescapeHtml(tweet.text));
    segments = prefix ? [{ type: 'text', text: 'RT ' }, mention(prefix[1]!), { type: 'text', text: ': ' }] : [];
    segments.push(...bodySegments(original));
    media = lookup.media(original);
    sensitive = original.possibly_sensitive === true;
  } else {
    segments = bodySegments(tweet);
    media = lookup.media(tweet);
  }
  segments = tidy(segments);

  const user = tweet.author_id ? lookup.user(tweet.author_id) : undefined;
  const handle = user?.username ?? 'i';
  const avatar = user?.profile_image_url ? httpsOnly(user.profile_image_url) : undefined;
  const tags = new Set<string>();
  for (const s of segments) if (s.type === 'hashtag') tags.add(s.tag.toLowerCase());

  return {
    id: `x:${tweet.id}`,
    source: 'x',
    author: {
      id: tweet.author_id ?? 'unknown',
      handle,
      name: user?.name ?? user?.username ?? '',
      ...(avatar ? { avatar } : {}),
      verified: user?.verified === true || (user?.verified_type !== undefined && user.verified_type !== 'none'),
    },
    text: segments.map((s) => s.text).join(''),
    segments,
    media,
    ...(sensitive ? { sensitive } : {}),
    createdAt: validDate(tweet.created_at) ?? receivedAt,
    ...(tweet.lang ? { lang: tweet.lang } : {}),
    url: `https://x.com/${handle}/status/${tweet.id}`,
    reply: refs.some((r) => r.type === 'replied_to'),
    repost: repostOf !== undefined,
    quote: refs.some((r) => r.type === 'quoted'),
    ...(replyTo ? { replyTo: `x:${replyTo.id}` } : {}),
    ...(quoteOf ? { quoteOf: `x:${quoteOf.id}` } : {}),
    tags: [...tags],
  };
}

/** The text of a post (the long text of a `note_tweet` when present) cut by its entities. */
function bodySegments(tweet: XTweet): Segment[] {
  const note = tweet.note_tweet;
  return note ? entitySegments(note.text, note.entities) : entitySegments(tweet.text, tweet.entities);
}

interface Span {
  start: number;
  end: number;
  segment: Segment | undefined;
}

/**
 * Cuts HTML-escaped `escaped` text into segments using X entities. Offsets are tried first against
 * the unescaped text, then against the escaped text; the first reading that finds the entity's own
 * text at that place wins.
 */
export function entitySegments(escaped: string, entities: XEntities | undefined): Segment[] {
  const raw = [...escaped];
  // plain[i]: code points of the unescaped text; at[i]: where escaped code point i lands in it.
  const plain: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    at.push(plain.length);
    if (raw[i] === '&') {
      const entity = ESCAPES.find((e) => raw.slice(i, i + e.from.length).join('') === e.from);
      if (entity) {
        for (let k = 1; k < entity.from.length; k++) at.push(plain.length);
        plain.push(entity.to);
        i += entity.from.length - 1;
        continue;
      }
    }
    plain.push(raw[i]!);
  }
  at.push(plain.length);

  const spans: Span[] = [];
  let lowered: string | undefined;
  const place = (
    start: number,
    end: number,
    literal: string,
    matches: (text: string) => boolean,
    make: (text: string) => Segment | undefined,
  ): void => {
    for (const [s, e] of [
      [start, end],
      [at[start], at[end]],
    ] as const) {
      if (s === undefined || e === undefined || s >= e || e > plain.length) continue;
      const text = plain.slice(s, e).join('');
      if (matches(text)) {
        spans.push({ start: s, end: e, segment: make(text) });
        return;
      }
    }
    // Offsets that match neither reading (edited text, other counting): look for the literal.
    lowered ??= plain.join('').toLowerCase();
    const found = lowered.indexOf(literal.toLowerCase());
    if (found < 0) return;
    const s = [...lowered.slice(0, found)].length;
    const e = s + [...literal].length;
    const text = plain.slice(s, e).join('');
    // `#dog` must not be found inside `#dogsoftwitter`.
    const cut = /^[#@]/.test(literal) && /^[\p{L}\p{M}\p{N}_]$/u.test(plain[e] ?? '');
    if (!cut && matches(text)) spans.push({ start: s, end: e, segment: make(text) });
  };
  for (const h of entities?.hashtags ?? []) {
    if (!h) continue;
    const isTag = (t: string): boolean => /^[#＃]/u.test(t) && sameText(t.slice(1), h.tag);
    place(h.start, h.end, `#${h.tag}`, isTag, (t) => ({ type: 'hashtag', text: t, tag: h.tag }));
  }
  for (const m of entities?.mentions ?? []) {
    if (!m) continue;
    const isMention = (t: string): boolean => /^[@＠]/u.test(t) && sameText(t.slice(1), m.username);
    place(m.start, m.end, `@${m.username}`, isMention, (t) => ({ type: 'mention', text: t, handle: m.username }));
  }
  for (const u of entities?.urls ?? []) {
    if (!u) continue;
    place(
      u.start,
      u.end,
      u.url,
      (t) => t === u.url,
      () => linkSegment(u),
    );
  }

  spans.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue; // overlapping entities: keep the first
    if (span.start > cursor) segments.push({ type: 'text', text: plain.slice(cursor, span.start).join('') });
    if (span.segment) segments.push(span.segment);
    cursor = span.end;
  }
  if (cursor < plain.length) segments.push({ type: 'text', text: plain.slice(cursor).join('') });
  return segments;
}

const ESCAPES = [
  { from: '&amp;', to: '&' },
  { from: '&lt;', to: '<' },
  { from: '&gt;', to: '>' },
] as const;

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function mention(handle: string): Segment {
  return { type: 'mention', text: `@${handle}`, handle };
}

/**
 * A t.co link shown as its display URL and pointing at the unwound or expanded URL. Links to the
 * post's own photos and videos are dropped (`undefined`): the media is shown as media.
 */
function linkSegment(u: XUrlEntity): Segment | undefined {
  const target = u.unwound_url ?? u.expanded_url ?? u.url;
  if (u.media_key || /\/status\/\d+\/(photo|video)\/\d+$/.test(target)) return undefined;
  const url = toHttpUrl(target) ?? toHttpUrl(u.url);
  const text = u.display_url ?? u.url;
  return url ? { type: 'link', text, url } : { type: 'text', text };
}

/** Merges neighbouring text pieces and trims the whitespace a dropped media link leaves behind. */
function tidy(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out.at(-1);
    if (s.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + s.text };
    else out.push(s);
  }
  const last = out.at(-1);
  if (last?.type === 'text') {
    const text = last.text.trimEnd();
    if (text) out[out.length - 1] = { type: 'text', text };
    else out.pop();
  }
  return out;
}

function httpsOnly(raw: string): string | undefined {
  const url = toHttpUrl(raw);
  return url?.startsWith('https:') ? url : undefined;
}

function validDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Index of a payload's `includes`, built once per message. */
class Includes {
  private users?: Map<string, XUser>;
  private mediaByKey?: Map<string, XMedia>;
  private tweets?: Map<string, XTweet>;

  constructor(private readonly includes: XIncludes | undefined) {}

  user(id: string): XUser | undefined {
    this.users ??= byKey(this.includes?.users, (u) => u.id);
    return this.users.get(id);
  }

  tweet(id: string): XTweet | undefined {
    this.tweets ??= byKey(this.includes?.tweets, (t) => t.id);
    return this.tweets.get(id);
  }

  media(tweet: XTweet): Media[] {
    this.mediaByKey ??= byKey(this.includes?.media, (m) => m.media_key);
    const out: Media[] = [];
    for (const key of tweet.attachments?.media_keys ?? []) {
      const item = key === undefined ? undefined : this.mediaByKey.get(key);
      const media = item && toMedia(item);
      if (media) out.push(media);
    }
    return out;
  }
}

function byKey<T>(items: readonly (T | undefined)[] | undefined, key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) if (item !== undefined) map.set(key(item), item);
  return map;
}

function toMedia(m: XMedia): Media | undefined {
  const type =
    m.type === 'photo' ? 'image' : m.type === 'video' ? 'video' : m.type === 'animated_gif' ? 'gif' : undefined;
  if (!type) return undefined;
  // Videos and GIFs are shown by their poster frame.
  const url = httpsOnly((type === 'image' ? m.url : m.preview_image_url) ?? '');
  return checkedMedia({ type, url, alt: m.alt_text, width: m.width, height: m.height });
}
