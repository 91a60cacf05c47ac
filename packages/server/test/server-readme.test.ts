import * as protocol from '@chat-wall/sdk/protocol';
import { connectWall } from '@chat-wall/sdk';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../src/config.js';
import * as server from '../src/index.js';
import { Metrics } from '../src/metrics.js';
import {
  checkedBlocks,
  codeBlocks,
  FakeProcess,
  Output,
  repoRoot,
  runExample,
  typeCheck,
} from './support/readme-blocks.js';
import { waitFor } from './support/util.js';

// The server README against the code: the config table, the metrics, the programmatic examples.
const README = 'packages/server/README.md';
const text = readFileSync(path.join(repoRoot, README), 'utf8');
const blocks = codeBlocks(README);

/** Every key path of a zod schema (`walls[].x.languages`), with its default when it has one. */
function keysOf(schema: z.ZodType, prefix = ''): { key: string; default?: unknown }[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'prefault':
      return keysOf(def.innerType as z.ZodType, prefix);
    case 'default': {
      const [first, ...rest] = keysOf(def.innerType as z.ZodType, prefix);
      return [{ ...first!, default: def.defaultValue }, ...rest];
    }
    case 'pipe':
      return keysOf(def.in as z.ZodType, prefix);
    case 'array':
      return [{ key: prefix }, ...keysOf(def.element as z.ZodType, `${prefix}[]`).slice(1)];
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const own = prefix ? [{ key: prefix }] : [];
      return [...own, ...Object.entries(shape).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))];
    }
    default:
      return [{ key: prefix }];
  }
}

/** The config table's row for a key. */
function row(key: string): string | undefined {
  return text.split('\n').find((line) => line.startsWith(`| \`${key}\` `));
}

describe(README, () => {
  const keys = keysOf(configSchema);

  it('documents every key of the config schema, with its default', () => {
    expect(keys.length).toBeGreaterThan(20);
    for (const { key, default: value } of keys) {
      const line = row(key);
      expect(line, `no row for ${key}`).toBeDefined();
      if (value !== undefined) expect(line, key).toContain(`\`${JSON.stringify(value).replaceAll(',', ', ')}\``);
    }
  });

  it('names every metric the relay registers', async () => {
    const metrics = (await new Metrics().registry.getMetricsAsJSON()).map((m) => m.name);
    expect(metrics.length).toBeGreaterThan(10);
    for (const name of metrics) expect(text, name).toContain(`| \`${name}\``);
  });

  it('type-checks its TypeScript blocks', () => {
    expect(checkedBlocks(blocks).length).toBeGreaterThanOrEqual(1);
    expect(typeCheck(README, checkedBlocks(blocks))).toEqual([]);
  });

  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('custom-source: the announcement reaches a viewer, and SIGINT closes the relay', async () => {
    const block = blocks.find((b) => b.example === 'custom-source')!;
    const output = new Output();
    const process = new FakeProcess();
    const modules = { '@chat-wall/server': server, '@chat-wall/sdk/protocol': protocol };
    await runExample(block, { modules, output, process });
    const sigint = process.signals.get('SIGINT')!;
    stops.push(sigint);
    const url = /^listening on (http:\/\/\S+)$/.exec(await output.line((l) => l.startsWith('listening on ')))![1]!;

    const wall = connectWall({ server: url, tag: 'askGMP', forceNew: true });
    stops.unshift(() => wall.close());
    const { state } = await waitFor(wall, 'status', (s) => s.state === 'live').then(() => ({ state: wall.state! }));
    expect(state.posts.map((p) => [p.id, p.segments.map((s) => s.type)])).toEqual([
      ['replay:announcement-1', ['text', 'hashtag', 'text']],
    ]);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { sources: Record<string, unknown> };
    expect(health.sources).toEqual({ replay: { state: 'running' } });
  });
});
