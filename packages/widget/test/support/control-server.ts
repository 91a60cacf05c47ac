// Runs in Node (vitest global setup). Lets browser tests start real relays and drive them over
// loopback HTTP: push posts through the relay's source, remove or mark posts through its wall log,
// cut viewer connections. Every relay is a real `Relay` with a real socket.io server.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Media, Post, PostPatch, WallInfo } from '@chat-wall/sdk/protocol';
import { makePost, startRelay, type TestRelay } from '../../../server/test/support/util.js';

/** A post a test asks for: `makePost(n, text)` plus a few overrides. */
export interface PostSpec {
  n: number;
  text?: string;
  author?: Partial<Post['author']>;
  media?: Media[];
  url?: string;
  lang?: string;
  /** Q&A fields, as the relay's ingest would have set them (posts appended with `/log-posts`). */
  host?: boolean;
  thread?: Post['thread'];
  ask?: Post['ask'];
  createdAt?: string;
  sensitive?: boolean;
  contentWarning?: string;
}

export interface ControlServer {
  url: string;
  /** A relay started with the control server, serving `#askGMP` with posts 1 to 3. */
  defaultRelay: TestRelay;
  close(): Promise<void>;
}

export async function startControlServer(): Promise<ControlServer> {
  const relays = new Map<string, TestRelay>();
  let nextId = 0;

  const routes: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    async 'POST /relays'(body) {
      const tags = (body.walls as string[] | undefined) ?? ['askGMP'];
      const maxPosts = body.maxPosts as number | undefined;
      // `native`: the walls also take audience questions (`POST /api/walls/:tag/submissions`).
      const sources = body.native ? ['replay', 'native'] : ['replay'];
      const relay = await startRelay({
        walls: tags.map((tag) => ({ tag, sources, moderation: 'post', ...(maxPosts ? { maxPosts } : {}) })),
        replay: { file: 'fed-by-the-test.jsonl' },
      });
      const id = String(++nextId);
      relays.set(id, relay);
      return { id, url: relay.url };
    },
    async 'POST /posts'(body) {
      const relay = find(body);
      const posts = (body.posts as PostSpec[]).map(toPost);
      relay.source.push(...posts);
      await relay.relay.ingest.drain();
      return { ids: posts.map((p) => p.id) };
    },
    async 'POST /remove'(body) {
      await wallOf(body).log.append({ type: 'post.removed', id: String(body.id) });
      return {};
    },
    async 'POST /update'(body) {
      await wallOf(body).log.append({ type: 'post.updated', id: String(body.id), patch: body.patch as PostPatch });
      return {};
    },
    // Posts straight into the wall log, with the Q&A fields a test sets, past ingest's own rules.
    async 'POST /log-posts'(body) {
      const wall = wallOf(body);
      const posts = (body.posts as PostSpec[]).map(toPost);
      for (const post of posts) await wall.log.append({ type: 'post.added', post });
      return { ids: posts.map((p) => p.id) };
    },
    // The wall's held posts (the moderators' queue), oldest first.
    async 'POST /held'(body) {
      const tag = String(body.tag ?? 'askGMP').toLowerCase();
      const held = await find(body).relay.store.listPosts(tag, { status: ['held'], limit: 100 });
      return { posts: held.map((h) => ({ ...h.post, reason: h.reason })) };
    },
    async 'POST /wall'(body) {
      await wallOf(body).log.append({ type: 'wall.updated', wall: body.wall as Partial<Omit<WallInfo, 'tag'>> });
      return {};
    },
    async 'POST /drop'(body) {
      const sockets = [...find(body).relay.io.of('/walls').sockets.values()];
      sockets.forEach((s) => s.conn.close());
      return { dropped: sockets.length };
    },
    async 'POST /close'(body) {
      const relay = find(body);
      relays.delete(String(body.relay));
      await relay.close();
      return {};
    },
    async 'POST /closed-port'() {
      // A port that was just free: connecting to it is refused.
      const probe = createServer().listen(0, '127.0.0.1');
      await once(probe, 'listening');
      const { port } = probe.address() as AddressInfo;
      await new Promise((resolve) => probe.close(resolve));
      return { url: `http://127.0.0.1:${port}` };
    },
  };

  function find(body: Record<string, unknown>): TestRelay {
    const relay = relays.get(String(body.relay));
    if (!relay) throw new Error(`no relay ${String(body.relay)}`);
    return relay;
  }
  function wallOf(body: Record<string, unknown>) {
    const wall = find(body).relay.walls.get(String(body.tag ?? 'askGMP'));
    if (!wall) throw new Error(`no wall ${String(body.tag)}`);
    return wall;
  }

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    // A picture for media tests: `/picture.svg?hue=<0-359>&label=<text>`, a gradient with a label.
    if (req.method === 'GET' && req.url?.startsWith('/picture.svg')) {
      const query = new URL(req.url, 'http://x').searchParams;
      const hue = Number(query.get('hue')) % 360 || 0;
      const label = (query.get('label') ?? '').replace(/[^\w .,-]/g, '').slice(0, 40);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 160 90"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 60%)"/><stop offset="1" stop-color="hsl(${hue + 60} 60% 35%)"/></linearGradient></defs><rect width="160" height="90" fill="url(#g)"/><circle cx="120" cy="30" r="14" fill="hsl(${hue + 180} 80% 85%)"/><text x="10" y="80" font-family="sans-serif" font-size="10" fill="#fff">${label}</text></svg>`;
      return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(svg);
    }
    const route = routes[`${req.method} ${req.url}`];
    if (!route) return void res.writeHead(404).end();
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const result = await route(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end((err as Error).message);
    }
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  const { url: defaultUrl } = (await routes['POST /relays']!({})) as { url: string };
  const defaultRelay = [...relays.values()][0]!;
  defaultRelay.source.push(makePost(1), makePost(2), makePost(3));
  await defaultRelay.relay.ingest.drain();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    defaultRelay: { ...defaultRelay, url: defaultUrl },
    async close() {
      await Promise.all([...relays.values()].map((r) => r.close()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function toPost(spec: PostSpec): Post {
  const base = makePost(spec.n, spec.text);
  return {
    ...base,
    author: { ...base.author, ...spec.author },
    ...(spec.media ? { media: spec.media } : {}),
    ...(spec.url ? { url: spec.url } : {}),
    ...(spec.lang ? { lang: spec.lang } : {}),
    ...(spec.host !== undefined ? { host: spec.host } : {}),
    ...(spec.thread ? { thread: spec.thread } : {}),
    ...(spec.ask ? { ask: spec.ask } : {}),
    ...(spec.createdAt ? { createdAt: spec.createdAt } : {}),
    ...(spec.sensitive ? { sensitive: true } : {}),
    ...(spec.contentWarning ? { contentWarning: spec.contentWarning } : {}),
  };
}
