import { ErrorCode } from '../protocol/errors.js';
import type { Post } from '../protocol/post.js';
import { normaliseTag } from '../protocol/tag.js';
import { ChatWallError } from './errors.js';
import { relayFetch } from './rest.js';

/** What {@linkcode fetchPosts} asks the relay for. */
export interface FetchPostsOptions {
  /** Base URL of the relay, e.g. `https://wall.example.org`. */
  server: string;
  /** Wall tag, with or without `#`; case-insensitive. */
  tag: string;
  /** Id of a visible post: the page holds the posts older than it. Absent: the newest page. */
  before?: string;
  /**
   * Posts per page, 1 to 100.
   * @default 20
   */
  limit?: number;
  /** Cancels the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** One page of a wall's history, newest first. */
export interface PostPage {
  posts: Post[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: string;
}

/**
 * Reads a page of a wall's visible posts from the relay's history API
 * (`GET /api/walls/:tag/posts`), newest first. Works wherever `fetch` does (browsers, Node ≥ 18).
 *
 * ```ts
 * let page = await fetchPosts({ server, tag: 'askGMP', limit: 50 });
 * while (page.next) page = await fetchPosts({ server, tag: 'askGMP', before: page.next });
 * ```
 *
 * Rejects with a {@linkcode ChatWallError}, or with the signal's reason when aborted.
 */
export async function fetchPosts(options: FetchPostsOptions): Promise<PostPage> {
  const url = new URL(`/api/walls/${encodeURIComponent(normaliseTag(options.tag))}/posts`, options.server);
  if (options.limit !== undefined) url.searchParams.set('limit', String(options.limit));
  if (options.before !== undefined) url.searchParams.set('before', options.before);
  const res = await relayFetch(url, { signal: options.signal });
  const body: unknown = await res.json().catch(() => undefined);
  if (!isPage(body)) {
    throw new ChatWallError(
      { code: ErrorCode.Internal, message: 'The wall server answered with something that is not a page of posts.' },
      { status: res.status },
    );
  }
  return body.next === undefined ? { posts: body.posts } : { posts: body.posts, next: body.next };
}

// The relay is trusted for the shape of posts (the live stream trusts it too); this only guards
// against answers from something that is not a relay (a proxy's error page, a wrong URL).
function isPage(body: unknown): body is PostPage {
  if (typeof body !== 'object' || body === null) return false;
  const { posts, next } = body as Record<string, unknown>;
  return (
    Array.isArray(posts) &&
    posts.every((p) => typeof p === 'object' && p !== null && typeof (p as Post).id === 'string') &&
    (next === undefined || typeof next === 'string')
  );
}
