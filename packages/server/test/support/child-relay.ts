import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..', '..');

/** A relay running `relay-process.ts` in a child process. */
export interface ChildRelay {
  process: ChildProcess;
  /** Resolves with the base URL once the child listens. */
  listening: Promise<string>;
  /** Resolves once the child has fed and recorded every post. */
  done: Promise<{ epoch: string; seq: number }>;
  /** Resolves when the process has exited. */
  exited: Promise<unknown>;
  /** What the child wrote to stderr, for failure messages. */
  stderr(): string;
}

/** Starts a relay process; `env` is passed to it (see `relay-process.ts` for the variables). */
export function startChildRelay(env: Record<string, string>): ChildRelay {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'relay-process.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const line = (prefix: string): Promise<string[]> =>
    new Promise((resolve, reject) => {
      lines.on('line', (text) => {
        if (text.startsWith(`${prefix} `)) resolve(text.split(' ').slice(1));
      });
      void exited.then(() => reject(new Error(`relay process exited before "${prefix}":\n${errors}`)));
    });
  const listening = line('listening').then(([url]) => url!);
  const done = line('done').then(([epoch, seq]) => ({ epoch: epoch!, seq: Number(seq) }));
  // A test that kills the child before these lines never awaits them.
  listening.catch(() => {});
  done.catch(() => {});
  return { process: child, listening, done, exited, stderr: () => errors };
}

/** What a restart test opens (child relays, SDK walls, temp folders), released together after each test. */
export class RestartTestResources {
  readonly children: ChildRelay[] = [];
  readonly walls: { close(): void }[] = [];
  readonly dirs: string[] = [];

  /** Closes the walls, SIGKILLs children still running and removes the folders. */
  async release(): Promise<void> {
    this.walls.splice(0).forEach((w) => w.close());
    for (const child of this.children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGKILL');
        await child.exited;
      }
    }
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}
