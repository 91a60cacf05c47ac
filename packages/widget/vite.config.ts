// Two builds of the widget, picked with `--mode`:
// - `embed`: dist/embed/, the module the relay serves at /embed/ (lit, the SDK and socket.io-client
//   inlined): `chat-wall.<hash>.js` (the entry, named by its content, cached for good), lazily loaded
//   chunks as `chunks/<name>.<hash>.js`, `chat-wall.js` (a one-line always-latest alias of the entry)
//   and `manifest.json` (`{ version, url, integrity }`, see embed-manifest-plugin.ts);
// - `lib` (default): dist/lib/*.js for bundlers, with lit and @chat-wall/sdk left as imports.
import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig } from 'vite';
import { embedManifest } from './embed-manifest-plugin.js';
import { websocketOnly } from './websocket-only-plugin.js';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig(({ mode }) => {
  const embed = mode === 'embed';
  return {
    resolve: {
      // Build against the SDK's sources: one compile, no stale dist.
      alias: [{ find: /^@chat-wall\/sdk$/, replacement: src('../sdk/src/index.ts') }],
    },
    define: {
      // Drops socket.io-client's and lit's development branches from the bundle.
      'process.env.NODE_ENV': JSON.stringify('production'),
    },
    plugins: embed
      ? [minifyHtmlLiterals({ failOnError: true }), websocketOnly(), embedManifest({ entryName: 'chat-wall' })]
      : [],
    build: {
      target: 'es2022',
      outDir: embed ? 'dist/embed' : 'dist/lib',
      emptyOutDir: true,
      sourcemap: true,
      // Vite leaves whitespace in ES library builds (for the pure annotations bundlers read); the
      // embed is a final bundle no bundler reads again, so rolldown minifies it fully instead.
      minify: false,
      lib: embed
        ? { entry: src('src/embed.ts'), formats: ['es'], fileName: () => 'chat-wall.[hash].js' }
        : {
            entry: { index: src('src/index.ts'), define: src('src/define.ts') },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
      rolldownOptions: embed
        ? {
            // Everything the entry imports statically stays in chat-wall.js (a self-contained
            // module, which may export more than its public names for that); the broadcast layouts
            // and the join panel's QR code become chunks next to it, loaded by import() the first
            // time an element needs them, and taking the shared code (lit, post rendering) from
            // chat-wall.js itself.
            preserveEntrySignatures: 'allow-extension',
            // Content-hashed names: a pinned entry always loads the very chunks it was built with.
            // Pure annotations are for bundlers, and none reads the embed again; licence comments stay.
            output: {
              chunkFileNames: 'chunks/[name].[hash].js',
              minify: true,
              comments: { legal: true, annotation: false, jsdoc: false },
            },
          }
        : { external: [/^lit(\/|$)/, /^@chat-wall\/sdk(\/|$)/] },
    },
  };
});
