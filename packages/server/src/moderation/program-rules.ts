import {
  EMPTY_PROGRAM,
  ErrorCode,
  type NewWallEvent,
  type Post,
  type Program,
  type WallError,
  type WallState,
} from '@chat-wall/sdk/protocol';

// The rules of the program, pure: what a take or a clear appends to the wall log, which post comes
// next, how the rundown changes. The ProgramDesk carries them out.

/** The most posts a rundown holds. */
export const RUNDOWN_LIMIT = 200;

/** The program a wall's state shows (the empty one before the first take). */
export function programOf(state: WallState): Program {
  return state.wall.program ?? EMPTY_PROGRAM;
}

/** The event that puts `post` on air. */
export function takeEvent(program: Program, post: Post, at: string): NewWallEvent {
  return { type: 'wall.updated', wall: { program: { revision: program.revision + 1, onAir: { post, since: at } } } };
}

/** The event that clears the air, or `undefined` when nothing is on air. */
export function clearEvent(program: Program): NewWallEvent | undefined {
  if (!program.onAir) return undefined;
  return { type: 'wall.updated', wall: { program: { revision: program.revision + 1, onAir: null } } };
}

/**
 * The refusal of a take or clear made against an older revision than the current one, naming
 * who changed the program since (`by`) and what is on air; `undefined` when `expected` is current
 * or absent.
 */
export function staleRevision(
  program: Program,
  expected: number | undefined,
  by: string | undefined,
  what: string,
): WallError | undefined {
  if (expected === undefined || expected === program.revision) return undefined;
  const who = by ?? 'another producer';
  const now = program.onAir
    ? `${who} took post ${program.onAir.post.id} to air at ${program.onAir.since}`
    : `${who} cleared the air`;
  return {
    code: ErrorCode.Conflict,
    message: `Cannot ${what}: the program changed since you saw it (revision ${program.revision}, you saw ${expected}); ${now}.`,
    field: 'expected',
  };
}

/**
 * The id after `current` in `ids`, round and round; the first when `current` is not among them;
 * `undefined` for an empty list. Rundown rotation and "newest approved" rotation both use it.
 */
export function nextAfter(ids: readonly string[], current: string | undefined): string | undefined {
  if (ids.length === 0) return undefined;
  const at = current === undefined ? -1 : ids.indexOf(current);
  return ids[(at + 1) % ids.length];
}

/** `list` with `item` moved (or inserted) at `index`, clamped to the list's bounds. */
export function placeAt<T>(list: readonly T[], item: T, index: number | undefined, same: (a: T) => boolean): T[] {
  const rest = list.filter((x) => !same(x));
  const at = index === undefined ? rest.length : Math.max(0, Math.min(rest.length, index));
  return [...rest.slice(0, at), item, ...rest.slice(at)];
}
