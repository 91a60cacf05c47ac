import { ConnectionState, displayTag, ErrorCode, type WallError } from '@chat-wall/sdk';

/** What the widget knows about its connection, as the status display needs it. */
export interface StatusInput {
  /** `idle` when there is nothing to connect to yet (no `tag`). */
  state: ConnectionState | 'idle';
  error?: WallError | undefined;
  attempt?: number | undefined;
  tag: string;
  server: string;
}

/** What the status display shows. */
export interface StatusView {
  /** Short label for the status pill: "Live", "Reconnecting"… */
  label: string;
  /** A sentence for people, shown when the wall cannot show posts as it should. */
  message?: string;
}

/** Turns a connection state and its last error into words for the people watching the wall. */
export function describeStatus({ state, error, attempt, tag, server }: StatusInput): StatusView {
  const wall = `#${displayTag(tag)}`;
  const retry = attempt && attempt > 1 ? ` Retrying (attempt ${attempt})…` : ' Retrying…';
  switch (state) {
    case 'idle':
      return { label: 'Not connected', message: 'Set the tag attribute to the hashtag of a wall.' };
    case ConnectionState.Connecting:
      if (error?.code === ErrorCode.Unreachable) {
        return { label: 'Connecting…', message: `Cannot reach the wall server at ${server}.${retry}` };
      }
      return { label: 'Connecting…' };
    case ConnectionState.Live:
      return { label: 'Live' };
    case ConnectionState.Reconnecting: {
      const reason = error?.message ?? 'Connection lost.';
      return { label: 'Reconnecting', message: `${reason}${retry} Showing the last posts received.` };
    }
    case ConnectionState.Failed:
      if (error?.code === ErrorCode.UnknownWall) {
        return { label: 'Failed', message: `There is no wall ${wall} on this server.` };
      }
      return { label: 'Failed', message: error?.message ?? 'The wall server refused this wall.' };
    case ConnectionState.Closed:
      return { label: 'Disconnected' };
  }
}
