import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A status as Mastodon's REST API and streaming payloads carry it (JSON). */
export type StatusJson = Record<string, unknown> & { id: string; uri: string; tags: { name: string }[] };

const here = new URL('./fixtures/', import.meta.url);

/** A fixture of real Mastodon payloads, parsed. */
export function fixture<T = StatusJson>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, here), 'utf8')) as T;
}

let counter = 0;

/**
 * A status built on the documented example (`status-example.json`): a hashtag anchor in
 * Mastodon's own markup for each tag, the given text before it, an id that grows with every call.
 */
export function makeStatus(
  options: {
    text?: string;
    tags?: string[];
    id?: string;
    uri?: string;
    origin?: string;
    extra?: Record<string, unknown>;
  } = {},
): StatusJson {
  const base = fixture('status-example');
  const id = options.id ?? String(110_000_000_000_000_000n + BigInt(++counter));
  const origin = options.origin ?? 'https://mastodon.example';
  const tags = options.tags ?? ['askgmp'];
  const anchors = tags
    .map((t) => `<a href="${origin}/tags/${t}" class="mention hashtag" rel="tag">#<span>${t}</span></a>`)
    .join(' ');
  return {
    ...base,
    id,
    uri: options.uri ?? `${origin}/users/Gargron/statuses/${id}`,
    url: `${origin}/@Gargron/${id}`,
    content: `<p>${options.text ?? `Question ${counter}`} ${anchors}</p>`,
    tags: tags.map((name) => ({ name, url: `${origin}/tags/${name}` })),
    ...options.extra,
  } as StatusJson;
}

/** A scripted refusal: status, headers and body of the next answer(s) to a path prefix. */
export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeMastodonOptions {
  /** The token the instance accepts. @default 'mastodon-token' */
  token?: string;
  /** Streams need a token (Mastodon ≥ 4.2 on most instances). @default true */
  streamingNeedsToken?: boolean;
  /** Answer `/api/v2/instance` with 404, as a web server that is not Mastodon would. */
  notMastodon?: boolean;
}

interface Client {
  ws: WebSocket;
  socket: Socket;
  tags: Set<string>;
}

/**
 * A fake Mastodon instance, faithful to the wire: `GET /api/v2/instance`, the hashtag timeline
 * (`min_id`/`max_id`/`limit`, newest first, `Link` and `X-RateLimit-*` headers, bearer tokens),
 * and the streaming WebSocket (`/api/v1/streaming?stream=hashtag&tag=…` or `subscribe` messages,
 * frames `{ stream, event, payload }` with the status as a JSON string). Faults: drops, stalls
 * (no frames, no pongs), 429/503 with rate-limit headers, refused tokens, malformed frames,
 * duplicates and out-of-order delivery (publish what you like, in any order).
 */
export class FakeMastodon extends EventEmitter {
  /** Every request as `METHOD /path?query`, in order. */
  readonly requests: string[] = [];
  readonly statuses: StatusJson[] = [];
  streamAttempts = 0;
  rateLimit = { limit: 300, remaining: 300, reset: new Date(Date.now() + 300_000).toISOString() };
  private readonly clients = new Set<Client>();
  private readonly faults: { prefix: string; fault: Fault }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private server!: Server;
  readonly token: string;

  private constructor(private readonly options: FakeMastodonOptions) {
    super();
    this.token = options.token ?? 'mastodon-token';
  }

  static async start(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
    const fake = new FakeMastodon(options);
    fake.server = createServer((req, res) => fake.handle(req, res));
    fake.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => fake.upgrade(req, socket, head));
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  get openStreams(): number {
    return this.clients.size;
  }

  /** Resolves once `n` streams are open (for `tag`, if given). */
  async streaming(n = 1, tag?: string): Promise<void> {
    const count = (): number => [...this.clients].filter((c) => !tag || c.tags.has(tag)).length;
    while (count() < n) await once(this, 'stream');
  }

  /** Resolves once `n` requests starting with `prefix` have been answered. */
  async answered(prefix: string, n = 1): Promise<void> {
    while (this.requests.filter((r) => r.startsWith(prefix)).length < n) await once(this, 'request');
  }

  /** The next answer to a request starting with `prefix` (e.g. `GET /api/v1/timelines`) is this fault. */
  fail(prefix: string, fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ prefix, fault });
  }

  /** Adds a status to the timeline and streams it to every client following one of its tags. */
  publish(status: StatusJson, options: { stream?: boolean } = {}): void {
    this.statuses.push(status);
    if (options.stream !== false) this.update(status);
  }

  /** Streams an `update` without touching the timeline (duplicates, out-of-order delivery). */
  update(status: StatusJson): void {
    const tags = status.tags.map((t) => t.name.toLowerCase());
    for (const client of this.clients) {
      const tag = tags.find((t) => client.tags.has(t));
      if (tag)
        client.ws.send(JSON.stringify({ stream: ['hashtag', tag], event: 'update', payload: JSON.stringify(status) }));
    }
  }

  /** Deletes a status: gone from the timeline, and a `delete` event (its local id) on every stream. */
  delete(id: string): void {
    const i = this.statuses.findIndex((s) => s.id === id);
    if (i >= 0) this.statuses.splice(i, 1);
    for (const client of this.clients) {
      for (const tag of client.tags)
        client.ws.send(JSON.stringify({ stream: ['hashtag', tag], event: 'delete', payload: id }));
    }
  }

  /** Sends a raw text frame to every stream (malformed frames). */
  sendRaw(text: string): void {
    for (const client of this.clients) client.ws.send(text);
  }

  /** Cuts every stream's TCP connection without a close frame. */
  drop(): void {
    for (const client of this.clients) client.socket.destroy();
  }

  /** Stops reading and writing on every stream: no frames, no pongs, the socket stays open. */
  stall(): void {
    for (const client of this.clients) client.socket.pause();
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.destroy();
    this.wss.close();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private authorised(req: IncomingMessage, query: URLSearchParams): 'ok' | 'missing' | 'wrong' {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice(7)
      : (query.get('access_token') ?? req.headers['sec-websocket-protocol']);
    if (!token) return 'missing';
    return token === this.token ? 'ok' : 'wrong';
  }

  private takeFault(line: string): Fault | undefined {
    const i = this.faults.findIndex((f) => line.startsWith(f.prefix));
    if (i < 0) return undefined;
    return this.faults.splice(i, 1)[0]!.fault;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const line = `${req.method} ${url.pathname}${url.search}`;
    this.requests.push(line);
    const done = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
      this.emit('request', line);
    };
    const fault = this.takeFault(line);
    if (fault) return done(fault.status, fault.body ?? { error: `HTTP ${fault.status}` }, fault.headers);
    if (url.pathname === '/api/v2/instance') {
      if (this.options.notMastodon)
        return done(404, '<!doctype html><title>Not found</title>', { 'content-type': 'text/html' });
      return done(200, {
        domain: this.host,
        title: 'Fake Mastodon',
        version: '4.3.0',
        configuration: { urls: { streaming: this.url.replace(/^http/, 'ws') } },
      });
    }
    const timeline = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && timeline) {
      if (this.authorised(req, url.searchParams) === 'wrong')
        return done(401, { error: 'The access token is invalid' });
      if (this.rateLimit.remaining <= 0) {
        return done(429, { error: 'Too many requests' }, this.rateHeaders());
      }
      this.rateLimit.remaining--;
      const tag = decodeURIComponent(timeline[1]!).toLowerCase();
      return done(200, ...this.timeline(tag, url));
    }
    done(404, { error: 'Record not found' });
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.rateLimit.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.rateLimit.remaining)),
      'x-ratelimit-reset': this.rateLimit.reset,
    };
  }

  /** Mastodon's paging: newest first; `min_id` gives the page just after it, `max_id` the page before. */
  private timeline(tag: string, url: URL): [StatusJson[], Record<string, string>] {
    const q = url.searchParams;
    const limit = Math.min(40, Math.max(1, Number(q.get('limit') ?? 20)));
    const cmp = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    let list = this.statuses
      .filter((s) => s.tags.some((t) => t.name.toLowerCase() === tag))
      .sort((a, b) => cmp(a.id, b.id));
    const minId = q.get('min_id');
    const maxId = q.get('max_id');
    if (maxId) list = list.filter((s) => cmp(s.id, maxId) < 0);
    if (minId) list = list.filter((s) => cmp(s.id, minId) > 0).slice(0, limit);
    else list = list.slice(-limit);
    const page = list.reverse();
    const headers = this.rateHeaders();
    if (page.length > 0) {
      const base = `${this.url}${url.pathname}`;
      headers.link = `<${base}?max_id=${page[page.length - 1]!.id}>; rel="next", <${base}?min_id=${page[0]!.id}>; rel="prev"`;
    }
    return [page, headers];
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.url);
    this.streamAttempts++;
    this.requests.push(`WS ${url.pathname}${url.search}`);
    const refuse = (status: number, headers: Record<string, string> = {}): void => {
      const lines = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\n${lines}\r\n{"error":"refused"}`);
      this.emit('request', `WS ${url.pathname}`);
    };
    if (url.pathname !== '/api/v1/streaming') return refuse(404);
    const fault = this.takeFault(`WS ${url.pathname}`);
    if (fault) return refuse(fault.status, fault.headers);
    const auth = this.authorised(req, url.searchParams);
    if (auth === 'wrong' || (auth === 'missing' && this.options.streamingNeedsToken !== false)) return refuse(401);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, socket, tags: new Set() };
      const tag = url.searchParams.get('tag');
      if (url.searchParams.get('stream') === 'hashtag' && tag) client.tags.add(tag.toLowerCase());
      ws.on('message', (data) => this.onClientMessage(client, String(data)));
      ws.on('close', () => this.clients.delete(client));
      socket.on('close', () => this.clients.delete(client));
      this.clients.add(client);
      this.emit('stream', client);
    });
  }

  private onClientMessage(client: Client, text: string): void {
    try {
      const msg = JSON.parse(text) as { type?: string; stream?: string; tag?: string };
      if (msg.stream !== 'hashtag' || !msg.tag) {
        client.ws.send(JSON.stringify({ error: 'Unknown stream type', status: 400 }));
        return;
      }
      if (msg.type === 'subscribe') client.tags.add(msg.tag.toLowerCase());
      if (msg.type === 'unsubscribe') client.tags.delete(msg.tag.toLowerCase());
    } catch {
      client.ws.send(JSON.stringify({ error: 'Malformed message', status: 400 }));
    }
  }
}
