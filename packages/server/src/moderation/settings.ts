import type { ModerationMode, ModerationSettings, WallError } from '@chat-wall/sdk/protocol';
import { ErrorCode } from '@chat-wall/sdk/protocol';
import { DEFAULT_FILTERS, isRecord, mergeFilters, settingsSchema } from '../settings-schema.js';

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
