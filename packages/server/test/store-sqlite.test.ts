import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { describeStoreConformance } from './support/store-conformance.js';

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStoreConformance(
  'SqliteStore',
  async () => {
    const file = path.join(dir, `conformance-${++files}.db`);
    const store = SqliteStore.open(file);
    return {
      store,
      reopen: async () => {
        await store.close();
        return SqliteStore.open(file);
      },
    };
  },
  { durable: true },
);
