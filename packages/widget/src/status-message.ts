import { ConnectionState, displayTag, ErrorCode, type WallError } from '@chat-wall/sdk';
import { english, type Translator } from './i18n/translator.js';

/** What the widget knows about its connection, as the status display needs it. */
export interface StatusInput {
  /** `idle` when there is nothing to connect to yet (no `tag`). */
  state: ConnectionState | 'idle';
  error?: WallError | undefined;
  attempt?: number | undefined;
  tag: string;
  server: string;
  /** The language to say it in; English when absent. */
  i18n?: Translator | undefined;
}

/** What the status display shows. */
export interface StatusView {
  /** Short label for the status pill: "Live", "Reconnecting"… */
  label: string;
  /** A sentence for people, shown when the wall cannot show posts as it should. */
  message?: string;
}

/** Turns a connection state and its last error into words for the people watching the wall. */
export function describeStatus({ state, error, attempt, tag, server, i18n = english }: StatusInput): StatusView {
  const t = i18n.t.bind(i18n);
  const wall = `#${displayTag(tag)}`;
  const retry = attempt && attempt > 1 ? t('retryingAttempt', { attempt }) : t('retrying');
  switch (state) {
    case 'idle':
      return { label: t('statusIdle'), message: t('statusNoTag') };
    case ConnectionState.Connecting:
      if (error?.code === ErrorCode.Unreachable) {
        return { label: t('statusConnecting'), message: `${t('unreachable', { server })} ${retry}` };
      }
      return { label: t('statusConnecting') };
    case ConnectionState.Live:
      return { label: t('statusLive') };
    case ConnectionState.Reconnecting:
      // The SDK's reason is English and technical: the viewer hears that the connection was lost.
      return { label: t('statusReconnecting'), message: `${t('connectionLost')} ${retry} ${t('showingLast')}` };
    case ConnectionState.Failed:
      if (error?.code === ErrorCode.UnknownWall) {
        return { label: t('statusFailed'), message: t('unknownWall', { wall }) };
      }
      // Other refusals name what is wrong with the element's attributes, for the page's author.
      return { label: t('statusFailed'), message: error?.message ?? t('wallRefused') };
    case ConnectionState.Closed:
      return { label: t('statusClosed') };
  }
}
