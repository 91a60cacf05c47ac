import type { TwitterApiReadOnly } from 'twitter-api-v2';
import { searchPageSchema, TWEET_FIELDS, type XSearchPage } from './x-payload.js';

/** X returns at most 100 posts per recent-search page. */
const PAGE_MAX = 100;
/** …and at least 10. */
const PAGE_MIN = 10;

/**
 * Pages of recent search for `query`, newest first, newer than `sinceId` when given, until
 * `maxPosts` posts have been read or X has no more. Recent search covers the last 7 days.
 */
export async function* searchRecent(
  client: TwitterApiReadOnly,
  query: string,
  sinceId: string | undefined,
  maxPosts: number,
): AsyncGenerator<XSearchPage> {
  let read = 0;
  let nextToken: string | undefined;
  do {
    const maxResults = Math.max(PAGE_MIN, Math.min(PAGE_MAX, maxPosts - read));
    const raw: unknown = await client.v2.get('tweets/search/recent', {
      query,
      max_results: maxResults,
      ...TWEET_FIELDS,
      ...(sinceId ? { since_id: sinceId } : {}),
      ...(nextToken ? { next_token: nextToken } : {}),
    });
    const parsed = searchPageSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`X recent search returned an unexpected page: ${parsed.error.message}`);
    const page = parsed.data;
    const posts = (page.data ?? []).filter((t) => t !== undefined);
    // Never hand out more than asked for, even if a page is bigger than requested.
    const room = maxPosts - read;
    if (posts.length > room) page.data = posts.slice(0, room);
    read += Math.min(posts.length, room);
    yield page;
    nextToken = page.meta?.next_token;
  } while (nextToken && read < maxPosts);
}
