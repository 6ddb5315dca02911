/** Chats and channels (SPEC 1 rules 5–7): every read and write asks `context.access` first. */
import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../src-shared/protocol/ack';
import type { InvitationWarning } from '../../src-shared/protocol/conversationProtocol';
import type { ConversationSummary } from '../../src-shared/protocol/model';
import { rooms, type MeridianSocket, type ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import { directConversationId } from '../domain/conversationIds';
import { invitationWarnings } from '../domain/invitationWarnings';
import { announceConversationChanged, deliver, forEachMember, notifyMentioned, postNotice } from './broadcast';
import { onCommand } from './command';

const notFound = () => fail<never>('not_found', 'This conversation is not available to you.');

/** SPEC 1 rule 6: an invitation that leaves people unseen is carried out only once the inviter confirmed the warning. */
const unconfirmed = (warnings: InvitationWarning[]) =>
  fail<never>('conflict', `Confirm first (confirmSplit): ${warnings.map((warning) => warning.text).join(' ')}`);
const badCursor = () => fail<never>('bad_request', 'That page cursor is not valid: start again without one.');

export function registerConversationHandlers(context: ServerContext, socket: MeridianSocket): void {
  const { conversations, directory, access, views } = context;

  onCommand(context, socket, 'conversation:list', (viewer, { cursor, limit }) => {
    const page = conversations.page(viewer.id, cursor, limit ?? 100);
    if (!page) return badCursor();
    const items: ConversationSummary[] = views.summaries(viewer, page.conversations.filter((conversation) => access.visible(viewer, conversation)));
    return ok({ items, nextCursor: page.nextCursor });
  });

  onCommand(context, socket, 'conversation:history', (viewer, { conversationId, beforeSeq, afterSeq, limit }) => {
    if (!access.canRead(viewer, conversationId)) return notFound();
    const page = afterSeq !== undefined ? conversations.after(conversationId, afterSeq, limit ?? 200) : conversations.history(conversationId, beforeSeq, limit ?? 50);
    // Files and reactions of the whole page in one query each (views.messages), not one per message.
    return ok({ conversationId, messages: views.messages(viewer, page.messages), hasMore: page.hasMore });
  });

  onCommand(context, socket, 'chat:open', (viewer, { userId }) => {
    const peer = directory.user(userId);
    if (!peer || !directory.sees(viewer, peer)) return fail('not_found', 'This person is not in your directory.');
    if (peer.id === viewer.id) return fail('bad_request', 'A chat needs another person.');
    const id = directConversationId(viewer.id, peer.id);
    conversations.ensureDirect(id, viewer.id, peer.id);
    return ok(views.summaryOf(viewer, id)!);
  });

  onCommand(context, socket, 'message:send', (viewer, { conversationId, clientId, text, fileId }) => {
    if (!access.canWrite(viewer, conversationId)) return notFound();
    // Only a file the sender uploaded into this very conversation, and no message has taken yet, can ride on the message.
    // `@Name` of a member the writer sees is stored as a mention of that person (SPEC 7).
    const encoded = context.mentions.encode(viewer, conversationId, text);
    const appended = conversations.append(conversationId, clientId, viewer.id, encoded.text, fileId ?? null);
    if ('refused' in appended) return fail('not_found', 'That file was not uploaded to this conversation, or another message already carries it.');
    if (appended.created) {
      deliver(context, appended.message);
      notifyMentioned(context, appended.message, context.mentions.record(appended.message, encoded.userIds));
    }
    return ok(views.message(viewer, appended.message));
  });

  onCommand(context, socket, 'conversation:read', (viewer, { conversationId, seq }) => {
    if (!access.canRead(viewer, conversationId)) return notFound();
    conversations.markRead(conversationId, viewer.id, seq);
    return ok(null);
  });

  const ownMessage = (viewer: Viewer, messageId: string) => {
    const message = conversations.message(messageId);
    if (!message || !access.canWrite(viewer, message.conversationId)) return null;
    return message;
  };

  onCommand(context, socket, 'message:edit', (viewer, { messageId, text }) => {
    const message = ownMessage(viewer, messageId);
    if (!message) return fail('not_found', 'This message is not available to you.');
    if (message.authorId !== viewer.id || message.notice) return fail('forbidden', 'You can edit only your own messages.');
    const encoded = context.mentions.encode(viewer, message.conversationId, text, message);
    conversations.editMessage(messageId, encoded.text);
    const edited = conversations.message(messageId)!;
    forEachMember(context, edited.conversationId, (member) => context.io.to(rooms.user(member.id)).emit('message:updated', { message: views.message(member, edited) }));
    // Only people the edit newly mentions hear of it.
    notifyMentioned(context, edited, context.mentions.record(edited, encoded.userIds));
    return ok(views.message(viewer, edited));
  });

  onCommand(context, socket, 'message:delete', async (viewer, { messageId }) => {
    const message = ownMessage(viewer, messageId);
    if (!message) return fail('not_found', 'This message is not available to you.');
    if (message.authorId !== viewer.id || message.notice) return fail('forbidden', 'You can delete only your own messages.');
    conversations.deleteMessage(messageId);
    context.reactions.removeAll(messageId);
    context.mentions.forget(messageId);
    // The file goes with its message: row and bytes.
    if (message.fileId) await context.files.remove(message.fileId);
    forEachMember(context, message.conversationId, (member) => context.io.to(rooms.user(member.id)).emit('message:deleted', { conversationId: message.conversationId, messageId }));
    return ok({ messageId });
  });

  onCommand(context, socket, 'typing:start', (viewer, { conversationId }) => {
    if (!access.canWrite(viewer, conversationId)) return notFound();
    // One notice per person and conversation every 2 s, however many clients ask how often.
    if (!context.limits.typingNotice(viewer.id, conversationId)) return ok(null);
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
    return ok(views.summaryOf(viewer, id)!);
  });

  onCommand(context, socket, 'channel:previewInvite', (viewer, { channelId, userIds }) => {
    let memberIds = [viewer.id];
    if (channelId !== undefined) {
      const channel = access.readable(viewer, channelId);
      if (channel?.kind !== 'channel') return notFound();
      memberIds = conversations.members(channelId);
    }
    const people = userIds.map((userId) => directory.user(userId));
    if (people.some((person) => !person || !directory.sees(viewer, person))) return fail('forbidden', 'You can invite only people in your directory.');
    return ok({ warnings: invitationWarnings(directory, viewer, memberIds, userIds) });
  });

  onCommand(context, socket, 'channel:invite', (viewer, { channelId, userIds, confirmSplit }) => {
    const channel = access.readable(viewer, channelId);
    if (channel?.kind !== 'channel') return notFound();
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
    return ok(views.summaryOf(viewer, channelId)!);
  });

  onCommand(context, socket, 'channel:leave', (viewer, { channelId }) => {
    const channel = conversations.membership(channelId, viewer.id);
    if (channel?.kind !== 'channel') return notFound();
    const before = conversations.members(channelId);
    conversations.removeMember(channelId, viewer.id);
    postNotice(context, channelId, viewer.id, { kind: 'left' });
    announceConversationChanged(context, channelId, before);
    return ok(null);
  });

  onCommand(context, socket, 'channel:update', (viewer, { channelId, name, topic }) => {
    const channel = access.readable(viewer, channelId);
    if (channel?.kind !== 'channel') return notFound();
    if (channel.accountId !== viewer.accountId) return fail('forbidden', 'Only members of the account that owns this channel can rename it or change its topic.');
    conversations.updateChannel(channelId, { name, topic });
    const updated = conversations.get(channelId)!;
    if (updated.name !== channel.name) postNotice(context, channelId, viewer.id, { kind: 'renamed', from: channel.name ?? '', to: updated.name ?? '' });
    if (updated.topic !== channel.topic) postNotice(context, channelId, viewer.id, { kind: 'topic', topic: updated.topic });
    announceConversationChanged(context, channelId, conversations.members(channelId));
    return ok(views.summaryOf(viewer, channelId)!);
  });

  onCommand(context, socket, 'channel:members', (viewer, { channelId }) => {
    const channel = access.readable(viewer, channelId);
    if (channel?.kind !== 'channel') return notFound();
    return ok(conversations.members(channelId).map((userId) => directory.ref(viewer, userId, channelId)));
  });
}
