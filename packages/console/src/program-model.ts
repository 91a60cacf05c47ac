import { AutoSource, type Post, type ProducerProgram } from '@chat-wall/sdk';

/**
 * The producer view's arithmetic, pure: what "Next" will take, where a dragged post lands in the
 * rundown, how long the post on air has been on. The relay decides; these only show it.
 */

/** How many of the newest approved posts "Next" rotates through when the rundown is empty (as the relay does). */
const NEWEST_ROTATION = 10;

/**
 * The post "Next" takes: the rundown's after the one on air (round and round), else, with an
 * empty rundown or auto mode on the newest posts, the newest approved after the one on air.
 */
export function nextUp(program: ProducerProgram, approved: readonly Post[]): Post | undefined {
  const useNewest = program.rundown.length === 0 || (program.auto.enabled && program.auto.source === AutoSource.Newest);
  const list = useNewest ? approved.slice(0, NEWEST_ROTATION) : program.rundown;
  if (list.length === 0) return undefined;
  const current = program.onAir?.post.id;
  const at = current === undefined ? -1 : list.findIndex((p) => p.id === current);
  return list[(at + 1) % list.length];
}

/**
 * The `index` a `move` request needs so that the rundown post at `from` ends up where the one at
 * `before` is now (the end for `before` = length). The relay takes the post out first and then
 * inserts it, so moving down counts one less.
 */
export function moveIndex(from: number, before: number): number {
  return before > from ? before - 1 : before;
}

/** Time on air as `m:ss` (or `h:mm:ss`), from `since` (ISO) to `now` (ms); never negative. */
export function onAirFor(since: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(since)) / 1000)) || 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
