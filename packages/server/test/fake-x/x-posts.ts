import { readFileSync } from 'node:fs';

/** A fixture file of this folder, parsed. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** The fixtures that carry posts (`data` as one post or a list), for normaliser tests. */
export const POST_FIXTURES = [
  'error-partial-resource-not-found.json',
  'search-recent-response-entities-next-token.json',
  'search-recent-response-next-token.json',
  'search-recent-response.json',
  'stream-message-embedding-match.json',
  'stream-message-quickstart.json',
  'stream-message-webhook-delivery.json',
  'stream-tweet-hashtags-photo.json',
  'stream-tweet-photo-quote-matching-rules.json',
  'stream-tweet-reply-mentions-annotations.json',
  'tweet-lookup-cashtags.json',
  'tweet-lookup-extended.json',
  'tweet-lookup-many-urls.json',
  'tweet-lookup-quote.json',
  'tweet-lookup-reply-url-images-unwound.json',
  'tweet-lookup-reply-with-includes-tweets.json',
  'tweet-lookup-reply.json',
  'tweet-lookup-retweet.json',
  'tweet-lookup-retweeted-quote.json',
  'tweet-lookup-video-variants.json',
  'tweet-lookup-with-video-media.json',
] as const;

export interface XTweetJson {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  lang?: string;
  entities?: { hashtags?: { start: number; end: number; tag: string }[] };
  referenced_tweets?: { type: string; id: string }[];
  edit_history_tweet_ids: string[];
}

/** An X post as the API sends it: hashtag entities in code points, text HTML-escaped. */
export function xTweet(
  id: string | number,
  text: string,
  extra: Partial<Pick<XTweetJson, 'lang' | 'author_id' | 'referenced_tweets'>> = {},
): XTweetJson {
  const cps = [...text];
  const hashtags: { start: number; end: number; tag: string }[] = [];
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] !== '#' || (i > 0 && /[\p{L}\p{N}_]/u.test(cps[i - 1]!))) continue;
    let j = i + 1;
    while (j < cps.length && /[\p{L}\p{M}\p{N}_]/u.test(cps[j]!)) j++;
    if (j > i + 1) hashtags.push({ start: i, end: j, tag: cps.slice(i + 1, j).join('') });
  }
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    id: String(id),
    text: escaped,
    author_id: extra.author_id ?? '2244994945',
    created_at: new Date(Date.UTC(2026, 0, 15, 10, 0, Number(BigInt(id) % 60n))).toISOString(),
    edit_history_tweet_ids: [String(id)],
    ...(extra.lang ? { lang: extra.lang } : { lang: 'en' }),
    ...(hashtags.length ? { entities: { hashtags } } : {}),
    ...(extra.referenced_tweets ? { referenced_tweets: extra.referenced_tweets } : {}),
  };
}

/** The user every {@linkcode xTweet} is by default written by (from the X docs' examples). */
export const DEFAULT_USER = {
  id: '2244994945',
  name: 'Developers',
  username: 'Xdevelopers',
  profile_image_url: 'https://pbs.twimg.com/profile_images/1683325380441128960/yRsRRjGO_normal.jpg',
  verified: true,
};
