import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, makePost, startRelay, type TestRelay } from './support/util.js';

let t: TestRelay | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function renders(relay: TestRelay): Promise<number> {
  const metric = await relay.relay.metrics.exportsRendered.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

async function addPosts(relay: TestRelay, from: number, n: number): Promise<void> {
  const log = relay.relay.walls.get('askGMP')!.log;
  const seq = log.snapshot.seq;
  relay.source.push(...Array.from({ length: n }, (_, i) => makePost(from + i)));
  await relay.relay.ingest.drain();
  await expect.poll(() => log.snapshot.seq).toBe(seq + n);
}

const exportUrl = (relay: TestRelay, format = 'json'): string =>
  `${relay.url}/api/walls/askGMP/export?format=${format}`;

describe('recap export', () => {
  it('renders once per log position and format; everyone else gets the same bytes, or 304 with the ETag', async () => {
    t = await startRelay();
    await addPosts(t, 1, 20);
    const relay = t;
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(exportUrl(relay))));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).posts).toHaveLength(20);
    expect(await renders(t)).toBe(1);

    const etag = answers[0]!.headers.get('etag')!;
    expect(answers[0]!.headers.get('content-length')).toBe(String(Buffer.byteLength(bodies[0]!)));
    // As a browser revalidates (fetch adds `no-cache`, a forced reload, unless told otherwise).
    const revalidate = { 'if-none-match': etag, 'cache-control': 'max-age=0' };
    const again = await fetch(exportUrl(t), { headers: revalidate });
    expect(again.status).toBe(304);
    expect(await renders(t)).toBe(1);

    // Another format is another rendering; a new post, a new one of each.
    expect((await fetch(exportUrl(t, 'csv'))).status).toBe(200);
    expect(await renders(t)).toBe(2);
    await addPosts(t, 21, 1);
    const fresh = await fetch(exportUrl(t), { headers: revalidate });
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as { posts: unknown[] }).posts).toHaveLength(21);
    expect(await renders(t)).toBe(3);
  });

  it('streams a large export whole', async () => {
    t = await startRelay();
    await addPosts(t, 1, 1500);
    const res = await fetch(exportUrl(t, 'csv'));
    const body = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(body.trimEnd().split('\r\n')).toHaveLength(1501);
  });

  it('is limited per address: past the limit a clear 429, other routes still answer', async () => {
    t = await startRelay(DEFAULT_CONFIG, { exportsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await fetch(exportUrl(t))).status).toBe(200);
    const refused = await fetch(exportUrl(t));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: { code: 'rate_limited', message: 'Too many exports from your address; at most 3 a minute.' },
    });
    expect((await fetch(`${t.url}/api/walls/askGMP/posts`)).status).toBe(200);
  });
});
