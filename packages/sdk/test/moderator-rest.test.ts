import { ChatWallError, connectModerator, type ModeratorClient } from '@chat-wall/sdk';
import { afterEach, expect, it } from 'vitest';
import { moderator } from '../../server/test/support/moderator.js';
import { startRelay, type TestRelay } from '../../server/test/support/util.js';

const CONFIG = {
  walls: [
    { tag: 'askGMP', title: 'Ask GMP', sources: ['replay'], moderation: 'pre' },
    { tag: 'other', sources: ['replay'], moderation: 'post' },
  ],
  replay: { file: 'fed-by-the-test.jsonl' },
};

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function relay(): Promise<TestRelay> {
  const t = await startRelay(CONFIG);
  open.push(t);
  return t;
}

function mod(url: string, token: string): ModeratorClient {
  const client = moderator(url, token);
  open.push(client);
  return client;
}

it('me, walls and the audit file come from the REST API with the client token', async () => {
  const t = await relay();
  const minted = await t.relay.tokens.mint('alice', ['askgmp'], undefined, ['moderate']);
  const alice = mod(t.url, minted.token);

  expect(await alice.me()).toEqual({
    id: minted.id,
    name: 'alice',
    walls: ['askgmp'],
    roles: ['moderate'],
    expiresAt: minted.expiresAt,
  });
  expect(await alice.walls()).toEqual([{ tag: 'askgmp', title: 'Ask GMP', mode: 'pre' }]);

  await alice.updateSettings('askGMP', { mode: 'post' });
  const csv = await (await alice.auditFile('#AskGMP', 'csv')).text();
  // The header row names the columns (quoted or not, as the CSV writer chooses).
  expect(csv.split('\n')[0]!.replaceAll('"', '')).toMatch(/^id,at,actor,action/);
  expect(csv).toContain('alice');
  const page = JSON.parse(await (await alice.auditFile('askgmp', 'json', { limit: 1 })).text()) as {
    entries: { action: string }[];
  };
  expect(page.entries.map((e) => e.action)).toEqual(['settings']);
});

it('a refused REST call rejects with the relay error, its code and HTTP status', async () => {
  const t = await relay();
  const minted = await t.relay.tokens.mint('alice', ['askgmp']);
  const alice = mod(t.url, minted.token);
  const forbidden = await alice.auditFile('other', 'csv').catch((err: unknown) => err);
  expect(forbidden).toBeInstanceOf(ChatWallError);
  expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });

  const stranger = connectModerator({ server: t.url, token: 'cwm_not-a-token' });
  open.push(stranger);
  const refused = await stranger.me().catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(ChatWallError);
  expect(refused).toMatchObject({ code: 'unauthorized', status: 401, message: 'Invalid moderator token.' });
});

it('an unreachable relay rejects with unreachable and no status', async () => {
  const t = await relay();
  const minted = await t.relay.tokens.mint('alice', ['*']);
  const url = t.url;
  await t.close();
  open.splice(open.indexOf(t), 1);
  const alice = mod(url, minted.token);
  const err = await alice.walls().catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'unreachable', status: undefined });
});
