import type { WallConfig } from '../config.js';
import type { PrunePolicy } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a wall's `retention` setting asks the store to delete at `now`; `undefined` keeps everything. */
export function retentionPolicy(retention: WallConfig['retention'], now: Date): PrunePolicy | undefined {
  if (!retention || (retention.days === undefined && retention.maxPosts === undefined)) return undefined;
  return {
    ...(retention.days !== undefined
      ? { receivedBefore: new Date(now.getTime() - retention.days * DAY_MS).toISOString() }
      : {}),
    ...(retention.maxPosts !== undefined ? { maxVisible: retention.maxPosts } : {}),
  };
}
