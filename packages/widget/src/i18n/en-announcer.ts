import type { Message } from './message.js';

/**
 * What screen readers hear of new posts, in English. These strings load with the announcer (its
 * own chunk, with the first live post), not with the embed entry.
 * Other locales carry them in their one file.
 */
export const enAnnouncer = {
  newPosts: { one: '{count} new post', other: '{count} new posts' },
  newPostBy: 'New post by {name}: {text}',
} satisfies Record<string, Message>;
