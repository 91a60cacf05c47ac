import type { WallEvent, WallState } from '@chat-wall/sdk/protocol';

/** The part of a stored log the checks need. */
export interface LogHead {
  epoch: string;
  head: number;
}

/**
 * An append whose first event does not follow the stored head: another writer (a relay sharing
 * the database) appended meanwhile. The writer catches up from the store and numbers again.
 */
export class LogHeadMismatch extends Error {
  override name = 'LogHeadMismatch';
  constructor(
    message: string,
    /** The stored head the append should have followed. */
    readonly head: number,
  ) {
    super(message);
  }
}

/**
 * Refuses an append that would break the log: unknown wall, stale epoch, or events that are not
 * contiguous after the head. Shared by every store so they fail the same way.
 */
export function checkAppend(
  tag: string,
  epoch: string,
  events: readonly WallEvent[],
  log: LogHead | undefined,
): asserts log is LogHead {
  if (!log || log.epoch !== epoch) throw new Error(`No log for wall "${tag}" at epoch ${epoch}`);
  let expected = log.head + 1;
  for (const event of events) {
    if (event.seq !== expected) {
      const message = `Wall "${tag}": append at seq ${event.seq}, expected ${expected}`;
      // A batch that starts in the wrong place is stale; a gap inside a batch is a bug.
      throw expected === log.head + 1 ? new LogHeadMismatch(message, log.head) : new Error(message);
    }
    expected++;
  }
}

/** Refuses a compaction whose snapshot is ahead of the log or that would open a gap before it. */
export function checkCompact(
  tag: string,
  epoch: string,
  snapshot: WallState,
  keepFrom: number,
  log: LogHead | undefined,
): asserts log is LogHead {
  if (!log || log.epoch !== epoch || snapshot.epoch !== epoch) {
    throw new Error(`No log for wall "${tag}" at epoch ${epoch}`);
  }
  if (snapshot.seq > log.head) {
    throw new Error(`Wall "${tag}": snapshot at seq ${snapshot.seq} is ahead of the head ${log.head}`);
  }
  if (!Number.isInteger(keepFrom) || keepFrom < 1 || keepFrom > snapshot.seq + 1) {
    throw new Error(`Wall "${tag}": keepFrom ${keepFrom} must be from 1 to ${snapshot.seq + 1}`);
  }
}
