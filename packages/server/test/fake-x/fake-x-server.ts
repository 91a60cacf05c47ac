import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_USER, fixture, type XTweetJson } from './x-posts.js';

interface Rule {
  id: string;
  value: string;
  tag?: string;
}

interface Archived {
  tweet: XTweetJson;
  includes: Record<string, unknown[]>;
}

/** A scripted answer for the next stream connection attempt(s). */
export interface StreamFault {
  status: number;
  body: unknown;
}

/**
 * A fake of the parts of X API v2 the relay uses, faithful to X's wire format: bearer auth with
 * X's problem bodies, stream rules GET/POST (add/delete) with X's response shapes, the filtered
 * stream (`\r\n`-framed JSON, keep-alives, one connection per app) and recent search with
 * `since_id` and `next_token` pagination. Faults are injected by the test: drops, stalls, HTTP
 * errors, malformed lines, UTF-8 split across chunks, duplicates and out-of-order posts.
 */
export class FakeXApi extends EventEmitter {
  readonly rules: Rule[] = [];
  readonly archive: Archived[] = [];
  /** Every request as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  /** Stream connection attempts (any outcome) and accepted connections. */
  streamAttempts = 0;
  streamConnects = 0;
  maxConcurrentStreams = 0;
  private readonly streams = new Set<ServerResponse>();
  private readonly streamFaults: StreamFault[] = [];
  private readonly restFaults: { prefix: string; fault: StreamFault }[] = [];
  private nextRuleId = 1_700_000_000_000_000_000n;
  private server!: Server;

  private constructor(readonly token: string) {
    super();
  }

  static async start(token = 'test-bearer-token'): Promise<FakeXApi> {
    const api = new FakeXApi(token);
    api.server = createServer((req, res) => api.handle(req, res));
    api.server.listen(0, '127.0.0.1');
    await once(api.server, 'listening');
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Open stream connections right now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Resolves when the `n`-th accepted stream connection (counted from the start) is open. */
  async connected(n = 1): Promise<void> {
    while (this.streamConnects < n || this.streams.size === 0) await once(this, 'stream-open');
  }

  /** Resolves when the stream has had `n` attempts in total. */
  async attempts(n: number): Promise<void> {
    while (this.streamAttempts < n) await once(this, 'stream-attempt');
  }

  /** Resolves when a request whose `METHOD /path` starts with `prefix` has been answered `n` times. */
  async answered(prefix: string, n = 1): Promise<void> {
    while (this.requests.filter((r) => r.startsWith(prefix)).length < n) await once(this, 'answered');
  }

  /** The next stream connection attempts get these answers, in order. */
  failStream(...faults: StreamFault[]): void {
    this.streamFaults.push(...faults);
  }

  /** The next request whose path starts with `prefix` gets this answer. */
  failRequest(prefix: string, fault: StreamFault): void {
    this.restFaults.push({ prefix, fault });
  }

  /** Posts a post on the stream (matching rules computed from the rules, unless given) and archives it. */
  send(tweet: XTweetJson, options: { matchingRules?: unknown[]; includes?: Record<string, unknown[]> } = {}): void {
    this.write(`${JSON.stringify(this.message(tweet, options))}\r\n`);
  }

  /** Post ids deleted on X: the post lookup answers them "not found". */
  readonly deleted = new Set<string>();

  /** Deletes a post: it stays in no answer; the stream says nothing (as on X). */
  deleteTweet(id: string): void {
    this.deleted.add(id);
  }

  /** A post only in the archive (posted while the relay was away), found by recent search. */
  post(tweet: XTweetJson, includes: Record<string, unknown[]> = {}): void {
    this.archive.push({ tweet, includes: { users: [DEFAULT_USER], ...includes } });
  }

  /** The stream line of a post, as bytes, split in the middle of its first multi-byte character. */
  sendSplit(tweet: XTweetJson): void {
    const bytes = Buffer.from(`${JSON.stringify(this.message(tweet, {}))}\r\n`, 'utf8');
    const cut = bytes.findIndex((b) => b >= 0xc0) + 1; // just after a lead byte
    if (cut <= 0) throw new Error('sendSplit needs a post with a multi-byte character');
    // Each write is its own HTTP chunk: the client sees two data events.
    this.write(bytes.subarray(0, cut));
    this.write(bytes.subarray(cut));
  }

  /** Raw text on the stream (for malformed lines and error messages). */
  sendRaw(text: string): void {
    this.write(text);
  }

  keepAlive(): void {
    this.write('\r\n');
  }

  /** X's operational-disconnect message, then the connection ends. */
  operationalDisconnect(): void {
    this.write(`${JSON.stringify(fixture('error-stream-operational-disconnect.json'))}\r\n`);
    for (const res of this.streams) res.end();
  }

  /** Cuts every stream connection at the TCP level. */
  drop(): void {
    for (const res of this.streams) res.socket?.destroy();
  }

  async close(): Promise<void> {
    this.drop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private message(tweet: XTweetJson, options: { matchingRules?: unknown[]; includes?: Record<string, unknown[]> }) {
    const includes = { users: [DEFAULT_USER], ...options.includes };
    this.archive.push({ tweet, includes });
    const matching =
      options.matchingRules ??
      this.rules.filter((r) => matches(r.value, tweet)).map(({ id, tag }) => ({ id, tag: tag ?? '' }));
    return { data: tweet, includes, matching_rules: matching };
  }

  private write(chunk: string | Buffer): void {
    for (const res of this.streams) res.write(chunk);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}`;
    const done = (): void => {
      this.requests.push(key);
      this.emit('answered');
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      done();
      return problem(res, 401, fixture('error-401-unauthorized.json'));
    }
    if (key === 'GET /2/tweets/search/stream') return this.stream(res, done);
    const fault = this.restFaults.findIndex((f) => key.startsWith(f.prefix));
    if (fault >= 0) {
      const f = this.restFaults.splice(fault, 1)[0]!.fault;
      done();
      return problem(res, f.status, f.body);
    }
    if (key === 'GET /2/tweets/search/stream/rules') {
      done();
      const sent = new Date().toISOString();
      return json(
        res,
        200,
        this.rules.length
          ? { data: this.rules, meta: { sent, result_count: this.rules.length } }
          : { meta: { sent, result_count: 0 } },
      );
    }
    if (key === 'POST /2/tweets/search/stream/rules') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        done();
        this.updateRules(res, Buffer.concat(chunks).toString('utf8'));
      });
      return;
    }
    if (key === 'GET /2/tweets') {
      done();
      return this.lookup(res, url.searchParams);
    }
    if (key === 'GET /2/tweets/search/recent') {
      done();
      return this.search(res, url.searchParams);
    }
    done();
    problem(res, 404, { title: 'Not Found Error', detail: `No route ${key}`, type: 'about:blank', status: 404 });
  }

  /** `GET /2/tweets?ids=`: the posts that still exist, and X's partial error for each that does not. */
  private lookup(res: ServerResponse, q: URLSearchParams): void {
    const ids = (q.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 100) return problem(res, 400, fixture('error-400-invalid-request.json'));
    const template = (fixture('error-partial-resource-not-found.json') as { errors: Record<string, unknown>[] })
      .errors[0]!;
    const data: XTweetJson[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of ids) {
      const found = this.deleted.has(id) ? undefined : this.archive.find((a) => a.tweet.id === id);
      if (found) data.push(found.tweet);
      else errors.push({ ...template, resource_id: id, detail: `Could not find tweet with id: [${id}].` });
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ ...(data.length ? { data } : {}), ...(errors.length ? { errors } : {}) }));
  }

  private stream(res: ServerResponse, done: () => void): void {
    this.streamAttempts++;
    this.emit('stream-attempt');
    const fault = this.streamFaults.shift();
    if (fault) {
      done();
      return problem(res, fault.status, fault.body);
    }
    if (this.streams.size > 0) {
      done();
      return problem(res, 429, fixture('error-stream-too-many-connections.json'));
    }
    this.streamConnects++;
    this.streams.add(res);
    this.maxConcurrentStreams = Math.max(this.maxConcurrentStreams, this.streams.size);
    res.on('close', () => {
      this.streams.delete(res);
      this.emit('stream-closed');
    });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.flushHeaders();
    done();
    this.emit('stream-open');
  }

  private updateRules(res: ServerResponse, text: string): void {
    const sent = new Date().toISOString();
    let body: { add?: { value?: unknown; tag?: unknown }[]; delete?: { ids?: unknown[] } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return problem(res, 400, fixture('stream-rules-error-invalid-request.json'));
    }
    if (Array.isArray(body.add) && body.add.length > 0) {
      const created: Rule[] = [];
      const errors: unknown[] = [];
      for (const r of body.add) {
        const value = String(r.value);
        const dup = this.rules.find((x) => x.value === value);
        if (dup) {
          errors.push({
            value,
            id: dup.id,
            title: 'DuplicateRule',
            type: 'https://api.x.com/2/problems/duplicate-rules',
          });
          continue;
        }
        const rule: Rule = {
          id: String(this.nextRuleId++),
          value,
          ...(typeof r.tag === 'string' ? { tag: r.tag } : {}),
        };
        this.rules.push(rule);
        created.push(rule);
      }
      const summary = {
        created: created.length,
        not_created: errors.length,
        valid: created.length,
        invalid: errors.length,
      };
      return json(res, 200, {
        ...(created.length ? { data: created } : {}),
        meta: { sent, summary },
        ...(errors.length ? { errors } : {}),
      });
    }
    const ids = body.delete?.ids;
    if (Array.isArray(ids) && ids.length > 0) {
      let deleted = 0;
      for (const id of ids) {
        const i = this.rules.findIndex((r) => r.id === String(id));
        if (i >= 0) {
          this.rules.splice(i, 1);
          deleted++;
        }
      }
      return json(res, 200, { meta: { sent, summary: { deleted, not_deleted: ids.length - deleted } } });
    }
    problem(res, 400, fixture('stream-rules-error-invalid-request.json'));
  }

  private search(res: ServerResponse, params: URLSearchParams): void {
    const query = params.get('query');
    const max = Number(params.get('max_results') ?? 10);
    if (!query) return problem(res, 400, fixture('error-400-invalid-request.json'));
    if (!Number.isInteger(max) || max < 10 || max > 100) {
      return problem(res, 400, {
        title: 'Invalid Request',
        detail: `The \`max_results\` query parameter value [${max}] is not between 10 and 100`,
        type: 'https://api.x.com/2/problems/invalid-request',
      });
    }
    const since = params.get('since_id');
    const offset = Number(Buffer.from(params.get('next_token') ?? 'MA', 'base64url').toString() || 0);
    const seen = new Set<string>();
    const found = this.archive
      .filter(({ tweet }) => matches(query, tweet) && (!since || BigInt(tweet.id) > BigInt(since)))
      .filter(({ tweet }) => !seen.has(tweet.id) && seen.add(tweet.id))
      .sort((a, b) => (BigInt(b.tweet.id) > BigInt(a.tweet.id) ? 1 : -1));
    const page = found.slice(offset, offset + max);
    if (page.length === 0) return json(res, 200, { meta: { result_count: 0 } });
    const users = new Map<string, unknown>();
    for (const { includes } of page) for (const u of (includes.users ?? []) as { id: string }[]) users.set(u.id, u);
    const more = offset + max < found.length;
    json(res, 200, {
      data: page.map((p) => p.tweet),
      includes: { users: [...users.values()] },
      meta: {
        newest_id: page[0]!.tweet.id,
        oldest_id: page.at(-1)!.tweet.id,
        result_count: page.length,
        ...(more ? { next_token: Buffer.from(String(offset + max)).toString('base64url') } : {}),
      },
    });
  }
}

/** Whether a rule or query (`#tag`, `-is:retweet`, `lang:xx`, `(lang:a OR lang:b)`) matches a post. */
export function matches(rule: string, tweet: XTweetJson): boolean {
  const tag = /#([\p{L}\p{M}\p{N}_]+)/u.exec(rule)?.[1]?.toLowerCase();
  if (!tag) return false;
  const tags = (tweet.entities?.hashtags ?? []).map((h) => h.tag.toLowerCase());
  if (!tags.includes(tag)) return false;
  if (rule.includes('-is:retweet') && tweet.referenced_tweets?.some((r) => r.type === 'retweeted')) return false;
  const langs = [...rule.matchAll(/lang:([a-z-]+)/gi)].map((m) => m[1]!.toLowerCase());
  return langs.length === 0 || langs.includes((tweet.lang ?? '').toLowerCase());
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(body));
}
