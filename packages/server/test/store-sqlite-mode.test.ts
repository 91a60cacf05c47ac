import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite-store.js';

describe('SQLite file mode', () => {
  it('creates a new database readable and writable by its owner only (0600)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-mode-'));
    try {
      const file = path.join(dir, 'new', 'wall.db');
      const store = SqliteStore.open(file);
      await store.close();
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
