import { readFile } from 'node:fs/promises';
import { isValidTag, normaliseTag } from '@chat-wall/sdk/protocol';
import { z } from 'zod';
import { filtersConfigSchema } from './moderation/settings.js';

export const ModerationMode = { Pre: 'pre', Post: 'post', Auto: 'auto' } as const;
export type ModerationMode = (typeof ModerationMode)[keyof typeof ModerationMode];

const wallSchema = z.strictObject({
  tag: z
    .string()
    .refine(isValidTag, 'must be a hashtag: letters, digits and underscores, at most 100')
    .transform(normaliseTag),
  title: z.string().min(1).max(200).optional(),
  sources: z
    .array(z.enum(['x', 'replay']))
    .min(1)
    .default(['replay']),
  moderation: z.enum(['pre', 'post', 'auto']).default('post'),
  maxPosts: z.number().int().min(1).max(1000).optional(),
  /** Web origins allowed to show this wall; empty or absent allows every origin. */
  origins: z.array(z.url()).optional(),
  /** Options for the X stream rule of this wall (used when `sources` has `"x"`). */
  x: z
    .strictObject({
      /** Leave out reposts (`-is:retweet`). @default false */
      excludeReposts: z.boolean().default(false),
      /** Only posts in these languages (BCP 47 codes as X reports them, e.g. `en`, `pt`). */
      languages: z
        .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language code such as "en"'))
        .max(20)
        .optional(),
    })
    .optional(),
  /** Filter settings over the defaults (see docs/moderation.md); moderators may change them later. */
  filters: filtersConfigSchema.optional(),
});

const replaySchema = z.strictObject({
  /** JSONL file of posts; relative paths are resolved against the config file. */
  file: z.string().min(1),
  speed: z.number().positive().max(1000).default(1),
  loop: z.boolean().default(true),
  /** How many posts to deliver at once on start, so a wall is not empty at first. */
  backlog: z.number().int().min(0).default(0),
});

export const xConfigSchema = z.strictObject({
  /** Post reads per UTC day before the X stream pauses (pay-per-use cost guard). @default 10000 */
  dailyReadBudget: z.number().int().min(1).default(10_000),
  /** Longest stream rule the X access level allows (512 on most levels, 1024 on Pro). @default 512 */
  maxRuleLength: z.number().int().min(32).max(4096).default(512),
  backfill: z
    .strictObject({
      /** Search recent posts on start and after a stream gap. @default true */
      enabled: z.boolean().default(true),
      /** Most posts fetched per wall and backfill. @default 100 */
      maxPosts: z.number().int().min(10).max(1000).default(100),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  walls: z
    .array(wallSchema)
    .min(1)
    .superRefine((walls, ctx) => {
      const seen = new Set<string>();
      walls.forEach((w, i) => {
        if (seen.has(w.tag)) ctx.addIssue({ code: 'custom', path: [i, 'tag'], message: `duplicate wall "${w.tag}"` });
        seen.add(w.tag);
      });
    }),
  replay: replaySchema.optional(),
  /** Settings of the X source, shared by every wall that uses it. */
  x: xConfigSchema.optional(),
});

export type Config = z.infer<typeof configSchema>;
export type WallConfig = Config['walls'][number];
export type XConfig = z.infer<typeof xConfigSchema>;
export type XWallConfig = NonNullable<WallConfig['x']>;

/** A config that cannot be used; `message` names the file, the key and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a parsed config; throws {@linkcode ConfigError} naming every bad key. */
export function parseConfig(raw: unknown, origin = 'config'): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    throw new ConfigError(`Invalid ${origin}:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.walls.some((w) => w.sources.includes('replay')) && !config.replay) {
    throw new ConfigError(`Invalid ${origin}:\n  replay: required when a wall uses the "replay" source`);
  }
  return config;
}

/** Reads and validates a JSON config file. */
export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`Config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(raw, `config file ${file}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
