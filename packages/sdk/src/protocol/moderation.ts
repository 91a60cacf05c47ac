import type { WallError } from './errors.js';
import type { Post } from './post.js';
import type { ProducerProgram, ProgramRequest, ProgramResult, TokenRole } from './program.js';
import type { SourceHealth } from './sources.js';
import type {
  CreateSessionRequest,
  EndSessionRequest,
  ExtendSessionRequest,
  InsightsResult,
  QuestionActionRequest,
  QuestionActionResult,
  QuestionsRequest,
  QuestionsResult,
  SessionResult,
  SessionsResult,
  UpdateSessionRequest,
} from './qa.js';

/**
 * The moderator side of the wire contract: shapes shared by the relay's `/moderate` socket
 * namespace, its `/api/mod` REST routes and the SDK's moderator client.
 */
export const MODERATOR_NAMESPACE = '/moderate';

/** What moderation decided about a post on one wall. */
export const PostStatus = {
  /** Visible on the wall. */
  Approved: 'approved',
  /** Waiting in the moderators' queue; nobody sees it. */
  Held: 'held',
  /** Never shown (a filter or a moderator said no); can still be approved. */
  Rejected: 'rejected',
  /** Was visible, then retracted from every screen; can be restored. */
  Removed: 'removed',
} as const;
export type PostStatus = (typeof PostStatus)[keyof typeof PostStatus];

/** The order of a moderator's post list ({@linkcode ListRequest}). */
export const PostOrder = {
  /** Oldest arrival first: the held queue's order. */
  Arrival: 'arrival',
  /**
   * Newest decision first (`decidedAt`, then newest arrival), so the post a moderator or filter
   * just took down leads. Filters decide when they screen a post, so their rejections count from then.
   */
  Decided: 'decided',
} as const;
export type PostOrder = (typeof PostOrder)[keyof typeof PostOrder];

/** A page of a wall's posts by status, as moderators list them. */
export interface ListRequest {
  tag: string;
  /** One status, or several listed together (for example removed and rejected). */
  status: PostStatus | readonly PostStatus[];
  /** Page size, 1–500. @default 100 */
  limit?: number;
  /** Id of the last post of the previous page: the page continues after it, in the same order. */
  after?: string;
  /** @default 'arrival' */
  order?: PostOrder;
}

/**
 * How a wall treats new posts.
 *
 * | mode   | posts that pass every filter | filter says "hold" | filter says "reject" |
 * | ------ | ---------------------------- | ------------------ | -------------------- |
 * | `pre`  | held for a moderator         | held               | rejected             |
 * | `post` | live at once                 | live at once       | rejected             |
 * | `auto` | live at once                 | held               | rejected             |
 *
 * Authors on the allow list are approved in every mode.
 */
export const ModerationMode = { Pre: 'pre', Post: 'post', Auto: 'auto' } as const;
export type ModerationMode = (typeof ModerationMode)[keyof typeof ModerationMode];

/** What a filter may do with a post it catches. */
export const FilterAction = { Allow: 'allow', Hold: 'hold', Reject: 'reject' } as const;
export type FilterAction = (typeof FilterAction)[keyof typeof FilterAction];

/**
 * Per-wall filter settings. Every field is optional on input; the relay fills defaults and
 * answers the complete object. Author keys are `<source>:<author id>` (e.g. `x:2244994945`) or
 * `@handle` (any source, case-insensitive).
 */
export interface FilterSettings {
  /** Bundled multilingual profanity lists (LDNOOBW, via the `naughty-words` package). */
  profanity: {
    enabled: boolean;
    /** List languages always checked; the post's own language is checked too when a list exists. */
    languages: string[];
    action: 'hold' | 'reject';
  };
  /** The host's own words and phrases, matched as whole words, case-insensitively. */
  blocklist: { words: string[]; action: 'hold' | 'reject' };
  /** Regular expressions (JavaScript syntax, matched case-insensitively with the `u` flag). */
  patterns: { regex: string[]; action: 'hold' | 'reject' };
  authors: {
    /** Always approved, in every mode: hosts, invited experts. */
    allow: string[];
    /** Banned authors. */
    block: string[];
    blockAction: 'hold' | 'reject';
  };
  reposts: FilterAction;
  replies: FilterAction;
  /** Allowed languages (BCP 47 primary tags, e.g. `en`); empty allows every language. */
  languages: { allow: string[]; action: 'hold' | 'reject'; unknown: FilterAction };
  links: FilterAction;
  media: FilterAction;
  /** The same text (normalised) seen again within the window, from anyone. */
  duplicates: { enabled: boolean; windowSeconds: number; action: 'hold' | 'reject' };
  /** At most `max` posts per author within the window; the rest are caught. */
  rateCap: { enabled: boolean; max: number; windowSeconds: number; action: 'hold' | 'reject' };
}

/** A wall's moderation settings: its mode and its filters. */
export interface ModerationSettings {
  mode: ModerationMode;
  filters: FilterSettings;
}

/** Deep-partial input for changing settings; omitted fields keep their current value. */
export interface ModerationSettingsPatch {
  mode?: ModerationMode;
  filters?: {
    [K in keyof FilterSettings]?: FilterSettings[K] extends object ? Partial<FilterSettings[K]> : FilterSettings[K];
  };
}

/** A post as moderators see it, and as the relay's store keeps it: with its status and why. */
export interface ModeratedPost {
  tag: string;
  post: Post;
  status: PostStatus;
  /** Why the status was set: the filter's reason, the mode, or the moderator's note. */
  reason?: string;
  /** The filter that decided, when one did (e.g. `profanity`, `rate-cap`). */
  filter?: string;
  receivedAt: string;
  /** Moderator name of the last decision, if a person made it. */
  decidedBy?: string;
  /** When the status was last decided: by a person, or by screening on arrival. Absent while held unscreened. */
  decidedAt?: string;
  /**
   * For audience questions (`post.ask` set): the host or expert a moderator assigned it to.
   * Moderator-only: it never enters the public wall log.
   */
  assignee?: string;
}

/** Decisions and display actions on one post. */
export const PostAction = {
  Approve: 'approve',
  Reject: 'reject',
  Remove: 'remove',
  Restore: 'restore',
  Pin: 'pin',
  Unpin: 'unpin',
  Highlight: 'highlight',
  Unhighlight: 'unhighlight',
  Answer: 'answer',
  Unanswer: 'unanswer',
} as const;
export type PostAction = (typeof PostAction)[keyof typeof PostAction];

/** Everything that lands in the audit log. */
export const AuditAction = {
  ...PostAction,
  Ban: 'ban',
  Unban: 'unban',
  Settings: 'settings',
  /** A post taken to air (program). */
  Take: 'take',
  /** The air cleared (program). */
  Clear: 'clear',
  /** Auto mode of the program turned on, off or changed. */
  Auto: 'auto',
  SessionCreate: 'session.create',
  SessionUpdate: 'session.update',
  SessionEnd: 'session.end',
  SessionExtend: 'session.extend',
  /** Audience questions opened or closed on a wall. */
  SubmissionsOpen: 'submissions.open',
  SubmissionsClose: 'submissions.close',
  QuestionMark: 'question.mark',
  QuestionAssign: 'question.assign',
  QuestionAnswer: 'question.answer',
  QuestionDismiss: 'question.dismiss',
  QuestionReopen: 'question.reopen',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export interface PostActionRequest {
  tag: string;
  postId: string;
  action: PostAction;
  /**
   * The status the moderator saw. The action applies only if the post still has it, so that of
   * two moderators deciding the same post, exactly one wins. Defaults to the statuses the action
   * starts from (approve: held or rejected; remove: approved; …).
   */
  expected?: PostStatus;
  /** A note for the audit log. */
  reason?: string;
}

export interface BulkApproveRequest {
  tag: string;
  /** Held posts to approve; all held posts (oldest first, at most 500) when omitted. */
  ids?: string[];
  reason?: string;
}

export interface BanRequest {
  tag: string;
  /** Author key: `<source>:<author id>` or `@handle`. */
  author: string;
  reason?: string;
}

/** One row of the audit log: who did what, when, to which post, and why. */
export interface AuditEntry {
  /** Increasing per relay store. */
  id: number;
  tag: string;
  at: string;
  /** Moderator name (from the token), or `filter` / `system`. */
  actor: string;
  action: AuditAction;
  postId?: string;
  author?: string;
  from?: PostStatus;
  to?: PostStatus;
  reason?: string;
}

/** A change to a wall's held queue, pushed to its moderators. */
export type QueueChange =
  | { tag: string; kind: 'held'; post: ModeratedPost }
  | { tag: string; kind: 'decided'; post: ModeratedPost; entry: AuditEntry };

export type Result<T> = ({ ok: true } & T) | { ok: false; error: WallError; current?: ModeratedPost };

export type PostActionResult = Result<{ post: ModeratedPost }>;
export type BulkApproveResult = Result<{ results: PostActionResult[] }>;
export type BanResult = Result<{ settings: ModerationSettings; removed: string[] }>;
export type SettingsResult = Result<{ settings: ModerationSettings }>;
export type JoinResult = Result<{ tag: string; settings: ModerationSettings; queue: ModeratedPost[] }>;
export type AuditResult = Result<{ entries: AuditEntry[] }>;
export type ListResult = Result<{ posts: ModeratedPost[] }>;

/** Events a moderator socket may emit; each answers through its ack. */
export interface ModeratorClientEvents {
  /** Starts receiving a wall's queue changes and decisions; answers the current queue. */
  join: (request: { tag: string }, ack: (result: JoinResult) => void) => void;
  leave: (request: { tag: string }, ack: (result: Result<object>) => void) => void;
  act: (request: PostActionRequest, ack: (result: PostActionResult) => void) => void;
  bulkApprove: (request: BulkApproveRequest, ack: (result: BulkApproveResult) => void) => void;
  ban: (request: BanRequest, ack: (result: BanResult) => void) => void;
  unban: (request: BanRequest, ack: (result: BanResult) => void) => void;
  getSettings: (request: { tag: string }, ack: (result: SettingsResult) => void) => void;
  putSettings: (
    request: { tag: string; settings: ModerationSettingsPatch },
    ack: (result: SettingsResult) => void,
  ) => void;
  audit: (request: { tag: string; limit?: number; before?: number }, ack: (result: AuditResult) => void) => void;
  list: (request: ListRequest, ack: (result: ListResult) => void) => void;
  /** Producers (`produce` role): take, clear, next, and the rundown and auto mode. */
  program: (request: ProgramRequest, ack: (result: ProgramResult) => void) => void;
  /** The program of a wall as producers see it (any role). */
  getProgram: (request: { tag: string }, ack: (result: ProgramResult) => void) => void;
  /** The wall's sessions, ascending by start. */
  listSessions: (request: { tag: string }, ack: (result: SessionsResult) => void) => void;
  createSession: (request: CreateSessionRequest, ack: (result: SessionResult) => void) => void;
  updateSession: (request: UpdateSessionRequest, ack: (result: SessionResult) => void) => void;
  endSession: (request: EndSessionRequest, ack: (result: SessionResult) => void) => void;
  extendSession: (request: ExtendSessionRequest, ack: (result: SessionResult) => void) => void;
  /** Opens or closes a wall's audience questions (`moderate` role); answers the new state. */
  setSubmissions: (
    request: { tag: string; open: boolean },
    ack: (result: Result<{ submissions: { open: boolean } }>) => void,
  ) => void;
  /**
   * The health of the sources that feed a wall, as this relay sees them: state, reason, each
   * instance or host, malformed input skipped, and X's read budget with what each use read.
   */
  sources: (request: { tag: string }, ack: (result: Result<{ sources: Record<string, SourceHealth> }>) => void) => void;
  /** Audience questions: unanswered first, then oldest first. */
  questions: (request: QuestionsRequest, ack: (result: QuestionsResult) => void) => void;
  question: (request: QuestionActionRequest, ack: (result: QuestionActionResult) => void) => void;
  /** Insights (and X spend) of one session, or of the whole wall when `sessionId` is omitted. */
  insights: (request: { tag: string; sessionId?: string }, ack: (result: InsightsResult) => void) => void;
}

/** Events the relay pushes to moderators of a wall they joined. */
export interface ModeratorServerEvents {
  /** A post entered the held queue, or a decision took one out of it or changed a post. */
  'mod:queue': (change: QueueChange) => void;
  /** Every audited action on the wall, by anyone. */
  'mod:audit': (entry: AuditEntry) => void;
  'mod:settings': (message: { tag: string; settings: ModerationSettings }) => void;
  /** The program of a joined wall changed: a take, a clear, the rundown or auto mode. */
  'mod:program': (program: ProducerProgram) => void;
  /** An audience question entered the queue or changed (state, assignee, answer linked). */
  'mod:question': (message: { tag: string; question: ModeratedPost }) => void;
}

/** What `POST /api/admin/tokens` answers. The token is shown once; the relay keeps only its hash. */
export interface MintedToken {
  token: string;
  /** Public id for listing and revoking. */
  id: string;
  name: string;
  /** Canonical wall tags, or `["*"]` for every wall. */
  walls: string[];
  /** What the token may do; both roles unless minted with fewer. */
  roles: TokenRole[];
  expiresAt: string;
}

/** Who a moderator token belongs to, as `GET /api/mod/me` answers. */
export interface ModeratorProfile {
  /** The token's public id. */
  id: string;
  /** Shown in the audit log as the actor. */
  name: string;
  /** Canonical wall tags, or `["*"]` for every wall. */
  walls: string[];
  /** What the token may do; a relay older than roles leaves it out (both). */
  roles?: TokenRole[];
  expiresAt: string;
}

/** A wall a moderator token covers, as `GET /api/mod/walls` answers. */
export interface WallSummary {
  tag: string;
  title?: string;
  mode: ModerationMode;
}

/** Formats of `GET /api/mod/walls/:tag/audit`: a JSON page, or the whole log as a CSV or NDJSON file. */
export type AuditExportFormat = 'json' | 'csv' | 'ndjson';
