import type { Store } from '../store/store.js';

/** Store key of the highest fencing token any holder of the source lease has had. */
export const LEASE_FENCE = 'source-lease:fence';

/** A write by a holder whose lease a newer holder has taken. */
export class StaleLeaseError extends Error {
  override name = 'StaleLeaseError';
}

/**
 * The source lease's fencing tokens, recorded in the store (PostgreSQL in a cluster), which
 * outlives Redis. Two uses:
 *
 * - a floor for new tokens: Redis numbers holders with `INCR`, which starts over after a Redis
 *   restart without persistence; a new holder's token is raised above every token recorded, so
 *   tokens only grow, whatever Redis forgot;
 * - fenced writes: the outside sources write their cursors (X's newest id and read budget,
 *   Mastodon's and Bluesky's positions) through {@linkcode guard}, which checks this relay's token
 *   against the recorded one in the same transaction. A holder that has not noticed yet that it
 *   lost the lease (a long pause, Redis cut off) cannot move a cursor the new holder owns.
 */
export class LeaseFence {
  private held: number | undefined;

  constructor(private readonly store: Store) {}

  /** The token this relay holds or last held. */
  get token(): number | undefined {
    return this.held;
  }

  /** The highest token recorded: a new token must be above it. */
  async floor(): Promise<number> {
    return Number((await this.store.getCursor(LEASE_FENCE)) ?? 0);
  }

  /** Records this relay's new token, before its sources start: from now on older holders' writes are refused. */
  async record(token: number): Promise<void> {
    this.held = token;
    await this.store.raiseCursor(LEASE_FENCE, token);
  }

  /**
   * `store` as the outside sources see it: cursor writes are fenced by this relay's token (they
   * reject with {@linkcode StaleLeaseError} once a newer holder has recorded its own); everything
   * else is the store itself.
   */
  guard(store: Store): Store {
    const setCursor = async (key: string, value: string): Promise<void> => {
      const token = this.held;
      if (token === undefined) return store.setCursor(key, value);
      if (!(await store.setCursorFenced(key, value, LEASE_FENCE, token))) {
        throw new StaleLeaseError(
          `source lease: a newer holder has the sources; this relay's write of "${key}" (fencing token ${token}) is refused`,
        );
      }
    };
    return new Proxy(store, {
      get(target, property) {
        if (property === 'setCursor') return setCursor;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
