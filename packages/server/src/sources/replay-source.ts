import { readFile } from 'node:fs/promises';
import type { Post } from '@chat-wall/sdk/protocol';
import { z } from 'zod';
import { segmentText, tagsOf } from './segments.js';
import type { Source, SourceHealth, SourceSink } from './source.js';

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** One line of a replay file: a post and when it was made, in seconds from the session's start. */
export const replayRecordSchema = z.strictObject({
  offset: z.number().min(0),
  id: z.string().min(1).max(64),
  author: z.strictObject({
    id: z.string().min(1),
    handle: z.string().min(1).max(50),
    name: z.string().max(100),
    avatar: httpsUrl.optional(),
    verified: z.boolean().default(false),
  }),
  text: z.string().max(4000),
  lang: z.string().max(20).optional(),
  reply: z.boolean().default(false),
  repost: z.boolean().default(false),
  quote: z.boolean().default(false),
  /** Id (in this file) of the record this one replies to. */
  replyTo: z.string().min(1).max(64).optional(),
  /** Id (in this file) of the record this one quotes. */
  quoteOf: z.string().min(1).max(64).optional(),
  media: z
    .array(
      z.strictObject({
        type: z.enum(['image', 'video', 'gif']),
        url: httpsUrl,
        alt: z.string().max(1000).optional(),
        width: z.number().int().positive().optional(),
        height: z.number().int().positive().optional(),
      }),
    )
    .default([]),
});
export type ReplayRecord = z.infer<typeof replayRecordSchema>;

export interface ReplayOptions {
  file: string;
  /** Playback speed factor. @default 1 */
  speed?: number;
  /** Start again from the top after the last post. @default true */
  loop?: boolean;
  /** Posts delivered at once on start. @default 0 */
  backlog?: number;
  /** Called for each line that is not a valid record (1-based line number). */
  onInvalidLine?: (line: number, message: string) => void;
}

/** Pause between the end of a loop and the next one, in session seconds. */
const LOOP_GAP_SECONDS = 5;

/**
 * Plays a recorded session (JSONL) with its original timing, for demos and rehearsals.
 * Every post goes to every wall that uses the replay source; each loop gets fresh post ids.
 */
export class ReplaySource implements Source {
  readonly name = 'replay' as const;
  private records: ReplayRecord[] = [];
  private tags: readonly string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private status: SourceHealth = { state: 'idle', postsDelivered: 0 };
  private readonly speed: number;
  /** Bumped by start() and stop(), so a start() that finishes after stop() does nothing. */
  private generation = 0;

  constructor(private readonly options: ReplayOptions) {
    this.speed = options.speed ?? 1;
  }

  /** Reads and validates a replay file; invalid lines are reported and skipped. */
  static async read(file: string, onInvalidLine?: ReplayOptions['onInvalidLine']): Promise<ReplayRecord[]> {
    // Editors on some systems save UTF-8 with a byte order mark; JSON.parse refuses it.
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const records: ReplayRecord[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        onInvalidLine?.(i + 1, `not JSON: ${(err as Error).message}`);
        return;
      }
      const parsed = replayRecordSchema.safeParse(json);
      if (parsed.success) records.push(parsed.data);
      else onInvalidLine?.(i + 1, parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '));
    });
    return records.sort((a, b) => a.offset - b.offset);
  }

  async start(sink: SourceSink): Promise<void> {
    const generation = ++this.generation;
    let records: ReplayRecord[];
    try {
      records = await ReplaySource.read(this.options.file, this.options.onInvalidLine);
    } catch (err) {
      // A missing file fails this source only; the relay and its other sources keep running.
      const detail = `Cannot read replay file ${this.options.file}: ${(err as Error).message}`;
      this.status = { ...this.status, state: 'failed', detail };
      return;
    }
    // stop() was called while the file was being read.
    if (generation !== this.generation) return;
    this.records = records;
    if (this.records.length === 0) {
      this.status = { ...this.status, state: 'failed', detail: `No valid posts in ${this.options.file}` };
      return;
    }
    this.status = { ...this.status, state: 'running', detail: undefined };
    const backlog = Math.min(this.options.backlog ?? 0, this.records.length);
    // The session's timeline starts so that the last backlog post is "now".
    const start = Date.now() - (backlog > 0 ? this.elapsed(this.records[backlog - 1]!) : 0);
    for (let i = 0; i < backlog; i++) {
      const record = this.records[i]!;
      this.deliver(sink, record, 0, new Date(start + this.elapsed(record)));
    }
    this.schedule(sink, backlog, 0, start);
  }

  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.status = { ...this.status, state: 'stopped' };
  }

  async setTags(tags: readonly string[]): Promise<void> {
    this.tags = [...tags];
  }

  health(): SourceHealth {
    return { ...this.status };
  }

  /** Milliseconds from the session's first post to `record`, at this speed. */
  private elapsed(record: ReplayRecord): number {
    return ((record.offset - this.records[0]!.offset) / this.speed) * 1000;
  }

  /**
   * Delivers every post that is due and sets one timer for the next. Due times are absolute
   * (`start` + offset / speed), so timer lateness never adds up over a long session.
   */
  private schedule(sink: SourceSink, index: number, loop: number, start: number): void {
    while (this.status.state === 'running') {
      if (index >= this.records.length) {
        if (!(this.options.loop ?? true)) {
          this.status = { ...this.status, state: 'stopped', detail: 'Replay finished' };
          return;
        }
        start += this.elapsed(this.records.at(-1)!) + (LOOP_GAP_SECONDS / this.speed) * 1000;
        index = 0;
        loop++;
        continue;
      }
      const record = this.records[index]!;
      const due = start + this.elapsed(record);
      const wait = due - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.schedule(sink, index, loop, start), wait);
        return;
      }
      this.deliver(sink, record, loop, new Date(due));
      index++;
    }
  }

  private deliver(sink: SourceSink, record: ReplayRecord, loop: number, createdAt: Date): void {
    const nativeId = loop === 0 ? record.id : `${record.id}~${loop}`;
    const segments = segmentText(record.text);
    const post: Post = {
      id: `replay:${nativeId}`,
      source: 'replay',
      author: { ...record.author, verified: record.author.verified },
      text: record.text,
      segments,
      media: record.media,
      createdAt: createdAt.toISOString(),
      reply: record.reply,
      repost: record.repost,
      quote: record.quote,
      // References point into the same pass through the file.
      ...(record.replyTo ? { replyTo: `replay:${loop === 0 ? record.replyTo : `${record.replyTo}~${loop}`}` } : {}),
      ...(record.quoteOf ? { quoteOf: `replay:${loop === 0 ? record.quoteOf : `${record.quoteOf}~${loop}`}` } : {}),
      tags: tagsOf(segments),
      ...(record.lang ? { lang: record.lang } : {}),
    };
    this.status = {
      ...this.status,
      postsDelivered: this.status.postsDelivered + 1,
      lastPostAt: post.createdAt,
    };
    sink.post(post, this.tags);
  }
}
