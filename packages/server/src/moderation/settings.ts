import type { ModerationMode, ModerationSettings } from '@chat-wall/sdk/protocol';
import { badRequest, parseRequest } from '../request-error.js';
import { DEFAULT_FILTERS, isRecord, mergeFilters, settingsSchema } from '../settings-schema.js';

/** The settings a wall starts with: its config's mode and filters over the defaults. */
export function initialSettings(
  mode: ModerationMode,
  filters: Record<string, unknown> | undefined,
): ModerationSettings {
  return applySettingsPatch({ mode, filters: structuredClone(DEFAULT_FILTERS) }, filters ? { filters } : {});
}

/**
 * Applies a partial change (blocks merge one level deep; arrays are replaced whole) and validates
 * the result. Throws a `bad_request` `RequestError` naming the field; `current` is never modified.
 */
export function applySettingsPatch(current: ModerationSettings, patch: unknown): ModerationSettings {
  if (!isRecord(patch)) throw badRequest('settings', 'must be an object');
  const unknownKey = Object.keys(patch).find((k) => k !== 'mode' && k !== 'filters');
  if (unknownKey) throw badRequest(unknownKey, 'unknown setting');
  if (patch.filters !== undefined && !isRecord(patch.filters)) {
    throw badRequest('filters', 'must be an object');
  }
  const next = {
    mode: patch.mode ?? current.mode,
    filters: patch.filters ? mergeFilters(current.filters, patch.filters) : current.filters,
  };
  return parseRequest(settingsSchema, next, { root: 'settings' });
}
