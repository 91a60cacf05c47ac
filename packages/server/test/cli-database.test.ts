import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const cli = path.join(repoRoot, 'packages', 'server', 'src', 'cli.ts');
const tsx = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * Runs the CLI from source in `cwd` with DATABASE_URL unset, until it logs which database it
 * opened; resolves with that log line's `database`.
 */
async function databaseOf(cwd: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', tsx, cli, ...args, '--port', '0', '--host', '127.0.0.1'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = once(child, 'exit');
  try {
    return await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return; // the demo's banner
        const entry = JSON.parse(line) as { msg?: string; database?: string };
        if (entry.msg === 'database open') resolve(entry.database!);
      });
      void exited.then(() => reject(new Error(`chat-wall exited before opening a database:\n${errors}`)));
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  }
}

describe('the CLI’s default database', () => {
  it('serve keeps its data in ./data/chat-wall.db under the working directory', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-cli-'));
    dirs.push(cwd);
    await writeFile(path.join(cwd, 'posts.jsonl'), '');
    const config = { walls: [{ tag: 'askGMP', sources: ['replay'] }], replay: { file: 'posts.jsonl' } };
    await writeFile(path.join(cwd, 'wall.json'), JSON.stringify(config));
    const file = path.join(cwd, 'data', 'chat-wall.db');
    expect(await databaseOf(cwd, ['serve', '--config', 'wall.json'])).toBe(file);
    expect(existsSync(file)).toBe(true);
  });

  it('demo keeps nothing: an in-memory database, no file written', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-cli-'));
    dirs.push(cwd);
    expect(await databaseOf(cwd, ['demo'])).toBe(':memory:');
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });
});
