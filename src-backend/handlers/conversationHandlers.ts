import { randomUUID } from 'node:crypto';
/** Chats and channels (SPEC 1 rules 5–7): every read and write checks membership and `sees`. */
import { fail, ok } from '../../src-shared/protocol/ack';
import type { InvitationWarning } from '../../src-shared/protocol/conversationProtocol';
import type { ConversationNotice, ConversationSummary, MessageView } from '../../src-shared/protocol/model';
import { rooms, type MeridianSocket, type ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import { directConversationId } from '../domain/conversationIds';
import { invitationWarnings } from '../domain/invitationWarnings';
import type { ConversationRecord, MessageRecord, NoticeRecord } from '../store/conversationStore';
import { announceConversationChanged } from './broadcast';
import { onCommand } from './command';

const notFound = () => fail<never>('not_found', 'This conversation is not available to you.');

/** SPEC 1 rule 6: an invitation that leaves people unseen is carried out only once the inviter confirmed the warning. */
const unconfirmed = (warnings: InvitationWarning[]) =>
  fail<never>('conflict', `Confirm first (confirmSplit): ${warnings.map((warning) => warning.text).join(' ')}`);

/** The viewer's view of a conversation, or null when they may not see it (not a member, or a chat with someone no longer seen). */
export function conversationFor(context: ServerContext, viewer: Viewer, conversation: ConversationRecord | undefined): ConversationSummary | null {
  if (!conversation || !context.conversations.isMember(conversation.id, viewer.id)) return null;
  const { directory } = context;
  if (conversation.kind === 'direct') {
    const peerId = context.conversations.members(conversation.id).find((userId) => userId !== viewer.id);
    const peer = peerId ? directory.user(peerId) : undefined;
    // A chat with someone no longer seen is hidden, not deleted: it returns with visibility.
    if (!peer || !directory.sees(viewer, peer)) return null;
    const summary = directory.summaryFor(viewer.accountId, peer);
    return { ...base(context, viewer, conversation), title: peer.displayName, peer: summary };
  }
  return {
    ...base(context, viewer, conversation),
    title: conversation.name ?? conversation.id,
    accountName: conversation.accountId ? directory.accountName(conversation.accountId) : null,
    canEdit: conversation.accountId === viewer.accountId,
    ...sharedWithFor(context, viewer, conversation.id),
  };
}

/** SPEC 1 rule 6: a shared channel names the other accounts of its members that the viewer sees, and only those. */
function sharedWithFor(context: ServerContext, viewer: Viewer, channelId: string): Pick<ConversationSummary, 'sharedWith' | 'hasUnknownMembers'> {
  const { directory } = context;
  const others = context.conversations.memberAccounts(channelId).filter((accountId) => accountId !== viewer.accountId);
  const seen = others.filter((accountId) => directory.sees(viewer, { accountId }));
  return {
    sharedWith: seen.map((accountId) => directory.accountName(accountId)).sort((a, b) => a.localeCompare(b)),
    hasUnknownMembers: seen.length < others.length,
  };
}

function base(context: ServerContext, viewer: Viewer, conversation: ConversationRecord): ConversationSummary {
  return {
    ...context.conversations.readState(conversation.id, viewer.id),
    canEdit: false,
    id: conversation.id,
    kind: conversation.kind,
    title: '',
    topic: conversation.topic,
    visibility: conversation.visibility,
    accountId: conversation.accountId,
    accountName: null,
    peer: null,
    lastSeq: conversation.lastSeq,
    lastMessageAt: conversation.lastMessageAt,
    sharedWith: [],
    hasUnknownMembers: false,
  };
}

export function messageFor(context: ServerContext, viewer: Viewer, message: MessageRecord): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    author: context.directory.ref(viewer, message.authorId, message.conversationId),
    clientId: message.authorId === viewer.id ? message.clientId : null,
    text: message.text,
    file: context.files.view(message.fileId),
    notice: message.notice && noticeFor(context, viewer, message.conversationId, message.notice),
    createdAt: message.createdAt,
    editedAt: message.editedAt,
  };
}

/** A notice as one viewer may be told it: people they do not see are UNKNOWN USER, nothing more. */
function noticeFor(context: ServerContext, viewer: Viewer, conversationId: string, notice: NoticeRecord): ConversationNotice {
  switch (notice.kind) {
    case 'joined':
    case 'left':
      return { kind: notice.kind };
    case 'added':
      return { kind: 'added', people: notice.userIds.map((userId) => context.directory.ref(viewer, userId, conversationId)) };
    case 'renamed':
      return { kind: 'renamed', from: notice.from, to: notice.to };
    case 'topic':
      return { kind: 'topic', topic: notice.topic };
    case 'meeting-scheduled':
      return { kind: 'meeting-scheduled', title: notice.title, startsAt: notice.startsAt, durationMinutes: notice.durationMinutes };
    default:
      return missingCase(notice);
  }
}

function missingCase(value: never): never {
  throw new Error(`Unhandled notice: ${JSON.stringify(value)}`);
}

/** Records a notice in a conversation and delivers it to its members, like a message. */
export function postNotice(context: ServerContext, conversationId: string, actorId: string, notice: NoticeRecord): void {
  deliver(context, context.conversations.appendNotice(conversationId, actorId, notice));
}

export function registerConversationHandlers(context: ServerContext, socket: MeridianSocket): void {
  const { conversations, directory } = context;

  onCommand(context, socket, 'conversation:list', (viewer) => {
    const list = conversations
      .listFor(viewer.id)
      .map((conversation) => conversationFor(context, viewer, conversation))
      .filter((conversation) => conversation !== null)
      .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '') || a.title.localeCompare(b.title));
    return ok(list);
  });

  onCommand(context, socket, 'conversation:history', (viewer, { conversationId, beforeSeq, afterSeq, limit }) => {
    if (!conversationFor(context, viewer, conversations.get(conversationId))) return notFound();
    const page = afterSeq !== undefined ? conversations.after(conversationId, afterSeq, limit ?? 200) : conversations.history(conversationId, beforeSeq, limit ?? 50);
    return ok({ conversationId, messages: page.messages.map((message) => messageFor(context, viewer, message)), hasMore: page.hasMore });
  });

  onCommand(context, socket, 'chat:open', (viewer, { userId }) => {
    const peer = directory.user(userId);
    if (!peer || !directory.sees(viewer, peer)) return fail('not_found', 'This person is not in your directory.');
    if (peer.id === viewer.id) return fail('bad_request', 'A chat needs another person.');
    const id = directConversationId(viewer.id, peer.id);
    conversations.ensureDirect(id, viewer.id, peer.id);
    return ok(conversationFor(context, viewer, conversations.get(id))!);
  });

  onCommand(context, socket, 'message:send', (viewer, { conversationId, clientId, text, fileId }) => {
    if (!conversationFor(context, viewer, conversations.get(conversationId))) return notFound();
    // Only a file the sender uploaded into this very conversation can ride on the message.
    const file = fileId ? context.files.get(fileId) : undefined;
    if (fileId && (file?.conversationId !== conversationId || file.uploaderId !== viewer.id)) return fail('not_found', 'That file was not uploaded to this conversation.');
    const { message, created } = conversations.append(conversationId, clientId, viewer.id, text, fileId ?? null);
    if (created) deliver(context, message);
    return ok(messageFor(context, viewer, message));
  });

  onCommand(context, socket, 'conversation:read', (viewer, { conversationId, seq }) => {
    if (!conversationFor(context, viewer, conversations.get(conversationId))) return notFound();
    conversations.markRead(conversationId, viewer.id, seq);
    return ok(null);
  });

  const ownMessage = (viewer: Viewer, messageId: string) => {
    const message = conversations.message(messageId);
    if (!message || !conversationFor(context, viewer, conversations.get(message.conversationId))) return null;
    return message;
  };

  onCommand(context, socket, 'message:edit', (viewer, { messageId, text }) => {
    const message = ownMessage(viewer, messageId);
    if (!message) return fail('not_found', 'This message is not available to you.');
    if (message.authorId !== viewer.id || message.notice) return fail('forbidden', 'You can edit only your own messages.');
    conversations.editMessage(messageId, text);
    const edited = conversations.message(messageId)!;
    forEachMember(context, edited.conversationId, (member) => context.io.to(rooms.user(member.id)).emit('message:updated', { message: messageFor(context, member, edited) }));
    return ok(messageFor(context, viewer, edited));
  });

  onCommand(context, socket, 'message:delete', (viewer, { messageId }) => {
    const message = ownMessage(viewer, messageId);
    if (!message) return fail('not_found', 'This message is not available to you.');
    if (message.authorId !== viewer.id || message.notice) return fail('forbidden', 'You can delete only your own messages.');
    conversations.deleteMessage(messageId);
    forEachMember(context, message.conversationId, (member) => context.io.to(rooms.user(member.id)).emit('message:deleted', { conversationId: message.conversationId, messageId }));
    return ok({ messageId });
  });

  // One typing notice per conversation every 2 s from a client, however often it asks.
  const lastTyping = new Map<string, number>();
  onCommand(context, socket, 'typing:start', (viewer, { conversationId }) => {
    if (!conversationFor(context, viewer, conversations.get(conversationId))) return notFound();
    const now = Date.now();
    if (now - (lastTyping.get(conversationId) ?? 0) < 2_000) return ok(null);
    lastTyping.set(conversationId, now);
    forEachMember(context, conversationId, (member) => {
      if (member.id !== viewer.id) context.io.to(rooms.user(member.id)).emit('typing:started', { conversationId, person: directory.ref(member, viewer.id, conversationId) });
    });
    return ok(null);
  });

  onCommand(context, socket, 'channel:create', (viewer, { name, topic, visibility, memberIds, confirmSplit }) => {
    const invited = [...new Set(memberIds.filter((userId) => userId !== viewer.id))];
    const unseen = invited.filter((userId) => {
      const user = directory.user(userId);
      return !user || !directory.sees(viewer, user);
    });
    if (unseen.length > 0) return fail('forbidden', 'You can add only people in your directory.');
    const warnings = invitationWarnings(directory, viewer, [viewer.id], invited);
    if (warnings.length > 0 && !confirmSplit) return unconfirmed(warnings);
    const id = `ch-${randomUUID()}`;
    conversations.createChannel({ id, name, topic: topic || null, accountId: viewer.accountId, visibility, createdBy: viewer.id }, [viewer.id, ...invited]);
    announceConversationChanged(context, id, [viewer.id, ...invited]);
    return ok(conversationFor(context, viewer, conversations.get(id))!);
  });

  onCommand(context, socket, 'channel:previewInvite', (viewer, { channelId, userIds }) => {
    let memberIds = [viewer.id];
    if (channelId !== undefined) {
      const channel = conversations.get(channelId);
      if (channel?.kind !== 'channel' || !conversationFor(context, viewer, channel)) return notFound();
      memberIds = conversations.members(channelId);
    }
    const people = userIds.map((userId) => directory.user(userId));
    if (people.some((person) => !person || !directory.sees(viewer, person))) return fail('forbidden', 'You can invite only people in your directory.');
    return ok({ warnings: invitationWarnings(directory, viewer, memberIds, userIds) });
  });

  onCommand(context, socket, 'channel:invite', (viewer, { channelId, userIds, confirmSplit }) => {
    const channel = conversations.get(channelId);
    if (channel?.kind !== 'channel' || !conversationFor(context, viewer, channel)) return notFound();
    // SPEC 1 rule 6: a member may invite only people they see.
    const people = userIds.map((userId) => directory.user(userId));
    if (people.some((person) => !person || !directory.sees(viewer, person))) return fail('forbidden', 'You can invite only people in your directory.');
    const before = conversations.members(channelId);
    const warnings = invitationWarnings(directory, viewer, before, userIds);
    if (warnings.length > 0 && !confirmSplit) return unconfirmed(warnings);
    const added = [...new Set(userIds)].filter((userId) => !before.includes(userId));
    conversations.addMembers(channelId, added);
    if (added.length > 0) postNotice(context, channelId, viewer.id, { kind: 'added', userIds: added });
    announceConversationChanged(context, channelId, [...before, ...added]);
    return ok(conversations.members(channelId).map((userId) => directory.ref(viewer, userId, channelId)));
  });

  onCommand(context, socket, 'channel:join', (viewer, { channelId }) => {
    const channel = conversations.get(channelId);
    // Only public channels of one's own account are open to join; federated people need an invitation.
    if (channel?.kind !== 'channel' || channel.visibility !== 'public' || channel.accountId !== viewer.accountId) return notFound();
    if (!conversations.isMember(channelId, viewer.id)) {
      conversations.addMembers(channelId, [viewer.id]);
      postNotice(context, channelId, viewer.id, { kind: 'joined' });
    }
    announceConversationChanged(context, channelId, conversations.members(channelId));
    return ok(conversationFor(context, viewer, conversations.get(channelId))!);
  });

  onCommand(context, socket, 'channel:leave', (viewer, { channelId }) => {
    const channel = conversations.get(channelId);
    if (channel?.kind !== 'channel' || !conversations.isMember(channelId, viewer.id)) return notFound();
    const before = conversations.members(channelId);
    conversations.removeMember(channelId, viewer.id);
    postNotice(context, channelId, viewer.id, { kind: 'left' });
    announceConversationChanged(context, channelId, before);
    return ok(null);
  });

  onCommand(context, socket, 'channel:update', (viewer, { channelId, name, topic }) => {
    const channel = conversations.get(channelId);
    if (channel?.kind !== 'channel' || !conversationFor(context, viewer, channel)) return notFound();
    if (channel.accountId !== viewer.accountId) return fail('forbidden', 'Only members of the account that owns this channel can rename it or change its topic.');
    conversations.updateChannel(channelId, { name, topic });
    if (name !== undefined && name !== channel.name) postNotice(context, channelId, viewer.id, { kind: 'renamed', from: channel.name ?? '', to: name });
    const newTopic = topic === undefined ? channel.topic : topic || null;
    if (newTopic !== channel.topic) postNotice(context, channelId, viewer.id, { kind: 'topic', topic: newTopic });
    announceConversationChanged(context, channelId, conversations.members(channelId));
    return ok(conversationFor(context, viewer, conversations.get(channelId))!);
  });

  onCommand(context, socket, 'channel:members', (viewer, { channelId }) => {
    const channel = conversations.get(channelId);
    if (channel?.kind !== 'channel' || !conversationFor(context, viewer, channel)) return notFound();
    return ok(conversations.members(channelId).map((userId) => directory.ref(viewer, userId, channelId)));
  });
}

/** Calls `send` for every member who may see the conversation now. */
function forEachMember(context: ServerContext, conversationId: string, send: (member: Viewer) => void): void {
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
  forEachMember(context, message.conversationId, (member) => context.io.to(rooms.user(member.id)).emit('message:created', { message: messageFor(context, member, message) }));
}
