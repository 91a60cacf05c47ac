// The console's sources view reads the health of a wall's sources over the moderator socket: only
// the sources that feed the wall, only for a token that covers it.
import type { ModeratorClient } from '@chat-wall/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { moderator } from './support/moderator.js';
import { api, makePost, startRelay, type TestRelay } from './support/util.js';

const ADMIN = 'admin-token-for-the-sources-view-0123456789';
const relays: TestRelay[] = [];
const mods: ModeratorClient[] = [];
afterEach(async () => {
  mods.splice(0).forEach((m) => m.close());
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function setup() {
  const t = await startRelay(
    {
      walls: [
        { tag: 'askGMP', sources: ['replay'] },
        { tag: 'other', sources: ['native'] },
      ],
      replay: { file: 'fed-by-the-test.jsonl' },
    },
    { adminToken: ADMIN },
  );
  relays.push(t);
  const connect = async (walls: string[]): Promise<ModeratorClient> => {
    const res = await api(t, '/admin/tokens', { method: 'POST', token: ADMIN, body: { name: 'mo', walls } });
    const mod = moderator(t.url, ((await res.json()) as { token: string }).token);
    mods.push(mod);
    return mod;
  };
  return { t, connect };
}

describe('the `sources` moderator request', () => {
  it('answers the health of the sources that feed the wall, and only those', async () => {
    const { t, connect } = await setup();
    t.source.push(makePost(1));
    await t.relay.ingest.drain();
    const mod = await connect(['askgmp']);
    const sources = await mod.sources('askGMP');
    expect(Object.keys(sources)).toEqual(['replay']);
    expect(sources.replay).toMatchObject({ state: 'running', postsDelivered: 1 });
  });

  it('refuses a wall the token does not cover, and an unknown wall', async () => {
    const { connect } = await setup();
    const mod = await connect(['askgmp']);
    await expect(mod.sources('other')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(mod.sources('nowall')).rejects.toMatchObject({ code: 'unknown_wall' });
  });
});
