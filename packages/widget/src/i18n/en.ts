import type { enAsk } from './en-ask.js';
import type { Message } from './message.js';

/**
 * The widget's English strings: the reference catalog, with {@linkcode enAsk} (the ask form's,
 * which travel in the form's own chunk and join this one when it loads). Every other locale has
 * exactly the keys and placeholders of both (a test checks). This part ships in the embed entry;
 * the other locales load on demand, one chunk each.
 */
export const en = {
  // Connection status: the pill's label, then the sentence under it when something is wrong.
  statusIdle: 'Not connected',
  statusNoTag: 'Set the tag attribute to the hashtag of a wall.',
  statusConnecting: 'Connecting…',
  statusLive: 'Live',
  statusReconnecting: 'Reconnecting',
  statusFailed: 'Failed',
  statusClosed: 'Disconnected',
  unreachable: 'Cannot reach the wall server at {server}.',
  retrying: 'Retrying…',
  retryingAttempt: 'Retrying (attempt {attempt})…',
  connectionLost: 'Connection lost.',
  showingLast: 'Showing the last posts received.',
  unknownWall: 'There is no wall {wall} on this server.',
  wallRefused: 'The wall server refused this wall.',
  // The list of posts.
  postsWith: 'Posts with {title}',
  empty: 'No posts yet. Posts with {title} appear here as they arrive.',
  showOlder: 'Show older posts',
  loadingOlder: 'Loading older posts…',
  tryAgain: 'Try again',
  olderFailed: 'Could not load older posts: {error}',
  unknownError: 'unknown error',
  verified: 'Verified account',
  pinned: 'Pinned',
  highlighted: 'Highlighted',
  answered: 'Answered',
  imageBy: 'Image posted by @{handle}',
  videoBy: 'Video posted by @{handle}',
  // Content warnings and sensitive media: hidden until a viewer asks; videos and GIFs show a poster.
  contentWarning: 'Content warning:',
  showPost: 'Show post',
  showMedia: 'Show media',
  sensitiveMedia: 'Sensitive media',
  kindVideo: 'Video',
  kindGif: 'GIF',
  // Busy walls: what the screen reader hears instead of every post.
  newPosts: { one: '{count} new post', other: '{count} new posts' },
  newPostBy: 'New post by {name}: {text}',
  // Q&A layout.
  questions: 'Questions',
  fromAudience: 'From the audience',
  noQuestions: 'No questions yet. The host’s questions (Q1, Q2…) and questions asked with {title} appear here.',
  questionNumber: 'Q{number}',
  currentQuestion: 'Current question',
  answersTo: 'Answers to question {number}',
  answers: 'Answers',
  // Sessions.
  nextSession: 'Next session',
  starts: 'Starts',
  takePart: 'Take part: post with {hashtag}. Questions posted before the start are gathered for the session.',
  lastRecap: 'Recap of the last session',
  liveNow: 'Live now',
  sessionEnded: 'Session ended',
  readRecap: 'Read the recap',
  // Join panel.
  joinIn: 'Join in: post with',
  joinQr: 'QR code: a link to post with #{tag}',
} satisfies Record<string, Message>;

/** The name of every UI string. */
export type MessageKey = keyof typeof en | keyof typeof enAsk;

/** A locale's strings: one for every key of the English catalog. */
export type Catalog = Readonly<Record<MessageKey, Message>>;
