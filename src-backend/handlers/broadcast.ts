/** Server pushes that several handlers share. */
import type { ServerEventName, ServerEvents, SessionEndReason } from '../../src-shared/protocol/events';
import { rooms, type MeridianIo, type ServerContext } from '../context';
import type { UserRecord, Viewer } from '../directory/directory';
import type { MessageRecord, NoticeRecord } from '../store/conversationStore';

/**
 * Tells everyone who sees a person about their presence and status, each account in its own
 * view. Changes are gathered for a moment and sent together: when 2,000 people connect at once,
 * each account hears a few dozen lists of arrivals instead of 2,000 × 2,000 single events, and a
 * person who flickers (a reconnection) is told once, as they are when the moment ends.
 */
export function broadcastPerson(context: ServerContext, user: UserRecord): void {
  presenceBatchOf(context).add(user.id);
}

/** How long presence changes are gathered before they go out. */
export const presenceBatchMs = 50;

class PresenceBatch {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly context: ServerContext) {}

  add(userId: string): void {
    this.pending.add(userId);
    // Real time, not the server's clock: a test's FakeClock must not hold presence back.
    this.timer ??= setTimeout(() => this.flush(), presenceBatchMs);
  }

  /** Sends what was gathered: per account that sees any of them, one list in that account's view. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { directory, io } = this.context;
    const byAccount = new Map<string, UserRecord[]>();
    for (const userId of this.pending) {
      const user = directory.user(userId);
      if (!user) continue;
      for (const accountId of directory.visibleAccounts(user.accountId)) {
        const people = byAccount.get(accountId) ?? [];
        people.push(user);
        byAccount.set(accountId, people);
      }
    }
    this.pending.clear();
    for (const [accountId, people] of byAccount) {
      io.to(rooms.account(accountId)).emit('presence:changed', { people: people.map((person) => directory.summaryFor(accountId, person)) });
    }
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

const presenceBatches = new WeakMap<MeridianIo, PresenceBatch>();

function presenceBatchOf(context: ServerContext): PresenceBatch {
  let batch = presenceBatches.get(context.io);
  if (!batch) presenceBatches.set(context.io, (batch = new PresenceBatch(context)));
  return batch;
}

/** Sends the presence changes gathered so far now (tests: an arrival is announced before the test goes on). */
export function flushPresence(context: ServerContext): void {
  presenceBatches.get(context.io)?.flush();
}

/** Stops the presence batch of a server that is closing (nothing is sent after close). */
export function stopPresenceBatch(context: ServerContext): void {
  presenceBatches.get(context.io)?.cancel();
}

/** Tells these people that a conversation changed (name, topic, members, or their own membership). */
export function announceConversationChanged(context: ServerContext, conversationId: string, userIds: Iterable<string>): void {
  const targets = [...new Set(userIds)].map(rooms.user);
  if (targets.length > 0) context.io.to(targets).emit('conversation:changed', { conversationId });
}

/**
 * Sends `event` to every member who may see the conversation now, each in their own view. A view
 * may depend only on the member's account and on whether they are `actorId` (the author of a
 * message gets its client id): it is built once per such group and emitted to all the group's
 * people at once, so a channel of 1,000 costs a handful of views and encodings, not 1,000.
 * `skipActor` leaves the actor out (nobody is told they are typing).
 */
export function deliverToMembers<E extends ServerEventName>(
  context: ServerContext,
  conversationId: string,
  event: E,
  viewFor: (member: Viewer) => ServerEvents[E] | null,
  options: { actorId?: string; skipActor?: boolean } = {},
): void {
  const groups = new Map<string, { member: Viewer; rooms: string[] }>();
  forEachMember(context, conversationId, (member) => {
    const isActor = member.id === options.actorId;
    if (isActor && options.skipActor) return;
    const key = isActor ? `actor:${member.accountId}` : member.accountId;
    const group = groups.get(key);
    if (group) group.rooms.push(rooms.user(member.id));
    else groups.set(key, { member, rooms: [rooms.user(member.id)] });
  });
  for (const { member, rooms: targets } of groups.values()) {
    const payload = viewFor(member);
    // socket.io's typed emit cannot follow a generic event name.
    if (payload !== null) (context.io.to(targets).emit as (event: string, payload: unknown) => boolean)(event, payload);
  }
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
  deliverToMembers(context, message.conversationId, 'message:created', (member) => ({ message: context.views.message(member, message) }), { actorId: message.authorId });
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
