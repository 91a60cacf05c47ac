// The README's tables and the Custom Elements Manifest must describe the same element: the manifest
// is generated from the JSDoc on `ChatWall`, so this keeps JSDoc, README and the rendered parts in step.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const widgetDir = fileURLToPath(new URL('..', import.meta.url));

interface Named {
  name: string;
  description?: string;
  type?: { text: string };
  default?: string;
}
interface ElementDoc {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: (Named & { fieldName?: string })[];
  members?: (Named & { kind: string; reflects?: boolean; privacy?: string })[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations?: ElementDoc[]; exports?: { kind: string; name: string }[] }[];
}

let outDir: string;
let manifest: Manifest;
let element: ElementDoc;
let readme: string;

beforeAll(async () => {
  // Runs the analyzer as `pnpm build` does, into a directory of this test's own.
  outDir = await mkdtemp(join(tmpdir(), 'chat-wall-cem-'));
  const cem = join(widgetDir, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
  await promisify(execFile)(
    process.execPath,
    [
      cem,
      'analyze',
      '--config',
      'custom-elements-manifest.config.js',
      '--quiet',
      '--outdir',
      relative(widgetDir, outDir),
    ],
    { cwd: widgetDir },
  );
  manifest = JSON.parse(await readFile(join(outDir, 'custom-elements.json'), 'utf8')) as Manifest;
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'chat-wall');
  if (!found) throw new Error('the manifest declares no <chat-wall>');
  element = found;
  readme = await readFile(join(widgetDir, 'README.md'), 'utf8');
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** The cells of the first Markdown table after `heading`, header and separator rows left out. */
function table(heading: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6} /.test(line)) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

/** The `code` spans of a cell: "`hashtag`, `mention`" → ["hashtag", "mention"]. */
function codes(cell: string | undefined): string[] {
  return [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

const names = (items: Named[] | undefined): string[] => (items ?? []).map((i) => i.name).sort();
const unquote = (value: string | undefined): string | undefined => value?.replace(/^'(.*)'$/, '$1');

describe('custom-elements.json', () => {
  it('declares <chat-wall> as the class ChatWall exported from the package entry', () => {
    expect(manifest.schemaVersion).toBe('1.0.0');
    expect(element).toMatchObject({ kind: 'class', name: 'ChatWall', customElement: true });
    const paths = manifest.modules.map((m) => m.path).sort();
    expect(paths).toEqual(['dist/lib/define.js', 'dist/lib/index.js']);
    const define = manifest.modules.find((m) => m.path === 'dist/lib/define.js');
    expect(define?.exports).toContainEqual(
      expect.objectContaining({ kind: 'custom-element-definition', name: 'chat-wall' }),
    );
  });

  it('leaves internal state out', () => {
    expect(element.members?.filter((m) => m.privacy === 'private')).toEqual([]);
    expect(element.attributes?.map((a) => a.name)).not.toContain('failedImages');
  });

  it('has the attributes, properties and defaults of the README', () => {
    const rows = table('## Attributes');
    expect(rows.length).toBeGreaterThan(0);
    const documented = rows.map(([attr, prop]) => `${codes(attr)[0]} → ${codes(prop)[0]}`).sort();
    const declared = (element.attributes ?? []).map((a) => `${a.name} → ${a.fieldName}`).sort();
    expect(declared).toEqual(documented);
    for (const [attr, , fallback, description] of rows) {
      const name = codes(attr)[0];
      const declaredAttr = element.attributes?.find((a) => a.name === name);
      // Prose defaults ("the script's origin") are computed at runtime; literal ones must match.
      const literal = codes(fallback)[0];
      if (literal !== undefined) expect(unquote(declaredAttr?.default), `default of ${name}`).toBe(literal);
      const member = element.members?.find((m) => m.name === declaredAttr?.fieldName);
      expect(Boolean(member?.reflects), `whether ${name} reflects`).toBe(/Reflected\./.test(description ?? ''));
      expect(member?.description, `JSDoc of ${name}`).toBeTruthy();
    }
  });

  it('has the parts of the README', () => {
    const documented = table('### Parts').flatMap(([part]) => codes(part));
    expect(names(element.cssParts)).toEqual(documented.sort());
    expect(element.cssParts?.every((p) => p.description)).toBe(true);
  });

  it('has the custom properties of the README', () => {
    const documented = table('### Custom properties').flatMap(([prop]) => codes(prop));
    expect(names(element.cssProperties)).toEqual(documented.sort());
  });

  it('has the events of the README, typed with their classes', () => {
    const documented = table('## Events')
      .map(([event, cls]) => `${codes(event)[0]}: ${codes(cls)[0]}`)
      .sort();
    const declared = (element.events ?? []).map((e) => `${e.name}: ${e.type?.text}`).sort();
    expect(declared).toEqual(documented);
  });

  it('has every part and custom property the sources use', async () => {
    const files = (await readdir(join(widgetDir, 'src'), { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const texts = await Promise.all(files.map((f) => readFile(join(widgetDir, 'src', f), 'utf8')));
    // Without comments: the JSDoc that generates the manifest must not count as a use.
    const sources = texts.map((s) => s.replace(/\/\*[\s\S]*?\*\//g, ''));
    const used = (pattern: RegExp) => new Set(sources.flatMap((s) => [...s.matchAll(pattern)].map((m) => m[1]!)));
    const parts = used(/\bpart="([a-z-]+)"/g);
    // Post parts are built as a list: ['post', post.pinned ? 'pinned' : '', …].
    for (const extra of used(/\['(post)', post\.pinned \? '(?:pinned)'/g)) parts.add(extra);
    for (const mark of used(/\? '(pinned|highlighted|on-air)' : ''/g)) parts.add(mark);
    // The qa layout passes each post's role parts: renderPost(post, ['question', current ? 'current' : ''], …).
    for (const roles of used(/renderPost\([^,]+, \[([^\]]*)\]/g)) {
      for (const [, name] of roles.matchAll(/'([a-z-]+)'/g)) parts.add(name!);
    }
    // A part chosen by a condition: part=${leaving ? 'leaving' : …} / part=${… : 'leaving'}.
    for (const part of used(/part=\$\{[^}]*?[?:] '([a-z-]+)'/g)) parts.add(part);
    expect(parts.size).toBeGreaterThan(5);
    expect(names(element.cssParts)).toEqual([...parts].sort());
    const properties = used(/(--chat-wall-[a-z-]+)/g);
    expect(names(element.cssProperties)).toEqual([...properties].sort());
  });
});
