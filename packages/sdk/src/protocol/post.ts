/**
 * The one normalised shape every source (X, replay, later Mastodon, Bluesky, native) produces.
 *
 * Text is plain (never HTML). {@linkcode Post.segments} is computed on the server so that clients
 * render hashtags, mentions and links as text nodes and never parse or inject markup.
 */
export interface Post {
  /** `<source>:<native id>`, e.g. `x:1590011992812277762`. Native ids are strings: X ids overflow JS numbers. */
  id: string;
  source: SourceName;
  author: Author;
  /** Plain text, HTML entities decoded. */
  text: string;
  /** {@linkcode Post.text} cut into pieces; concatenating every `text` gives back the whole text. */
  segments: Segment[];
  media: Media[];
  /** ISO 8601 timestamp of the original post. */
  createdAt: string;
  /** BCP 47 language tag as reported by the source, if any. */
  lang?: string;
  /** Link to the original post on its network. */
  url?: string;
  reply: boolean;
  repost: boolean;
  quote: boolean;
  /**
   * Id (`<source>:<native id>`) of the post this one replies to, when the source says so
   * (X: `referenced_tweets` of type `replied_to`). Set when {@linkcode Post.reply} is true and known.
   */
  replyTo?: string;
  /** Id (`<source>:<native id>`) of the post this one quotes, when known (X: `quoted`). */
  quoteOf?: string;
  /** Hashtags in the post, lower-cased, without `#`. Used to route the post to walls. */
  tags: string[];
  /**
   * The author or their network marked the post's media as sensitive (Mastodon `sensitive`, X
   * `possibly_sensitive`, Bluesky self-labels such as `nudity` or `graphic-media`): screens blur it
   * until a viewer asks to see it.
   */
  sensitive?: boolean;
  /**
   * The author's content warning (Mastodon `spoiler_text`), plain text of at most 200 characters:
   * screens show it in place of the text and media until a viewer asks to see the post.
   */
  contentWarning?: string;
  /** Display marks a moderator sets; changed by `post.updated` events. */
  pinned?: boolean;
  highlighted?: boolean;
  answered?: boolean;
  /** True when the author is one of the wall's hosts (`walls[].hosts`). Computed by the relay at ingest. */
  host?: boolean;
  /** Where the post sits in a session's Q&A; computed by the relay at ingest. See {@linkcode PostThread}. */
  thread?: PostThread;
  /**
   * Present when the post is an audience question in the moderators' queue (detected, or marked by a
   * moderator). Public: the Q&A layout lists open and answered ones and hides dismissed ones.
   */
  ask?: PostAsk;
}

/**
 * A post's place in a session's questions and answers. Every field is optional: a post may belong
 * to a session without being a question or an answer.
 */
export interface PostThread {
  /** The session ({@linkcode Session.id}) whose window the post arrived in. */
  sessionId?: string;
  /** This host post is question `Q<n>` of its session (1–99). */
  question?: number;
  /** This participant post answers question `Q<n>` (it begins with `A<n>`, or replies to / quotes the `Q<n>` post). */
  answers?: number;
  /**
   * Id of the post this one answers: the host's `Q<n>` post when the relay has it, or an audience
   * question a host replied to or quoted.
   */
  answerTo?: string;
}

/** The triage state of an audience question. */
export const AskState = {
  /** Waiting for an answer. */
  Open: 'open',
  /** A host answered it (their reply or quote was linked), or a moderator marked it answered. */
  Answered: 'answered',
  /** A moderator set it aside: not a question, a repeat, out of scope. */
  Dismissed: 'dismissed',
} as const;
export type AskState = (typeof AskState)[keyof typeof AskState];

/**
 * The public side of an audience question. Who it is assigned to is moderator-only (staff names
 * and routing are internal) and travels in `ModeratedPost.assignee`, never in the wall log.
 */
export interface PostAsk {
  state: AskState;
}

export const SourceName = {
  X: 'x',
  Replay: 'replay',
  Mastodon: 'mastodon',
  Bluesky: 'bluesky',
  Native: 'native',
} as const;
export type SourceName = (typeof SourceName)[keyof typeof SourceName];

export interface Author {
  /** Native account id at the source. */
  id: string;
  /** Handle without the leading `@`. */
  handle: string;
  name: string;
  /** https URL of the avatar image, if any. */
  avatar?: string;
  verified: boolean;
}

export interface Media {
  /** `video` and `gif` are shown by their poster (a still frame), marked as such; they do not play on the wall. */
  type: 'image' | 'video' | 'gif';
  /** http(s) URL of the image, or of the poster frame of a video or GIF. */
  url: string;
  /** The author's description of the picture (at most 1,500 characters). */
  alt?: string;
  /** Size in pixels as the source reports it (1 to 100,000), for the aspect ratio. */
  width?: number;
  height?: number;
}

/** A piece of a post's text. Every variant carries the exact `text` it covers. */
export type Segment =
  | { type: 'text'; text: string }
  | { type: 'hashtag'; text: string; tag: string }
  | { type: 'mention'; text: string; handle: string }
  | { type: 'link'; text: string; url: string };

/**
 * What `post.updated` can change: display marks, and the Q&A fields when a moderator triages a
 * question or a later post links to this one (a patch field replaces the whole field).
 */
export type PostPatch = Partial<Pick<Post, 'pinned' | 'highlighted' | 'answered' | 'thread' | 'ask'>>;
