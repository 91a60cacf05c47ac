// Writes what a page needs to pin the embed: `manifest.json` (`{ version, url, integrity }`, `url`
// relative to the manifest) and `chat-wall.js`, a one-line alias of the content-hashed entry for pages
// that want the latest build. Chunks the entry imports are named by content too (see vite.config.ts),
// so the entry's bytes, which the integrity covers, name the exact chunks it loads.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** sha384 in the form of the `integrity` attribute (Subresource Integrity). */
function sri(bytes: string | Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

export function embedManifest({ entryName }: { entryName: string }): Plugin {
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return {
    name: 'chat-wall-embed-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entries = Object.values(bundle).filter((file) => file.type === 'chunk' && file.isEntry);
      if (entries.length !== 1) throw new Error(`embed build: expected one entry, got ${entries.length}`);
      const entry = entries[0]!;
      if (entry.type !== 'chunk') throw new Error('unreachable');
      const chunks: Record<string, string> = {};
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && !file.isEntry) chunks[`./${file.fileName}`] = sri(file.code);
      }
      const manifest = { version, url: `./${entry.fileName}`, integrity: sri(entry.code), chunks };
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: `${JSON.stringify(manifest, null, 2)}\n` });
      this.emitFile({
        type: 'asset',
        fileName: `${entryName}.js`,
        source: `export * from './${entry.fileName}';\n`,
      });
    },
  };
}
