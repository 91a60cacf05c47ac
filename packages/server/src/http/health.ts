import type { SourceHealth, SourceState } from '../sources/source.js';
import type { StoreHealth } from '../store/store.js';

/**
 * The whole health answer, for the admin token (`GET /api/admin/health`): every source's detail
 * (X's error text, budgets, instance names), the store's last error (which may name a file), the
 * cluster's lease token and Redis address.
 */
export interface DetailedHealth {
  ok: boolean;
  version: string;
  embed: { version: string; url: string } | null;
  walls: number;
  sources: Record<string, SourceHealth>;
  store: StoreHealth;
  cluster?: { role: string; leaseToken?: number; redis: { state: 'ok' | 'failing'; url?: string } };
}

/**
 * The public liveness answer (`GET /healthz`): states only, enough for a load balancer, a status
 * page or an uptime monitor, and nothing an attacker can use (no file paths, upstream error text,
 * budgets or service addresses).
 */
export interface PublicHealth {
  ok: boolean;
  version: string;
  embed: { version: string; url: string } | null;
  walls: number;
  sources: Record<string, { state: SourceState }>;
  store: { state: StoreHealth['state'] };
  cluster?: { role: string; redis: { state: 'ok' | 'failing' } };
}

/** Keeps the states of a detailed health answer and drops every detail. */
export function publicHealth(health: DetailedHealth): PublicHealth {
  const { ok, version, embed, walls, cluster } = health;
  return {
    ok,
    version,
    embed,
    walls,
    sources: Object.fromEntries(Object.entries(health.sources).map(([name, s]) => [name, { state: s.state }])),
    store: { state: health.store.state },
    ...(cluster ? { cluster: { role: cluster.role, redis: { state: cluster.redis.state } } } : {}),
  };
}

/** `503` when a source has failed or the store cannot write; Redis being down does not fail it. */
export function healthStatus(health: Pick<DetailedHealth, 'sources' | 'store'>): boolean {
  return !Object.values(health.sources).some((s) => s.state === 'failed') && health.store.state === 'ok';
}
