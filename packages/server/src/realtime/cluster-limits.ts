import type { Logger } from 'pino';
import type { AuthFailures, AuthFailuresOptions, FailureLedger } from '../auth/auth-failures.js';
import { SharedAuthFailures } from '../auth/shared-auth-failures.js';
import type { Metrics } from '../metrics.js';
import type { RedisClient } from './cluster.js';
import { SharedBudget } from './shared-budget.js';
import { SharedConnections } from './shared-connections.js';

/** The limits a relay of a cluster counts in Redis, so that a budget is the cluster's and not each relay's. */
export interface ClusterLimits {
  /** Open connections per address, every relay's together (the per-address cap). */
  connections: SharedConnections;
  /** New viewer connections per address per minute. */
  viewerConnects(perMinute: number): (local: (key: string) => number) => SharedBudget;
  /** Moderator socket requests per token: `capacity` per window of `capacity / perSecond` seconds. */
  moderatorRequests(limit: { capacity: number; perSecond: number }): (local: (key: string) => number) => SharedBudget;
  /** Failed sign-ins per address and overall. */
  signIns(options: AuthFailuresOptions | undefined): (local: AuthFailures) => FailureLedger;
}

/**
 * The cluster's limits on `redis`. Each falls back on the relay's own count while Redis cannot be
 * reached (counted in `chat_wall_limit_fallbacks_total{limit}`); see docs/scaling.md.
 */
export function clusterLimits(
  redis: RedisClient,
  metrics: Metrics,
  logger: Logger,
  options: { connectionsTtlMs?: number } = {},
): ClusterLimits {
  const budget =
    (name: string, points: number, windowSeconds: number) =>
    (local: (key: string) => number): SharedBudget =>
      new SharedBudget({
        redis,
        name,
        points,
        windowSeconds,
        local,
        logger,
        onFallback: () => metrics.limitFallbacks.inc({ limit: name }),
      });
  return {
    connections: new SharedConnections({
      redis,
      logger,
      ...(options.connectionsTtlMs ? { ttlMs: options.connectionsTtlMs } : {}),
    }),
    viewerConnects: (perMinute) => budget('viewer-connects', perMinute, 60),
    // The lone relay's token bucket refills continuously; Redis counts fixed windows: the same
    // burst, and on average the same rate, per window of capacity / perSecond seconds.
    moderatorRequests: ({ capacity, perSecond }) =>
      budget('moderator-requests', capacity, Math.max(1, Math.round(capacity / perSecond))),
    signIns: (failures) => (local) =>
      new SharedAuthFailures(redis, local, failures, () => metrics.limitFallbacks.inc({ limit: 'sign-ins' }), logger),
  };
}
