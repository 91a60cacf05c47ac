// The SDK opens socket.io with `transports: ['websocket']` (long polling would need sticky sessions
// across relays, see docs/architecture.md), yet engine.io-client bundles its HTTP long-polling and
// WebTransport classes too: its Socket reads the transports from one table, and its index
// re-exports every transport (the XHR one runs code when loaded, so it cannot be tree-shaken). In
// the embed build, socket.io-client gets an engine.io-client entry without them, and the table
// holds only the WebSocket transport. A dependency upgrade that moves these files fails the build
// here, loudly, rather than shipping a wall that cannot connect.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const ENTRY = '\0chat-wall:engine.io-client';
const TABLE = '\0chat-wall:engine.io-client-transports';

export function websocketOnly(): Plugin {
  // engine.io-client as socket.io-client resolves it (pnpm does not hoist it).
  const fromSocketIo = createRequire(createRequire(import.meta.url).resolve('socket.io-client'));
  const esm = join(dirname(fromSocketIo.resolve('engine.io-client/package.json')), 'build/esm');
  const file = (name: string): string => {
    const path = join(esm, name);
    if (!existsSync(path)) throw new Error(`websocket-only: engine.io-client has no ${name} any more`);
    return JSON.stringify(path);
  };
  return {
    name: 'chat-wall-websocket-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'engine.io-client' && importer?.includes('socket.io-client')) return ENTRY;
      if (source === './transports/index.js' && importer?.startsWith(esm)) return TABLE;
      return null;
    },
    load(id) {
      if (id === TABLE)
        return `import { WS } from ${file('transports/websocket.js')};\nexport const transports = { websocket: WS };\n`;
      if (id !== ENTRY) return null;
      return [
        `export { Socket } from ${file('socket.js')};`,
        `export { installTimerFunctions } from ${file('util.js')};`,
        `export { parse } from ${file('contrib/parseuri.js')};`,
        `export { nextTick } from ${file('globals.js')};`,
        `export { WS as WebSocket } from ${file('transports/websocket.js')};`,
        // Named by socket.io-client's own re-exports; never used by the SDK.
        'export const Fetch = undefined, NodeXHR = undefined, XHR = undefined, NodeWebSocket = undefined, WebTransport = undefined;',
        '',
      ].join('\n');
    },
  };
}
