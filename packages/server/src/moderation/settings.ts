import type { FilterSettings, ModerationMode, ModerationSettings, WallError } from '@chat-wall/sdk/protocol';
import { ErrorCode } from '@chat-wall/sdk/protocol';
import { z } from 'zod';
import { profanityLanguages } from './terms.js';

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
    regex: z.array(
      z
        .string()
        .min(1)
        .max(300)
        .superRefine((source, ctx) => {
          try {
            new RegExp(source, 'iu');
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
          }
        }),
    ),
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

const settingsSchema = z.strictObject({
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

/** A settings change that cannot be applied; `field` is the dotted path of the first bad key. */
export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }

  toWallError(): WallError {
    return { code: ErrorCode.BadRequest, message: this.message, field: this.field };
  }
}

/** The settings a wall starts with: its config's mode and filters over the defaults. */
export function initialSettings(
  mode: ModerationMode,
  filters: Record<string, unknown> | undefined,
): ModerationSettings {
  return applySettingsPatch({ mode, filters: structuredClone(DEFAULT_FILTERS) }, filters ? { filters } : {});
}

/**
 * Applies a partial change (blocks merge one level deep; arrays are replaced whole) and validates
 * the result. Throws {@linkcode SettingsError} naming the field; `current` is never modified.
 */
export function applySettingsPatch(current: ModerationSettings, patch: unknown): ModerationSettings {
  if (!isRecord(patch)) throw new SettingsError('settings: must be an object', 'settings');
  const unknownKey = Object.keys(patch).find((k) => k !== 'mode' && k !== 'filters');
  if (unknownKey) throw new SettingsError(`${unknownKey}: unknown setting`, unknownKey);
  if (patch.filters !== undefined && !isRecord(patch.filters)) {
    throw new SettingsError('filters: must be an object', 'filters');
  }
  const next = {
    mode: patch.mode ?? current.mode,
    filters: patch.filters ? mergeFilters(current.filters, patch.filters) : current.filters,
  };
  const result = settingsSchema.safeParse(next);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'settings';
    throw new SettingsError(`${field}: ${issue.message}`, field);
  }
  return result.data;
}

function mergeFilters(base: FilterSettings, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const old = merged[key];
    merged[key] = isRecord(old) && isRecord(value) ? { ...old, ...value } : value;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
