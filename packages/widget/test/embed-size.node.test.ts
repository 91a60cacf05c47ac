// The embed's first load stays within its budget: the entry and what it imports statically, gzipped.
// Builds the embed as `pnpm build` does, into a directory of this test's own.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET, measureEmbed, type EmbedSizes } from '../scripts/embed-size.js';

// FIRST_LOAD_BUDGET is the 28 kB target (see docs/performance.md): growth beyond it fails here.

const widgetDir = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let sizes: EmbedSizes;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'chat-wall-embed-'));
  const vite = join(widgetDir, '../../node_modules/vite/bin/vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--mode', 'embed', '--logLevel', 'error', '--outDir', outDir],
    {
      cwd: widgetDir,
      // As `pnpm build` runs it: the test runner's NODE_ENV=test would select lit's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  sizes = await measureEmbed(outDir);
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('embed size', () => {
  it(`loads at most ${FIRST_LOAD_BUDGET / 1000} kB gzipped before the first paint`, () => {
    expect(sizes.firstLoadGzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });

  it('loads what a first paint does not need on demand', () => {
    const onDemand = sizes.chunks.filter((c) => !c.firstLoad).map((c) => c.file.replace(/\.[\w-]{8}\.js$/, ''));
    // The QR code, the question form, the session screens, older posts and every layout but `list`.
    expect(onDemand).toEqual(
      expect.arrayContaining([
        'chunks/join-qr',
        'chunks/ask-form',
        'chunks/session-parts',
        'chunks/older-run',
        'chunks/on-demand',
      ]),
    );
  });

  it('names every chunk in the manifest with its integrity', async () => {
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as {
      chunks: Record<string, string>;
    };
    const chunks = sizes.chunks.filter((c) => c.file !== sizes.entry).map((c) => `./${c.file}`);
    expect(Object.keys(manifest.chunks).sort()).toEqual(chunks.sort());
  });
});
