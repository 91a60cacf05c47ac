import { readFileSync } from 'node:fs';

/** Version of `@chat-wall/server`, from its package.json (one folder up from `src/` and `dist/`). */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
