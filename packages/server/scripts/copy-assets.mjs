// Copies the files the relay serves but does not compile into its package, so that an installed
// @chat-wall/server has them without the repository: the moderator console's build (dist/console,
// served at /console/) and the example pages the demo serves (dist/examples, `/` and /examples/).
// Runs at the end of `pnpm build` and before `pnpm pack`/`publish`.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const at = (p) => fileURLToPath(new URL(p, import.meta.url));
const copies = [
  { from: at('../../console/dist/'), to: at('../dist/console/'), build: 'pnpm --filter @chat-wall/console build' },
  { from: at('../../../examples/'), to: at('../dist/examples/') },
];

for (const { from, to, build } of copies) {
  if (!existsSync(from)) {
    process.stderr.write(`copy-assets: ${from} is missing${build ? ` (run \`${build}\`)` : ''}\n`);
    process.exit(1);
  }
  rmSync(to, { recursive: true, force: true });
  // Source maps stay behind: they point at sources the package does not ship.
  cpSync(from, to, { recursive: true, filter: (file) => !file.endsWith('.map') && !file.endsWith('README.md') });
}
