import { createHash, randomUUID } from 'node:crypto';
import type { Post } from '@chat-wall/sdk/protocol';
import type { SourceSink } from '../../ingest/sink.js';
import { segmentText, tagsOf } from '../segments.js';
import type { Source, SourceHealth } from '../source.js';

/** Longest submission text, in characters (code points). */
export const MAX_TEXT = 500;
/** Longest submitter name, in characters (code points). */
export const MAX_NAME = 50;

/** One audience submission, already validated by the route. */
export interface Submission {
  tag: string;
  name: string;
  text: string;
  /** The client address; only a salted hash of it is kept, as the author id (so a ban covers it). */
  address: string;
}

/**
 * Audience submissions (`"native"`): questions people send from the wall's page. Every submission
 * is held for a moderator, whatever the wall's mode; one with a link says so in its reason.
 */
export class NativeSource implements Source {
  readonly name = 'native' as const;
  private sink: SourceSink | undefined;
  private tags = new Set<string>();
  private delivered = 0;
  private lastPostAt: string | undefined;
  /**
   * Author ids group one address's submissions without storing the address: a salted hash. The
   * salt is this process's own unless given; a cluster gives every relay the one it keeps in the
   * database, so one submitter has one author id (rate cap, bans) whichever relay they reach.
   */
  private readonly salt: string;

  constructor(
    private readonly now: () => number = Date.now,
    salt: string = randomUUID(),
  ) {
    this.salt = salt;
  }

  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  async setTags(tags: readonly string[]): Promise<void> {
    this.tags = new Set(tags);
  }

  /** Whether a wall takes submissions (lists `"native"`) and the source runs. */
  accepts(tag: string): boolean {
    return this.sink !== undefined && this.tags.has(tag);
  }

  /** Hands a submission to ingest, held for a moderator; resolves with its post id. */
  submit(submission: Submission): string {
    const id = `native:${randomUUID()}`;
    const segments = segmentText(submission.text);
    const at = new Date(this.now()).toISOString();
    const author = createHash('sha256')
      .update(`${this.salt}\u0000${submission.address}`)
      .digest('base64url')
      .slice(0, 16);
    const post: Post = {
      id,
      source: 'native',
      author: { id: author, handle: submission.name, name: submission.name, verified: false },
      text: submission.text,
      segments,
      media: [],
      createdAt: at,
      reply: false,
      repost: false,
      quote: false,
      // Routed to the wall it was sent to, whatever hashtags it carries.
      tags: [...new Set([submission.tag, ...tagsOf(segments)])],
    };
    const hasLink = segments.some((s) => s.type === 'link');
    this.delivered++;
    this.lastPostAt = at;
    this.sink?.post(post, [submission.tag], {
      hold: hasLink ? 'audience submission with a link' : 'audience submission',
    });
    return id;
  }

  health(): SourceHealth {
    return {
      state: this.sink ? 'running' : 'stopped',
      postsDelivered: this.delivered,
      ...(this.lastPostAt ? { lastPostAt: this.lastPostAt } : {}),
    };
  }
}
