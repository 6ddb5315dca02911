/** Server pushes that several handlers share. */
import type { ServerEventName, ServerEvents, SessionEndReason } from '../../src-shared/protocol/events';
import { rooms, type ServerContext } from '../context';
import type { UserRecord, Viewer } from '../directory/directory';
import type { MessageRecord, NoticeRecord } from '../store/conversationStore';

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

/** Calls `send` for every member who may see the conversation now. */
export function forEachMember(context: ServerContext, conversationId: string, send: (member: Viewer) => void): void {
  const conversation = context.conversations.get(conversationId);
  if (!conversation) return;
  // One read of the members, not one per member: a channel of hundreds stays cheap per message.
  const members = context.conversations.members(conversationId).flatMap((memberId) => context.directory.user(memberId) ?? []);
  // Every member sees a channel; a direct chat only while its two people see each other.
  if (conversation.kind === 'direct' && !(members.length === 2 && context.directory.sees(members[0]!, members[1]!))) return;
  for (const member of members) send(member);
}

/** Sends a new message to every client of every member, each with the author as they see them. */
export function deliver(context: ServerContext, message: MessageRecord): void {
  forEachMember(context, message.conversationId, (member) => context.io.to(rooms.user(member.id)).emit('message:created', { message: context.views.message(member, message) }));
}

/**
 * Sends one event to every member who may see the conversation now, each with the payload
 * `viewFor` builds for them. A view may depend on the member's account and on whether they are
 * the one who acted, nothing else about them: members alike get the same payload.
 */
export function deliverEach<E extends ServerEventName>(context: ServerContext, conversationId: string, event: E, viewFor: (member: Viewer) => ServerEvents[E]): void {
  forEachMember(context, conversationId, (member) => emitTo(context, rooms.user(member.id), event, viewFor(member)));
}

/** Tells each person newly mentioned in a message, alone and in their own view, that it mentions them (SPEC 7). */
export function notifyMentioned(context: ServerContext, message: MessageRecord, userIds: readonly string[]): void {
  for (const userId of userIds) {
    const person = context.directory.user(userId);
    // Only a member who may read the conversation now hears of it.
    if (!person || !context.access.canRead(person, message.conversationId)) continue;
    emitTo(context, rooms.user(userId), 'mention:received', { message: context.views.message(person, message) });
  }
}

/** socket.io's typed `emit` cannot follow a generic event name. */
function emitTo<E extends ServerEventName>(context: ServerContext, room: string, event: E, payload: ServerEvents[E]): void {
  (context.io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload);
}

/** Records a notice in a conversation and delivers it to its members, like a message. */
export function postNotice(context: ServerContext, conversationId: string, actorId: string, notice: NoticeRecord): void {
  deliver(context, context.conversations.appendNotice(conversationId, actorId, notice));
}

/** Tells every client of a session that it is over, and disconnects them all at once. */
export function endSessionClients(context: ServerContext, sessionHash: string, reason: SessionEndReason): void {
  const room = rooms.session(sessionHash);
  context.io.to(room).emit('session:ended', { reason });
  context.io.in(room).disconnectSockets(true);
}
