import type { Post } from '@chat-wall/sdk/protocol';
import { connectWall, VIEWER_NAMESPACE, type Wall, type WallEvents } from '@chat-wall/sdk';
import { io, type Socket } from 'socket.io-client';
import { pino } from 'pino';
import { systemClock, type Clock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { Relay, type RelayOptions } from '../../src/relay.js';
import { segmentText, tagsOf } from '../../src/sources/segments.js';
import { ManualSource } from './manual-source.js';

export const silent = pino({ level: 'silent' });

/** The system clock, except that `now` is the test's reading; timers still run in real time. */
export function clockReading(now: () => number): Clock {
  return { ...systemClock, now };
}

/** A post as the replay source would make it, numbered `n`. */
export function makePost(
  n: number,
  text = `Question ${n} for the panel #askGMP`,
  source: Post['source'] = 'replay',
): Post {
  const segments = segmentText(text);
  return {
    id: `${source}:${n}`,
    source,
    author: { id: `u${n % 7}`, handle: `user${n % 7}`, name: `User ${n % 7}`, verified: false },
    text,
    segments,
    media: [],
    createdAt: new Date(Date.UTC(2026, 10, 1, 12, 0, n)).toISOString(),
    reply: false,
    repost: false,
    quote: false,
    tags: tagsOf(segments),
  };
}

/** One post-moderated wall fed by the test's {@linkcode ManualSource} (it stands in for replay). */
export const DEFAULT_CONFIG = {
  walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post' }],
  replay: { file: 'fed-by-the-test.jsonl' },
};

export interface TestRelay {
  relay: Relay;
  url: string;
  source: ManualSource;
  close(): Promise<void>;
}

/** A real relay on 127.0.0.1, port 0, fed by a {@linkcode ManualSource} the test drives. */
export async function startRelay(
  rawConfig: unknown = DEFAULT_CONFIG,
  options: Partial<RelayOptions> & { port?: number } = {},
): Promise<TestRelay> {
  const config = parseConfig(rawConfig);
  const source = new ManualSource();
  const { port = 0, ...rest } = options;
  const relay = await Relay.create({ config, logger: silent, sources: [source], ...rest });
  const url = await relay.listen(port, '127.0.0.1');
  return { relay, url, source, close: () => relay.close() };
}

/** Resolves with the first payload of `type` that satisfies `predicate`. */
export function waitFor<K extends keyof WallEvents>(
  wall: Wall,
  type: K,
  predicate: (payload: WallEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<WallEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for "${type}" on ${wall.tag}`));
    }, timeoutMs);
    const off = wall.on(type, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves once the wall's state has reached `seq`. */
export function waitForSeq(wall: Wall, seq: number): Promise<unknown> {
  if ((wall.state?.seq ?? -1) >= seq) return Promise.resolve();
  return waitFor(wall, 'state', (s) => s.seq >= seq);
}

/** An SDK client on its own connection. */
export function client(url: string, tag = 'askGMP'): Wall {
  return connectWall({ server: url, tag, forceNew: true, reconnectionDelayMax: 200 });
}

/** A request to the relay's `/api…` routes, with a bearer token and a JSON body when given. */
export function api(
  t: { url: string },
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${t.url}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** A raw socket.io client on the viewer namespace, connected: it can send anything, unlike the SDK. */
export async function rawViewerSocket(url: string): Promise<Socket> {
  const socket = io(new URL(VIEWER_NAMESPACE, url).toString(), {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
