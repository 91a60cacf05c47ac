import type { WallError } from '../protocol/errors.js';

/**
 * Where a wall connection stands.
 *
 * | state          | meaning                                                                      |
 * | -------------- | ---------------------------------------------------------------------------- |
 * | `connecting`   | first connection under way; nothing shown yet                                 |
 * | `live`         | subscribed; `wall.state` is current and events arrive as they happen          |
 * | `reconnecting` | the connection dropped or cannot be made; retrying; `wall.state` is the last known |
 * | `closed`       | `close()` was called; no more events                                          |
 * | `failed`       | the server refused for good (unknown wall, bad request); no retry             |
 */
export const ConnectionState = {
  Connecting: 'connecting',
  Live: 'live',
  Reconnecting: 'reconnecting',
  Closed: 'closed',
  Failed: 'failed',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** Payload of the `status` event. */
export interface StatusChange {
  state: ConnectionState;
  previous: ConnectionState;
  /**
   * On entering `live` after a reconnect: `true` when the missed events were replayed (continuity
   * kept), `false` when a fresh snapshot replaced the state.
   */
  resumed?: boolean;
  /** Why the connection is not live, when known. */
  error?: WallError;
  /** Reconnect attempt number while `reconnecting`. */
  attempt?: number;
}
