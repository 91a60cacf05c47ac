import { ErrorCode, type WallError } from '../protocol/errors.js';
import type { Post } from '../protocol/post.js';
import { normaliseTag } from '../protocol/tag.js';

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

/** A history request that failed: `code` says why (`unreachable` when no answer came). */
export class HistoryRequestError extends Error {
  override name = 'HistoryRequestError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** HTTP status of the answer; absent when none came. */
  readonly status: number | undefined;

  constructor(error: WallError, status?: number) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
    this.status = status;
  }
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
 * Rejects with a {@linkcode HistoryRequestError}, or with the signal's reason when aborted.
 */
export async function fetchPosts(options: FetchPostsOptions): Promise<PostPage> {
  const url = new URL(`/api/walls/${encodeURIComponent(normaliseTag(options.tag))}/posts`, options.server);
  if (options.limit !== undefined) url.searchParams.set('limit', String(options.limit));
  if (options.before !== undefined) url.searchParams.set('before', options.before);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: options.signal });
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new HistoryRequestError({
      code: ErrorCode.Unreachable,
      message: `Cannot reach the wall server at ${url.origin}: ${(err as Error).message}`,
    });
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new HistoryRequestError(errorOf(body) ?? httpError(res.status), res.status);
  if (!isPage(body)) {
    throw new HistoryRequestError(
      { code: ErrorCode.Internal, message: 'The wall server answered with something that is not a page of posts.' },
      res.status,
    );
  }
  return body.next === undefined ? { posts: body.posts } : { posts: body.posts, next: body.next };
}

function httpError(status: number): WallError {
  const code = status === 429 ? ErrorCode.RateLimited : status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest;
  return { code, message: `The wall server answered HTTP ${status}.` };
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

function errorOf(body: unknown): WallError | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, field } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code: code as ErrorCode, message, ...(typeof field === 'string' ? { field } : {}) };
}
