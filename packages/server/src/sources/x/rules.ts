/**
 * Filtered-stream rules for walls: one rule per wall, tagged so the relay only ever changes rules
 * it created. Pure functions: building, validating and diffing rules needs no network.
 */

/** What a wall asks of X. */
export interface XWallSpec {
  /** Canonical wall tag (lower-case, no `#`). */
  tag: string;
  /** Leave out reposts. */
  excludeReposts?: boolean;
  /** Only posts in these languages. */
  languages?: readonly string[];
}

/** A rule as X stores it. `tag` is absent on rules created without one. */
export interface XRule {
  id: string;
  value: string;
  tag?: string;
}

/** Prefix of the tags of rules this relay owns; rules without it are never touched. */
export const RULE_TAG_PREFIX = 'chat-wall:';

/** The rule tag of a wall. */
export function ruleTag(wallTag: string): string {
  return `${RULE_TAG_PREFIX}${wallTag}`;
}

/** The wall a rule tag names, or `undefined` when the rule is not one of ours. */
export function wallOfRuleTag(tag: string | null | undefined): string | undefined {
  if (typeof tag !== 'string' || !tag.startsWith(RULE_TAG_PREFIX)) return undefined;
  const wall = tag.slice(RULE_TAG_PREFIX.length);
  return wall.length > 0 ? wall : undefined;
}

/** The rule (and recent-search query) for a wall, e.g. `#askgmp -is:retweet (lang:en OR lang:fr)`. */
export function ruleValue(spec: XWallSpec): string {
  const parts = [`#${spec.tag}`];
  if (spec.excludeReposts) parts.push('-is:retweet');
  const langs = [...new Set(spec.languages ?? [])];
  if (langs.length === 1) parts.push(`lang:${langs[0]}`);
  else if (langs.length > 1) parts.push(`(${langs.map((l) => `lang:${l}`).join(' OR ')})`);
  return parts.join(' ');
}

/** The rules the walls need; walls whose rule would exceed `maxLength` are reported, not sent. */
export function desiredRules(
  specs: readonly XWallSpec[],
  maxLength: number,
): { rules: Omit<XRule, 'id'>[]; problems: string[] } {
  const rules: Omit<XRule, 'id'>[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.tag)) continue;
    seen.add(spec.tag);
    const value = ruleValue(spec);
    // X counts rule length in characters; code points are the safe reading for non-Latin tags.
    const length = [...value].length;
    if (length > maxLength) {
      problems.push(
        `wall "${spec.tag}": its X rule is ${length} characters, the limit is ${maxLength}; use fewer languages`,
      );
      continue;
    }
    rules.push({ value, tag: ruleTag(spec.tag) });
  }
  return { rules, problems };
}

/**
 * What to delete and add so that the owned rules equal `desired`. Rules without our tag prefix are
 * left alone; an owned rule whose value changed is replaced (X rules cannot be edited in place).
 */
export function diffRules(
  existing: readonly XRule[],
  desired: readonly Omit<XRule, 'id'>[],
): { add: Omit<XRule, 'id'>[]; delete: string[] } {
  const wanted = new Map(desired.map((r) => [`${r.tag}\u0000${r.value}`, r]));
  const kept = new Set<string>();
  const remove: string[] = [];
  for (const rule of existing) {
    if (wallOfRuleTag(rule.tag) === undefined) continue;
    const key = `${rule.tag}\u0000${rule.value}`;
    if (wanted.has(key) && !kept.has(key)) kept.add(key);
    else remove.push(rule.id);
  }
  const add = [...wanted.entries()].filter(([key]) => !kept.has(key)).map(([, rule]) => rule);
  return { add, delete: remove };
}
