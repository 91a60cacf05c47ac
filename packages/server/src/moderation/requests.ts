import { AutoSource, PostAction, PostOrder, PostStatus, ProgramAction } from '@chat-wall/sdk/protocol';
import { z } from 'zod';

// Request shapes shared by the moderator socket namespace and the REST routes, so both refuse
// the same input with the same messages.

const tag = z.string().min(1).max(200);
const postId = z.string().min(1).max(300);
const reason = z.string().trim().min(1).max(500).optional();
const status = z.enum(Object.values(PostStatus) as [PostStatus, ...PostStatus[]]);

/** One of `values`; a refusal names the value it got, so `?order=newest` says what was wrong. */
function oneOf<T extends string>(kind: string, values: readonly T[]) {
  return z.string().refine((v): v is T => (values as readonly string[]).includes(v), {
    error: (issue) => `unknown ${kind} ${JSON.stringify(issue.input)}; expected one of ${values.join(', ')}`,
  }) as unknown as z.ZodType<T>;
}
const listStatus = oneOf('status', Object.values(PostStatus));

export const tagRequest = z.object({ tag });

export const actRequest = z.object({
  tag,
  postId,
  action: z.enum(Object.values(PostAction) as [PostAction, ...PostAction[]]),
  expected: status.optional(),
  reason,
});

export const bulkApproveRequest = z.object({ tag, ids: z.array(postId).min(1).max(500).optional(), reason });

export const banRequest = z.object({ tag, author: z.string().trim().min(2).max(200), reason });

export const settingsRequest = z.object({ tag, settings: z.unknown() });

export const auditRequest = z.object({
  tag,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

export const listRequest = z.object({
  tag,
  // REST repeats the key (`?status=removed&status=rejected`); the socket sends a string or an array.
  status: z.union([listStatus, z.array(listStatus).min(1).max(4)]),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: postId.optional(),
  order: oneOf('order', Object.values(PostOrder)).default(PostOrder.Arrival),
});

/** A producer action: `take` needs `postId`, as do the rundown's `add`, `remove` and `move`; `auto` needs `auto`. */
export const programRequest = z
  .strictObject({
    tag,
    action: oneOf('action', Object.values(ProgramAction)),
    postId: postId.optional(),
    index: z.number().int().min(0).max(10_000).optional(),
    expected: z.number().int().min(0).optional(),
    auto: z
      .strictObject({
        enabled: z.boolean().optional(),
        dwellSeconds: z.number().int().min(3).max(3600).optional(),
        source: oneOf('source', Object.values(AutoSource)).optional(),
      })
      .optional(),
  })
  .superRefine((r, ctx) => {
    const needsPost: readonly ProgramAction[] = [
      ProgramAction.Take,
      ProgramAction.Add,
      ProgramAction.Remove,
      ProgramAction.Move,
    ];
    if (needsPost.includes(r.action) && r.postId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['postId'], message: `required for "${r.action}"` });
    }
    if (r.action === ProgramAction.Move && r.index === undefined) {
      ctx.addIssue({ code: 'custom', path: ['index'], message: 'required for "move"' });
    }
    if (r.action === ProgramAction.Auto && r.auto === undefined) {
      ctx.addIssue({ code: 'custom', path: ['auto'], message: 'required for "auto"' });
    }
  });
