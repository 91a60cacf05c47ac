import type { Message } from './message.js';

/**
 * The join panel's English strings. They load with the panel (the QR code's chunk), not with the
 * embed entry.
 * Other locales carry them in their one file.
 */
export const enJoin = {
  joinIn: 'Join in: post with',
  joinQr: 'QR code: a link to post with #{tag}',
} satisfies Record<string, Message>;
