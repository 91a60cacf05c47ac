/**
 * A module loaded by `import()` the first time an element needs it, then shared by every element
 * of the page. The embed build turns each such import into a chunk next to the entry, so what a
 * first paint does not need is not downloaded with it.
 */
export class LazyModule<T> {
  /** The module, once it has loaded. */
  value: T | undefined;
  private loading: Promise<T | undefined> | undefined;

  constructor(private readonly importer: () => Promise<T>) {}

  /**
   * Starts loading (once) and resolves with the module, or `undefined` when it could not be
   * loaded (offline, a stale page after a deploy): the element then goes on without it.
   */
  load(): Promise<T | undefined> {
    this.loading ??= this.importer().then(
      (module) => (this.value = module),
      () => undefined,
    );
    return this.loading;
  }
}
