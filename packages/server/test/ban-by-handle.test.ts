import { afterEach, expect, it } from 'vitest';
import type { PostQuery } from '../src/store/store.js';
import { api, makePost, startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';

let t: TestRelay | undefined;
afterEach(() => t?.close());

it('a ban by handle reads the wall a page at a time and finds the handle beyond the first pages', async () => {
  const relay = (t = await startRelay(
    { walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'auto' }], replay: { file: 'fed-by-the-test.jsonl' } },
    { adminToken: ADMIN },
  ));
  // 1,200 posts from 1,200 authors; the troll posted the 7th, the 650th and the 1,190th.
  const troll = new Set([7, 650, 1190]);
  for (let n = 1; n <= 1200; n++) {
    const post = makePost(n, `Post ${n} #askGMP`);
    const who = troll.has(n) ? 'Troll' : `a${n}`;
    relay.source.push({ ...post, author: { ...post.author, id: who, handle: who } });
  }
  await relay.relay.ingest.drain();
  const { token } = (await (
    await api(relay, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name: 'mod', walls: ['askGMP'] } })
  ).json()) as { token: string };

  const pages: number[] = [];
  const store = relay.relay.store;
  const listPosts = store.listPosts.bind(store);
  store.listPosts = (tag: string, query: PostQuery) => {
    pages.push(query.limit);
    return listPosts(tag, query);
  };
  const res = await api(relay, '/mod/walls/askgmp/bans', { method: 'POST', token, body: { author: '@troll' } });
  expect(res.status).toBe(200);
  const { removed } = (await res.json()) as { removed: string[] };
  expect(removed.sort()).toEqual(['replay:1190', 'replay:650', 'replay:7']);
  // Never the whole wall at once.
  expect(Math.max(...pages)).toBeLessThanOrEqual(500);
});
