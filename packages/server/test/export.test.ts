import { afterEach, describe, expect, it } from 'vitest';
import { makePost, startRelay, type TestRelay } from './support/util.js';

let t: TestRelay | undefined;
afterEach(() => t?.close());

/** A wall with four posts (one removed, one pinned and answered) and remote text that tries its luck. */
async function wallWithPosts(): Promise<TestRelay> {
  t = await startRelay();
  t.source.push(
    makePost(1, 'First question #askGMP see https://example.org/a'),
    makePost(2, '![pixel](https://tracker.example/x.png) [click](javascript:alert(1)) # Heading <b>bold</b> #askGMP'),
    makePost(3, '=HYPERLINK("https://evil.example","x") #askGMP'),
    makePost(4, 'Removed later #askGMP'),
  );
  await t.relay.ingest.drain();
  const log = t.relay.walls.get('askgmp')!.log;
  await log.append({ type: 'post.updated', id: 'replay:1', patch: { pinned: true, answered: true } });
  await log.append({ type: 'post.removed', id: 'replay:4' });
  return t;
}

async function get(path: string): Promise<Response> {
  return fetch(`${t!.url}${path}`);
}

describe('GET /api/walls/:tag/export', () => {
  it('md: a recap oldest first, pinned and answered featured, remote text escaped', async () => {
    await wallWithPosts();
    const res = await get('/api/walls/AskGMP/export?format=md');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="askgmp-recap-\d{4}-\d\d-\d\d\.md"$/);
    const md = await res.text();
    expect(md).toMatch(/^# askGMP recap\n/);
    expect(md).toContain('3 posts by 3 authors');
    const all = md.slice(md.indexOf('## All posts'));
    expect(all.indexOf('First question')).toBeLessThan(all.indexOf('HYPERLINK'));
    expect(md).not.toContain('Removed later');
    expect(md.slice(md.indexOf('## Pinned and answered'), md.indexOf('## All posts'))).toContain('First question');
    // The server-found link is a link; the post's own markdown is inert text.
    expect(md).toContain('[https://example\\.org/a](<https://example.org/a>)');
    expect(md).toContain('\\!\\[pixel\\]');
    expect(md).toContain('\\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).toContain('\\<b\\>bold\\</b\\>');
    expect(md).not.toMatch(/[^\\]!\[pixel\]/);
  });

  it('csv: one row per visible post, formula cells neutralised', async () => {
    await wallWithPosts();
    const res = await get('/api/walls/askgmp/export?format=csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await res.text()).trimEnd().split('\r\n');
    // Every cell quoted, so no spreadsheet reads one as a formula, a number or a date.
    expect(rows[0]).toBe(
      '"id","createdAt","authorHandle","authorName","text","url","lang","reply","repost","quote","pinned","highlighted","answered","media"',
    );
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(/^"replay:1",.*,"true","false","true",""$/);
    expect(rows[3]).toContain(`"'=HYPERLINK(""https://evil.example"",""x"") #askGMP"`);
  });

  it('json: the posts as the wall shows them, oldest first', async () => {
    await wallWithPosts();
    const body = (await (await get('/api/walls/askgmp/export?format=json')).json()) as {
      wall: { tag: string };
      posts: { id: string; pinned?: boolean }[];
      truncated: boolean;
    };
    expect(body.wall.tag).toBe('askgmp');
    expect(body.posts.map((p) => p.id)).toEqual(['replay:1', 'replay:2', 'replay:3']);
    expect(body.posts[0]!.pinned).toBe(true);
    expect(body.truncated).toBe(false);
  });

  it('an empty wall exports a recap that says so; md is the default', async () => {
    t = await startRelay();
    const md = await (await get('/api/walls/askgmp/export')).text();
    expect(md).toContain('No posts were shown on this wall.');
  });

  it('refuses a bad format or an unknown wall with a clear error', async () => {
    t = await startRelay();
    const bad = await get('/api/walls/askgmp/export?format=pdf');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('format');
    const typo = await get('/api/walls/askgmp/export?fromat=md');
    expect(((await typo.json()) as { error: { message: string } }).error.message).toMatch(/fromat: unknown query/);
    const unknown = await get('/api/walls/nope/export?format=md');
    expect(unknown.status).toBe(404);
  });
});
