import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { Relay, type RelayOptions } from '../src/relay.js';
import { silent } from './support/util.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(walls: unknown[], options: Partial<RelayOptions> = {}) {
  const relay = await Relay.create({ config: parseConfig({ walls }), logger: silent, ...options });
  cleanup.push(() => relay.close());
  const url = await relay.listen(0, '127.0.0.1');
  const send = (body: unknown, tag = 'askgmp') =>
    fetch(`${url}/api/walls/${tag}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { relay, url, send };
}

describe('POST /api/walls/:tag/submissions', () => {
  it('accepts a question with 202 and an id, and holds it for a moderator even on a post-moderated wall', async () => {
    const { relay, send } = await start([{ tag: 'askGMP', sources: ['native'], moderation: 'post' }]);
    const res = await send({ name: '  Ann  ', text: 'When does the bus lane open?' });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^native:/);
    const withLink = (await (await send({ name: 'Bo', text: 'See https://example.org/plan' })).json()) as {
      id: string;
    };
    await relay.ingest.drain();
    const held = await relay.store.listPosts('askgmp', { status: ['held'], limit: 10 });
    expect(held.map((r) => [r.post.id, r.post.author.name, r.reason])).toEqual([
      [id, 'Ann', 'audience submission'],
      [withLink.id, 'Bo', 'audience submission with a link'],
    ]);
    expect(held[0]!.post.source).toBe('native');
    expect((await relay.store.listVisiblePosts('askgmp', { limit: 10 })).posts).toEqual([]);
  });

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const { relay, send } = await start([{ tag: 'askGMP', sources: ['native'] }]);
    const cases: [unknown, string][] = [
      [{ name: 'Ann', text: 'x'.repeat(501) }, 'text'],
      [{ name: 'n'.repeat(51), text: 'hi' }, 'name'],
      [{ name: 'Ann', text: '   ' }, 'text'],
      [{ name: 'Ann', text: 5 }, 'text'],
      [{ name: 'Ann', text: 'hi', html: '<b>' }, 'html'],
      ['{not json', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    // 500 characters of emoji are 500 characters, not 1000 UTF-16 units.
    expect((await send({ name: 'Ann', text: '👍'.repeat(500) })).status).toBe(202);
    await relay.ingest.drain();
    expect(await relay.store.listPosts('askgmp', { status: ['held'], limit: 10 })).toHaveLength(1);
  });

  it('answers a filled honeypot as accepted but keeps nothing', async () => {
    const { relay, send } = await start([{ tag: 'askGMP', sources: ['native'] }]);
    expect((await send({ name: 'Bot', text: 'buy now', website: 'http://spam.example' })).status).toBe(202);
    await relay.ingest.drain();
    expect(await relay.store.listPosts('askgmp', { status: ['held'], limit: 10 })).toEqual([]);
  });

  it('limits per address and per wall with 429, Retry-After and retryInMs', async () => {
    const { send } = await start(
      [
        { tag: 'askGMP', sources: ['native'] },
        { tag: 'other', sources: ['native'] },
      ],
      {
        submissions: { perAddress: { max: 2, windowMs: 60_000 }, perWall: { max: 3, windowMs: 60_000 } },
      },
    );
    expect((await send({ name: 'A', text: '1' })).status).toBe(202);
    expect((await send({ name: 'A', text: '2' })).status).toBe(202);
    const third = await send({ name: 'A', text: '3' });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await third.json()) as { error: { code: string; retryInMs: number; message: string } };
    expect(body.error).toMatchObject({ code: 'rate_limited' });
    expect(body.error.retryInMs).toBeGreaterThan(0);
    expect(body.error.message).toMatch(/from your address/);
    // Another wall has a budget of its own.
    expect((await send({ name: 'A', text: '1' }, 'other')).status).toBe(202);
  });

  it('limits the whole wall, whoever sends', async () => {
    const { send } = await start([{ tag: 'askGMP', sources: ['native'] }], {
      submissions: { perAddress: { max: 10, windowMs: 60_000 }, perWall: { max: 2, windowMs: 60_000 } },
    });
    expect((await send({ name: 'A', text: '1' })).status).toBe(202);
    expect((await send({ name: 'B', text: '2' })).status).toBe(202);
    const third = await send({ name: 'C', text: '3' });
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(/on this wall/);
  });

  it('is closed when the wall closes it or does not list native', async () => {
    const { send } = await start(
      [
        { tag: 'askGMP', sources: ['native'], submissions: { open: false } },
        { tag: 'plain', sources: ['x'] },
      ],
      {},
    );
    const closed = await send({ name: 'A', text: 'hi' });
    expect(closed.status).toBe(403);
    expect(((await closed.json()) as { error: { message: string } }).error.message).toMatch(/closed/);
    expect((await send({ name: 'A', text: 'hi' }, 'plain')).status).toBe(403);
    expect((await send({ name: 'A', text: 'hi' }, 'nowall')).status).toBe(404);
  });
});
