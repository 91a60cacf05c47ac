import type { Post } from '@chat-wall/sdk/protocol';
import { wallOfRuleTag, type XWallSpec } from './rules.js';

/** The walls a post goes to, and the rule tags that named no wall of ours. */
export interface Route {
  walls: string[];
  unknownTags: string[];
}

/**
 * Routes a post to walls: by the rules X says it matched, else (no rule of ours named, e.g. a
 * rule removed a moment ago) by its hashtags. Either way a wall's own options (reposts,
 * languages) are checked again here, so a post never reaches a wall its rule would exclude.
 */
export function routePost(
  post: Post,
  matchingRules: readonly ({ tag?: string | null } | undefined)[] | undefined,
  walls: ReadonlyMap<string, XWallSpec>,
): Route {
  const named = new Set<string>();
  const unknownTags: string[] = [];
  for (const rule of matchingRules ?? []) {
    const wall = wallOfRuleTag(rule?.tag);
    if (wall !== undefined && walls.has(wall)) named.add(wall);
    else unknownTags.push(String(rule?.tag ?? '(untagged rule)'));
  }
  const candidates = named.size > 0 ? named : post.tags.filter((t) => walls.has(t));
  const out: string[] = [];
  for (const tag of candidates) {
    const spec = walls.get(tag);
    if (spec && accepts(spec, post)) out.push(tag);
  }
  return { walls: out, unknownTags };
}

/** Whether a wall's X options let this post in. */
export function accepts(spec: XWallSpec, post: Post): boolean {
  if (spec.excludeReposts && post.repost) return false;
  if (spec.languages && spec.languages.length > 0) {
    const lang = post.lang?.toLowerCase();
    if (!lang || !spec.languages.some((l) => l.toLowerCase() === lang)) return false;
  }
  return true;
}

/** Compares X ids (decimal strings that overflow JS numbers). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
