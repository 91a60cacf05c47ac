// The wire contract shared by relay and clients. Importable without client code:
// `import { applyEvent } from '@chat-wall/sdk/protocol'`.
export type { Author, Media, Post, PostAsk, PostPatch, PostThread, Segment } from './protocol/post.js';
export { AskState, SourceName } from './protocol/post.js';
export type { Instant, ScheduleProblem, Session, SessionWindow } from './protocol/session.js';
export {
  currentSession,
  DEFAULT_SESSION_WINDOW,
  MAX_SCHEDULE_AHEAD_MS,
  nextSession,
  previousSession,
  scheduleProblems,
  SessionPhase,
  sessionInWindow,
  sessionPhase,
  sortSessions,
} from './protocol/session.js';
export type { AudienceThread, QuestionThread, Threads } from './protocol/threads.js';
export { selectThreads } from './protocol/threads.js';
export type {
  CreateSessionRequest,
  EndSessionRequest,
  ExtendSessionRequest,
  InsightsResult,
  Participant,
  QuestionActionRequest,
  QuestionActionResult,
  QuestionsRequest,
  QuestionsResult,
  SessionInput,
  SessionInsights,
  SessionPatch,
  SessionRecap,
  SessionResult,
  SessionsResult,
  SessionSpend,
  UpdateSessionRequest,
} from './protocol/qa.js';
export { QuestionAction } from './protocol/qa.js';
export type {
  NewWallEvent,
  PostAddedEvent,
  PostRemovedEvent,
  PostUpdatedEvent,
  WallEvent,
  WallEventType,
  WallInfo,
  WallState,
  WallUpdatedEvent,
} from './protocol/events.js';
export { DEFAULT_MAX_POSTS } from './protocol/events.js';
export { applyEvent, applyEvents, emptyState } from './protocol/reducer.js';
export type { WallError } from './protocol/errors.js';
export { ErrorCode, isFatal, unknownWallError } from './protocol/errors.js';
export type {
  Since,
  SubscribeRequest,
  SubscribeResult,
  UnsubscribeResult,
  ViewerClientEvents,
  ViewerServerEvents,
  WallEventMessage,
  WallEventsMessage,
} from './protocol/messages.js';
export { VIEWER_NAMESPACE } from './protocol/messages.js';
export { displayTag, isValidTag, normaliseTag } from './protocol/tag.js';
export type {
  AuditEntry,
  AuditResult,
  BanRequest,
  BanResult,
  BulkApproveRequest,
  BulkApproveResult,
  FilterSettings,
  JoinResult,
  ListRequest,
  ListResult,
  AuditExportFormat,
  MintedToken,
  ModeratorProfile,
  WallSummary,
  ModeratedPost,
  ModerationSettings,
  ModerationSettingsPatch,
  ModeratorClientEvents,
  ModeratorServerEvents,
  PostActionRequest,
  PostActionResult,
  QueueChange,
  Result,
  SettingsResult,
} from './protocol/moderation.js';
export {
  AuditAction,
  FilterAction,
  MODERATOR_NAMESPACE,
  ModerationMode,
  PostAction,
  PostOrder,
  PostStatus,
} from './protocol/moderation.js';
export type { AutoMode, OnAir, ProducerProgram, Program, ProgramRequest, ProgramResult } from './protocol/program.js';
export { ALL_ROLES, AutoSource, EMPTY_PROGRAM, ProgramAction, TokenRole } from './protocol/program.js';
