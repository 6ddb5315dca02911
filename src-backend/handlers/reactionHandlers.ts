/** Reactions (SPEC 7): any member may add and take back emoji reactions; every member sees them live. */
import { fail, ok } from '../../src-shared/protocol/ack';
import { maxReactionsPerMessage, type MessageReactions } from '../../src-shared/protocol/reactionProtocol';
import type { ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import type { MessageRecord } from '../store/conversationStore';
import { deliverToMembers } from './broadcast';
import { onCommand, type CommandTable } from './command';

const notFound = () => fail<never>('not_found', 'This message is not available to you.');

export function registerReactionHandlers(context: ServerContext, commands: CommandTable): void {
  const { conversations, access, reactions } = context;

  /** A message the viewer may react to: one someone wrote, in a conversation they may write in. */
  const reactable = (viewer: Viewer, messageId: string): MessageRecord | null => {
    const message = conversations.message(messageId);
    return message && !message.notice && access.canWrite(viewer, message.conversationId) ? message : null;
  };

  onCommand(context, commands, 'reaction:add', (viewer, { messageId, emoji }) => {
    const message = reactable(viewer, messageId);
    if (!message) return notFound();
    if (!reactions.has(messageId, emoji) && reactions.distinctCount(messageId) >= maxReactionsPerMessage) {
      return fail('conflict', `A message can carry at most ${maxReactionsPerMessage} different reactions. React with one it has.`);
    }
    if (reactions.add(messageId, emoji, viewer.id)) announceReactions(context, message);
    return ok(reactionsOf(context, viewer, message));
  });

  onCommand(context, commands, 'reaction:remove', (viewer, { messageId, emoji }) => {
    const message = reactable(viewer, messageId);
    if (!message) return notFound();
    if (reactions.remove(messageId, emoji, viewer.id)) announceReactions(context, message);
    return ok(reactionsOf(context, viewer, message));
  });
}

/** A message's reactions as one viewer sees them. */
function reactionsOf(context: ServerContext, viewer: Viewer, message: MessageRecord): MessageReactions {
  const records = context.reactions.forMessages([message.id]).get(message.id) ?? [];
  return { conversationId: message.conversationId, messageId: message.id, reactions: context.views.reactionViews(viewer, message.conversationId, records) };
}

/** Every member gets the message's reactions as they now stand, in their own view; read once for all. */
function announceReactions(context: ServerContext, message: MessageRecord): void {
  const records = context.reactions.forMessages([message.id]).get(message.id) ?? [];
  deliverToMembers(context, message.conversationId, 'reaction:changed', (member) => ({
    conversationId: message.conversationId,
    messageId: message.id,
    reactions: context.views.reactionViews(member, message.conversationId, records),
  }));
}
