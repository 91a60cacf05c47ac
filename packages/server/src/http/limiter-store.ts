import type { Options } from 'express-rate-limit';

/**
 * Where the HTTP rate limiters keep their counts: `undefined` keeps them in this process; in a
 * cluster, a shared store (Redis), so that a budget is the cluster's and not each relay's (behind a
 * load balancer one address's requests reach every relay). Called once per limiter: `name` keeps
 * each limiter's counts apart.
 */
export type LimiterStores = (name: string) => NonNullable<Options['store']>;

/**
 * The options a limiter named `name` takes from `stores`: the shared store, and requests let
 * through when it cannot be reached, so that Redis being down does not stop the API (each relay
 * still has its per-connection caps).
 */
export function limiterStore(stores: LimiterStores | undefined, name: string): Partial<Options> {
  return stores ? { store: stores(name), passOnStoreError: true } : {};
}
