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
  /** Hashtags in the post, lower-cased, without `#`. Used to route the post to walls. */
  tags: string[];
  /** Display marks a moderator sets; changed by `post.updated` events. */
  pinned?: boolean;
  highlighted?: boolean;
  answered?: boolean;
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
  type: 'image' | 'video' | 'gif';
  /** https URL of the full image or of a preview frame for videos. */
  url: string;
  alt?: string;
  width?: number;
  height?: number;
}

/** A piece of a post's text. Every variant carries the exact `text` it covers. */
export type Segment =
  | { type: 'text'; text: string }
  | { type: 'hashtag'; text: string; tag: string }
  | { type: 'mention'; text: string; handle: string }
  | { type: 'link'; text: string; url: string };

/** The display marks that `post.updated` can change. */
export type PostPatch = Partial<Pick<Post, 'pinned' | 'highlighted' | 'answered'>>;
