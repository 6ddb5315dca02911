/** Server pushes that several handlers share. */
import type { ConversationSettings } from '../../src-shared/protocol/conversationProtocol';
import type { ServerEventName, SessionEndReason, WireEvent } from '../../src-shared/protocol/events';
import { compactMessage, type MessageView, type PersonSummary } from '../../src-shared/protocol/model';
import { rooms, type MeridianIo, type MeridianSocket, type ServerContext } from '../context';
import type { UserRecord, Viewer } from '../directory/directory';
import { directChatOpen } from '../domain/policy';
import type { MessageRecord, NoticeRecord, ReadMark, ThreadReadMark } from '../store/records';

import { contained } from './command';

/**
 * Tells the clients that show a person (they watch them: `presence:watch`), and the person's own
 * clients, about their presence and status, each in its own view. Only where someone is looking:
 * a client hears of the handful of people on its screen, not of everyone it could see, so 2,000
 * people connecting at once cost 2,000 arrivals, not 2,000 × 2,000. Changes are gathered for a
 * moment and sent together, and a person who flickers (a reconnection) is told once, as they
 * are when the moment ends.
 */
export function broadcastPerson(context: ServerContext, user: UserRecord): void {
  presenceOf(context).changed(user.id);
}

/** The people a client watches now: it is told of their changes from now on (never of anyone it does not see). Returns those it did not watch before. */
export function watchPresence(context: ServerContext, socket: MeridianSocket, userIds: readonly string[]): string[] {
  return presenceOf(context).watch(socket, userIds);
}

/** A client gone: it watches no one any more. */
export function forgetWatcher(context: ServerContext, socket: MeridianSocket): void {
  presenceOf(context).watch(socket, []);
}

/** How long presence changes are gathered before they go out. */
export const presenceBatchMs = 50;

class PresenceBroadcaster {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** Who watches whom: a person's id → the sockets showing them, and each socket → whom it shows. This process's sockets only (each process keeps its own; SPEC 10). */
  private readonly watchers = new Map<string, Set<MeridianSocket>>();
  private readonly watching = new Map<MeridianSocket, ReadonlySet<string>>();

  constructor(private readonly context: ServerContext) {}

  changed(userId: string): void {
    this.pending.add(userId);
    // Real time, not the server's clock: a test's FakeClock must not hold presence back.
    this.timer ??= setTimeout(() => this.flush(), presenceBatchMs);
  }

  watch(socket: MeridianSocket, userIds: readonly string[]): string[] {
    const before = this.watching.get(socket) ?? new Set<string>();
    for (const userId of before) {
      const sockets = this.watchers.get(userId);
      sockets?.delete(socket);
      if (sockets?.size === 0) this.watchers.delete(userId);
    }
    const watched = new Set(userIds);
    if (watched.size === 0) this.watching.delete(socket);
    else this.watching.set(socket, watched);
    for (const userId of watched) {
      const sockets = this.watchers.get(userId) ?? new Set<MeridianSocket>();
      sockets.add(socket);
      this.watchers.set(userId, sockets);
    }
    return [...watched].filter((userId) => !before.has(userId));
  }

  /**
   * Sends what was gathered. Each watching client gets one list of the people it watches, in its
   * account's view, checked against `sees` now (a federation may have ended since it asked); the
   * person's own clients get their own summary.
   */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { directory, io } = this.context;
    const changed = [...this.pending].flatMap((userId) => directory.user(userId) ?? []);
    this.pending.clear();
    const perSocket = new Map<MeridianSocket, UserRecord[]>();
    for (const user of changed) {
      // This process's clients of the person only: every process that learns of the change tells its own (with several, each learns of it).
      io.local.to(rooms.user(user.id)).emit('presence:changed', { people: [directory.summaryFor(user.accountId, user)] });
      for (const socket of this.watchers.get(user.id) ?? []) {
        const viewer = directory.user(socket.data.userId);
        if (!viewer || viewer.id === user.id || !directory.sees(viewer, user)) continue;
        const people = perSocket.get(socket) ?? [];
        people.push(user);
        perSocket.set(socket, people);
      }
    }
    // One summary per person and viewing account, however many of that account's clients watch them.
    const summaries = new Map<string, PersonSummary>();
    const summaryOf = (viewerAccountId: string, user: UserRecord) => {
      const key = `${viewerAccountId}\u0000${user.id}`;
      let summary = summaries.get(key);
      if (!summary) summaries.set(key, (summary = directory.summaryFor(viewerAccountId, user)));
      return summary;
    };
    for (const [socket, people] of perSocket) {
      const accountId = directory.user(socket.data.userId)?.accountId;
      if (accountId) socket.emit('presence:changed', { people: people.map((user) => summaryOf(accountId, user)) });
    }
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

const broadcasters = new WeakMap<MeridianIo, PresenceBroadcaster>();

function presenceOf(context: ServerContext): PresenceBroadcaster {
  let broadcaster = broadcasters.get(context.io);
  if (!broadcaster) broadcasters.set(context.io, (broadcaster = new PresenceBroadcaster(context)));
  return broadcaster;
}

/** Sends the presence changes gathered so far now (tests: an arrival is announced before the test goes on). */
export function flushPresence(context: ServerContext): void {
  broadcasters.get(context.io)?.flush();
}

/** Stops the presence batch of a server that is closing (nothing is sent after close). */
export function stopPresenceBatch(context: ServerContext): void {
  broadcasters.get(context.io)?.cancel();
}

/** Tells these people that a conversation changed (name, topic, members, or their own membership). */
export function announceConversationChanged(context: ServerContext, conversationId: string, userIds: Iterable<string>): void {
  const targets = [...new Set(userIds)].map(rooms.user);
  if (targets.length > 0) context.io.to(targets).emit('conversation:changed', { conversationId });
}

/** A payload for one member, or null for none; built at once or after a read. */
type ViewFor<E extends ServerEventName> = (member: Viewer) => WireEvent<E> | null | Promise<WireEvent<E> | null>;

/**
 * Sends `event` to every member who may see the conversation now, each in their own view, built
 * once per viewer situation: per viewing account, and for the actor (see `deliverEach`).
 * `skipActor` leaves the actor out (nobody is told they are typing).
 *
 * A channel or group chat is sent to its conversation rooms, one per account of its members
 * (see `trackConversationRooms`): a handful of emits whatever its size, with no work per member.
 * A direct chat goes to its two people while they see each other.
 */
export async function deliverToMembers<E extends ServerEventName>(
  context: ServerContext,
  conversationId: string,
  event: E,
  viewFor: ViewFor<E>,
  options: { actorId?: string; skipActor?: boolean } = {},
): Promise<void> {
  const kind = await context.conversations.kind(conversationId);
  if (!kind) return;
  const actorId = options.actorId ?? null;
  if (kind === 'direct') {
    const members = await membersOf(context, conversationId);
    await deliverEach(context, options.skipActor ? members.filter((member) => member.id !== actorId) : members, event, viewFor, actorId);
    return;
  }
  const members = await context.conversations.members(conversationId);
  for (const [accountId, memberIds] of byAccount(context, members)) {
    const room = rooms.conversation(conversationId, accountId);
    // Nothing is built for an account none of whose members is connected.
    if (!mayHaveClients(context, room)) continue;
    // Built as one of the account's members who is not the actor sees it.
    const representative = memberIds.find((memberId) => memberId !== actorId && context.directory.user(memberId));
    const payload = representative === undefined ? null : await viewFor(context.directory.user(representative)!);
    if (payload === null) continue;
    (context.io.to(room).except(actorId === null ? [] : rooms.user(actorId)).emit as (event: string, payload: unknown) => boolean)(event, payload);
  }
  const actor = actorId === null || options.skipActor || !members.includes(actorId) ? undefined : context.directory.user(actorId);
  const payload = actor && (await viewFor(actor));
  if (payload) emitTo(context, rooms.user(actor.id), event, payload);
}

/** Whether a room may hold clients now: alone, this process's adapter knows; with other processes, any of theirs may. */
function mayHaveClients(context: ServerContext, room: string): boolean {
  return context.cluster !== null || context.io.of('/').adapter.rooms.has(room);
}

/** A conversation's members by account, for each list of members `Conversations.members` gives (kept until it changes). */
const membersByAccount = new WeakMap<readonly string[], Map<string, string[]>>();

function byAccount(context: ServerContext, members: readonly string[]): Map<string, string[]> {
  let grouped = membersByAccount.get(members);
  if (!grouped) {
    grouped = new Map();
    for (const memberId of members) {
      const accountId = context.directory.user(memberId)?.accountId;
      if (accountId !== undefined) grouped.set(accountId, [...(grouped.get(accountId) ?? []), memberId]);
    }
    membersByAccount.set(members, grouped);
  }
  return grouped;
}

/**
 * Keeps every channel's and group chat's conversation rooms in step with its members: the
 * clients of each member are in the room of the member's account, and no one else's are. A
 * client joins the rooms of its person's conversations when it connects (`conversationRoomsOf`);
 * a change of members made in this process is applied at once, to the clients of every process,
 * through the adapter (`socketsJoin`, `socketsLeave`): never to this process's sockets alone.
 */
export function trackConversationRooms(context: ServerContext): void {
  context.conversations.onMembershipWritten(
    contained('keeping conversation rooms in step', (change: { conversationId: string; removed: readonly string[] }) => syncConversationRooms(context, change.conversationId, change.removed)),
  );
}

/** The conversation rooms a client of this person joins when it connects. */
export async function conversationRoomsOf(context: ServerContext, user: UserRecord): Promise<string[]> {
  return (await context.conversations.sharedConversationsOf(user.id)).map((conversationId) => rooms.conversation(conversationId, user.accountId));
}

async function syncConversationRooms(context: ServerContext, conversationId: string, removed: readonly string[]): Promise<void> {
  const { conversations, directory, io } = context;
  const kind = await conversations.kind(conversationId);
  if (kind === undefined || kind === 'direct') return;
  const members = await conversations.members(conversationId);
  for (const userId of removed) {
    const person = directory.user(userId);
    if (person && !members.includes(userId)) io.in(rooms.user(userId)).socketsLeave(rooms.conversation(conversationId, person.accountId));
  }
  for (const memberId of members) {
    const member = directory.user(memberId);
    if (member) io.in(rooms.user(member.id)).socketsJoin(rooms.conversation(conversationId, member.accountId));
  }
}

/** Every member who may see the conversation now (one read of the members, not one per member). */
export async function membersOf(context: ServerContext, conversationId: string): Promise<Viewer[]> {
  const kind = await context.conversations.kind(conversationId);
  if (!kind) return [];
  const members = (await context.conversations.members(conversationId)).flatMap((memberId) => context.directory.user(memberId) ?? []);
  // Every member sees a channel; a direct chat only while its two people see each other.
  if (kind === 'direct' && !(members.length === 2 && directChatOpen(context.directory, members[0]!, members[1]!.id))) return [];
  return members;
}

/**
 * Sends a message just stored to every client of every member, each with the author as they see
 * them. Returns the view its author was sent (their own answer is the same), or null when the
 * author was not among those it went to.
 */
export async function deliver(context: ServerContext, message: MessageRecord): Promise<MessageView | null> {
  let authorView: MessageView | null = null;
  // A view depends on the viewer's account, and for the author on their client id alone: the author's is their account's, with it.
  const viewsByAccount = new Map<string, MessageView>();
  await deliverToMembers(
    context,
    message.conversationId,
    'message:created',
    async (member) => {
      const ofAccount = viewsByAccount.get(member.accountId);
      const view = ofAccount && member.id === message.authorId ? { ...ofAccount, clientId: message.clientId } : await context.views.message(member, message, { fresh: true });
      if (member.id === message.authorId) authorView = view;
      else viewsByAccount.set(member.accountId, view);
      return { message: compactMessage(view) };
    },
    { actorId: message.authorId },
  );
  return authorView;
}

/**
 * Sends one event to each of `recipients`, its payload built by `payloadFor` (null: nothing for
 * them). A payload may depend only on the recipient's account and on whether they are `actorId`
 * (the one who acted): it is built once for each such situation and emitted to all the rooms
 * that share it, so a channel of 1,000 costs a handful of views and encodings, not 1,000.
 */
export async function deliverEach<E extends ServerEventName>(
  context: ServerContext,
  recipients: Iterable<Viewer>,
  event: E,
  payloadFor: ViewFor<E>,
  actorId: string | null = null,
): Promise<void> {
  const situations = new Map<string, { recipient: Viewer; rooms: string[] }>();
  for (const recipient of recipients) {
    const key = `${recipient.accountId}\n${recipient.id === actorId}`;
    let situation = situations.get(key);
    if (!situation) situations.set(key, (situation = { recipient, rooms: [] }));
    situation.rooms.push(rooms.user(recipient.id));
  }
  for (const { recipient, rooms: targets } of situations.values()) {
    const payload = await payloadFor(recipient);
    // socket.io's typed emit cannot follow a generic event name.
    if (payload !== null) (context.io.to(targets).emit as (event: string, payload: unknown) => boolean)(event, payload);
  }
}

/**
 * Tells every member what became of a message: its new view while it still shows (edited, or a
 * thread's first message whose replies changed or that was deleted but keeps its replies),
 * else that it is gone.
 */
export async function announceMessageChanged(context: ServerContext, conversationId: string, messageId: string): Promise<void> {
  const message = await context.conversations.shownMessage(messageId);
  const members = await membersOf(context, conversationId);
  if (message) await deliverEach(context, members, 'message:updated', async (member) => ({ message: await context.views.message(member, message) }), message.authorId);
  else await deliverEach(context, members, 'message:deleted', () => ({ conversationId, messageId }));
}

/** Tells each person newly mentioned in a message, alone and in their own view, that it mentions them (SPEC 7). */
export async function notifyMentioned(context: ServerContext, message: MessageRecord, userIds: readonly string[]): Promise<void> {
  for (const userId of userIds) {
    const person = context.directory.user(userId);
    // Only a member who may read the conversation now hears of it.
    if (!person || !(await context.access.canRead(person, message.conversationId))) continue;
    emitTo(context, rooms.user(userId), 'mention:received', { message: await context.views.message(person, message) });
  }
}

/** socket.io's typed `emit` cannot follow a generic event name. */
function emitTo<E extends ServerEventName>(context: ServerContext, room: string, event: E, payload: WireEvent<E>): void {
  (context.io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload);
}

/** Records a notice in a conversation and delivers it to its members, like a message. */
export async function postNotice(context: ServerContext, conversationId: string, actorId: string, notice: NoticeRecord): Promise<void> {
  await deliver(context, await context.conversations.appendNotice(conversationId, actorId, notice));
}

/** Tells every client of the person their own settings of a conversation now (SPEC 9: other tabs follow at once). */
export function announceSettings(context: ServerContext, userId: string, settings: ConversationSettings): void {
  emitTo(context, rooms.user(userId), 'conversation:settingsChanged', settings);
}

/** Tells every client of each person where they have now read a conversation up to, with its unread counts from there. */
export async function announceReadMarks(context: ServerContext, marks: readonly ReadMark[]): Promise<void> {
  for (const { userId, conversationId, seq } of marks) {
    emitTo(context, rooms.user(userId), 'conversation:readChanged', {
      conversationId,
      lastReadSeq: seq,
      unreadCount: await context.conversations.unreadCount(conversationId, userId, seq),
      unreadMentions: await context.mentions.unreadCount(conversationId, userId, seq),
    });
  }
}

/** Tells every client of each person where they have now read a thread up to, with its replies they have not read. */
export async function announceThreadReadMarks(context: ServerContext, marks: readonly ThreadReadMark[]): Promise<void> {
  for (const { userId, rootId } of marks) {
    const mark = await context.threads.mark(rootId, userId);
    if (mark) emitTo(context, rooms.user(userId), 'thread:readChanged', { conversationId: mark.conversationId, rootId, lastReadSeq: mark.lastReadSeq, unreadReplies: mark.unreadReplies });
  }
}

/** Tells every client of a session that it is over, and disconnects them all at once. */
export function endSessionClients(context: ServerContext, sessionHash: string, reason: SessionEndReason): void {
  const room = rooms.session(sessionHash);
  context.io.to(room).emit('session:ended', { reason });
  context.io.in(room).disconnectSockets(true);
}
