// Builds the console as static files: dist/index.html, one ES module and one stylesheet in
// dist/assets/ (hashed names, cached for good by the relay). No inline script: the relay sends
// a Content-Security-Policy with `script-src 'self'`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  // Relative asset URLs: the console works wherever the relay mounts it.
  base: './',
  resolve: {
    // Build against the sources of the SDK and the widget: one compile, no stale dist.
    alias: [
      { find: /^@chat-wall\/sdk$/, replacement: src('../sdk/src/index.ts') },
      { find: /^@chat-wall\/widget$/, replacement: src('../widget/src/index.ts') },
    ],
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // One module: the console is a single page, so there is nothing to split.
    modulePreload: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/console-[hash].js',
        assetFileNames: 'assets/console-[hash][extname]',
      },
    },
  },
});
