import type { ModeratedPost } from '@chat-wall/sdk/protocol';
import type { Store, StoredPost } from '../store/store.js';

/** Store key of a question's assignee: moderator-only data, kept out of the public wall log. */
export function assigneeKey(tag: string, postId: string): string {
  return `question-assignee:${tag}:${postId}`;
}

/** A stored question as moderators see it: with its `assignee` when one is set. */
export async function withAssignee(store: Store, tag: string, record: StoredPost): Promise<ModeratedPost> {
  const assignee = await store.getCursor(assigneeKey(tag, record.post.id));
  return assignee ? { ...record, assignee } : record;
}
