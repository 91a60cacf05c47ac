import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { makePost, startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const CONFIG = { walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'post' }], replay: { file: 'x.jsonl' } };

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function setup(): Promise<{ t: TestRelay; put: (regex: string[]) => Promise<Response> }> {
  const t = await startRelay(CONFIG, { adminToken: ADMIN });
  open.push(t);
  const minted = await fetch(`${t.url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'mod', walls: ['askGMP'] }),
  });
  const { token } = (await minted.json()) as { token: string };
  const put = (regex: string[]) =>
    fetch(`${t.url}/api/mod/walls/askgmp/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filters: { patterns: { regex, action: 'hold' } } }),
    });
  return { t, put };
}

describe('filter patterns that could freeze the relay (ReDoS)', () => {
  it('refuses catastrophic patterns with an error naming the field; safe ones are taken', async () => {
    const { t, put } = await setup();
    for (const bad of ['^(a|aa)+$', '(x+x+)+y', '^(\\w+\\s?)*$']) {
      const res = await put(['free\\s+crypto', bad]);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { field: string; message: string } };
      expect(error.message).toMatch(/^filters\.patterns\.regex\.1: refused: this pattern takes/);
      expect(error.field).toBe('filters.patterns.regex.1');
      expect(error.message).toMatch(/ReDoS/);
    }
    expect(await t.relay.store.getWallSettings('askgmp')).toBeUndefined();
    expect((await put(['free\\s+crypto', '\\bbuy now\\b'])).status).toBe(200);
  });

  it('caps the number of patterns and their total size', async () => {
    const { put } = await setup();
    const many = await put(Array.from({ length: 51 }, (_, i) => `word${i}`));
    expect(many.status).toBe(400);
    expect(((await many.json()) as { error: { field: string } }).error.field).toBe('filters.patterns.regex');
    const big = await put(Array.from({ length: 20 }, (_, i) => `${i}${'x'.repeat(290)}`));
    expect(big.status).toBe(400);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/at most 5000 characters/);
  });

  it('refuses a catastrophic pattern in the config file, naming the key', () => {
    expect(() =>
      parseConfig({
        walls: [{ tag: 'a', sources: ['replay'], filters: { patterns: { regex: ['^(a|aa)+$'], action: 'hold' } } }],
        replay: { file: 'x.jsonl' },
      }),
    ).toThrow(/walls\[0\]\.filters\.patterns\.regex\[0\]: refused: .*ReDoS/);
  });

  it('/healthz keeps answering while crafted long posts meet the refused pattern', async () => {
    const { t, put } = await setup();
    expect((await put(['^(a|aa)+$'])).status).toBe(400);
    // With the pattern in place, the first of these posts alone would hold the event loop for hours.
    const crafted = `${'a'.repeat(5000)}b #askGMP`;
    for (let i = 1; i <= 5; i++) t.source.push({ ...makePost(i), text: crafted });
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      timings.push(performance.now() - start);
    }
    await t.relay.ingest.drain();
    // The best of five, so that a busy machine does not decide: a frozen relay fails all five.
    expect(Math.min(...timings)).toBeLessThan(100);
  });

  it('checks a new pattern away from the main thread: the relay keeps answering meanwhile', async () => {
    const { t, put } = await setup();
    // Wide counted repetition: recheck thinks about this one for its whole time limit (then refuses it).
    const slow = '[a-z]{1,200}x[a-z]{1,200}y';
    let settled = false;
    const change = put([slow]).then((res) => {
      settled = true;
      return res;
    });
    let answered = 0;
    while (!settled) {
      const health = await fetch(`${t.url}/healthz`);
      expect(health.status).toBe(200);
      if (!settled) answered++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A check on the main thread would hold everything, this test's requests included, until the end.
    expect(answered).toBeGreaterThanOrEqual(3);
    const res = await change;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('filters.patterns.regex.0');
  });
});
