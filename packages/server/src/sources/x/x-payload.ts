import { z } from 'zod';

/**
 * The parts of X API v2 payloads the relay reads, validated at the boundary. Unknown fields are
 * ignored and a malformed optional part (one bad entity, a strange media item) is dropped on its
 * own instead of rejecting the whole post.
 */

/** An array whose bad items become `undefined` (filtered by the reader); a bad array is absent. */
function tolerantArray<T extends z.ZodType>(item: T) {
  return z.array(item.optional().catch(undefined)).optional().catch(undefined);
}

const optionalString = z.string().optional().catch(undefined);
const index = z.number().int().min(0);

const hashtagEntity = z.object({ start: index, end: index, tag: z.string().min(1) });
const mentionEntity = z.object({ start: index, end: index, username: z.string().min(1) });
const urlEntity = z.object({
  start: index,
  end: index,
  url: z.string().min(1),
  expanded_url: optionalString,
  display_url: optionalString,
  unwound_url: optionalString,
  media_key: optionalString,
});

export const entitiesSchema = z.object({
  hashtags: tolerantArray(hashtagEntity),
  mentions: tolerantArray(mentionEntity),
  urls: tolerantArray(urlEntity),
});
export type XEntities = z.infer<typeof entitiesSchema>;
export type XUrlEntity = z.infer<typeof urlEntity>;

const referencedTweet = z.object({
  type: z.enum(['retweeted', 'quoted', 'replied_to']),
  id: z.string().min(1),
});

/** Ids are strings; X sends them as strings and they overflow JS numbers. */
const tweetId = z.string().regex(/^\d{1,25}$/);

export const tweetSchema = z.object({
  id: tweetId,
  text: z.string(),
  author_id: optionalString,
  created_at: optionalString,
  lang: optionalString,
  possibly_sensitive: z.boolean().optional().catch(undefined),
  entities: entitiesSchema.optional().catch(undefined),
  attachments: z
    .object({ media_keys: tolerantArray(z.string()) })
    .optional()
    .catch(undefined),
  referenced_tweets: tolerantArray(referencedTweet),
  note_tweet: z
    .object({ text: z.string(), entities: entitiesSchema.optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type XTweet = z.infer<typeof tweetSchema>;

const userSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  name: optionalString,
  profile_image_url: optionalString,
  verified: z.boolean().optional().catch(undefined),
  verified_type: optionalString,
});
export type XUser = z.infer<typeof userSchema>;

const mediaSchema = z.object({
  media_key: z.string().min(1),
  type: z.string(),
  url: optionalString,
  preview_image_url: optionalString,
  alt_text: optionalString,
  width: z.number().int().positive().optional().catch(undefined),
  height: z.number().int().positive().optional().catch(undefined),
});
export type XMedia = z.infer<typeof mediaSchema>;

export const includesSchema = z.object({
  users: tolerantArray(userSchema),
  media: tolerantArray(mediaSchema),
  tweets: tolerantArray(tweetSchema),
});
export type XIncludes = z.infer<typeof includesSchema>;

/** `matching_rules[]`: ids were numbers in 2021 captures and tags may be null. */
const matchingRule = z.object({
  id: z.union([z.string(), z.number()]).optional().catch(undefined),
  tag: z.string().nullable().optional().catch(undefined),
});

/** One line of the filtered stream that carries a post. */
export const streamMessageSchema = z.object({
  data: tweetSchema,
  includes: includesSchema.optional().catch(undefined),
  matching_rules: tolerantArray(matchingRule),
});
export type XStreamMessage = z.infer<typeof streamMessageSchema>;

/** A page of `GET /2/tweets/search/recent`. */
export const searchPageSchema = z.object({
  data: tolerantArray(tweetSchema),
  includes: includesSchema.optional().catch(undefined),
  meta: z
    .object({ newest_id: optionalString, next_token: optionalString, result_count: z.number().optional() })
    .optional()
    .catch(undefined),
});
export type XSearchPage = z.infer<typeof searchPageSchema>;

/** Fields and expansions a wall needs, for the stream and for recent search alike. */
export const TWEET_FIELDS = {
  expansions: 'author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id',
  'tweet.fields': 'created_at,lang,entities,attachments,referenced_tweets,note_tweet,author_id,possibly_sensitive',
  'user.fields': 'name,username,profile_image_url,verified,verified_type',
  'media.fields': 'type,url,preview_image_url,alt_text,width,height',
} as const;
