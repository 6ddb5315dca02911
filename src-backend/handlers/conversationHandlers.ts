/** Chats and channels (SPEC 1 rules 5–7): every read and write asks `context.access` first. */
import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../src-shared/protocol/ack';
import { maxPinnedMessages, type InvitationWarning } from '../../src-shared/protocol/conversationProtocol';
import { compactMessage, type ConversationSummary } from '../../src-shared/protocol/model';
import type { ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import { directConversationId } from '../domain/conversationIds';
import { invitationWarnings } from '../domain/invitationWarnings';
import { canEditChannel } from '../domain/policy';
import { broadcastRefusalMessage } from '../domain/mentionService';
import { maxGroupMembers } from '../../src-shared/protocol/groupProtocol';
import { announceConversationChanged, announceMessageChanged, announceSettings, deliver, deliverToMembers, notifyMentioned, postNotice } from './broadcast';
import { onCommand, type CommandTable } from './command';
import { announceReply } from './threadHandlers';

const notFound = () => fail<never>('not_found', 'This conversation is not available to you.');

/** SPEC 1 rule 6: an invitation that leaves people unseen is carried out only once the inviter confirmed the warning. */
const unconfirmed = (warnings: InvitationWarning[]) =>
  fail<never>('conflict', `Confirm first (confirmSplit): ${warnings.map((warning) => warning.text).join(' ')}`);
const badCursor = () => fail<never>('bad_request', 'That page cursor is not valid: start again without one.');

/** Channels and group chats have members who come and go; a 1:1 chat has its two people. */
const hasMembers = (conversation: { kind: string } | null | undefined) => conversation !== null && conversation !== undefined && conversation.kind !== 'direct';

export function registerConversationHandlers(context: ServerContext, commands: CommandTable): void {
  const { conversations, directory, access, views } = context;

  onCommand(context, commands, 'conversation:list', async (viewer, { cursor, limit }) => {
    const page = await conversations.page(viewer.id, cursor, limit ?? 100);
    if (!page) return badCursor();
    const items: ConversationSummary[] = await views.summaries(viewer, page.conversations.filter((conversation) => access.visible(viewer, conversation)));
    return ok({ items, nextCursor: page.nextCursor });
  });

  onCommand(context, commands, 'conversation:history', async (viewer, { conversationId, beforeSeq, afterSeq, limit }) => {
    if (!(await access.canRead(viewer, conversationId))) return notFound();
    // A catch-up page, which every member asks for after a blip, is built and encoded once per account.
    if (afterSeq !== undefined) {
      const page = await conversations.after(conversationId, afterSeq, limit ?? 200);
      return ok({ conversationId, ...(await views.sharedPage(viewer, page.messages)), hasMore: page.hasMore });
    }
    const page = await conversations.history(conversationId, beforeSeq, limit ?? 50);
    // Files and reactions of the whole page in one query each (views.messages), not one per message.
    return ok({ conversationId, messages: await views.messages(viewer, page.messages), hasMore: page.hasMore });
  });

  onCommand(context, commands, 'chat:open', async (viewer, { userId }) => {
    const peer = directory.user(userId);
    if (!peer || !directory.sees(viewer, peer)) return fail('not_found', 'This person is not in your directory.');
    if (peer.id === viewer.id) return fail('bad_request', 'A chat needs another person.');
    const id = directConversationId(viewer.id, peer.id);
    await conversations.ensureDirect(id, viewer.id, peer.id);
    return ok((await views.summaryOf(viewer, id))!);
  });

  onCommand(context, commands, 'message:send', async (viewer, { conversationId, clientId, text, fileId, threadId }) => {
    if (!(await access.canWrite(viewer, conversationId))) return notFound();
    // `@Name` of a member the writer sees is stored as a mention of that person (SPEC 7).
    const encoded = await context.mentions.encode(viewer, conversationId, text);
    if ('refused' in encoded) return fail('refused', broadcastRefusalMessage(encoded.refused));
    // Only a file the sender uploaded into this very conversation, and no message has taken yet, can ride on the message.
    // Stored with the other messages of this turn in one commit (group commit): on disk before anything below.
    const appended = await conversations.append(conversationId, clientId, viewer.id, encoded.text, fileId ?? null, threadId ?? null);
    if ('refused' in appended) {
      return appended.refused === 'thread'
        ? fail('not_found', 'That message is not in this conversation, or cannot start a thread.')
        : fail('not_found', 'That file was not uploaded to this conversation, or another message already carries it.');
    }
    // A resend of a message stored before: answered as it is now (reactions and all), nobody told again.
    if (!appended.created) return ok(compactMessage(await views.message(viewer, appended.message)));
    const sent = await deliver(context, appended.message);
    if (appended.message.threadId) await announceReply(context, appended.message);
    // A new message has no mentions recorded yet: only one that mentions someone writes any.
    if (encoded.userIds.length > 0) await notifyMentioned(context, appended.message, await context.mentions.record(appended.message, encoded.userIds));
    return ok(compactMessage(sent ?? (await views.message(viewer, appended.message, { fresh: true }))));
  });

  onCommand(context, commands, 'conversation:read', async (viewer, { conversationId, seq }) => {
    if (!(await access.canRead(viewer, conversationId))) return notFound();
    // Answered once written; marks that came meanwhile are written with it (ReadStateService).
    await context.readState.markRead(viewer.id, conversationId, seq);
    return ok(null);
  });

  onCommand(context, commands, 'conversation:markUnread', async (viewer, { messageId }) => {
    const message = await conversations.message(messageId);
    // The same answer for a message that does not exist and one the viewer may not read.
    if (!message || !(await access.canRead(viewer, message.conversationId))) return fail('not_found', 'This message is not available to you.');
    // A thread's reply is unread in its thread; the conversation becomes unread from the message that started it.
    const from = message.threadId ? await conversations.message(message.threadId) : message;
    const seq = Math.max(0, (from ?? message).seq - 1);
    // Written at once (not gathered) and told to every client of the viewer (conversation:readChanged).
    await context.readState.setMark(viewer.id, message.conversationId, seq);
    return ok({
      conversationId: message.conversationId,
      lastReadSeq: seq,
      unreadCount: await conversations.unreadCount(message.conversationId, viewer.id, seq),
      unreadMentions: await context.mentions.unreadCount(message.conversationId, viewer.id, seq),
    });
  });

  onCommand(context, commands, 'conversation:settings', async (viewer, { conversationId, muted, notify }) => {
    // Members only: a conversation the viewer left, or may no longer read, answers as one that does not exist.
    if (!(await access.canRead(viewer, conversationId))) return notFound();
    const settings = await conversations.setMemberSettings(conversationId, viewer.id, { muted, notify });
    if (!settings) return notFound();
    const changed = { conversationId, ...settings };
    announceSettings(context, viewer.id, changed);
    return ok(changed);
  });

  const ownMessage = async (viewer: Viewer, messageId: string) => {
    const message = await conversations.message(messageId);
    if (!message || !(await access.canWrite(viewer, message.conversationId))) return null;
    return message;
  };

  onCommand(context, commands, 'message:edit', async (viewer, { messageId, text }) => {
    const message = await ownMessage(viewer, messageId);
    if (!message) return fail('not_found', 'This message is not available to you.');
    if (message.authorId !== viewer.id || message.notice) return fail('forbidden', 'You can edit only your own messages.');
    const encoded = await context.mentions.encode(viewer, message.conversationId, text, message);
    if ('refused' in encoded) return fail('refused', broadcastRefusalMessage(encoded.refused));
    await conversations.editMessage(messageId, encoded.text);
    const edited = (await conversations.message(messageId))!;
    await deliverToMembers(context, edited.conversationId, 'message:updated', async (member) => ({ message: await views.message(member, edited) }), { actorId: edited.authorId });
    // Only people the edit newly mentions hear of it.
    await notifyMentioned(context, edited, await context.mentions.record(edited, encoded.userIds));
    return ok(await views.message(viewer, edited));
  });

  onCommand(context, commands, 'message:delete', async (viewer, { messageId }) => {
    const message = await ownMessage(viewer, messageId);
    if (!message) return fail('not_found', 'This message is not available to you.');
    if (message.authorId !== viewer.id || message.notice) return fail('forbidden', 'You can delete only your own messages.');
    await conversations.deleteMessage(messageId);
    await context.reactions.removeAll(messageId);
    await context.mentions.forget(messageId);
    // The file goes with its message: row and bytes.
    if (message.fileId) await context.files.remove(message.fileId);
    // A message that started a thread stays, emptied, while it has replies; a reply changes its thread's count.
    await announceMessageChanged(context, message.conversationId, messageId);
    if (message.threadId) await announceMessageChanged(context, message.conversationId, message.threadId);
    return ok({ messageId });
  });

  onCommand(context, commands, 'message:pin', async (viewer, { messageId, pinned }) => {
    const message = await conversations.message(messageId);
    if (!message || !(await access.canWrite(viewer, message.conversationId))) return fail('not_found', 'This message is not available to you.');
    if (message.notice || message.threadId) return fail('bad_request', 'Only a message of the conversation itself can be pinned.');
    if (pinned && (await conversations.pinned(message.conversationId, maxPinnedMessages)).length >= maxPinnedMessages) {
      return fail('conflict', `A conversation keeps at most ${maxPinnedMessages} pinned messages: unpin one first.`);
    }
    // Every member hears of it, and asks for the list as they see it (authors per SPEC 1 rule 7).
    if (await conversations.setPinned(message, pinned ? viewer.id : null)) {
      await deliverToMembers(context, message.conversationId, 'conversation:pinsChanged', () => ({ conversationId: message.conversationId }), { actorId: viewer.id });
    }
    return ok({ messageId, pinned });
  });

  onCommand(context, commands, 'conversation:pinned', async (viewer, { conversationId }) => {
    if (!(await access.canRead(viewer, conversationId))) return notFound();
    return ok(await views.messages(viewer, await conversations.pinned(conversationId, maxPinnedMessages)));
  });

  onCommand(context, commands, 'typing:start', async (viewer, { conversationId }) => {
    if (!(await access.canWrite(viewer, conversationId))) return notFound();
    // One notice per person and conversation every 2 s, however many clients ask how often.
    if (!(await context.limits.typingNotice(viewer.id, conversationId))) return ok(null);
    await deliverToMembers(context, conversationId, 'typing:started', async (member) => ({ conversationId, person: await directory.ref(member, viewer.id, conversationId) }), {
      actorId: viewer.id,
      skipActor: true,
    });
    return ok(null);
  });

  onCommand(context, commands, 'channel:create', async (viewer, { name, topic, visibility, memberIds, confirmSplit }) => {
    const invited = [...new Set(memberIds.filter((userId) => userId !== viewer.id))];
    const unseen = invited.filter((userId) => {
      const user = directory.user(userId);
      return !user || !directory.sees(viewer, user);
    });
    if (unseen.length > 0) return fail('forbidden', 'You can add only people in your directory.');
    const warnings = invitationWarnings(directory, viewer, [viewer.id], invited);
    if (warnings.length > 0 && !confirmSplit) return unconfirmed(warnings);
    const id = `ch-${randomUUID()}`;
    await conversations.createChannel({ id, name, topic: topic || null, accountId: viewer.accountId, visibility, createdBy: viewer.id }, [viewer.id, ...invited]);
    announceConversationChanged(context, id, [viewer.id, ...invited]);
    return ok((await views.summaryOf(viewer, id))!);
  });

  onCommand(context, commands, 'channel:previewInvite', async (viewer, { channelId, userIds }) => {
    let memberIds: readonly string[] = [viewer.id];
    if (channelId !== undefined) {
      if (!hasMembers(await access.readable(viewer, channelId))) return notFound();
      memberIds = await conversations.members(channelId);
    }
    const people = userIds.map((userId) => directory.user(userId));
    if (people.some((person) => !person || !directory.sees(viewer, person))) return fail('forbidden', 'You can invite only people in your directory.');
    return ok({ warnings: invitationWarnings(directory, viewer, memberIds, userIds) });
  });

  onCommand(context, commands, 'channel:invite', async (viewer, { channelId, userIds, confirmSplit }) => {
    const channel = await access.readable(viewer, channelId);
    if (!channel || !hasMembers(channel)) return notFound();
    // SPEC 1 rule 6: a member may invite only people they see.
    const people = userIds.map((userId) => directory.user(userId));
    if (people.some((person) => !person || !directory.sees(viewer, person))) return fail('forbidden', 'You can invite only people in your directory.');
    const before = await conversations.members(channelId);
    const warnings = invitationWarnings(directory, viewer, before, userIds);
    if (warnings.length > 0 && !confirmSplit) return unconfirmed(warnings);
    const added = [...new Set(userIds)].filter((userId) => !before.includes(userId));
    if (channel.kind === 'group' && before.length + added.length > maxGroupMembers) {
      return fail('refused', `A group chat holds at most ${maxGroupMembers} people; this one has ${before.length}. Start a channel for more.`);
    }
    await conversations.addMembers(channelId, added);
    if (added.length > 0) await postNotice(context, channelId, viewer.id, { kind: 'added', userIds: added });
    announceConversationChanged(context, channelId, [...before, ...added]);
    return ok(await directory.membersAsSeen(viewer, await conversations.members(channelId), channelId));
  });

  onCommand(context, commands, 'channel:join', async (viewer, { channelId }) => {
    const channel = await conversations.get(channelId);
    // Only public channels of one's own account are open to join; federated people need an invitation.
    if (channel?.kind !== 'channel' || channel.visibility !== 'public' || channel.accountId !== viewer.accountId) return notFound();
    if (!(await conversations.isMember(channelId, viewer.id))) {
      await conversations.addMembers(channelId, [viewer.id]);
      await postNotice(context, channelId, viewer.id, { kind: 'joined' });
    }
    announceConversationChanged(context, channelId, await conversations.members(channelId));
    return ok((await views.summaryOf(viewer, channelId))!);
  });

  onCommand(context, commands, 'channel:leave', async (viewer, { channelId }) => {
    if (!hasMembers(await conversations.membership(channelId, viewer.id))) return notFound();
    const before = await conversations.members(channelId);
    await conversations.removeMember(channelId, viewer.id);
    await postNotice(context, channelId, viewer.id, { kind: 'left' });
    announceConversationChanged(context, channelId, before);
    return ok(null);
  });

  onCommand(context, commands, 'channel:update', async (viewer, { channelId, name, topic }) => {
    const channel = await access.readable(viewer, channelId);
    if (channel?.kind !== 'channel') return notFound();
    if (!canEditChannel(viewer, channel)) return fail('forbidden', 'Only members of the account that owns this channel can rename it or change its topic.');
    await conversations.updateChannel(channelId, { name, topic });
    const updated = (await conversations.get(channelId))!;
    if (updated.name !== channel.name) await postNotice(context, channelId, viewer.id, { kind: 'renamed', from: channel.name ?? '', to: updated.name ?? '' });
    if (updated.topic !== channel.topic) await postNotice(context, channelId, viewer.id, { kind: 'topic', topic: updated.topic });
    announceConversationChanged(context, channelId, await conversations.members(channelId));
    return ok((await views.summaryOf(viewer, channelId))!);
  });

  onCommand(context, commands, 'channel:members', async (viewer, { channelId }) => {
    if (!hasMembers(await access.readable(viewer, channelId))) return notFound();
    return ok(await directory.membersAsSeen(viewer, await conversations.members(channelId), channelId));
  });
}
