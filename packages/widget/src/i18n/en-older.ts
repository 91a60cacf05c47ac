import type { Message } from './message.js';

/**
 * The "Show older posts" button's English strings. They load with the button (the older-posts
 * chunk, when a wall has more posts than it shows), not with the embed entry.
 * Other locales carry them in their one file.
 */
export const enOlder = {
  showOlder: 'Show older posts',
  loadingOlder: 'Loading older posts…',
  tryAgain: 'Try again',
  olderFailed: 'Could not load older posts: {error}',
  unknownError: 'unknown error',
} satisfies Record<string, Message>;
