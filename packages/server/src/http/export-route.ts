import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Session } from '@chat-wall/sdk/protocol';
import type { Request, Response } from 'express';
import { collectRecap, renderRecap, type RecapFormat } from '../recap/recap.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { Wall } from '../wall/wall-registry.js';

/** One rendered export, as sent: shared by every request for the same wall, log position and format. */
interface Rendered {
  body: Buffer;
  type: string;
  filename: string;
  etag: string;
}

export interface ExportCacheOptions {
  /** Rendered exports kept (the most recently used). @default 32 */
  entries?: number;
  /** Bytes of rendered exports kept, all together. @default 64 MiB */
  bytes?: number;
}

/** Bytes of the body written to the response at a time, so a large export does not sit in one write. */
const CHUNK = 64 * 1024;

/**
 * The recap export (`GET /api/walls/:tag/export`), which anyone may ask for: it reads up to 50,000
 * posts, so each rendering is kept per (wall, log epoch and seq, format, session) and served to
 * everyone until the wall's log moves on; requests that arrive while one is being built wait for
 * it; builds run one at a time, so no number of requests makes the relay read walls in parallel;
 * the body is streamed in chunks with backpressure, and a repeat request with the `ETag` gets `304`.
 */
export class ExportCache {
  private readonly done = new Map<string, Rendered>();
  private readonly building = new Map<string, Promise<Rendered>>();
  /** Builds run one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  private size = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly metrics: Metrics,
    options: ExportCacheOptions = {},
  ) {
    this.maxEntries = options.entries ?? 32;
    this.maxBytes = options.bytes ?? 64 * 1024 * 1024;
  }

  /** Answers the export of `wall` in `format` (a session's, when given). */
  async send(req: Request, res: Response, wall: Wall, format: RecapFormat, session?: Session): Promise<void> {
    const { epoch, seq, wall: info } = wall.log.snapshot;
    const key = [info.tag, epoch, seq, format, session?.id ?? ''].join('\u0000');
    const rendered = await this.get(key, () => this.render(wall, format, session));
    res.set({
      'Content-Disposition': `attachment; filename="${rendered.filename}"`,
      'Content-Type': rendered.type,
      ETag: rendered.etag,
      // Public data that changes with every post: keep it, but ask again each time.
      'Cache-Control': 'no-cache',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.set('Content-Length', String(rendered.body.length));
    await pipeline(Readable.from(chunks(rendered.body)), res);
  }

  private get(key: string, build: () => Promise<Rendered>): Promise<Rendered> {
    const hit = this.done.get(key);
    if (hit) {
      // Most recently used last.
      this.done.delete(key);
      this.done.set(key, hit);
      return Promise.resolve(hit);
    }
    const pending = this.building.get(key);
    if (pending) return pending;
    const job = this.queue.then(build);
    this.queue = job.catch(() => undefined);
    this.building.set(key, job);
    void job
      .then((rendered) => this.keep(key, rendered))
      .catch(() => undefined)
      .finally(() => this.building.delete(key));
    return job;
  }

  private keep(key: string, rendered: Rendered): void {
    // One rendering per wall, format and session: an older log position is never asked for again.
    const stem = key.split('\u0000');
    for (const [other, old] of this.done) {
      const parts = other.split('\u0000');
      if (parts[0] === stem[0] && parts[3] === stem[3] && parts[4] === stem[4]) this.drop(other, old);
    }
    this.done.set(key, rendered);
    this.size += rendered.body.length;
    for (const [oldest, old] of this.done) {
      if (this.done.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.drop(oldest, old);
    }
  }

  private drop(key: string, rendered: Rendered): void {
    this.done.delete(key);
    this.size -= rendered.body.length;
  }

  private async render(wall: Wall, format: RecapFormat, session?: Session): Promise<Rendered> {
    this.metrics.exportsRendered.inc({ format });
    const info = wall.log.snapshot.wall;
    const recap = await collectRecap(this.store, { tag: info.tag, title: info.title }, new Date(this.now()), session);
    const { body, type, filename } = renderRecap(recap, format);
    const bytes = Buffer.from(body, 'utf8');
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    return { body: bytes, type, filename, etag };
  }
}

function* chunks(body: Buffer): Generator<Buffer> {
  for (let at = 0; at < body.length; at += CHUNK) yield body.subarray(at, at + CHUNK);
}
