import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '@chat-wall/sdk/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-secret-for-tests-0123456789abcdef';
const ENTRIES = 2_600;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'SQLite',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-audit-'));
      cleanup.push(() => rm(dir, { recursive: true, force: true }));
      return SqliteStore.open(path.join(dir, 'wall.db'));
    },
  ],
];

/** A relay whose #askgmp audit log has {@linkcode ENTRIES} entries (and another wall's entries in between). */
async function relayWithAudit(store: Store): Promise<{ t: TestRelay; token: string }> {
  const t = await startRelay(undefined, { store, adminToken: ADMIN });
  cleanup.push(() => t.close());
  const writes: Promise<AuditEntry>[] = [];
  for (let i = 1; i <= ENTRIES; i++) {
    writes.push(
      store.addAudit({
        tag: 'askgmp',
        at: new Date(Date.UTC(2026, 0, 15) + i * 1000).toISOString(),
        actor: 'alice',
        action: 'approve',
        postId: `replay:${i}`,
        // Every tenth reason would run as a formula in a spreadsheet.
        reason: i % 10 === 0 ? `=HYPERLINK("x";${i})` : `note ${i}`,
      }),
    );
    if (i % 100 === 0)
      writes.push(store.addAudit({ tag: 'other', at: '2026-01-15T00:00:00.000Z', actor: 'bob', action: 'reject' }));
  }
  await Promise.all(writes);
  const minted = await fetch(`${t.url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'mo', walls: ['askgmp'] }),
  });
  return { t, token: ((await minted.json()) as { token: string }).token };
}

function get(t: TestRelay, token: string, query: string): Promise<Response> {
  return fetch(`${t.url}/api/mod/walls/askgmp/audit?${query}`, { headers: { authorization: `Bearer ${token}` } });
}

describe.each(stores)('audit export on the %s store', (_name, open) => {
  it('streams every entry exactly once, newest first, as CSV and NDJSON files', async () => {
    const store = await open();
    const { t, token } = await relayWithAudit(store);
    const own = (await store.listAudit('askgmp', { limit: ENTRIES + 1 })).map((e) => e.id);
    expect(own).toHaveLength(ENTRIES);

    const csv = await get(t, token, 'format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="audit-askgmp.csv"');
    const lines = (await csv.text()).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.shift()).toBe('"id","at","actor","action","postId","author","from","to","reason"');
    expect(lines.map((l) => Number(l.split(',')[0]!.slice(1, -1)))).toEqual(own);
    const formulas = lines.filter((l) => l.includes('HYPERLINK'));
    expect(formulas).toHaveLength(ENTRIES / 10);
    for (const l of formulas) expect(l).toMatch(/,"'=HYPERLINK\(""x"";\d+\)"$/);

    const ndjson = await get(t, token, 'format=ndjson');
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(ndjson.headers.get('content-disposition')).toBe('attachment; filename="audit-askgmp.ndjson"');
    const entries = (await ndjson.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.map((e) => e.id)).toEqual(own);
    expect(new Set(entries.map((e) => e.tag))).toEqual(new Set(['askgmp']));
    expect(entries.at(-1)).toMatchObject({ postId: 'replay:1', reason: 'note 1' });

    // From `before` on: the older part only. JSON stays one capped page.
    const older = await (await get(t, token, `format=ndjson&before=${own[1_500]}`)).text();
    expect(
      older
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as AuditEntry).id),
    ).toEqual(own.slice(1_501));
    const json = (await (await get(t, token, 'limit=1000')).json()) as { entries: AuditEntry[] };
    expect(json.entries.map((e) => e.id)).toEqual(own.slice(0, 1_000));
  });
});

describe('audit export refusals', () => {
  it('answers a clean error, not a file, for a wall the token may not see or a bad query', async () => {
    const { t, token } = await relayWithAudit(new MemoryStore());
    const other = await fetch(`${t.url}/api/mod/walls/other/audit?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.headers.get('content-disposition')).toBeNull();
    const bad = await get(t, token, 'format=csv&before=0');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-disposition')).toBeNull();
  });
});
