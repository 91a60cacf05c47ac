import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { PostgresStore } from '../src/store/postgres-store.js';
import { freshSchema, startPostgres, type PostgresService } from './support/services.js';
import { describeStoreConformance } from './support/store-conformance.js';

let postgres: PostgresService;
let schema: string;
let admin: pg.Client;
beforeAll(async () => {
  postgres = await startPostgres();
  schema = await freshSchema(postgres.url);
  // Migrates the schema once; each test then starts from emptied tables.
  await (await PostgresStore.open(postgres.url, { schema })).close();
  admin = new pg.Client({ connectionString: postgres.url, options: `-c search_path=${schema}` });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await postgres?.destroy();
});

describeStoreConformance(
  'PostgresStore',
  async () => {
    await admin.query(
      `TRUNCATE wall_logs, wall_snapshots, wall_events, posts, audit, tokens, wall_settings, cursors RESTART IDENTITY`,
    );
    const store = await PostgresStore.open(postgres.url, { schema, poolSize: 4 });
    return {
      store,
      reopen: async () => {
        await store.close();
        return PostgresStore.open(postgres.url, { schema, poolSize: 4 });
      },
    };
  },
  { durable: true },
);
