import * as sdk from '@chat-wall/sdk';
import * as protocol from '@chat-wall/sdk/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { moderator } from './support/moderator.js';
import { checkedBlocks, codeBlocks, FakeProcess, Output, runExample, typeCheck } from './support/readme-blocks.js';
import { DEFAULT_CONFIG, makePost, startRelay, type TestRelay } from './support/util.js';

// The SDK README's examples, run as written against a real relay, so the page cannot drift from the code.
const README = 'packages/sdk/README.md';
const blocks = codeBlocks(README);
const modules = { '@chat-wall/sdk': sdk, '@chat-wall/sdk/protocol': protocol };

function example(name: string): (typeof blocks)[number] {
  const block = blocks.find((b) => b.example === name);
  if (!block) throw new Error(`${README} has no node-example=${name}`);
  return block;
}

const relays: TestRelay[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relayWith(config: unknown, posts: number): Promise<TestRelay> {
  const relay = await startRelay(config);
  relays.push(relay);
  relay.source.push(...Array.from({ length: posts }, (_, i) => makePost(i + 1)));
  await relay.relay.ingest.drain();
  return relay;
}

describe(README, () => {
  it('has the examples this test runs, and every TypeScript block meant to compile does', () => {
    expect(blocks.filter((b) => b.example).map((b) => b.example)).toEqual(['live', 'history', 'moderate', 'reducer']);
    const checked = checkedBlocks(blocks);
    expect(checked.length).toBeGreaterThanOrEqual(6);
    expect(typeCheck(README, checked)).toEqual([]);
  });

  it('live: prints the snapshot, new posts and marks, and closes on SIGINT', async () => {
    const { url, source, relay } = await relayWith(DEFAULT_CONFIG, 1);
    const output = new Output();
    const process = new FakeProcess();
    await runExample(example('live'), { server: url, modules, output, process });
    const sigint = process.signals.get('SIGINT');
    expect(sigint).toBeTypeOf('function');
    closers.push(() => sigint?.());

    await output.line((l) => l === '@user1: Question 1 for the panel #askGMP');
    await output.line((l) => l === 'status: connecting -> live');
    source.push(makePost(2));
    await output.line((l) => l === '@user2: Question 2 for the panel #askGMP');

    const { token } = await relay.tokens.mint('readme', ['askgmp']);
    const mod = moderator(url, token);
    closers.push(() => mod.close());
    await mod.pin('askGMP', 'replay:2');
    await output.line((l) => l === 'marked replay:2: {"pinned":true}');
    await mod.remove('askGMP', 'replay:1');
    await output.line((l) => l === 'removed replay:1');

    sigint!();
    await output.line((l) => l === 'status: live -> closed');
    expect(output.lines.filter((l) => l.startsWith('stderr:'))).toEqual([]);
  });

  it('history: pages through every visible post, and reports a relay that has no such wall', async () => {
    const config = {
      ...DEFAULT_CONFIG,
      walls: [{ tag: 'askGMP', sources: ['replay'], filters: { rateCap: { enabled: false } } }],
    };
    const { url } = await relayWith(config, 60);
    const output = new Output();
    await runExample(example('history'), { server: url, modules, output });
    expect(output.lines[0]).toBe('60 posts, oldest first:');
    expect(output.lines).toHaveLength(61);
    expect(output.lines[1]).toBe(`  ${makePost(1).createdAt} @user1: Question 1 for the panel #askGMP`);
    expect(output.lines[60]).toContain('Question 60 for the panel');

    const other = await relayWith({ ...DEFAULT_CONFIG, walls: [{ tag: 'other' }] }, 0);
    const missing = new Output();
    await runExample(example('history'), { server: other.url, modules, output: missing });
    expect(missing.lines).toEqual([
      'stderr: history unavailable: unknown_wall: There is no wall "askgmp" on this server.',
    ]);
  });

  it('moderate: joins a pre-moderated wall and approves its queue onto every screen', async () => {
    const config = { ...DEFAULT_CONFIG, walls: [{ tag: 'askGMP', sources: ['replay'], moderation: 'pre' }] };
    const { url, relay } = await relayWith(config, 2);
    expect(relay.walls.get('askgmp')!.log.snapshot.posts).toEqual([]);
    const { token } = await relay.tokens.mint('readme', ['askgmp']);
    const output = new Output();
    await runExample(example('moderate'), {
      server: url,
      modules,
      output,
      process: new FakeProcess({ CHAT_WALL_MOD_TOKEN: token }),
    });
    expect(output.lines).toEqual(['#askgmp: 2 held', 'approved replay:1', 'approved replay:2']);
    expect(relay.walls.get('askgmp')!.log.snapshot.posts.map((p) => p.id)).toEqual(['replay:2', 'replay:1']);
    const audit = await relay.store.listAudit('askgmp', { limit: 10 });
    expect(audit.map((e) => [e.actor, e.action, e.reason])).toContainEqual(['readme', 'approve', 'on topic']);
  });

  it('reducer: folds the events as the comment says', async () => {
    const output = new Output();
    await runExample(example('reducer'), { modules, output });
    const printed = /\/\/ (.*)$/m.exec(
      example('reducer')
        .code.split('\n')
        .findLast((l) => l.includes('console.log'))!,
    )?.[1];
    expect(output.lines).toEqual([printed]);
    expect(printed).toBe('3 false true');
  });
});
