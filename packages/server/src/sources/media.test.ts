// Media, posters and warnings from every source, checked at the boundary (public-doc payloads).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postRecordSchema } from './bluesky/bluesky-payload.js';
import { normaliseRecord } from './bluesky/normalise-bluesky.js';
import { mastodonMediaSchema, statusSchema } from './mastodon/mastodon-payload.js';
import { normaliseStatus } from './mastodon/normalise-mastodon.js';
import { contentWarning, MAX_ALT, toMedia } from './media.js';
import { normaliseTweet } from './x/normalise-x.js';
import { includesSchema, tweetSchema } from './x/x-payload.js';

const json = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../test/${path}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const mastodon = (overrides: Record<string, unknown>) =>
  normaliseStatus(
    statusSchema.parse({ ...json('fake-mastodon/fixtures/status-example'), ...overrides }),
    'mastodon.social',
  );
const DID = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
const bluesky = (record: Record<string, unknown>) =>
  normaliseRecord(DID, '3k2yihcrp6f2c', postRecordSchema.parse(record), undefined, Date.parse('2026-01-01') * 1000);

describe('media at the boundary', () => {
  it('keeps http(s) pictures only, bounded alt text, and sizes as whole numbers in range', () => {
    expect(toMedia({ type: 'image', url: 'javascript:alert(1)' })).toBeUndefined();
    expect(toMedia({ type: 'image', url: 'data:image/png;base64,AAAA' })).toBeUndefined();
    expect(toMedia({ type: 'image', url: 'https://user:pw@cdn.example/a.png' })).toBeUndefined();
    expect(toMedia({ type: 'image', url: `https://cdn.example/${'a'.repeat(3000)}` })).toBeUndefined();
    const item = toMedia({
      type: 'video',
      url: 'https://cdn.example/poster.png',
      alt: `  a\u0000 cat\u202e  ${'x'.repeat(5000)}`,
      width: 1e12,
      height: 719.6,
    })!;
    expect(item.url).toBe('https://cdn.example/poster.png');
    expect(item.alt!.startsWith('a cat x')).toBe(true);
    expect(Array.from(item.alt!)).toHaveLength(MAX_ALT);
    expect([item.width, item.height]).toEqual([100_000, 720]);
    // One side alone gives no aspect ratio; nonsense sizes are dropped.
    expect(toMedia({ type: 'image', url: 'https://cdn.example/a.png', width: 640, height: -1 })).toEqual({
      type: 'image',
      url: 'https://cdn.example/a.png',
    });
    expect(contentWarning(' \n ')).toBeUndefined();
    expect(contentWarning('spoilers for 👩‍💻 ep. 3')).toBe('spoilers for 👩‍💻 ep. 3');
  });
});

describe('Mastodon', () => {
  it('shows images with their description and videos and GIFs by their preview frame', () => {
    const attachments = ['image', 'video', 'gifv'].map((n) =>
      mastodonMediaSchema.parse(json(`fake-mastodon/fixtures/media-attachment-${n}`)),
    );
    const post = mastodon({ media_attachments: attachments });
    expect(post.media).toEqual([
      {
        type: 'image',
        url: 'https://files.mastodon.social/media_attachments/files/022/345/792/original/57859aede991da25.jpeg',
        alt: 'test media description',
        width: 640,
        height: 480,
      },
      {
        type: 'video',
        url: 'https://files.mastodon.social/media_attachments/files/022/546/306/small/dab9a597f68b9745.png',
        width: 1280,
        height: 720,
      },
      {
        type: 'gif',
        url: 'https://files.mastodon.social/media_attachments/files/021/130/559/small/bc84838f77991326.png',
        width: 600,
        height: 332,
      },
    ]);
    expect(post.sensitive).toBeUndefined();
    expect(post.contentWarning).toBeUndefined();
  });

  it('carries `sensitive` and the content warning (`spoiler_text`) as plain text', () => {
    const post = normaliseStatus(statusSchema.parse(json('fake-mastodon/fixtures/status-sensitive-spoiler')), 'x.y');
    expect(post.sensitive).toBe(true);
    expect(post.contentWarning).toBe('no context');
    expect(mastodon({ sensitive: true, spoiler_text: '' })).toMatchObject({ sensitive: true });
    expect(mastodon({ sensitive: true, spoiler_text: '' }).contentWarning).toBeUndefined();
  });
});

describe('X', () => {
  const photo = json('fake-x/fixtures/stream-tweet-hashtags-photo');
  const tweet = (data: Record<string, unknown>, includes: unknown) =>
    normaliseTweet(tweetSchema.parse(data), includesSchema.parse(includes), '2026-01-01T00:00:00.000Z');

  it('keeps photos with their alt text, shows videos and GIFs by their preview image', () => {
    const data = { ...(photo.data as Record<string, unknown>), attachments: { media_keys: ['3_1', '7_2', '16_3'] } };
    const post = tweet(data, {
      ...(photo.includes as object),
      media: [
        {
          media_key: '3_1',
          type: 'photo',
          url: 'https://pbs.twimg.com/media/a.jpg',
          alt_text: 'A map',
          width: 1200,
          height: 800,
        },
        { media_key: '7_2', type: 'video', preview_image_url: 'https://pbs.twimg.com/ext_tw_video_thumb/b.jpg' },
        { media_key: '16_3', type: 'animated_gif', preview_image_url: 'https://pbs.twimg.com/tweet_video_thumb/c.jpg' },
      ],
    });
    expect(post.media.map((m) => [m.type, m.url, m.alt])).toEqual([
      ['image', 'https://pbs.twimg.com/media/a.jpg', 'A map'],
      ['video', 'https://pbs.twimg.com/ext_tw_video_thumb/b.jpg', undefined],
      ['gif', 'https://pbs.twimg.com/tweet_video_thumb/c.jpg', undefined],
    ]);
    expect(post.sensitive).toBeUndefined();
  });

  it('carries possibly_sensitive; a bad value is ignored, not fatal', () => {
    const data = photo.data as Record<string, unknown>;
    expect(tweet({ ...data, possibly_sensitive: true }, photo.includes).sensitive).toBe(true);
    expect(tweet({ ...data, possibly_sensitive: 'yes' }, photo.includes).sensitive).toBeUndefined();
  });
});

describe('Bluesky', () => {
  const base = { $type: 'app.bsky.feed.post', text: 'hello #askGMP', createdAt: '2025-12-31T23:00:00.000Z' };
  const CID = 'bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa';

  it('keeps images with their alt text', () => {
    const post = bluesky(json('fake-bluesky/fixtures/post-record-embed-images'));
    expect(post.media.map((m) => m.alt)).toEqual([
      'brief alt text description of the first image',
      'brief alt text description of the second image',
    ]);
    for (const m of post.media) expect(m.url).toMatch(/^https:\/\/cdn\.bsky\.app\/img\/feed_fullsize\/plain\/did:plc:/);
  });

  it('shows a video by its poster and a GIF card by its still', () => {
    const video = bluesky({
      ...base,
      embed: {
        $type: 'app.bsky.embed.video',
        video: { $type: 'blob', ref: { $link: CID }, mimeType: 'video/mp4', size: 1000 },
        alt: 'A dog on a skateboard',
        aspectRatio: { width: 1920, height: 1080 },
      },
    });
    expect(video.media).toEqual([
      {
        type: 'video',
        url: `https://video.bsky.app/watch/${encodeURIComponent(DID)}/${CID}/thumbnail.jpg`,
        alt: 'A dog on a skateboard',
        width: 1920,
        height: 1080,
      },
    ]);
    const gif = bluesky({
      ...base,
      embed: {
        $type: 'app.bsky.embed.external',
        external: {
          uri: 'https://media.tenor.com/abc/cat.gif?hh=200&ww=300',
          title: 'cat',
          description: 'Alt: a cat waves',
          thumb: { $type: 'blob', ref: { $link: CID }, mimeType: 'image/jpeg', size: 10 },
        },
      },
    });
    expect(gif.media).toEqual([
      { type: 'gif', url: `https://cdn.bsky.app/img/feed_thumbnail/plain/${DID}/${CID}@jpeg`, alt: 'Alt: a cat waves' },
    ]);
    // A link card that is not a GIF has no picture of its own on the wall.
    const card = bluesky({
      ...base,
      embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://example.org' } },
    });
    expect(card.media).toEqual([]);
  });

  it('marks self-labelled posts (nudity, graphic media) sensitive', () => {
    for (const val of ['porn', 'sexual', 'nudity', 'graphic-media']) {
      expect(
        bluesky({ ...base, labels: { $type: 'com.atproto.label.defs#selfLabels', values: [{ val }] } }).sensitive,
      ).toBe(true);
    }
    expect(bluesky(base).sensitive).toBeUndefined();
  });
});
