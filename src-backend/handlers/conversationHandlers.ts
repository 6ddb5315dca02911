/** Chats and channels (SPEC 1 rules 5–7): every read and write checks membership and `sees`. */
import { fail, ok } from '../../src-shared/protocol/ack';
import type { ConversationSummary, MessageView } from '../../src-shared/protocol/model';
import { rooms, type MeridianSocket, type ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import { directConversationId } from '../domain/conversationIds';
import type { ConversationRecord, MessageRecord } from '../store/conversationStore';
import { onCommand } from './command';

const notFound = () => fail<never>('not_found', 'This conversation is not available to you.');

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
    return { ...base(conversation), title: peer.displayName, peer: summary };
  }
  return {
    ...base(conversation),
    title: conversation.name ?? conversation.id,
    accountName: conversation.accountId ? directory.accountName(conversation.accountId) : null,
  };
}

function base(conversation: ConversationRecord): ConversationSummary {
  return {
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
  };
}

export function messageFor(context: ServerContext, viewer: Viewer, message: MessageRecord): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    author: context.directory.ref(viewer, message.authorId),
    clientId: message.authorId === viewer.id ? message.clientId : null,
    text: message.text,
    createdAt: message.createdAt,
  };
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

  onCommand(context, socket, 'conversation:history', (viewer, { conversationId, beforeSeq, limit }) => {
    if (!conversationFor(context, viewer, conversations.get(conversationId))) return notFound();
    const page = conversations.history(conversationId, beforeSeq, limit ?? 50);
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

  onCommand(context, socket, 'message:send', (viewer, { conversationId, clientId, text }) => {
    if (!conversationFor(context, viewer, conversations.get(conversationId))) return notFound();
    const { message, created } = conversations.append(conversationId, clientId, viewer.id, text);
    if (created) deliver(context, message);
    return ok(messageFor(context, viewer, message));
  });

  onCommand(context, socket, 'channel:members', (viewer, { channelId }) => {
    const channel = conversations.get(channelId);
    if (channel?.kind !== 'channel' || !conversationFor(context, viewer, channel)) return notFound();
    return ok(conversations.members(channelId).map((userId) => directory.ref(viewer, userId)));
  });
}

/** Sends a new message to every client of every member, each with the author as they see them. */
export function deliver(context: ServerContext, message: MessageRecord): void {
  for (const memberId of context.conversations.members(message.conversationId)) {
    const member = context.directory.user(memberId);
    if (!member) continue;
    if (!conversationFor(context, member, context.conversations.get(message.conversationId))) continue;
    context.io.to(rooms.user(memberId)).emit('message:created', { message: messageFor(context, member, message) });
  }
}
