import type { AddressInfo } from 'node:net';
import type { AuditEntry } from '@chat-wall/sdk/protocol';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { silent } from '../../test/support/util.js';
import { AuditFileFormat, sendAuditExport } from './audit-export.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const log: AuditEntry[] = Array.from({ length: 25 }, (_, i) => ({
  id: 25 - i,
  tag: 'askgmp',
  at: '2026-01-15T00:00:00.000Z',
  actor: 'alice',
  action: 'approve',
}));

async function serve(maxEntries: number, failAfter = Infinity): Promise<{ url: string; calls: number[] }> {
  const calls: number[] = [];
  const app = express();
  app.get('/', async (_req, res) => {
    await sendAuditExport(res, {
      tag: 'askgmp',
      format: AuditFileFormat.Ndjson,
      page: async (before, limit) => {
        calls.push(limit);
        if (calls.length > failAfter) throw new Error('store went away');
        return log.filter((e) => before === undefined || e.id < before).slice(0, limit);
      },
      logger: silent,
      pageSize: 10,
      maxEntries,
    });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, calls };
}

const ids = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as AuditEntry).id);

describe('audit export', () => {
  it('pages to the end of the log, and stops at its ceiling', async () => {
    const all = await serve(1_000);
    expect(ids(await (await fetch(all.url)).text())).toEqual(log.map((e) => e.id));
    expect(all.calls).toEqual([10, 10, 10]);
    const capped = await serve(15);
    expect(ids(await (await fetch(capped.url)).text())).toEqual(log.slice(0, 15).map((e) => e.id));
    expect(capped.calls).toEqual([10, 5]);
  });

  it('cuts the download short when the store fails midway, rather than end a partial file cleanly', async () => {
    const broken = await serve(1_000, 1);
    // The client sees a failed download (at the headers or in the body), never a clean end.
    await expect(fetch(broken.url).then((res) => res.text())).rejects.toThrow();
    expect(broken.calls).toHaveLength(2);
  });
});
