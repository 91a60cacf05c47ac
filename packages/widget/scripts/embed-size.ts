// Sizes of the embed build (dist/embed): every chunk gzipped, and what a first paint downloads,
// the entry plus the chunks it imports statically. The chunks it imports with import() load on
// demand and are not part of the first load. Run after `pnpm build`:
//   node --import tsx packages/widget/scripts/embed-size.ts
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The first-load target of the embed, in gzipped bytes (28 kB, as the README counts kB: 1,000 bytes). */
export const FIRST_LOAD_TARGET = 28_000;
/** What the test allows: the target itself, so that growth past it shows as a failure. */
export const FIRST_LOAD_BUDGET = FIRST_LOAD_TARGET;

export interface ChunkSize {
  /** Path relative to dist/embed, e.g. `chunks/qa.abc123.js`. */
  file: string;
  bytes: number;
  gzip: number;
  /** Loaded with the entry (statically imported from it, directly or not). */
  firstLoad: boolean;
}

export interface EmbedSizes {
  entry: string;
  chunks: ChunkSize[];
  /** Gzipped bytes of the entry and the chunks it imports statically. */
  firstLoadGzip: number;
}

const staticImport = /(?:^|[;}\s])(?:import|export)\s*(?:[^"'`;]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;

/** Measures dist/embed as `manifest.json` names it. */
export async function measureEmbed(dir: string): Promise<EmbedSizes> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { url: string };
  const entry = posix.normalize(manifest.url);
  const files = [
    ...(await readdir(dir)).filter((f) => f.endsWith('.js') && f !== 'chat-wall.js'),
    ...(await readdir(join(dir, 'chunks'))).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`),
  ];
  const code = new Map<string, string>();
  for (const file of files) code.set(file, await readFile(join(dir, file), 'utf8'));
  // Follow static imports from the entry; import() calls are not matched by the pattern.
  const first = new Set<string>();
  const visit = (file: string): void => {
    if (first.has(file)) return;
    first.add(file);
    for (const m of (code.get(file) ?? '').matchAll(staticImport)) {
      visit(posix.normalize(posix.join(posix.dirname(file), m[1]!)));
    }
  };
  visit(entry);
  const chunks = files
    .map((file) => {
      const text = code.get(file)!;
      return {
        file,
        bytes: Buffer.byteLength(text),
        gzip: gzipSync(text, { level: 9 }).length,
        firstLoad: first.has(file),
      };
    })
    .sort((a, b) => Number(b.firstLoad) - Number(a.firstLoad) || b.gzip - a.gzip);
  const firstLoadGzip = chunks.filter((c) => c.firstLoad).reduce((sum, c) => sum + c.gzip, 0);
  return { entry, chunks, firstLoadGzip };
}

const kb = (n: number): string => `${(n / 1000).toFixed(1)} kB`;

/** The report as a Markdown table, as docs/performance.md shows it. */
export function formatSizes(sizes: EmbedSizes): string {
  const name = (file: string): string => file.replace(/\.[\w-]{8}\.js$/, '.js');
  const rows = sizes.chunks.map(
    (c) => `| \`${name(c.file)}\` | ${c.firstLoad ? 'first load' : 'on demand'} | ${kb(c.bytes)} | ${kb(c.gzip)} |`,
  );
  return [
    '| file | loads | minified | gzip -9 |',
    '| --- | --- | ---: | ---: |',
    ...rows,
    `| **first load** | | | **${kb(sizes.firstLoadGzip)}** (target ${kb(FIRST_LOAD_TARGET)}) |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('../dist/embed', import.meta.url));
  const sizes = await measureEmbed(dir);
  console.log(`embed build (${relative(process.cwd(), dir) || '.'}), entry ${sizes.entry}`);
  console.log(formatSizes(sizes));
  if (sizes.firstLoadGzip > FIRST_LOAD_TARGET) {
    console.error(`first load ${kb(sizes.firstLoadGzip)} is over the ${kb(FIRST_LOAD_TARGET)} target`);
  }
  if (sizes.firstLoadGzip > FIRST_LOAD_BUDGET) process.exitCode = 1;
}
