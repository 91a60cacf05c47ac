import { readFile } from 'node:fs/promises';
import { displayTag, isValidTag, normaliseTag, scheduleProblems } from '@chat-wall/sdk/protocol';
import { z } from 'zod';
import { filtersConfigSchema } from './settings-schema.js';

/**
 * The origin of a browser's `Origin` header or a URL, normalised as browsers send it (scheme and
 * host lower case, default port left out, no path); `undefined` for anything that is not an
 * http(s) origin (`null`, from sandboxed frames and files, included).
 */
export function normaliseOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a wall whose config lists `allowed` origins may be used from `origin` (a request's `Origin`). */
export function originAllowed(allowed: readonly string[] | undefined, origin: string | undefined): boolean {
  if (!allowed?.length) return true;
  const normal = normaliseOrigin(origin);
  return normal !== undefined && allowed.includes(normal);
}

/**
 * The X API base URL, checked: the bearer token travels with every request, so plain `http:` is
 * refused except to this machine (a local proxy or test server). Throws naming `name`.
 */
export function checkXApiBaseUrl(value: string, name = 'x.baseUrl'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a URL such as https://api.x.com, got "${value}"`);
  }
  if (url.protocol === 'https:') return value;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (url.protocol === 'http:' && loopback) return value;
  throw new Error(
    `${name} must be https:// (the bearer token is sent with every request); plain http:// only to ` +
      `this machine (localhost, 127.0.0.1, ::1), got "${value}"`,
  );
}

export const ModerationMode = { Pre: 'pre', Post: 'post', Auto: 'auto' } as const;
export type ModerationMode = (typeof ModerationMode)[keyof typeof ModerationMode];

const wallSchema = z
  .strictObject({
    tag: z.string().refine(isValidTag, 'must be a hashtag: letters, digits and underscores, at most 100'),
    /** Shown on screens and recaps. @default the tag as written here, e.g. `askGMP` */
    title: z.string().min(1).max(200).optional(),
    sources: z
      .array(z.enum(['x', 'replay', 'mastodon', 'bluesky', 'native']))
      .min(1)
      .default(['replay']),
    moderation: z.enum(['pre', 'post', 'auto']).default('post'),
    maxPosts: z.number().int().min(1).max(1000).optional(),
    /**
     * Web origins allowed to show this wall (sockets, its REST routes, pages that frame it); empty or
     * absent allows every origin. Kept normalised (`https://Example.org:443/page/` is
     * `https://example.org`), so a trailing slash or a path does not lock the site out.
     */
    origins: z
      .array(z.url({ protocol: /^https?$/, error: 'must be an http(s) origin such as https://example.org' }))
      .max(100)
      .transform((list) => list.map((url) => new URL(url).origin))
      .optional(),
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
    /** Audience submissions, for walls whose `sources` has `"native"`. */
    submissions: z
      .strictObject({
        /** Take questions at all (outside sessions they are closed anyway when the wall has sessions). @default true */
        open: z.boolean().default(true),
      })
      .optional(),
    /** Filter settings over the defaults (see docs/moderation.md); moderators may change them later. */
    filters: filtersConfigSchema.optional(),
    /** Accounts whose posts are the host's (any source, case-insensitive, with or without `@`). */
    hosts: z
      .array(
        z
          .string()
          .regex(/^@?[\w.-]{1,100}$/u, 'must be a handle such as "GMPolice"')
          .transform((h) => h.replace(/^@/, '').toLowerCase()),
      )
      .max(100)
      .default([]),
    /** Scheduled sessions (ISO 8601 times). Moderators may add and change sessions at run time. */
    sessions: z
      .array(
        z.strictObject({
          title: z.string().trim().min(1).max(200),
          description: z.string().max(2000).optional(),
          start: z.iso.datetime({
            offset: true,
            message: 'must be an ISO 8601 date and time, e.g. 2026-12-01T12:00:00Z',
          }),
          end: z.iso.datetime({
            offset: true,
            message: 'must be an ISO 8601 date and time, e.g. 2026-12-01T14:00:00Z',
          }),
        }),
      )
      .max(500)
      .default([])
      .superRefine((sessions, ctx) => {
        for (const p of scheduleProblems(sessions, Date.now())) {
          ctx.addIssue({ code: 'custom', path: [p.index, p.field], message: p.message });
        }
      }),
    /** When a wall has sessions, paid sources (X) read only from `leadSeconds` before a start to `tailSeconds` after an end. */
    sessionWindow: z
      .strictObject({
        leadSeconds: z.number().int().min(0).max(86_400).default(600),
        tailSeconds: z.number().int().min(0).max(86_400).default(600),
      })
      .prefault({}),
    /** Audience questions: which posts enter the moderators' question queue by themselves. */
    questions: z
      .strictObject({
        /** A post by someone who is not a host and contains `?` is an audience question. @default true */
        detect: z.boolean().default(true),
      })
      .prefault({}),
    /** How long the store keeps this wall's posts; absent keeps everything. */
    retention: z
      .strictObject({
        /** Delete posts (any status) received more than this many days ago. */
        days: z.number().positive().max(36_500).optional(),
        /** Keep at most this many visible posts in history; the oldest go first. */
        maxPosts: z.number().int().min(1).optional(),
      })
      .optional(),
  })
  // Tags are matched case-insensitively (canonical form), but people read them as the host wrote them.
  .transform((wall) => ({
    ...wall,
    tag: normaliseTag(wall.tag),
    title: wall.title ?? displayTag(wall.tag),
  }));

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
  /**
   * X's stream does not report deletions: the posts walls show are looked up again
   * (`GET /2/tweets?ids=`, 100 a request, counted against the read budget).
   */
  deletionCheck: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** Seconds between checks. @default 600 */
      intervalSeconds: z.number().int().min(60).max(86_400).default(600),
      /** Newest shown posts checked per wall and round. @default 100 */
      maxPostsPerWall: z.number().int().min(1).max(1000).default(100),
    })
    .prefault({}),
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws(s) URL' });

export const mastodonConfigSchema = z.strictObject({
  /** Instances to read the walls' hashtags from; federation brings the same post from several, shown once. */
  instances: z
    .array(
      z.strictObject({
        /** Base URL of the instance, e.g. `https://mastodon.social`. */
        url: httpUrl,
        /** Access token (scope `read:statuses`): streams live instead of polling. */
        token: z.string().min(1).max(500).optional(),
      }),
    )
    .min(1)
    .max(20),
  /** Seconds between polls of an instance read without a stream. @default 30 */
  pollSeconds: z.number().min(5).max(3600).default(30),
});

/** Public Jetstream hosts run by Bluesky, tried in turn. */
export const DEFAULT_JETSTREAMS = [
  'wss://jetstream2.us-east.bsky.network',
  'wss://jetstream1.us-east.bsky.network',
  'wss://jetstream1.us-west.bsky.network',
  'wss://jetstream2.us-west.bsky.network',
] as const;

export const blueskyConfigSchema = z.strictObject({
  /** Jetstream host(s); several are tried in turn when one fails. @default {@linkcode DEFAULT_JETSTREAMS} */
  jetstream: z.union([wsUrl, z.array(wsUrl).min(1).max(10)]).optional(),
  /** AppView for author profiles. @default 'https://public.api.bsky.app' */
  appview: httpUrl.default('https://public.api.bsky.app'),
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
  /** Mastodon instances, for walls whose `sources` has `"mastodon"`. */
  mastodon: mastodonConfigSchema.optional(),
  /** Bluesky's Jetstream and AppView, for walls whose `sources` has `"bluesky"`; public defaults. */
  bluesky: blueskyConfigSchema.optional(),
});

export type Config = z.infer<typeof configSchema>;
export type WallConfig = Config['walls'][number];
export type XConfig = z.infer<typeof xConfigSchema>;
export type XWallConfig = NonNullable<WallConfig['x']>;
export type MastodonConfig = z.infer<typeof mastodonConfigSchema>;
export type BlueskyConfig = z.infer<typeof blueskyConfigSchema>;

/** A config that cannot be used; `message` names the file, the key and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a parsed config; throws {@linkcode ConfigError} naming every bad key. */
export function parseConfig(raw: unknown, origin = 'config'): Config {
  const result = configSchema.safeParse(raw);
  // Cross-field rules run on the raw input too, so that one bad wall does not hide a duplicate tag.
  const problems = new Set([...(result.success ? [] : result.error.issues.flatMap(describeIssue)), ...crossCheck(raw)]);
  if (problems.size > 0 || !result.success) {
    throw new ConfigError(`Invalid ${origin}:\n${[...problems].map((line) => `  ${line}`).join('\n')}`);
  }
  return result.data;
}

/** One line per problem, each starting with the full path of the key it is about. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`);
  }
  return [`${formatPath(issue.path)}: ${issue.message}`];
}

/** Rules across walls: tags unique in any spelling; a replay wall needs a replay file. */
function crossCheck(raw: unknown): string[] {
  if (!isRecord(raw) || !Array.isArray(raw.walls)) return [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.walls.forEach((wall: unknown, i) => {
    if (!isRecord(wall) || typeof wall.tag !== 'string' || !isValidTag(wall.tag)) return;
    const tag = normaliseTag(wall.tag);
    if (seen.has(tag)) problems.push(`${formatPath(['walls', i, 'tag'])}: duplicate wall "${tag}"`);
    seen.add(tag);
  });
  const usesReplay = raw.walls.some(
    (w: unknown) =>
      isRecord(w) && (w.sources === undefined || (Array.isArray(w.sources) && w.sources.includes('replay'))),
  );
  if (usesReplay && raw.replay === undefined) problems.push('replay: required when a wall uses the "replay" source');
  const usesMastodon = raw.walls.some(
    (w: unknown) => isRecord(w) && Array.isArray(w.sources) && w.sources.includes('mastodon'),
  );
  if (usesMastodon && raw.mastodon === undefined) {
    problems.push('mastodon: required when a wall uses the "mastodon" source (mastodon.instances: [{ "url": … }])');
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
