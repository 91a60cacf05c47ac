import { normaliseTag } from '@chat-wall/sdk/protocol';
import type { WallConfig } from '../config.js';
import type { Store } from '../store/store.js';
import { WallLog, type WallLogOptions } from './wall-log.js';

/** A configured wall and its log. */
export interface Wall {
  config: WallConfig;
  log: WallLog;
}

/** The walls this relay serves, by canonical tag. */
export class WallRegistry {
  private readonly walls = new Map<string, Wall>();

  private constructor() {}

  static async open(store: Store, configs: readonly WallConfig[], options: WallLogOptions = {}): Promise<WallRegistry> {
    const registry = new WallRegistry();
    for (const config of configs) {
      const log = await WallLog.open(
        store,
        config.tag,
        { title: config.title ?? config.tag, ...(config.maxPosts ? { maxPosts: config.maxPosts } : {}) },
        options,
      );
      registry.walls.set(config.tag, { config, log });
    }
    return registry;
  }

  /** The wall for a tag in any spelling (`#AskGMP`, `askgmp`), if configured. */
  get(tag: string): Wall | undefined {
    return this.walls.get(normaliseTag(tag));
  }

  all(): Wall[] {
    return [...this.walls.values()];
  }

  /** Canonical tags of the walls that read from `source`. */
  tagsFor(source: string): string[] {
    return this.all()
      .filter((w) => (w.config.sources as readonly string[]).includes(source))
      .map((w) => w.config.tag);
  }
}
