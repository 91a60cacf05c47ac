import { describe, expect, it } from 'vitest';
import { SerialQueue, SerialQueues } from './serial-queue.js';

/** A job that ends when `release` is called, recording when it starts and ends. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    job: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
  };
}

describe('SerialQueue', () => {
  it('runs jobs one after another in order, and a failure does not stop the next', async () => {
    const log: string[] = [];
    const queue = new SerialQueue();
    const a = gate(log, 'a');
    const first = queue.run(a.job);
    const failing = queue.run(async () => {
      log.push('fail');
      throw new Error('boom');
    });
    const last = queue.run(async () => {
      log.push('c');
      return 'c';
    });
    await Promise.resolve();
    expect(log).toEqual(['start a']);
    a.release();
    await expect(first).resolves.toBe('a');
    await expect(failing).rejects.toThrow('boom');
    await expect(last).resolves.toBe('c');
    expect(log).toEqual(['start a', 'end a', 'fail', 'c']);
  });
});

describe('SerialQueues', () => {
  it('orders the jobs of one key, lets other keys run meanwhile, and is idle when all settled', async () => {
    const log: string[] = [];
    const queues = new SerialQueues<string>();
    const a1 = gate(log, 'a1');
    const done = [queues.run('a', a1.job), queues.run('a', async () => void log.push('a2'))];
    await queues.run('b', async () => void log.push('b1'));
    expect(log).toEqual(['start a1', 'b1']);
    let idle = false;
    const waiting = queues.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    a1.release();
    await Promise.all(done);
    await waiting;
    expect(log).toEqual(['start a1', 'b1', 'end a1', 'a2']);
  });
});
