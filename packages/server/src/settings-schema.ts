import { createRequire } from 'node:module';
import type { FilterSettings } from '@chat-wall/sdk/protocol';
import { z } from 'zod';
import { MAX_PATTERN_CHARS, MAX_PATTERNS, patternHazard } from './pattern-safety.js';

// The schema of a wall's moderation settings. The config file and moderators' changes are checked
// against it, so it lives in the kernel: the config depends on nothing above it.

const verdict = z.enum(['hold', 'reject']);
const policy = z.enum(['allow', 'hold', 'reject']);
const term = z.string().trim().min(1).max(200);
/** `<source>:<author id>` or `@handle`. */
const authorKey = z
  .string()
  .trim()
  .regex(/^(?:[a-z]+:[^\s:]{1,100}|@[A-Za-z0-9_.-]{1,100})$/, 'must be "<source>:<author id>" or "@handle"');
const language = z
  .string()
  .regex(/^[A-Za-z]{2,3}$/, 'must be a language code such as "en"')
  .transform((s) => s.toLowerCase());
const seconds = z
  .number()
  .int()
  .min(1)
  .max(24 * 3600);

/** Default filters: what a new wall gets unless its config or a moderator says otherwise. */
export const DEFAULT_FILTERS: FilterSettings = {
  profanity: { enabled: true, languages: ['en'], action: 'hold' },
  blocklist: { words: [], action: 'reject' },
  patterns: { regex: [], action: 'hold' },
  authors: { allow: [], block: [], blockAction: 'reject' },
  reposts: 'reject',
  replies: 'allow',
  languages: { allow: [], action: 'hold', unknown: 'allow' },
  links: 'allow',
  media: 'allow',
  duplicates: { enabled: true, windowSeconds: 60, action: 'hold' },
  rateCap: { enabled: true, max: 5, windowSeconds: 60, action: 'hold' },
};

// Each block is strict: an unknown key is a typo the host should hear about.
const filtersSchema = z.strictObject({
  profanity: z.strictObject({
    enabled: z.boolean(),
    languages: z
      .array(language)
      .max(40)
      .refine((langs) => langs.every((l) => profanityLanguages().includes(l)), {
        error: () => `must be languages with a bundled list: ${profanityLanguages().join(', ')}`,
      }),
    action: verdict,
  }),
  blocklist: z.strictObject({ words: z.array(term).max(5000), action: verdict }),
  patterns: z.strictObject({
    regex: z
      .array(
        z
          .string()
          .min(1)
          .max(300)
          .superRefine((source, ctx) => {
            try {
              new RegExp(source, 'iu');
            } catch (err) {
              ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
              return;
            }
            // Too long is refused by max() already: not worth seconds of checking.
            if (source.length > 300) return;
            const hazard = patternHazard(source);
            if (hazard) ctx.addIssue({ code: 'custom', message: hazard });
          }),
      )
      .max(MAX_PATTERNS)
      .refine((all) => all.reduce((n, s) => n + s.length, 0) <= MAX_PATTERN_CHARS, {
        error: `patterns may hold at most ${MAX_PATTERN_CHARS} characters together`,
      }),
    action: verdict,
  }),
  authors: z.strictObject({
    allow: z.array(authorKey).max(10_000),
    block: z.array(authorKey).max(100_000),
    blockAction: verdict,
  }),
  reposts: policy,
  replies: policy,
  languages: z.strictObject({ allow: z.array(language).max(200), action: verdict, unknown: policy }),
  links: policy,
  media: policy,
  duplicates: z.strictObject({ enabled: z.boolean(), windowSeconds: seconds, action: verdict }),
  rateCap: z.strictObject({
    enabled: z.boolean(),
    max: z.number().int().min(1).max(10_000),
    windowSeconds: seconds,
    action: verdict,
  }),
}) satisfies z.ZodType<FilterSettings, unknown>;

export const settingsSchema = z.strictObject({
  mode: z.enum(['pre', 'post', 'auto']),
  filters: filtersSchema,
});

/**
 * Filters as a wall's config may give them: any subset, merged over {@linkcode DEFAULT_FILTERS}
 * block by block. Validated like a moderator's change, so the same errors name the same keys.
 */
export const filtersConfigSchema = z.record(z.string(), z.unknown()).superRefine((raw, ctx) => {
  const merged = mergeFilters(DEFAULT_FILTERS, raw);
  const result = filtersSchema.safeParse(merged);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
});

export function mergeFilters(base: FilterSettings, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const old = merged[key];
    merged[key] = isRecord(old) && isRecord(value) ? { ...old, ...value } : value;
  }
  return merged;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type NaughtyWords = Record<string, string[]>;
let bundled: NaughtyWords | undefined;

/**
 * The bundled profanity lists: the List of Dirty, Naughty, Obscene and Otherwise Bad Words
 * (LDNOOBW, CC BY 4.0) as shipped by the `naughty-words` package, one list per language.
 */
export function bundledProfanityLists(): NaughtyWords {
  // The package is CommonJS with JSON data and no types.
  bundled ??= createRequire(import.meta.url)('naughty-words') as NaughtyWords;
  return bundled;
}

/** Languages that have a bundled profanity list (`en`, `de`, `ja`, …). */
export function profanityLanguages(): string[] {
  return Object.keys(bundledProfanityLists());
}
