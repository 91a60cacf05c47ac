import type { TwitterApiReadOnly } from 'twitter-api-v2';
import { desiredRules, diffRules, type XRule, type XWallSpec } from './rules.js';

/** What a rule sync changed at X. */
export interface RuleSyncResult {
  added: string[];
  deleted: string[];
  /** Walls left without a rule, and why. */
  problems: string[];
}

/**
 * Makes the relay's rules at X equal the walls' rules: reads the rules, deletes owned rules no
 * wall needs and adds the missing ones. Other rules of the app are never touched. Works on a live
 * stream: X applies rule changes without a reconnect.
 */
export async function syncRules(
  client: TwitterApiReadOnly,
  specs: readonly XWallSpec[],
  maxRuleLength: number,
): Promise<RuleSyncResult> {
  const { rules: desired, problems } = desiredRules(specs, maxRuleLength);
  const current = await client.v2.streamRules();
  const existing: XRule[] = (current.data ?? []).map((r) => ({
    id: String(r.id),
    value: r.value,
    ...(r.tag ? { tag: r.tag } : {}),
  }));
  const diff = diffRules(existing, desired);
  if (diff.delete.length > 0) await client.v2.updateStreamRules({ delete: { ids: diff.delete } });
  if (diff.add.length > 0) {
    const result = await client.v2.updateStreamRules({ add: diff.add });
    for (const error of (result as { errors?: { title?: string; value?: string; detail?: string }[] }).errors ?? []) {
      // A duplicate means X already has the rule (e.g. created by a sync that timed out): fine.
      if (error.title === 'DuplicateRule') continue;
      problems.push(`X refused rule "${error.value ?? '?'}": ${error.title ?? 'error'} ${error.detail ?? ''}`.trim());
    }
  }
  return { added: diff.add.map((r) => r.value), deleted: diff.delete, problems };
}
