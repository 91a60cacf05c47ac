export { Relay } from './relay.js';
export type { RelayOptions } from './relay.js';
export { ConfigError, loadConfig, parseConfig } from './config.js';
export { ModerationMode } from '@chat-wall/sdk/protocol';
export type { ModeratedPost } from '@chat-wall/sdk/protocol';
export type { Config, WallConfig } from './config.js';
export type { Source, SourceHealth, SourceSink } from './sources/source.js';
export { ReplaySource } from './sources/replay-source.js';
export type { ReplayOptions, ReplayRecord } from './sources/replay-source.js';
export type {
  AppendResult,
  AuditQuery,
  LogWrites,
  PostPage,
  PostQuery,
  PostStatusChange,
  PrunePolicy,
  StatusChangeResult,
  StatusTransition,
  Store,
  StoredLog,
  StoredToken,
  StoreHealth,
  VisiblePostQuery,
} from './store/store.js';
export { PostStatus, PostWriteConflict, StoreOpenError, UnknownCursorError } from './store/store.js';
export { MemoryStore } from './store/memory-store.js';
export { SqliteStore } from './store/sqlite-store.js';
export type { SqliteStoreOptions } from './store/sqlite-store.js';
export { DEFAULT_DATABASE_FILE, DEMO_DATABASE_URL, openStore, parseDatabaseUrl } from './store/open-store.js';
export type { StoreLocation } from './store/open-store.js';
export { segmentText } from './sources/segments.js';
export { XSource, NEWEST_ID_CURSOR } from './sources/x/x-source.js';
export type { XSourceOptions } from './sources/x/x-source.js';
export type { Clock } from './clock.js';
export type { RelayXOptions } from './relay.js';
