import {
  emptyState,
  selectThreads,
  type Participant,
  type Post,
  type Segment,
  type Session,
  type SessionRecap,
  type WallInfo,
} from '@chat-wall/sdk/protocol';
import { toCsv } from './csv.js';
import type { Store } from '../store/store.js';
import { computeInsights, participantsOf } from './insights.js';

/**
 * What a host takes away after a session: its questions with their answers, the audience
 * questions, the participants, what is left unanswered, the figures, and every visible post
 * oldest first. Without a session, the whole wall.
 */
export type Recap = SessionRecap;

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
  session?: Session,
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
  const all = newestFirst.slice(0, MAX_RECAP_POSTS);
  const kept = session ? all.filter((p) => p.thread?.sessionId === session.id) : all;
  return buildRecap({ tag: wall.tag, title: wall.title }, kept.reverse(), truncated, now, session);
}

/** Groups posts (oldest first) by question and computes the figures. Pure. */
export function buildRecap(
  wall: { tag: string; title: string },
  posts: Post[],
  truncated: boolean,
  now: Date,
  session?: Session,
): Recap {
  const state = {
    ...emptyState('recap', wall.tag, { maxPosts: Number.MAX_SAFE_INTEGER }),
    posts: [...posts].reverse(),
  };
  const threads = selectThreads(state, session?.id);
  const participants = participantsOf(posts);
  const unansweredQuestions = threads.questions.filter((q) => q.answers.length === 0).map((q) => q.number);
  const unansweredAudience = threads.audience.filter((a) => !a.answered).map((a) => a.post);
  return {
    wall,
    ...(session ? { session } : {}),
    exportedAt: now.toISOString(),
    questions: threads.questions,
    audienceQuestions: threads.audience,
    participants,
    unanswered: { questions: unansweredQuestions, audienceQuestions: unansweredAudience },
    summary: {
      posts: posts.length,
      participants: participants.length,
      questions: threads.questions.length,
      audienceQuestions: threads.audience.length,
      unanswered: unansweredQuestions.length + unansweredAudience.length,
    },
    insights: computeInsights(posts, threads),
    posts,
    truncated,
  };
}

/** The recap in a format: body, MIME type and a file name. */
export function renderRecap(recap: Recap, format: RecapFormat): { body: string; type: string; filename: string } {
  const date = recap.exportedAt.slice(0, 10);
  const base = recap.session ? `${recap.wall.tag}-${recap.session.id}-recap` : `${recap.wall.tag}-recap-${date}`;
  switch (format) {
    case RecapFormat.Markdown:
      return { body: recapMarkdown(recap), type: 'text/markdown; charset=utf-8', filename: `${base}.md` };
    case RecapFormat.Csv:
      // A session's CSV is its participants (for a CRM); a whole wall's, its posts.
      return {
        body: recap.session ? participantsCsv(recap.participants) : recapCsv(recap.posts),
        type: 'text/csv; charset=utf-8',
        filename: `${base}.csv`,
      };
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

const PARTICIPANT_COLUMNS = [
  'handle',
  'name',
  'source',
  'posts',
  'firstPostAt',
  'firstPostUrl',
  'firstPostText',
] as const;

/** One row per participant, in order of first post. */
export function participantsCsv(participants: readonly Participant[]): string {
  return toCsv(
    PARTICIPANT_COLUMNS,
    participants.map((p) => ({
      handle: p.handle,
      name: p.name,
      source: p.source,
      posts: p.posts,
      firstPostAt: p.firstPost.createdAt,
      firstPostUrl: p.firstPost.url,
      firstPostText: p.firstPost.text,
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
  const heading = recap.session
    ? `# ${escapeMarkdown(recap.wall.title)}: ${escapeMarkdown(recap.session.title)} recap`
    : `# ${escapeMarkdown(recap.wall.title)} recap`;
  const lines = [heading, ''];
  if (recap.session) {
    lines.push(`Session ${formatTime(recap.session.start)} to ${formatTime(recap.session.end)} (UTC).`, '');
  }
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
    lines.push(...qaMarkdown(recap));
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

/** A heading per host question with its answers beneath, then the audience questions and the unanswered. */
function qaMarkdown(recap: Recap): string[] {
  const lines: string[] = [];
  for (const q of recap.questions) {
    lines.push(`## Q${q.number}: ${segmentsMarkdown(stripMarker(q.post.segments))}`, '');
    if (q.answers.length === 0) lines.push('_No answers._');
    for (const answer of q.answers) lines.push(postLine(answer));
    lines.push('');
  }
  if (recap.audienceQuestions.length > 0) {
    lines.push('## Audience questions', '');
    for (const a of recap.audienceQuestions) {
      lines.push(`${postLine(a.post)}${a.answered ? '' : ' _(unanswered)_'}`);
      for (const answer of a.answers) lines.push(`  ${postLine(answer)}`);
    }
    lines.push('');
  }
  const i = recap.insights;
  if (recap.questions.length > 0 || recap.audienceQuestions.length > 0) {
    const median =
      i.medianSecondsToAnswer === null ? '' : `, median time to answer ${Math.round(i.medianSecondsToAnswer / 60)} min`;
    lines.push(
      '## In numbers',
      '',
      `${i.participants} participants, ${i.posts} posts; ${i.questionsAnswered} of ${i.questionsAsked} questions answered; ` +
        `${i.audienceAnswered} of ${i.audienceQuestions} audience questions answered${median}.`,
      '',
    );
  }
  return lines;
}

/** The question's text without its `Q<n>` opening, which the heading already says. */
function stripMarker(segments: readonly Segment[]): Segment[] {
  const [first, ...rest] = segments;
  if (first?.type !== 'text') return [...segments];
  const text = first.text.replace(/^\s*[Qq]\d{1,2}\s*[:.)-]?\s*/u, '');
  return text ? [{ type: 'text', text }, ...rest] : rest;
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
