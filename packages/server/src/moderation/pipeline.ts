import {
  PostStatus,
  type FilterAction,
  type ModerationMode,
  type ModerationSettings,
  type Post,
} from '@chat-wall/sdk/protocol';
import { FloodGuard } from './flood-guard.js';
import { profanityList, TermList, tokenise } from './terms.js';

/** Names of the filters, in the order the pipeline runs them. */
export const FilterName = {
  AuthorAllow: 'author-allow',
  AuthorBlock: 'author-block',
  Reposts: 'reposts',
  Replies: 'replies',
  Blocklist: 'blocklist',
  Profanity: 'profanity',
  Patterns: 'patterns',
  Language: 'language',
  Links: 'links',
  Media: 'media',
  Duplicates: 'duplicates',
  RateCap: 'rate-cap',
} as const;
export type FilterName = (typeof FilterName)[keyof typeof FilterName];

/** What the stateful filters (duplicates, rate cap) need of a post; see {@linkcode FilterPipeline.floodInput}. */
export interface FloodInput {
  /** The post's words, as every term filter sees them. */
  tokens: readonly string[];
  /** `<source>:<author id>`, counted by the rate cap. */
  author: string;
  /** The normalised text, when the duplicates filter is on. */
  text?: string;
  textWindowMs?: number;
  /** The rate cap's window, when it is on. */
  authorWindowMs?: number;
}

/** What a flood memory recalls of a post it just recorded. */
export interface FloodRecall {
  /** How many ms ago the same text was last seen within the window, if it was. */
  seenAgo: number | undefined;
  /** Posts by the author within the rate cap's window, this one included (0 when the cap is off). */
  count: number;
}

/** What one filter says about a post, and why. Only the author allow list can say `approve`. */
export interface Verdict {
  action: 'approve' | 'hold' | 'reject';
  filter: FilterName;
  reason: string;
}

/** The outcome for a new post: its status, and which filter (if any) decided and why. */
export interface Screening {
  status: PostStatus;
  reason: string;
  filter?: FilterName;
}

/** The key an author is banned or allowed by: `<source>:<author id>`. */
export function authorKey(post: Post): string {
  return `${post.source}:${post.author.id}`;
}

/**
 * A wall's filters compiled for speed: term lists and regexes are built once per settings change,
 * and a post is tokenised once for every term filter. Stateful filters (duplicates, rate cap)
 * keep their memory in a {@linkcode FloodGuard} that outlives settings changes.
 */
export class FilterPipeline {
  private readonly allow: Set<string>;
  private readonly block: Set<string>;
  private readonly blocklist: TermList;
  private readonly patterns: { source: string; regex: RegExp }[];
  private readonly languages: Set<string>;

  constructor(
    readonly settings: ModerationSettings,
    private readonly guard = new FloodGuard(),
  ) {
    const f = settings.filters;
    this.allow = new Set(f.authors.allow.map(normaliseAuthorKey));
    this.block = new Set(f.authors.block.map(normaliseAuthorKey));
    this.blocklist = new TermList(f.blocklist.words);
    this.patterns = f.patterns.regex.map((source) => ({ source, regex: new RegExp(source, 'iu') }));
    this.languages = new Set(f.languages.allow);
  }

  /** The same pipeline with new settings, keeping the memory of recent posts. */
  withSettings(settings: ModerationSettings): FilterPipeline {
    return new FilterPipeline(settings, this.guard);
  }

  /** Screens a new post at time `now` (ms) and applies the wall's mode. */
  screen(post: Post, now: number): Screening {
    return decide(this.settings.mode, this.evaluate(post, now));
  }

  /**
   * Screens a new post with the flood memory's answer given (`recall`, from this pipeline's
   * {@linkcode remember} or from a memory the relays share), and applies the wall's mode.
   */
  screenWith(post: Post, input: FloodInput, recall: FloodRecall): Screening {
    return decide(this.settings.mode, this.judge(post, input, recall));
  }

  /** What the stateful filters remember of a post: only what the enabled ones need. */
  floodInput(post: Post): FloodInput {
    const f = this.settings.filters;
    const tokens = tokenise(post.text);
    return {
      tokens,
      author: authorKey(post),
      ...(f.duplicates.enabled ? { text: tokens.join(' '), textWindowMs: f.duplicates.windowSeconds * 1000 } : {}),
      ...(f.rateCap.enabled ? { authorWindowMs: f.rateCap.windowSeconds * 1000 } : {}),
    };
  }

  /** Records a post in this pipeline's own flood memory at `now`; answers what it recalls. */
  remember(input: FloodInput, now: number): FloodRecall {
    return {
      seenAgo: input.text !== undefined ? this.guard.seenText(input.text, now, input.textWindowMs!) : undefined,
      count: input.authorWindowMs !== undefined ? this.guard.countAuthor(input.author, now, input.authorWindowMs) : 0,
    };
  }

  /**
   * Runs the filters in order. The first `approve` or `reject` ends the run; the first `hold` is
   * kept while later filters may still reject. Stateful filters see every post, so a flood counts
   * even the posts another filter caught.
   */
  evaluate(post: Post, now: number): Verdict | undefined {
    const input = this.floodInput(post);
    // The flood memory is updated before anything can end the run.
    return this.judge(post, input, this.remember(input, now));
  }

  private judge(post: Post, input: FloodInput, recall: FloodRecall): Verdict | undefined {
    const f = this.settings.filters;
    let held: Verdict | undefined;
    const consider = (v: Verdict | undefined): Verdict | undefined => {
      if (!v) return undefined;
      if (v.action !== 'hold') return v;
      held ??= v;
      return undefined;
    };

    const key = input.author;
    const handle = `@${post.author.handle.toLowerCase()}`;
    const { tokens } = input;
    const { seenAgo, count } = recall;

    if (this.allow.has(key) || this.allow.has(handle)) {
      return { action: 'approve', filter: FilterName.AuthorAllow, reason: `author ${handle} is on the allow list` };
    }
    if (this.block.has(key) || this.block.has(handle)) {
      const v = verdict(f.authors.blockAction, FilterName.AuthorBlock, `author ${handle} is blocked`);
      if (consider(v)) return v;
    }
    let v = policy(f.reposts, post.repost, FilterName.Reposts, 'reposts are excluded');
    if (consider(v)) return v;
    v = policy(f.replies, post.reply, FilterName.Replies, 'replies are excluded');
    if (consider(v)) return v;

    const lower = post.text.toLowerCase();
    if (this.blocklist.size) {
      const found = this.blocklist.find(tokens, lower);
      if (found && consider((v = verdict(f.blocklist.action, FilterName.Blocklist, `contains "${found}"`)))) return v;
    }
    if (f.profanity.enabled) {
      const found = this.profanity(tokens, lower, f.profanity.languages, post.lang);
      if (found) {
        v = verdict(
          f.profanity.action,
          FilterName.Profanity,
          `contains "${found.term}" (${found.lang} profanity list)`,
        );
        if (consider(v)) return v;
      }
    }
    for (const { source, regex } of this.patterns) {
      if (regex.test(post.text)) {
        if (consider((v = verdict(f.patterns.action, FilterName.Patterns, `matches /${source}/`)))) return v;
        break;
      }
    }
    if (this.languages.size) {
      const lang = primaryLanguage(post.lang);
      if (lang === undefined) {
        v = policy(f.languages.unknown, true, FilterName.Language, 'language unknown');
      } else if (!this.languages.has(lang)) {
        v = verdict(f.languages.action, FilterName.Language, `language "${lang}" is not allowed`);
      } else v = undefined;
      if (consider(v)) return v;
    }
    const hasLink = post.segments.some((s) => s.type === 'link');
    if (consider((v = policy(f.links, hasLink, FilterName.Links, 'contains a link')))) return v;
    v = policy(f.media, post.media.length > 0, FilterName.Media, 'contains media');
    if (consider(v)) return v;
    if (seenAgo !== undefined && tokens.length > 0) {
      const reason = `same text as a post ${Math.round(seenAgo / 1000)} s ago`;
      if (consider((v = verdict(f.duplicates.action, FilterName.Duplicates, reason)))) return v;
    }
    if (f.rateCap.enabled && count > f.rateCap.max) {
      const reason = `author ${handle} posted ${count} times in ${f.rateCap.windowSeconds} s (cap ${f.rateCap.max})`;
      if (consider((v = verdict(f.rateCap.action, FilterName.RateCap, reason)))) return v;
    }
    return held;
  }

  private profanity(
    tokens: readonly string[],
    lower: string,
    languages: readonly string[],
    postLang: string | undefined,
  ): { term: string; lang: string } | undefined {
    for (const lang of languages) {
      const term = profanityList(lang)?.find(tokens, lower);
      if (term) return { term, lang };
    }
    const own = primaryLanguage(postLang);
    if (own && !languages.includes(own)) {
      const term = profanityList(own)?.find(tokens, lower);
      if (term) return { term, lang: own };
    }
    return undefined;
  }
}

/**
 * Applies a wall's mode to the pipeline's verdict (see {@linkcode ModerationMode}): `pre` holds
 * everything not rejected or allowed, `post` lets held verdicts through, `auto` holds them.
 */
export function decide(mode: ModerationMode, v: Verdict | undefined): Screening {
  if (v?.action === 'approve') return { status: PostStatus.Approved, filter: v.filter, reason: v.reason };
  if (v?.action === 'reject') return { status: PostStatus.Rejected, filter: v.filter, reason: v.reason };
  if (mode === 'pre') {
    return v
      ? { status: PostStatus.Held, filter: v.filter, reason: v.reason }
      : { status: PostStatus.Held, reason: 'pre-moderation' };
  }
  if (v && mode === 'auto') return { status: PostStatus.Held, filter: v.filter, reason: v.reason };
  // In post mode a hold verdict is noted on the post but does not keep it off the wall.
  return v
    ? { status: PostStatus.Approved, filter: v.filter, reason: `${mode}-moderation (flagged: ${v.reason})` }
    : { status: PostStatus.Approved, reason: `${mode}-moderation` };
}

function verdict(action: 'hold' | 'reject', filter: FilterName, reason: string): Verdict {
  return { action, filter, reason };
}

function policy(action: FilterAction, applies: boolean, filter: FilterName, reason: string): Verdict | undefined {
  return applies && action !== 'allow' ? { action, filter, reason } : undefined;
}

/** `en-GB` → `en`; `und`, `zxx` and missing → `undefined`. */
function primaryLanguage(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  const primary = lang.split(/[-_]/)[0]!.toLowerCase();
  return primary === 'und' || primary === 'zxx' || primary === '' ? undefined : primary;
}

/** Handles compare case-insensitively; `<source>:<id>` keys as given. */
export function normaliseAuthorKey(key: string): string {
  const trimmed = key.trim();
  return trimmed.startsWith('@') ? trimmed.toLowerCase() : trimmed;
}
