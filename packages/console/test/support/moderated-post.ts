import type { ModeratedPost, PostStatus } from '@chat-wall/sdk';

/** A moderated post numbered `n` on #askgmp, as the relay lists it, for the console's model tests. */
export function moderatedPost(n: number, status: PostStatus, extra: Partial<ModeratedPost> = {}): ModeratedPost {
  return {
    tag: 'askgmp',
    post: {
      id: `replay:${n}`,
      source: 'replay',
      author: { id: 'u1', handle: 'user1', name: 'User 1', verified: false },
      text: `Question ${n}`,
      segments: [],
      media: [],
      createdAt: '2026-11-01T12:00:00.000Z',
      reply: false,
      repost: false,
      quote: false,
      tags: ['askgmp'],
    },
    status,
    receivedAt: `2026-11-01T12:00:${String(n).padStart(2, '0')}.000Z`,
    ...extra,
  };
}

/** `second` (0–59) of 12:0m:ss as an ISO time; `minute` picks the minute. */
export const at = (second: number, minute = 0): string =>
  `2026-11-01T12:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
