/**
 * What a viewer is shown of conversations and messages: titles, the other person of a chat,
 * unread counts, authors as seen (or UNKNOWN USER). Built after access is decided (./access.ts),
 * once per conversation of a page, never to decide access.
 */
import type { ConversationNotice, ConversationSummary, MessageView } from '../../src-shared/protocol/model';
import type { Directory, Viewer } from '../directory/directory';
import type { ConversationStore, MembershipRecord, MessageRecord, NoticeRecord } from '../store/conversationStore';
import type { FileStore } from '../store/fileStore';
import type { AccessService } from './access';

export class ConversationViews {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly directory: Directory,
    private readonly files: FileStore,
    private readonly access: AccessService,
  ) {}

  /** A conversation the viewer may read, as they see it. */
  summary(viewer: Viewer, conversation: MembershipRecord): ConversationSummary {
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

  message(viewer: Viewer, message: MessageRecord): MessageView {
    return {
      id: message.id,
      conversationId: message.conversationId,
      seq: message.seq,
      author: this.directory.label(viewer, message.authorId, message.conversationId),
      clientId: message.authorId === viewer.id ? message.clientId : null,
      text: message.text,
      file: this.files.view(message.fileId),
      notice: message.notice && this.notice(viewer, message.conversationId, message.notice),
      createdAt: message.createdAt,
      editedAt: message.editedAt,
    };
  }

  /** A notice as one viewer may be told it: people they do not see are UNKNOWN USER, nothing more. */
  private notice(viewer: Viewer, conversationId: string, notice: NoticeRecord): ConversationNotice {
    switch (notice.kind) {
      case 'joined':
      case 'left':
        return { kind: notice.kind };
      case 'added':
        return { kind: 'added', people: notice.userIds.map((userId) => this.directory.label(viewer, userId, conversationId)) };
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
