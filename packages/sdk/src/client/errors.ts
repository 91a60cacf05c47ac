import type { ErrorCode, WallError } from '../protocol/errors.js';
import type { ModeratedPost } from '../protocol/moderation.js';
import type { ProducerProgram } from '../protocol/program.js';

/** What a refusal may carry besides its wire error. */
export interface ChatWallErrorDetail {
  /** HTTP status of a REST answer; absent for socket requests and when no answer came. */
  status?: number;
  /** For a conflicting decision: the post as it is now (what the other moderator decided). */
  current?: ModeratedPost;
  /** For a program conflict: the program as it is now (who won, what is on air). */
  program?: ProducerProgram;
}

/**
 * A refused or failed request of the SDK, over sockets and REST alike: `code` says why
 * (`unreachable` when no answer came), `field` names the offending key of a `bad_request`.
 */
export class ChatWallError extends Error {
  override name = 'ChatWallError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly status: number | undefined;
  readonly current: ModeratedPost | undefined;
  readonly program: ProducerProgram | undefined;

  constructor(error: WallError, detail: ChatWallErrorDetail = {}) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
    this.status = detail.status;
    this.current = detail.current;
    this.program = detail.program;
  }
}
