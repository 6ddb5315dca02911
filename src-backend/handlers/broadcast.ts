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
 * Sends one event to each of `recipients`, its payload built by `payloadFor`. A payload may
 * depend only on the recipient's account and on whether they are `actorId` (the one who acted):
 * it is built once for each such situation and emitted to all the rooms that share it.
 */
export function deliverEach<E extends ServerEventName>(
  context: ServerContext,
  recipients: Iterable<Viewer>,
  event: E,
  payloadFor: (recipient: Viewer) => ServerEvents[E],
  actorId: string | null = null,
): void {
  const situations = new Map<string, { payload: ServerEvents[E]; rooms: string[] }>();
  for (const recipient of recipients) {
    const key = `${recipient.accountId}\n${recipient.id === actorId}`;
    let situation = situations.get(key);
    if (!situation) situations.set(key, (situation = { payload: payloadFor(recipient), rooms: [] }));
    situation.rooms.push(rooms.user(recipient.id));
  }
  // socket.io's typed emit cannot follow a generic event name.
  for (const { payload, rooms: targets } of situations.values()) (context.io.to(targets).emit as (event: string, payload: unknown) => boolean)(event, payload);
}

/** Every member who may see the conversation now, as a list (for `deliverEach`). */
export function membersOf(context: ServerContext, conversationId: string): Viewer[] {
  const members: Viewer[] = [];
  forEachMember(context, conversationId, (member) => members.push(member));
  return members;
}

/**
 * Tells every member what became of a message: its new view while it still shows (edited, or a
 * thread's first message whose replies changed or that was deleted but keeps its replies),
 * else that it is gone.
 */
export function announceMessageChanged(context: ServerContext, conversationId: string, messageId: string): void {
  const message = context.conversations.shownMessage(messageId);
  if (message) deliverEach(context, membersOf(context, conversationId), 'message:updated', (member) => ({ message: context.views.message(member, message) }), message.authorId);
  else deliverEach(context, membersOf(context, conversationId), 'message:deleted', () => ({ conversationId, messageId }));
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
