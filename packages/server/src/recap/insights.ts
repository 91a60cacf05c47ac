import type { Participant, Post, SessionInsights, Threads } from '@chat-wall/sdk/protocol';

/** Everyone who posted, by first post (oldest first). `posts` must be oldest first. */
export function participantsOf(posts: readonly Post[]): Participant[] {
  const byAuthor = new Map<string, Participant>();
  for (const post of posts) {
    const key = `${post.source}:${post.author.id}`;
    const known = byAuthor.get(key);
    if (known) known.posts++;
    else {
      byAuthor.set(key, {
        handle: post.author.handle,
        name: post.author.name,
        source: post.source,
        posts: 1,
        firstPost: post,
      });
    }
  }
  return [...byAuthor.values()];
}

/** The middle value of `values` (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The figures of a session from its visible posts (oldest first) and its threads. Pure. */
export function computeInsights(posts: readonly Post[], threads: Threads): SessionInsights {
  const participants = participantsOf(posts);
  const perMinute: SessionInsights['postsPerMinute'] = [];
  if (posts.length > 0) {
    const minute = (p: Post): number => Math.floor(Date.parse(p.createdAt) / 60_000);
    const counts = new Map<number, number>();
    for (const p of posts) counts.set(minute(p), (counts.get(minute(p)) ?? 0) + 1);
    const first = Math.min(...counts.keys());
    const last = Math.max(...counts.keys());
    // Capped so that a wall with posts weeks apart cannot produce a huge series.
    for (let m = Math.max(first, last - 24 * 60); m <= last; m++) {
      perMinute.push({ minute: new Date(m * 60_000).toISOString(), posts: counts.get(m) ?? 0 });
    }
  }
  const toAnswer = threads.audience.flatMap((t) =>
    t.answers.length > 0
      ? [Math.max(0, (Date.parse(t.answers[0]!.createdAt) - Date.parse(t.post.createdAt)) / 1000)]
      : [],
  );
  return {
    participants: participants.length,
    posts: posts.length,
    postsPerMinute: perMinute,
    topContributors: [...participants]
      .sort((a, b) => b.posts - a.posts || Date.parse(a.firstPost.createdAt) - Date.parse(b.firstPost.createdAt))
      .slice(0, 10)
      .map(({ handle, name, source, posts: n }) => ({ handle, name, source, posts: n })),
    questionsAsked: threads.questions.length,
    questionsAnswered: threads.questions.filter((q) => q.answers.length > 0).length,
    audienceQuestions: threads.audience.length,
    audienceAnswered: threads.audience.filter((a) => a.answered).length,
    medianSecondsToAnswer: median(toAnswer),
  };
}
