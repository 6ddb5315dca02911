/**
 * What a viewer is shown of conversations and messages: titles, the other person of a chat,
 * unread counts, authors as seen (or UNKNOWN USER). Built after access is decided (./access.ts),
 * once per conversation of a page, never to decide access.
 */
import { mentionedIds, renderMentions } from '../../src-shared/domain/mentions';
import type { ConversationNotice, ConversationSummary, MessageView, PersonRef, ReactionView } from '../../src-shared/protocol/model';
import type { Directory, Viewer } from '../directory/directory';
import type { ConversationStore, MembershipRecord, MessageRecord, NoticeRecord } from '../store/conversationStore';
import type { FileStore } from '../store/fileStore';
import type { ReactionRecord, ReactionStore } from '../store/reactionStore';
import type { AccessService } from './access';
import type { MentionService } from './mentionService';

export class ConversationViews {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly directory: Directory,
    private readonly files: FileStore,
    private readonly access: AccessService,
    private readonly reactions: ReactionStore,
    private readonly mentions: MentionService,
  ) {}

  /** Conversations the viewer may read, as they see them: a page of the list, unread mentions counted in one query for all. */
  summaries(viewer: Viewer, conversations: readonly MembershipRecord[]): ConversationSummary[] {
    const mentions = this.mentions.unreadCounts(viewer.id, conversations.map((conversation) => conversation.id));
    return conversations.map((conversation) => this.summary(viewer, conversation, mentions.get(conversation.id) ?? 0));
  }

  /** A conversation the viewer may read, as they see it (`unreadMentions` when already counted). */
  summary(viewer: Viewer, conversation: MembershipRecord, unreadMentions?: number): ConversationSummary {
    const base: ConversationSummary = {
      id: conversation.id,
      kind: conversation.kind,
      title: conversation.name ?? conversation.id,
      topic: conversation.topic,
      visibility: conversation.visibility,
      accountId: conversation.accountId,
      accountName: conversation.accountId ? this.directory.accountName(conversation.accountId) : null,
      peer: null,
      lastSeq: conversation.lastSeq,
      lastMessageAt: conversation.lastMessageAt,
      unreadCount: this.conversations.unreadCount(conversation.id, viewer.id, conversation.lastReadSeq),
      lastReadSeq: conversation.lastReadSeq,
      canEdit: conversation.kind === 'channel' && conversation.accountId === viewer.accountId,
      sharedWith: [],
      hasUnknownMembers: false,
      unreadMentions: unreadMentions ?? this.mentions.unreadCount(conversation.id, viewer.id, conversation.lastReadSeq),
    };
    if (conversation.kind === 'channel') return { ...base, ...this.sharedWith(viewer, conversation.id) };
    const peer = conversation.peerId ? this.directory.user(conversation.peerId) : undefined;
    return peer ? { ...base, title: peer.displayName, peer: this.directory.summaryFor(viewer.accountId, peer) } : base;
  }

  /** SPEC 1 rule 6: a shared channel names the other accounts of its members that the viewer sees, and only those. */
  private sharedWith(viewer: Viewer, channelId: string): Pick<ConversationSummary, 'sharedWith' | 'hasUnknownMembers'> {
    const others = this.conversations.memberAccounts(channelId).filter((accountId) => accountId !== viewer.accountId);
    const seen = others.filter((accountId) => this.directory.sees(viewer, { accountId }));
    return {
      sharedWith: seen.map((accountId) => this.directory.accountName(accountId)).sort((a, b) => a.localeCompare(b)),
      hasUnknownMembers: seen.length < others.length,
    };
  }

  /** The conversation as the viewer sees it, or null when they may not read it. */
  summaryOf(viewer: Viewer, conversationId: string): ConversationSummary | null {
    const conversation = this.access.readable(viewer, conversationId);
    return conversation ? this.summary(viewer, conversation) : null;
  }

  /** The conversation's title as the viewer sees it (a channel's name, or the other person's). */
  title(viewer: Viewer, conversation: MembershipRecord): string {
    const peer = conversation.kind === 'direct' && conversation.peerId ? this.directory.user(conversation.peerId) : undefined;
    return peer && this.directory.sees(viewer, peer) ? peer.displayName : (conversation.name ?? conversation.id);
  }

  /** One message as the viewer sees it. */
  message(viewer: Viewer, message: MessageRecord): MessageView {
    return this.messages(viewer, [message])[0]!;
  }

  /**
   * Messages as the viewer sees them, with their files and reactions read in one query each
   * however many there are (a page of history).
   */
  messages(viewer: Viewer, messages: readonly MessageRecord[]): MessageView[] {
    const fileIds = messages.flatMap((message) => (message.fileId ? [message.fileId] : []));
    const files = this.files.viewsOf(fileIds);
    const reactions = this.reactions.forMessages(messages.filter((message) => !message.notice).map((message) => message.id));
    return messages.map((message) => {
      const mentions = mentionedIds(message.text).map((userId) => this.directory.ref(viewer, userId, message.conversationId));
      return {
        id: message.id,
        conversationId: message.conversationId,
        seq: message.seq,
        author: this.directory.ref(viewer, message.authorId, message.conversationId),
        clientId: message.authorId === viewer.id ? message.clientId : null,
        text: mentions.length === 0 ? message.text : this.mentionText(viewer, message),
        file: (message.fileId && files.get(message.fileId)) || null,
        notice: message.notice && this.notice(viewer, message.conversationId, message.notice),
        createdAt: message.createdAt,
        editedAt: message.editedAt,
        reactions: this.reactionViews(viewer, message.conversationId, reactions.get(message.id) ?? []),
        mentions,
      };
    });
  }

  /** A message's text as the viewer reads it: each mention as `@` and the person's name, or `@UNKNOWN USER`. */
  mentionText(viewer: Viewer, message: Pick<MessageRecord, 'text' | 'conversationId'>): string {
    return renderMentions(message.text, (userId) => this.directory.ref(viewer, userId, message.conversationId).displayName);
  }

  /** A message's reactions as the viewer sees them: each person by name, or UNKNOWN USER. */
  reactionViews(viewer: Viewer, conversationId: string, reactions: readonly ReactionRecord[]): ReactionView[] {
    return reactions.map((reaction) => ({
      emoji: reaction.emoji,
      count: reaction.userIds.length,
      people: reaction.userIds.map((userId): PersonRef => this.directory.ref(viewer, userId, conversationId)),
    }));
  }

  /** A notice as one viewer may be told it: people they do not see are UNKNOWN USER, nothing more. */
  private notice(viewer: Viewer, conversationId: string, notice: NoticeRecord): ConversationNotice {
    switch (notice.kind) {
      case 'joined':
      case 'left':
        return { kind: notice.kind };
      case 'added':
        return { kind: 'added', people: notice.userIds.map((userId) => this.directory.ref(viewer, userId, conversationId)) };
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
}

function missingCase(value: never): never {
  throw new Error(`Unhandled notice: ${JSON.stringify(value)}`);
}
