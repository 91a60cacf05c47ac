import type { Post, Segment, WallInfo } from '@chat-wall/sdk/protocol';
import { toCsv } from './csv.js';
import type { Store } from '../store/store.js';

/** What a host takes away after a session: the wall's visible posts, oldest first. */
export interface Recap {
  wall: Pick<WallInfo, 'tag' | 'title'>;
  exportedAt: string;
  posts: Post[];
  /** True when the wall had more posts than {@linkcode MAX_RECAP_POSTS}: the newest are kept. */
  truncated: boolean;
}

export const RecapFormat = { Markdown: 'md', Csv: 'csv', Json: 'json' } as const;
export type RecapFormat = (typeof RecapFormat)[keyof typeof RecapFormat];

/** Upper bound of one export, so a huge wall cannot tie up the relay. */
export const MAX_RECAP_POSTS = 50_000;
const PAGE = 1000;

/** Reads every visible post of a wall from the store (newest pages first) and returns them oldest first. */
export async function collectRecap(
  store: Store,
  wall: Pick<WallInfo, 'tag' | 'title'>,
  now = new Date(),
): Promise<Recap> {
  const newestFirst: Post[] = [];
  let before: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await store.listVisiblePosts(wall.tag, { limit: PAGE, ...(before ? { before } : {}) });
    newestFirst.push(...page.posts);
    if (!page.next) break;
    if (newestFirst.length >= MAX_RECAP_POSTS) {
      truncated = true;
      break;
    }
    before = page.next;
  }
  return {
    wall: { tag: wall.tag, title: wall.title },
    exportedAt: now.toISOString(),
    posts: newestFirst.slice(0, MAX_RECAP_POSTS).reverse(),
    truncated,
  };
}

/** The recap in a format: body, MIME type and a file name. */
export function renderRecap(recap: Recap, format: RecapFormat): { body: string; type: string; filename: string } {
  const date = recap.exportedAt.slice(0, 10);
  const base = `${recap.wall.tag}-recap-${date}`;
  switch (format) {
    case RecapFormat.Markdown:
      return { body: recapMarkdown(recap), type: 'text/markdown; charset=utf-8', filename: `${base}.md` };
    case RecapFormat.Csv:
      return { body: recapCsv(recap.posts), type: 'text/csv; charset=utf-8', filename: `${base}.csv` };
    case RecapFormat.Json:
      return {
        body: JSON.stringify(recap, null, 2),
        type: 'application/json; charset=utf-8',
        filename: `${base}.json`,
      };
  }
}

const CSV_COLUMNS = [
  'id',
  'createdAt',
  'authorHandle',
  'authorName',
  'text',
  'url',
  'lang',
  'reply',
  'repost',
  'quote',
  'pinned',
  'highlighted',
  'answered',
  'media',
] as const;

/** One row per post; media as space-separated URLs. */
export function recapCsv(posts: readonly Post[]): string {
  return toCsv(
    CSV_COLUMNS,
    posts.map((p) => ({
      id: p.id,
      createdAt: p.createdAt,
      authorHandle: p.author.handle,
      authorName: p.author.name,
      text: p.text,
      url: p.url,
      lang: p.lang,
      reply: p.reply,
      repost: p.repost,
      quote: p.quote,
      pinned: p.pinned ?? false,
      highlighted: p.highlighted ?? false,
      answered: p.answered ?? false,
      media: p.media.map((m) => m.url).join(' '),
    })),
  );
}

/**
 * A readable recap: summary, the pinned and answered posts, then every post in order. Remote text
 * is escaped, so a post cannot add links, images or headings to the document: only links the
 * server found (http(s) segments) become links.
 */
export function recapMarkdown(recap: Recap): string {
  const { posts } = recap;
  const authors = new Set(posts.map((p) => `${p.source}:${p.author.id}`));
  const lines = [`# ${escapeMarkdown(recap.wall.title)} recap`, ''];
  if (posts.length === 0) {
    lines.push('No posts were shown on this wall.', '');
  } else {
    const first = posts[0]!.createdAt;
    const last = posts.at(-1)!.createdAt;
    lines.push(
      `${posts.length} post${posts.length === 1 ? '' : 's'} by ${authors.size} author${authors.size === 1 ? '' : 's'}, ` +
        `${formatTime(first)} to ${formatTime(last)} (UTC).`,
      '',
    );
    if (recap.truncated) lines.push(`Only the newest ${posts.length} posts are included.`, '');
    const featured = posts.filter((p) => p.pinned || p.answered);
    if (featured.length > 0) {
      lines.push('## Pinned and answered', '');
      for (const post of featured) lines.push(postLine(post));
      lines.push('');
    }
    lines.push('## All posts', '');
    for (const post of posts) lines.push(postLine(post));
    lines.push('');
  }
  lines.push(`Exported ${formatTime(recap.exportedAt)} (UTC).`, '');
  return lines.join('\n');
}

function postLine(post: Post): string {
  const marks = [post.pinned && 'pinned', post.answered && 'answered', post.highlighted && 'highlighted'].filter(
    Boolean,
  );
  const who = `**${escapeMarkdown(post.author.name || post.author.handle)}** (@${escapeMarkdown(post.author.handle)})`;
  const when =
    post.url && /^https?:\/\//.test(post.url)
      ? `[${formatTime(post.createdAt)}](<${post.url.replace(/[<>]/g, encodeURIComponent)}>)`
      : formatTime(post.createdAt);
  const tail = marks.length > 0 ? ` _(${marks.join(', ')})_` : '';
  return `- ${who}, ${when}: ${segmentsMarkdown(post.segments)}${tail}`;
}

function segmentsMarkdown(segments: readonly Segment[]): string {
  return segments
    .map((s) =>
      s.type === 'link' && /^https?:\/\//.test(s.url)
        ? `[${escapeMarkdown(s.text)}](<${s.url.replace(/[<>]/g, encodeURIComponent)}>)`
        : escapeMarkdown(s.text),
    )
    .join('')
    .replace(/\s*\n\s*/g, ' ');
}

/** Backslash-escapes every character Markdown could read as syntax, and neutralises raw HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function formatTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
