import { MemoryStore } from '../../src/store/memory-store.js';

/**
 * A memory store whose log appends wait for `gate` while it is set: a database that is slow to
 * record, so a test can look at what a source saved between reading a post and its recording.
 */
export class GatedStore extends MemoryStore {
  gate: Promise<void> | undefined;

  override async append(...args: Parameters<MemoryStore['append']>): ReturnType<MemoryStore['append']> {
    await this.gate;
    return super.append(...args);
  }

  /** Holds appends until the returned function is called. */
  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.gate = undefined;
      open();
    };
  }
}
