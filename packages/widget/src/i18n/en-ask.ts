import type { Message } from './message.js';

/**
 * The ask form's English strings. They load with the form (its own chunk), not with the embed
 * entry: most walls never show the form. Other locales carry them in their one file.
 */
export const enAsk = {
  askTitle: 'Ask a question',
  askClosed: 'Questions open when the session is live.',
  askSent: 'Sent for moderation.',
  askSentDetail: 'A moderator reads every question before it can appear.',
  askAnother: 'Ask another question',
  askName: 'Your name',
  askText: 'Your question',
  askTrap: 'Leave this empty',
  askSend: 'Send question',
  askSending: 'Sending…',
  askCharsLeft: { one: '{count} character left', other: '{count} characters left' },
  askCharsOver: { one: '{count} character too many', other: '{count} characters too many' },
  askNameMissing: 'Please enter your name.',
  askNameLong: 'Your name can be at most {max} characters.',
  askTextMissing: 'Please enter your question.',
  askTextLong: 'Your question can be at most {max} characters.',
  askNameInvalid: 'Your name is not valid: {reason}',
  askTextInvalid: 'Your question is not valid: {reason}',
  askOffline: 'Your question could not be sent. Check your connection and try again.',
  askTooManySeconds: {
    one: 'Too many questions right now. Please try again in {count} second.',
    other: 'Too many questions right now. Please try again in {count} seconds.',
  },
  askTooManyMinutes: {
    one: 'Too many questions right now. Please try again in {count} minute.',
    other: 'Too many questions right now. Please try again in {count} minutes.',
  },
  askClosedNow: 'Questions are closed on this wall right now.',
  askNotTaken: 'This wall does not take questions.',
  askFailed: 'Your question could not be sent. Please try again.',
} satisfies Record<string, Message>;
