import {
  AskState,
  AuditAction,
  ErrorCode,
  PostStatus,
  QuestionAction,
  type AuditEntry,
  type ModeratedPost,
  type PostPatch,
  type QuestionActionRequest,
  type QuestionsRequest,
} from '@chat-wall/sdk/protocol';
import type { Moderator } from '../auth/tokens.js';
import type { Store } from '../store/store.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { RequestError } from '../request-error.js';
import { changeableWall, coveredWall } from './covered-wall.js';
import { authorKey } from './pipeline.js';
import { assigneeKey, withAssignee } from './question-assignee.js';

/** Most questions one listing reads. */
const LIST_LIMIT = 5000;

const AUDIT: Record<QuestionAction, AuditAction> = {
  [QuestionAction.Mark]: AuditAction.QuestionMark,
  [QuestionAction.Assign]: AuditAction.QuestionAssign,
  [QuestionAction.Answer]: AuditAction.QuestionAnswer,
  [QuestionAction.Dismiss]: AuditAction.QuestionDismiss,
  [QuestionAction.Reopen]: AuditAction.QuestionReopen,
};

/**
 * The audience-question queue: lists questions for the console and carries out triage (mark,
 * assign, answer, dismiss, reopen). The public part (`post.ask`, `answered`) changes through
 * `post.updated` events committed with their audit entry; the assignee is stored apart, since
 * staff routing is internal.
 */
export class QuestionDesk {
  constructor(
    private readonly walls: WallRegistry,
    private readonly store: Store,
    private readonly now: () => number,
    private readonly announce: (entry: AuditEntry, question: ModeratedPost) => void,
  ) {}

  /** Questions of a wall (visible or held): open first, then oldest first; with assignees. */
  async list(moderator: Moderator, request: QuestionsRequest): Promise<ModeratedPost[]> {
    const wall = this.wall(moderator, request.tag);
    const tag = wall.config.tag;
    const states = new Set<string>(request.state ?? Object.values(AskState));
    const records = await this.store.listPosts(tag, {
      status: [PostStatus.Approved, PostStatus.Held],
      limit: LIST_LIMIT,
    });
    const questions = records.filter(
      (r) =>
        r.post.ask &&
        states.has(r.post.ask.state) &&
        (request.sessionId === undefined || r.post.thread?.sessionId === request.sessionId),
    );
    const rank = (r: ModeratedPost): number => (r.post.ask?.state === AskState.Open ? 0 : 1);
    questions.sort((a, b) => rank(a) - rank(b) || a.receivedAt.localeCompare(b.receivedAt));
    return Promise.all(questions.map((r) => this.withAssignee(tag, r)));
  }

  /** One triage action; audited, and pushed to the wall's moderators. */
  async act(moderator: Moderator, request: QuestionActionRequest): Promise<ModeratedPost> {
    const wall = changeableWall(moderator, request.tag, (tag) => this.walls.get(tag), 'triage questions');
    const tag = wall.config.tag;
    const record = await this.store.getPost(tag, request.postId);
    if (!record) {
      throw new RequestError({
        code: ErrorCode.NotFound,
        message: `Wall "${tag}" has no post "${request.postId}".`,
      });
    }
    const action = request.action;
    if (action !== QuestionAction.Mark && !record.post.ask) {
      throw conflict(`Post ${request.postId} is not in the question queue; mark it as a question first.`, record);
    }
    const entry = {
      tag,
      at: new Date(this.now()).toISOString(),
      actor: moderator.name,
      action: AUDIT[action],
      postId: record.post.id,
      author: authorKey(record.post),
    };
    if (action === QuestionAction.Assign) {
      const assignee = request.assignee?.trim() ?? '';
      if (assignee.length > 100) {
        throw new RequestError({
          code: ErrorCode.BadRequest,
          message: 'assignee: at most 100 characters',
          field: 'assignee',
        });
      }
      await this.store.setCursor(assigneeKey(tag, record.post.id), assignee);
      const note = assignee ? `assigned to ${assignee}` : 'assignment cleared';
      const { audit } = await wall.log.commit([], {
        audit: [{ ...entry, reason: request.reason ? `${note}: ${request.reason}` : note }],
      });
      const question = await this.withAssignee(tag, record);
      this.announce(audit[0]!, question);
      return question;
    }
    const patch = patchFor(action, record);
    if (record.status !== PostStatus.Approved) {
      throw conflict(`Cannot ${action} post ${request.postId}: it is ${record.status}; approve it first.`, record);
    }
    const { audit } = await wall.log.commit([{ type: 'post.updated', id: record.post.id, patch }], {
      audit: [{ ...entry, ...(request.reason ? { reason: request.reason } : {}) }],
    });
    const question = await this.withAssignee(tag, { ...record, post: { ...record.post, ...patch } });
    this.announce(audit[0]!, question);
    return question;
  }

  private withAssignee(tag: string, record: ModeratedPost): Promise<ModeratedPost> {
    return withAssignee(this.store, tag, record);
  }

  private wall(moderator: Moderator, rawTag: string): Wall {
    return coveredWall(moderator, rawTag, (tag) => this.walls.get(tag));
  }
}

/** The public change a triage action makes. */
function patchFor(action: QuestionAction, record: ModeratedPost): PostPatch {
  switch (action) {
    case QuestionAction.Mark:
    case QuestionAction.Reopen:
      return record.post.answered
        ? { ask: { state: AskState.Open }, answered: false }
        : { ask: { state: AskState.Open } };
    case QuestionAction.Answer:
      return { ask: { state: AskState.Answered }, answered: true };
    case QuestionAction.Dismiss:
      return { ask: { state: AskState.Dismissed } };
    case QuestionAction.Assign:
      return {};
  }
}

function conflict(message: string, record: ModeratedPost): RequestError {
  return new RequestError({ code: ErrorCode.Conflict, message }, { current: record });
}
