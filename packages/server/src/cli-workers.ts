import cluster, { type Worker } from 'node:cluster';

/** What the CLI's primary process needs to run `serve --workers N`. */
export interface WorkersOptions {
  count: number;
  /** The address the workers bind, for the URL line. */
  host: string;
  /** The walls served, for the URL line (`#askGMP, #other`). */
  walls: string;
  /** Writes a line for people and scripts (stdout). */
  out: (line: string) => void;
  /** Writes a line about a problem (stderr). */
  err: (line: string) => void;
  /** How long to wait before replacing a worker that died. @default 1000 */
  restartDelayMs?: number;
}

/**
 * The primary of `chat-wall serve --workers N`: forks N workers (`node:cluster`), each a full relay
 * of the cluster (its own PostgreSQL and Redis connections, in the source lease's draw); they share
 * the listening port, which the primary hands out connection by connection. WebSocket-only
 * transport needs no sticky sessions, so any worker can take any connection.
 *
 * Prints the one URL line once every worker listens. A worker that dies after it listened is
 * replaced; one that exits before it ever listened (an unreachable database, say: its message is
 * on stderr) stops them all, and the primary exits with its code. SIGTERM or SIGINT stops the
 * workers cleanly (each releases what it holds) and then the primary.
 * @returns the exit status
 */
export function superviseWorkers(options: WorkersOptions): Promise<number> {
  const { count, out, err } = options;
  const listened = new Set<number>();
  let stopping = false;
  let status = 0;
  let announced = false;
  const alive = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  return new Promise((resolve) => {
    const stopAll = (code: number): void => {
      if (stopping) return;
      stopping = true;
      status = code;
      for (const worker of alive()) worker.process.kill('SIGTERM');
      if (alive().length === 0) resolve(status);
    };
    cluster.on('listening', (worker, address) => {
      listened.add(worker.id);
      if (announced || listened.size < count) return;
      announced = true;
      const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
      const shown = host.includes(':') ? `[${host}]` : host;
      out(`chat-wall: serving ${options.walls} with ${count} workers at http://${shown}:${address.port}`);
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (alive().length === 0) resolve(status);
        return;
      }
      if (!listened.has(worker.id)) {
        err(`chat-wall: a worker stopped before it could serve (exit ${signal ?? code}); stopping the others.`);
        stopAll(code || 1);
        return;
      }
      listened.delete(worker.id);
      err(`chat-wall: worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another.`);
      setTimeout(() => {
        if (!stopping) cluster.fork();
      }, options.restartDelayMs ?? 1000).unref();
    });
    process.once('SIGINT', () => stopAll(0));
    process.once('SIGTERM', () => stopAll(0));
    for (let i = 0; i < count; i++) cluster.fork();
  });
}
