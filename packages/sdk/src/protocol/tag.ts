/** Canonical form of a wall tag: no leading `#`, trimmed, lower-case. Tags are case-insensitive. */
export function normaliseTag(tag: string): string {
  return displayTag(tag).toLowerCase();
}

/**
 * The tag as people wrote it, for showing: trimmed, no leading `#`, case kept (`#AskGMP ` → `AskGMP`).
 * Compare tags with {@linkcode normaliseTag}, never with this.
 */
export function displayTag(tag: string): string {
  return tag.trim().replace(/^#/, '');
}

/** Letters, digits and underscores, as hashtags allow on every network we read. */
const TAG = /^[\p{L}\p{M}\p{N}_]{1,100}$/u;

/** Whether `tag` (canonical or not) can name a wall. */
export function isValidTag(tag: string): boolean {
  return TAG.test(normaliseTag(tag));
}
