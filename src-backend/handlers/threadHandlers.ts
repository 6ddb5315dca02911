/**
 * Threads (SPEC 7): reading one, and telling the people of a thread about a new reply. A reply
 * itself is sent with `message:send` (./conversationHandlers.ts) and reaches every member like
 * any message; the people who wrote in the thread, or whose message started it, are also told
 * on their own (`thread:replied`), which is what notifies them.
 */
import { fail, ok } from '../../src-shared/protocol/ack';
import type { ServerContext } from '../context';
import type { MessageRecord } from '../store/records';
import { deliverEach, membersOf } from './broadcast';
import { onCommand, type CommandTable } from './command';

const notFound = () => fail<never>('not_found', 'This thread is not available to you.');

export function registerThreadHandlers(context: ServerContext, commands: CommandTable): void {
  const { conversations, access, views } = context;

  onCommand(context, commands, 'thread:history', async (viewer, { messageId, beforeSeq, limit }) => {
    const root = await conversations.shownMessage(messageId);
    // Access first, and the same answer for a message that does not exist: ids are not to be probed.
    if (!root || root.threadId !== null || root.notice !== null || !(await access.canRead(viewer, root.conversationId))) return notFound();
    const page = await conversations.replies(root.id, beforeSeq, limit ?? 100);
    // The root and its replies in one view, so their reactions are read in one query.
    const [rootView, ...replies] = await views.messages(viewer, [root, ...page.messages]);
    return ok({ root: rootView!, replies, hasMore: page.hasMore });
  });

  onCommand(context, commands, 'thread:list', async (viewer, { cursor, limit }) => {
    const page = await context.threads.page(viewer.id, cursor, limit ?? 50);
    if (!page) return fail('bad_request', 'That page cursor is not valid: start again without one.');
    // Only threads of conversations the viewer may read now (one left, or a chat hidden by a federation change, is not listed).
    const may = await Promise.all(page.threads.map((thread) => access.canRead(viewer, thread.root.conversationId)));
    const readable = page.threads.filter((_thread, index) => may[index]);
    const memberships = await conversations.memberships([...new Set(readable.map((thread) => thread.root.conversationId))], viewer.id);
    const titles = await views.titles(viewer, memberships);
    const kinds = new Map(memberships.map((membership) => [membership.id, membership.kind]));
    const roots = await views.messages(viewer, readable.map((thread) => thread.root));
    const items = readable.flatMap((thread, index) => {
      const kind = kinds.get(thread.root.conversationId);
      if (!kind) return [];
      return [{ root: roots[index]!, conversation: { id: thread.root.conversationId, kind, title: titles.get(thread.root.conversationId) ?? '' }, unreadReplies: thread.unreadReplies }];
    });
    return ok({ items, nextCursor: page.nextCursor });
  });

  onCommand(context, commands, 'thread:read', async (viewer, { messageId, seq }) => {
    const mark = await context.threads.mark(messageId, viewer.id);
    // Only a thread the viewer is in, in a conversation they may read now; the same answer for one that does not exist.
    if (!mark || !(await access.canRead(viewer, mark.conversationId))) return notFound();
    await context.readState.markThreadRead(viewer.id, messageId, seq);
    return ok(null);
  });
}

/**
 * Tells the people of a reply's thread (who wrote in it, whose message started it), but its
 * author, each as they may see it; only those who may still read the conversation.
 */
export async function announceReply(context: ServerContext, reply: MessageRecord): Promise<void> {
  const rootId = reply.threadId;
  const root = rootId ? await context.conversations.shownMessage(rootId) : undefined;
  if (!root) return;
  const people = new Set([root.authorId, ...(await context.conversations.threadAuthors(root.id))]);
  people.delete(reply.authorId);
  if (people.size === 0) return;
  const recipients = (await membersOf(context, reply.conversationId)).filter((member) => people.has(member.id));
  await deliverEach(context, recipients, 'thread:replied', async (recipient) => ({
    conversationId: reply.conversationId,
    message: await context.views.message(recipient, reply, { fresh: true }),
  }));
}
