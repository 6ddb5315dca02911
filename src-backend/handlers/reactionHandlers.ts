/** Reactions (SPEC 7): any member may add and take back emoji reactions; every member sees them live. */
import { fail, ok } from '../../src-shared/protocol/ack';
import { maxReactionsPerMessage, type MessageReactions } from '../../src-shared/protocol/reactionProtocol';
import type { ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import { isoNow } from '../domain/clock';
import type { MessageRecord } from '../store/records';
import { deliverToMembers } from './broadcast';
import { onCommand, type CommandTable } from './command';

const notFound = () => fail<never>('not_found', 'This message is not available to you.');

export function registerReactionHandlers(context: ServerContext, commands: CommandTable): void {
  const { conversations, access, reactions } = context;

  onCommand(context, commands, 'mention:list', async (viewer, { cursor, limit }) => {
    const page = await context.mentions.page(viewer.id, cursor, limit ?? 50);
    if (!page) return fail('bad_request', 'That page cursor is not valid: start again without one.');
    // Only conversations the viewer may read now.
    const may = await Promise.all(page.messages.map((message) => access.canRead(viewer, message.conversationId)));
    const readable = page.messages.filter((_message, index) => may[index]);
    const memberships = await conversations.memberships([...new Set(readable.map((message) => message.conversationId))], viewer.id);
    const byId = new Map(memberships.map((membership) => [membership.id, membership]));
    const titles = await context.views.titles(viewer, memberships);
    const messages = await context.views.messages(viewer, readable);
    const items = readable.flatMap((record, index) => {
      const membership = byId.get(record.conversationId);
      if (!membership) return [];
      return [{ message: messages[index]!, conversation: { id: membership.id, kind: membership.kind, title: titles.get(membership.id) ?? '' }, unread: record.seq > membership.lastReadSeq }];
    });
    return ok({ items, nextCursor: page.nextCursor });
  });

  /** A message the viewer may react to: one someone wrote, in a conversation they may write in. */
  const reactable = async (viewer: Viewer, messageId: string): Promise<MessageRecord | null> => {
    const message = await conversations.message(messageId);
    return message && !message.notice && (await access.canWrite(viewer, message.conversationId)) ? message : null;
  };

  onCommand(context, commands, 'reaction:add', async (viewer, { messageId, emoji }) => {
    const message = await reactable(viewer, messageId);
    if (!message) return notFound();
    if (!(await reactions.has(messageId, emoji)) && (await reactions.distinctCount(messageId)) >= maxReactionsPerMessage) {
      return fail('conflict', `A message can carry at most ${maxReactionsPerMessage} different reactions. React with one it has.`);
    }
    if (await reactions.add(messageId, emoji, viewer.id, isoNow(context.clock))) await announceReactions(context, message);
    return ok(await reactionsOf(context, viewer, message));
  });

  onCommand(context, commands, 'reaction:remove', async (viewer, { messageId, emoji }) => {
    const message = await reactable(viewer, messageId);
    if (!message) return notFound();
    if (await reactions.remove(messageId, emoji, viewer.id)) await announceReactions(context, message);
    return ok(await reactionsOf(context, viewer, message));
  });
}

/** A message's reactions as one viewer sees them. */
async function reactionsOf(context: ServerContext, viewer: Viewer, message: MessageRecord): Promise<MessageReactions> {
  const records = (await context.reactions.forMessages([message.id])).get(message.id) ?? [];
  return { conversationId: message.conversationId, messageId: message.id, reactions: await context.views.reactionViews(viewer, message.conversationId, records) };
}

/** Every member gets the message's reactions as they now stand, in their own view; read once for all. */
async function announceReactions(context: ServerContext, message: MessageRecord): Promise<void> {
  const records = (await context.reactions.forMessages([message.id])).get(message.id) ?? [];
  await deliverToMembers(context, message.conversationId, 'reaction:changed', async (member) => ({
    conversationId: message.conversationId,
    messageId: message.id,
    reactions: await context.views.reactionViews(member, message.conversationId, records),
  }));
}
