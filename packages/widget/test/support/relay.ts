// Browser side of the control server: start a real relay per test and drive it.
import type { Post, PostPatch, WallInfo } from '@chat-wall/sdk';
import { inject } from 'vitest';
import type { PostSpec } from './control-server.js';

export type { PostSpec };

async function call<T>(path: string, body: object = {}): Promise<T> {
  const res = await fetch(new URL(path, inject('controlUrl')), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A real relay of its own, for tests that change what is on a wall. */
export interface TestRelay {
  url: string;
  /** Delivers posts through the relay's source; resolves once they are on the wall. */
  push(...posts: PostSpec[]): Promise<string[]>;
  remove(id: string, tag?: string): Promise<void>;
  update(id: string, patch: PostPatch, tag?: string): Promise<void>;
  /** Appends posts straight to the wall's log, Q&A fields as given (ingest would compute them). */
  logPosts(...posts: PostSpec[]): Promise<string[]>;
  /** Appends a `wall.updated` event (sessions, title…). */
  updateWall(wall: Partial<Omit<WallInfo, 'tag'>>, tag?: string): Promise<void>;
  /** Cuts every viewer connection at the server; returns how many were cut. */
  drop(): Promise<number>;
  /** The wall's held posts (audience questions wait there), with the reason they are held. */
  held(tag?: string): Promise<(Post & { reason?: string })[]>;
  close(): Promise<void>;
}

/** `maxPosts`: how many posts the walls' live state holds (the SDK's cap); history holds them all. */
export async function startTestRelay(
  walls: string[] = ['askGMP'],
  options: { maxPosts?: number; native?: boolean } = {},
): Promise<TestRelay> {
  const { id: relay, url } = await call<{ id: string; url: string }>('/relays', { walls, ...options });
  return {
    url,
    push: async (...posts) => (await call<{ ids: string[] }>('/posts', { relay, posts })).ids,
    remove: async (id, tag) => void (await call('/remove', { relay, id, tag })),
    update: async (id, patch, tag) => void (await call('/update', { relay, id, patch, tag })),
    logPosts: async (...posts) => (await call<{ ids: string[] }>('/log-posts', { relay, posts })).ids,
    updateWall: async (wall, tag) => void (await call('/wall', { relay, wall, tag })),
    held: async (tag) => (await call<{ posts: (Post & { reason?: string })[] }>('/held', { relay, tag })).posts,
    drop: async () => (await call<{ dropped: number }>('/drop', { relay })).dropped,
    close: async () => void (await call('/close', { relay })),
  };
}

/** URL of a loopback port nothing listens on. */
export async function closedServerUrl(): Promise<string> {
  return (await call<{ url: string }>('/closed-port')).url;
}
