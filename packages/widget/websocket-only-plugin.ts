// The SDK opens socket.io with `transports: ['websocket']` (long polling would need sticky sessions
// across relays, see docs/architecture.md), yet engine.io-client bundles its HTTP long-polling and
// WebTransport classes too: its Socket reads the transports from one table, and its index
// re-exports every transport (the XHR one runs code when loaded, so it cannot be tree-shaken). In
// the embed build, socket.io-client gets an engine.io-client entry without them, and the table
// holds only the WebSocket transport. Three more parts serve only other transports or payloads the
// relay never sends, and are left out the same way:
// - the transport upgrade (engine.io-client's `_probe`): a connection that starts on WebSocket has
//   nothing to upgrade to (the relay offers no upgrade to it);
// - engine.io-parser's base64 decoder: engine.io sends binary as base64 only over long polling
//   (WebSocket frames carry it as binary);
// - socket.io-parser's binary attachments: the relay's protocol is JSON (docs/protocol.md), the SDK
//   sends no binary either. A binary packet from a server fails to decode (a parse error, and
//   socket.io reconnects) rather than being misread. socket.io-client's manager gets only the
//   parser's Encoder and Decoder (its namespace import would keep every export);
// - socket.io-client Socket methods the SDK never calls: the catch-all listeners (`onAny`,
//   `onAnyOutgoing` and their kin), `emitWithAck` and the `retries` queue (an emit with `retries`
//   set throws, loudly).
// A dependency upgrade that moves these files or that method fails the build here, loudly, rather
// than shipping a wall that cannot connect.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const ENTRY = '\0chat-wall:engine.io-client';
const TABLE = '\0chat-wall:engine.io-client-transports';
const NO_BASE64 = '\0chat-wall:engine.io-parser-base64';
const NO_BINARY = '\0chat-wall:socket.io-parser-binary';
const PARSER = '\0chat-wall:socket.io-parser';

/**
 * `code` with the class methods from `first` up to the doc comment of `before` blanked out, line
 * for line (the rest keeps its source positions, so the source map holds), and `stub` in their place.
 */
function withoutMethods(code: string, file: string, first: string, before: string, stub = ''): string {
  const start = code.indexOf(`    ${first}(`);
  const next = code.indexOf(`    ${before}(`);
  const end = code.lastIndexOf('    /**', next);
  if (start < 0 || next < 0 || end < start) {
    throw new Error(`websocket-only: ${file} has no ${first}() … ${before}() methods any more`);
  }
  return `${code.slice(0, start)}${stub}${code.slice(start, end).replace(/[^\n]/g, '')}${code.slice(end)}`;
}

/** The ES build of a package as `from` resolves it (pnpm does not hoist them). */
function esmOf(from: NodeJS.Require, name: string): { dir: string; require: NodeJS.Require } {
  // Not every one exports its package.json: its root is where its main module's path names it.
  const main = from.resolve(name);
  const root = main.slice(0, main.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
  return { dir: join(root, 'build/esm'), require: createRequire(main) };
}

export function websocketOnly(): Plugin {
  const io = esmOf(createRequire(import.meta.url), 'socket.io-client');
  const socketIo = io.require;
  const engine = esmOf(socketIo, 'engine.io-client');
  const engineParser = esmOf(engine.require, 'engine.io-parser').dir;
  const socketParser = esmOf(socketIo, 'socket.io-parser').dir;
  const file = (dir: string, name: string): string => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new Error(`websocket-only: ${dir} has no ${name} any more`);
    return path;
  };
  const esm = engine.dir;
  const engineFile = (name: string): string => JSON.stringify(file(esm, name));
  // The modules stood in for, each checked to exist.
  for (const name of ['binary.js', 'is-binary.js']) file(socketParser, name);
  file(engineParser, 'contrib/base64-arraybuffer.js');
  const socket = file(esm, 'socket.js');
  const ioSocket = file(io.dir, 'socket.js');
  const parser = JSON.stringify(file(socketParser, 'index.js'));
  const from = (importer: string | undefined, dir: string): boolean => importer?.startsWith(dir) === true;
  return {
    name: 'chat-wall-websocket-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'engine.io-client' && importer?.includes('socket.io-client')) return ENTRY;
      if (source === 'socket.io-parser' && importer === join(io.dir, 'manager.js')) return PARSER;
      if (source === './transports/index.js' && from(importer, esm)) return TABLE;
      if (source === './contrib/base64-arraybuffer.js' && from(importer, engineParser)) return NO_BASE64;
      if ((source === './binary.js' || source === './is-binary.js') && from(importer, socketParser)) return NO_BINARY;
      return null;
    },
    load(id) {
      if (id === TABLE)
        return `import { WS } from ${engineFile('transports/websocket.js')};\nexport const transports = { websocket: WS };\n`;
      if (id === NO_BASE64)
        return [
          '// Stands in for engine.io-parser/contrib/base64-arraybuffer.js: base64 comes only over long polling.',
          "export const decode = () => { throw new Error('base64 packets are not expected over WebSocket'); };",
          'export const encode = decode;',
          '',
        ].join('\n');
      if (id === NO_BINARY)
        return [
          '// Stands in for socket.io-parser/binary.js and is-binary.js: the relay speaks JSON only.',
          'export const isBinary = () => false;',
          'export const hasBinary = () => false;',
          "export const deconstructPacket = () => { throw new Error('binary packets are not expected'); };",
          'export const reconstructPacket = deconstructPacket;',
          '',
        ].join('\n');
      if (id === PARSER) return `export { Encoder, Decoder } from ${parser};\n`;
      if (id !== ENTRY) return null;
      return [
        `export { Socket } from ${engineFile('socket.js')};`,
        `export { installTimerFunctions } from ${engineFile('util.js')};`,
        `export { parse } from ${engineFile('contrib/parseuri.js')};`,
        `export { nextTick } from ${engineFile('globals.js')};`,
        `export { WS as WebSocket } from ${engineFile('transports/websocket.js')};`,
        // Named by socket.io-client's own re-exports; never used by the SDK.
        'export const Fetch = undefined, NodeXHR = undefined, XHR = undefined, NodeWebSocket = undefined, WebTransport = undefined;',
        '',
      ].join('\n');
    },
    transform(code, id) {
      if (id === socket) {
        // The upgrade probe, emptied: onOpen() still calls it for each upgrade offered (none).
        return { code: withoutMethods(code, id, '_probe', 'onOpen', '    _probe() {}'), map: null };
      }
      if (id === ioSocket) {
        let trimmed = withoutMethods(code, id, 'onAny', 'notifyOutgoingListeners');
        trimmed = withoutMethods(
          trimmed,
          id,
          'emitWithAck',
          '_drainQueue',
          "    _addToQueue() { throw new Error('socket.io retries are not in this build'); }",
        );
        return { code: trimmed, map: null };
      }
      return null;
    },
  };
}
