import type { enAnnouncer } from './en-announcer.js';
import type { enAsk } from './en-ask.js';
import type { enJoin } from './en-join.js';
import type { enOlder } from './en-older.js';
import type { enQa } from './en-qa.js';
import type { enSession } from './en-session.js';
import type { Message } from './message.js';

/**
 * The widget's English strings for a first paint of the `list` layout: the reference catalog
 * together with those of the parts that load on demand ({@linkcode enAsk}, {@linkcode enOlder},
 * {@linkcode enAnnouncer}, {@linkcode enQa}, {@linkcode enSession}, {@linkcode enJoin}), which
 * travel in their part's chunk and join this one when it loads. Every other locale has exactly the
 * keys and placeholders of them all in its one file (a test checks). This part ships in the embed
 * entry; the other locales load on demand, one chunk each.
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
} satisfies Record<string, Message>;

/** The name of every UI string. */
export type MessageKey =
  | keyof typeof en
  | keyof typeof enAsk
  | keyof typeof enOlder
  | keyof typeof enAnnouncer
  | keyof typeof enQa
  | keyof typeof enSession
  | keyof typeof enJoin;

/** A locale's strings: one for every key of the English catalog. */
export type Catalog = Readonly<Record<MessageKey, Message>>;
