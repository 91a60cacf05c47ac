export { connectWall, Wall } from './client/connect-wall.js';
export type { ConnectWallOptions, WallEvents } from './client/connect-wall.js';
export { fetchPosts } from './client/history.js';
export { ChatWallError } from './client/errors.js';
export type { ChatWallErrorDetail } from './client/errors.js';
export type { FetchPostsOptions, PostPage } from './client/history.js';
export { ConnectionState } from './client/connection-state.js';
export type { StatusChange } from './client/connection-state.js';
export { connectModerator, ModeratorClient, ModeratorState } from './moderator/moderator-client.js';
export type {
  ActionOptions,
  ConnectModeratorOptions,
  JoinedWall,
  ModeratorEvents,
} from './moderator/moderator-client.js';
export * from './protocol.js';
export { cached, formatMessage, placeholders } from './i18n/message.js';
export type { Message, MessageParams, PluralMessage } from './i18n/message.js';
export { directionOf, matchLocale } from './i18n/locale-match.js';
export type { LocaleMatch } from './i18n/locale-match.js';
export { MessageTranslator } from './i18n/message-translator.js';
export type { MessageCatalog } from './i18n/message-translator.js';
