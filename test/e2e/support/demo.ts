// Starts the built CLI's demo on a free loopback port, as a user would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../packages/server/dist/cli.js', import.meta.url));

export interface Demo {
  /** Base URL the CLI printed. */
  url: string;
  process: ChildProcess;
  /** Everything the process wrote to stderr so far, for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Spawns `chat-wall demo --port 0` and resolves with the URL it prints. */
export async function startDemo(speed = 20, timeoutMs = 15_000): Promise<Demo> {
  const child = spawn(process.execPath, [cli, 'demo', '--port', '0', '--host', '127.0.0.1', '--speed', String(speed)], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`demo printed no URL within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}\nstdout: ${out}\nstderr: ${err}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /open (http:\/\/\S+?)\/? in a browser/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`demo exited with code ${code}`)));
    child.once('error', fail);
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, process: child, stderr: () => err, stop };
}
