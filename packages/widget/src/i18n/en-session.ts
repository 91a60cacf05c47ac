import type { Message } from './message.js';

/**
 * The session screens' English strings. They load with the screens (their own chunk, for walls
 * that have sessions), not with the embed entry.
 * Other locales carry them in their one file.
 */
export const enSession = {
  nextSession: 'Next session',
  starts: 'Starts',
  takePart: 'Take part: post with {hashtag}. Questions posted before the start are gathered for the session.',
  lastRecap: 'Recap of the last session',
  liveNow: 'Live now',
  sessionEnded: 'Session ended',
  readRecap: 'Read the recap',
} satisfies Record<string, Message>;
