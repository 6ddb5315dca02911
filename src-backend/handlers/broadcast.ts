/** Server pushes that several handlers share. */
import { rooms, type ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';

/** Tells everyone who sees a person about their presence and status, each in their own view. */
export function broadcastPerson(context: ServerContext, user: UserRecord): void {
  for (const accountId of context.directory.visibleAccounts(user.accountId)) {
    context.io.to(rooms.account(accountId)).emit('presence:changed', { person: context.directory.summaryFor(accountId, user) });
  }
}

/** Tells these people that a conversation changed (name, topic, members, or their own membership). */
export function announceConversationChanged(context: ServerContext, conversationId: string, userIds: Iterable<string>): void {
  const targets = [...new Set(userIds)].map(rooms.user);
  if (targets.length > 0) context.io.to(targets).emit('conversation:changed', { conversationId });
}
