import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..', '..');
const cli = path.join(repoRoot, 'packages', 'server', 'src', 'cli.ts');
const tsx = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** `chat-wall serve` in a process of its own, as an operator runs it (from source, through tsx). */
export interface CliRelay {
  process: ChildProcess;
  /** The base URL, once it listens. */
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<unknown>;
  /** What it wrote to stderr and its log (stdout), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown, no lease release, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `chat-wall serve --config <config> --port 0 --host 127.0.0.1 …args` with `env` added to
 * this process's environment; resolves once it prints the URL it serves at.
 */
export async function startCliRelay(
  config: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<CliRelay> {
  const child = spawn(
    process.execPath,
    ['--import', tsx, cli, 'serve', '--config', config, '--port', '0', '--host', '127.0.0.1', ...args],
    {
      cwd: path.dirname(config),
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output = (output + line + '\n').slice(-20_000);
      const serving = /^chat-wall: serving .* at (http:\/\/\S+)$/.exec(line);
      if (serving) resolve(serving[1]!);
    });
    void exited.then(() => reject(new Error(`chat-wall serve exited before listening:\n${output}`)));
  });
  const ended = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    process: child,
    url,
    exited,
    output: () => output,
    kill: async () => {
      if (ended()) return;
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (ended()) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
