// Starts the built CLI's demo on a free loopback port, as a user would run it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../packages/server/dist/cli.js', import.meta.url));

export interface Demo {
  /** Base URL the CLI printed. */
  url: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Everything the process wrote to stderr so far, for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Spawns `chat-wall demo --port 0` and resolves with the URL it prints. */
export function startDemo(speed = 20, timeoutMs = 15_000): Promise<Demo> {
  return startCli(
    process.execPath,
    [cli, 'demo', '--port', '0', '--host', '127.0.0.1', '--speed', String(speed)],
    { env: { ...process.env, LOG_LEVEL: 'warn' } },
    timeoutMs,
  );
}

/**
 * Spawns a chat-wall CLI (`demo` or `serve`) and resolves with the base URL from its one line
 * that carries it (`open <url>/ in a browser` or `serving … at <url>`).
 */
export async function startCli(
  command: string,
  args: string[],
  options: SpawnOptions,
  timeoutMs = 15_000,
): Promise<Demo> {
  // Its own process group: `npx` runs the CLI in a grandchild, which must stop with it.
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${args.join(' ')} printed no URL within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}\nstdout: ${out}\nstderr: ${err}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(?:open|serving .* at) (http:\/\/[^\s/]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with code ${code}`)));
    child.once('error', fail);
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, process: child, stdout: () => out, stderr: () => err, stop };
}
