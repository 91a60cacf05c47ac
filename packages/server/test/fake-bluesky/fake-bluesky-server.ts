import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A Jetstream event as it travels (JSON). */
export type JetstreamJson = Record<string, unknown> & { did: string; time_us: number; kind: string };

const here = new URL('./fixtures/', import.meta.url);

/** A fixture of real Bluesky payloads (Jetstream events, records, AppView answers), parsed. */
export function fixture<T = JetstreamJson>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, here), 'utf8')) as T;
}

/** DIDs standing in for the snapshot's `user(n)` placeholders. */
export const DIDS = {
  alice: 'did:plc:aliceaaaaaaaaaaaaaaaaaaa',
  bob: 'did:plc:bobbbbbbbbbbbbbbbbbbbbbb',
  carol: 'did:plc:carolcccccccccccccccccccc',
} as const;

const encoder = new TextEncoder();
let rkeyCounter = 0;
let clockUs = 1_783_175_888_000_000;

/** A fresh record key in TID shape (13 characters of base32-sortable). */
export function nextRkey(): string {
  return `3mpt${(++rkeyCounter).toString(32).padStart(9, '2')}`;
}

/**
 * A post-create commit built on the real event in `jetstream-commit-create-post-facets-images`:
 * `text` with a tag facet (UTF-8 byte offsets, as Bluesky counts them) for every `#tag` in it,
 * unless `facets` is given. `time_us` grows with every call.
 */
export function postEvent(
  options: { text?: string; did?: string; rkey?: string; facets?: unknown[]; record?: Record<string, unknown> } = {},
): JetstreamJson {
  const base = fixture('jetstream-commit-create-post-facets-images');
  const commit = base.commit as Record<string, unknown>;
  const text = options.text ?? 'Question for the panel #askGMP';
  return {
    ...base,
    did: options.did ?? DIDS.alice,
    time_us: (clockUs += 1000),
    commit: {
      ...commit,
      rkey: options.rkey ?? nextRkey(),
      record: {
        ...(commit.record as Record<string, unknown>),
        text,
        facets: options.facets ?? tagFacets(text),
        ...options.record,
      },
    },
  };
}

/** Tag facets for the `#tags` in `text`, with byte offsets. */
export function tagFacets(text: string): unknown[] {
  const facets: unknown[] = [];
  for (const m of text.matchAll(/#(\w+)/gu)) {
    const byteStart = encoder.encode(text.slice(0, m.index)).length;
    const byteEnd = byteStart + encoder.encode(m[0]).length;
    facets.push({ index: { byteStart, byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: m[1] }] });
  }
  return facets;
}

/** A post-delete commit built on `jetstream-commit-delete-post`. */
export function deleteEvent(did: string, rkey: string): JetstreamJson {
  const base = fixture('jetstream-commit-delete-post');
  return { ...base, did, time_us: (clockUs += 1000), commit: { ...(base.commit as object), rkey } };
}

/** The AppView profiles of the snapshot `getprofiles-profiles-snapshot`, with real-looking DIDs. */
export function snapshotProfiles(): Record<string, unknown>[] {
  const raw = readFileSync(new URL('getprofiles-profiles-snapshot.json', here), 'utf8')
    .replaceAll('"user(0)"', `"${DIDS.alice}"`)
    .replaceAll('"user(3)"', `"${DIDS.bob}"`)
    .replaceAll('"user(2)"', `"${DIDS.carol}"`)
    .replaceAll(
      'https://bsky.public.url/img/avatar/plain/user(1)/cids(0)',
      'https://cdn.bsky.app/img/avatar/plain/alice/cid@jpeg',
    );
  return JSON.parse(raw) as Record<string, unknown>[];
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Client {
  ws: WebSocket;
  socket: Socket;
  collections: Set<string>;
}

/**
 * A fake Jetstream and Bluesky AppView on one port, faithful to the wire: `/subscribe` with
 * `wantedCollections` and `cursor` (events from that `time_us` on are replayed from its history,
 * then live), JSON text frames; `GET /xrpc/app.bsky.actor.getProfiles?actors=…` (at most 25).
 * Faults: drops, stalls (no frames, no pongs), refused upgrades (429/503), malformed frames,
 * duplicates and out-of-order frames (`send` what you like), AppView errors.
 */
export class FakeBluesky extends EventEmitter {
  readonly requests: string[] = [];
  /** Every event published, in `time_us` order: what a cursor replays. */
  readonly history: JetstreamJson[] = [];
  readonly profiles = new Map<string, Record<string, unknown>>();
  private readonly clients = new Set<Client>();
  private readonly faults: { prefix: string; fault: Fault }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private server!: Server;

  static async start(): Promise<FakeBluesky> {
    const fake = new FakeBluesky();
    for (const p of snapshotProfiles()) fake.profiles.set(p.did as string, p);
    fake.server = createServer((req, res) => fake.handle(req, res));
    fake.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => fake.upgrade(req, socket, head));
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  get connections(): number {
    return this.clients.size;
  }

  /** Resolves once `n` subscribers are connected. */
  async subscribed(n = 1): Promise<void> {
    while (this.clients.size < n) await once(this, 'subscribe');
  }

  /** Resolves once `n` requests starting with `prefix` were answered. */
  async answered(prefix: string, n = 1): Promise<void> {
    while (this.requests.filter((r) => r.startsWith(prefix)).length < n) await once(this, 'request');
  }

  /** The next answer to a request starting with `prefix` (`WS /subscribe`, `GET /xrpc/…`) is this fault. */
  fail(prefix: string, fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ prefix, fault });
  }

  /** Adds an event to the history and sends it to every subscriber that wants it. */
  publish(event: JetstreamJson, options: { live?: boolean } = {}): void {
    this.history.push(event);
    this.history.sort((a, b) => a.time_us - b.time_us);
    if (options.live !== false) this.send(event);
  }

  /** Sends an event to the subscribers without recording it (duplicates, out-of-order delivery). */
  send(event: JetstreamJson): void {
    for (const client of this.clients) if (this.wants(client, event)) client.ws.send(JSON.stringify(event));
  }

  /** Sends a raw text frame to every subscriber (malformed frames). */
  sendRaw(text: string): void {
    for (const client of this.clients) client.ws.send(text);
  }

  /** Cuts every subscriber's TCP connection without a close frame. */
  drop(): void {
    for (const client of this.clients) client.socket.destroy();
  }

  /** Stops reading and writing on every subscriber: no frames, no pongs, the socket stays open. */
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

  private wants(client: Client, event: JetstreamJson): boolean {
    if (event.kind !== 'commit' || client.collections.size === 0) return true;
    const collection = (event.commit as { collection?: string } | undefined)?.collection;
    return collection !== undefined && client.collections.has(collection);
  }

  private takeFault(line: string): Fault | undefined {
    const i = this.faults.findIndex((f) => line.startsWith(f.prefix));
    return i < 0 ? undefined : this.faults.splice(i, 1)[0]!.fault;
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
    if (fault)
      return done(fault.status, fault.body ?? { error: 'Fault', message: `HTTP ${fault.status}` }, fault.headers);
    if (req.method === 'GET' && url.pathname === '/xrpc/app.bsky.actor.getProfiles') {
      const actors = url.searchParams.getAll('actors');
      if (actors.length === 0 || actors.length > 25) {
        return done(400, { error: 'InvalidRequest', message: 'actors must have between 1 and 25 items' });
      }
      return done(200, { profiles: actors.flatMap((a) => this.profiles.get(a) ?? []) });
    }
    done(404, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.url);
    const line = `WS ${url.pathname}${url.search}`;
    this.requests.push(line);
    const refuse = (status: number, headers: Record<string, string> = {}): void => {
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: text/plain\r\n${extra}\r\nrefused`);
      this.emit('request', line);
    };
    if (url.pathname !== '/subscribe') return refuse(404);
    const fault = this.takeFault(line);
    if (fault) return refuse(fault.status, fault.headers);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, socket, collections: new Set(url.searchParams.getAll('wantedCollections')) };
      ws.on('close', () => this.clients.delete(client));
      socket.on('close', () => this.clients.delete(client));
      // Jetstream replays from the cursor (microseconds) before going live.
      const cursor = Number(url.searchParams.get('cursor'));
      if (cursor > 0) {
        for (const e of this.history) if (e.time_us >= cursor && this.wants(client, e)) ws.send(JSON.stringify(e));
      }
      this.clients.add(client);
      this.emit('subscribe', client);
      this.emit('request', line);
    });
  }
}
