// Jobs that must not interleave (a wall's appends, its decisions, its posts' recording) run one
// after another through these queues, in the order they were given.

const settle = (): undefined => undefined;

/** Runs jobs one after another, in the order given; a failed job does not stop the ones after it. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `job` once every job given before it has settled; resolves or rejects as `job` does. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job);
    this.tail = run.then(settle, settle);
    return run;
  }
}

/** A {@linkcode SerialQueue} per key (a wall's tag): jobs of one key run in order, keys side by side. */
export class SerialQueues<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  /** Runs `job` after the earlier jobs of `key`; resolves or rejects as `job` does. */
  run<T>(key: K, job: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(job);
    const tail = run.then(settle, settle);
    this.tails.set(key, tail);
    // An idle key holds nothing.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  /** Resolves once every job given so far, and any given meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
