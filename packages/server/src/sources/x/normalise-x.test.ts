import { describe, expect, it } from 'vitest';
import { fixture, POST_FIXTURES } from '../../../test/fake-x/x-posts.js';
import { entitySegments, normaliseTweet } from './normalise-x.js';
import { includesSchema, tweetSchema, type XTweet } from './x-payload.js';

const NOW = '2026-01-15T10:00:00.000Z';

function fromFixture(name: string, index = 0) {
  const json = fixture<{ data: unknown; includes?: unknown }>(name);
  const data = Array.isArray(json.data) ? json.data[index] : json.data;
  return normaliseTweet(tweetSchema.parse(data), includesSchema.parse(json.includes ?? {}), NOW);
}

describe('normalise X posts', () => {
  it.each(POST_FIXTURES)('%s: gives a well-formed post for every post in it', (name) => {
    const json = fixture<{ data: unknown; includes?: unknown }>(name);
    const list = Array.isArray(json.data) ? json.data : [json.data];
    for (const data of list) {
      const tweet = tweetSchema.parse(data);
      const post = normaliseTweet(tweet, includesSchema.parse(json.includes ?? {}), NOW);
      expect(post.id).toBe(`x:${tweet.id}`);
      expect(post.segments.map((s) => s.text).join('')).toBe(post.text);
      expect(post.text).not.toMatch(/&(amp|lt|gt);|\uFFFD/);
      expect(post.url).toMatch(/^https:\/\/x\.com\/\w+\/status\/\d+$/);
      for (const tag of post.tags) expect(tag).toBe(tag.toLowerCase());
      for (const s of post.segments) if (s.type === 'link') expect(s.url).toMatch(/^https?:\/\//);
      for (const m of post.media) expect(m.url).toMatch(/^https:\/\//);
      expect(Date.parse(post.createdAt)).not.toBeNaN();
    }
  });

  it('reads hashtags after emoji by code points, and the photo; drops the photo link', () => {
    const post = fromFixture('stream-tweet-hashtags-photo.json');
    expect(post.text).toBe('Sometimes I wish she would just relax😅😘🐶\n#DogsofTwitter #dogs');
    expect(post.segments.filter((s) => s.type === 'hashtag').map((s) => s.text)).toEqual(['#DogsofTwitter', '#dogs']);
    expect(post.tags).toEqual(['dogsoftwitter', 'dogs']);
    expect(post.media).toEqual([
      { type: 'image', url: 'https://pbs.twimg.com/media/Ex5lubjXAAQm1WE.jpg', width: 1536, height: 2048 },
    ]);
    expect(post.author).toMatchObject({ handle: 'OpenMindMH', name: 'Rachel', verified: false });
    expect(post.lang).toBe('en');
  });

  it('shows the full text of a repost from the referenced post, not X’s truncated copy', () => {
    const post = fromFixture('tweet-lookup-retweet.json');
    expect(post.repost).toBe(true);
    expect(post.text.startsWith('RT @suhemparack: I built an Alexa Skill')).toBe(true);
    // X cut its own copy at "Check it out her…"; the original goes on.
    expect(post.text).toContain('Check it out here 👇');
    expect(post.segments[1]).toEqual({ type: 'mention', text: '@suhemparack', handle: 'suhemparack' });
  });

  it('flags replies and quotes, and shows links by their display URL', () => {
    const reply = fromFixture('tweet-lookup-reply.json');
    expect([reply.reply, reply.repost, reply.quote]).toEqual([true, false, false]);
    expect(reply.segments).toContainEqual({
      type: 'link',
      text: 'developer.x.com/en/use-cases/s…',
      url: 'https://developer.x.com/en/use-cases/success-stories/penn',
    });
    const quote = fromFixture('stream-tweet-photo-quote-matching-rules.json');
    expect(quote.quote).toBe(true);
  });

  it('uses a video’s preview frame', () => {
    const post = fromFixture('tweet-lookup-video-variants.json');
    expect(post.media[0]).toMatchObject({
      type: 'video',
      url: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\/.*\.jpg$/),
    });
  });

  it('decodes HTML escapes and still places entities after them', () => {
    // X escapes & < >; offsets here count the unescaped text, as X does.
    const segments = entitySegments('Q&amp;A &lt;3 #askGMP', { hashtags: [{ start: 8, end: 15, tag: 'askGMP' }] });
    expect(segments).toEqual([
      { type: 'text', text: 'Q&A <3 ' },
      { type: 'hashtag', text: '#askGMP', tag: 'askGMP' },
    ]);
    // …and offsets that count the escaped text are understood too.
    const escaped = entitySegments('Q&amp;A #askGMP', { hashtags: [{ start: 8, end: 15, tag: 'askGMP' }] });
    expect(escaped[1]).toEqual({ type: 'hashtag', text: '#askGMP', tag: 'askGMP' });
  });

  it('uses the long text of a note_tweet', () => {
    const long = `${'word '.repeat(60)}#askGMP`;
    const tweet: XTweet = {
      id: '42',
      text: 'word word…',
      note_tweet: { text: long, entities: { hashtags: [{ start: 300, end: 307, tag: 'askGMP' }] } },
    };
    const post = normaliseTweet(tweet, undefined, NOW);
    expect(post.text).toBe(long);
    expect(post.tags).toEqual(['askgmp']);
  });

  it('tolerates missing includes and broken parts', () => {
    const tweet = tweetSchema.parse({
      id: '7',
      text: 'hi #wall',
      author_id: '1',
      entities: { hashtags: [{ start: 3, end: 8, tag: 'wall' }, { start: 'x' }], urls: 'nope' },
      attachments: { media_keys: ['missing'] },
      future_field: { anything: true },
    });
    const post = normaliseTweet(tweet, undefined, NOW);
    expect(post).toMatchObject({
      text: 'hi #wall',
      tags: ['wall'],
      media: [],
      createdAt: NOW,
      url: 'https://x.com/i/status/7',
    });
    expect(post.author).toEqual({ id: '1', handle: 'i', name: '', verified: false });
  });
});
