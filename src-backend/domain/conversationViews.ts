/**
 * What a viewer is shown of conversations and messages: titles, the other person of a chat,
 * unread counts, authors as seen (or UNKNOWN USER). Built after access is decided (./access.ts),
 * once per conversation of a page, never to decide access.
 */
import { mentionedIds, renderMentions } from '../../src-shared/domain/mentions';
import { compactMessage, UNKNOWN_USER, type ConversationNotice, type ConversationSummary, type LabelRef, type MessageView, type ReactionView } from '../../src-shared/protocol/model';
import type { Directory, PreparedLabels, Viewer } from '../directory/directory';
import type { Conversations } from '../store/conversations';
import type { MembershipRecord, MessageRecord, NoticeRecord, ReactionRecord } from '../store/records';
import type { ReactionRepository } from '../store/repositories';
import type { AccessService } from './access';
import type { MentionService } from './mentionService';
import { canEditChannel } from './policy';

export class ConversationViews {
  /** Shared pages encoded (see `sharedPage`), per page and viewing account, with the state they were built at. */
  private readonly sharedPages = new WeakMap<readonly MessageRecord[], Map<string, { version: string; encoded: Buffer }>>();

  constructor(
    private readonly conversations: Conversations,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly reactions: ReactionRepository,
    private readonly mentions: MentionService,
  ) {}

  /**
   * Conversations the viewer may read, as they see them: a page of the list. What each needs
   * from the store (unread messages, unread mentions, members' accounts, a group's members) is
   * read in one query for the whole page, not one per conversation.
   */
  async summaries(viewer: Viewer, conversations: readonly MembershipRecord[]): Promise<ConversationSummary[]> {
    const ids = conversations.map((conversation) => conversation.id);
    const shared = conversations.filter((conversation) => conversation.kind === 'channel' || conversation.kind === 'group').map((conversation) => conversation.id);
    // A group chat's members are read for its title only when its members have not named it.
    const groups = conversations.filter((conversation) => conversation.kind === 'group' && conversation.name === null).map((conversation) => conversation.id);
    const [unread, mentions, accounts, members] = await Promise.all([
      this.conversations.unreadCounts(
        viewer.id,
        conversations.map((conversation) => ({ conversationId: conversation.id, lastReadSeq: conversation.lastReadSeq })),
      ),
      this.mentions.unreadCounts(viewer.id, ids),
      this.conversations.memberAccountsOf(shared),
      this.conversations.membersOf(groups),
    ]);
    return conversations.map((conversation) =>
      this.summaryFrom(viewer, conversation, {
        unreadCount: unread.get(conversation.id) ?? 0,
        unreadMentions: mentions.get(conversation.id) ?? 0,
        memberAccounts: accounts.get(conversation.id) ?? [],
        members: members.get(conversation.id) ?? [],
      }),
    );
  }

  /** A conversation the viewer may read, as they see them. */
  async summary(viewer: Viewer, conversation: MembershipRecord): Promise<ConversationSummary> {
    const shared = conversation.kind === 'channel' || conversation.kind === 'group';
    return this.summaryFrom(viewer, conversation, {
      unreadCount: await this.conversations.unreadCount(conversation.id, viewer.id, conversation.lastReadSeq),
      unreadMentions: await this.mentions.unreadCount(conversation.id, viewer.id, conversation.lastReadSeq),
      memberAccounts: shared ? await this.conversations.memberAccounts(conversation.id) : [],
      members: conversation.kind === 'group' && conversation.name === null ? await this.conversations.members(conversation.id) : [],
    });
  }

  /** The summary from what was read for it: `memberAccounts` for a channel or group chat, `members` for a group chat. */
  private summaryFrom(viewer: Viewer, conversation: MembershipRecord, read: { unreadCount: number; unreadMentions: number; memberAccounts: readonly string[]; members: readonly string[] }): ConversationSummary {
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
      unreadCount: read.unreadCount,
      lastReadSeq: conversation.lastReadSeq,
      canEdit: canEditChannel(viewer, conversation),
      sharedWith: [],
      hasUnknownMembers: false,
      unreadMentions: read.unreadMentions,
      muted: conversation.muted,
      notify: conversation.notify,
      named: false,
    };
    if (conversation.kind === 'channel') return { ...base, ...this.sharedWith(viewer, read.memberAccounts) };
    if (conversation.kind === 'group') {
      // A name its members gave it is every member's title; without one, its members as this viewer sees them.
      const named = conversation.name !== null;
      return { ...base, title: conversation.name ?? this.namesOf(viewer, read.members), named, ...this.sharedWith(viewer, read.memberAccounts) };
    }
    const peer = conversation.peerId ? this.directory.user(conversation.peerId) : undefined;
    return peer ? { ...base, title: peer.displayName, peer: this.directory.summaryFor(viewer.accountId, peer) } : base;
  }

  /** SPEC 1 rule 6: a shared channel names the other accounts of its members that the viewer sees, and only those. */
  private sharedWith(viewer: Viewer, memberAccounts: readonly string[]): Pick<ConversationSummary, 'sharedWith' | 'hasUnknownMembers'> {
    const others = memberAccounts.filter((accountId) => accountId !== viewer.accountId);
    const seen = others.filter((accountId) => this.directory.sees(viewer, { accountId }));
    return {
      sharedWith: seen.map((accountId) => this.directory.accountName(accountId)).sort((a, b) => a.localeCompare(b)),
      hasUnknownMembers: seen.length < others.length,
    };
  }

  /** The conversation as the viewer sees it, or null when they may not read it. */
  async summaryOf(viewer: Viewer, conversationId: string): Promise<ConversationSummary | null> {
    const conversation = await this.access.readable(viewer, conversationId);
    return conversation ? this.summary(viewer, conversation) : null;
  }

  /** The conversation's title as the viewer sees it (a channel's name, the other person's, or a group chat's members'). */
  async title(viewer: Viewer, conversation: MembershipRecord): Promise<string> {
    if (conversation.kind === 'group') return conversation.name ?? this.groupTitle(viewer, conversation.id);
    return this.titleOfChat(viewer, conversation);
  }

  /** The title of a channel or a 1:1 chat, which needs no read. */
  private titleOfChat(viewer: Viewer, conversation: MembershipRecord): string {
    const peer = conversation.kind === 'direct' && conversation.peerId ? this.directory.user(conversation.peerId) : undefined;
    return peer && this.directory.sees(viewer, peer) ? peer.displayName : (conversation.name ?? conversation.id);
  }

  /**
   * Titles of several conversations the viewer may read, as `title` gives them, with one read of
   * members for all their group chats together (search results name many conversations at once).
   */
  async titles(viewer: Viewer, conversations: readonly MembershipRecord[]): Promise<Map<string, string>> {
    const groups = conversations.filter((conversation) => conversation.kind === 'group' && conversation.name === null).map((conversation) => conversation.id);
    const membersOf = await this.conversations.membersOf(groups);
    return new Map(
      conversations.map((conversation) => [
        conversation.id,
        conversation.kind === 'group' ? (conversation.name ?? this.namesOf(viewer, membersOf.get(conversation.id) ?? [])) : this.titleOfChat(viewer, conversation),
      ]),
    );
  }

  /** SPEC 7: a group chat is titled by its members but the viewer, each as the viewer sees them. */
  private async groupTitle(viewer: Viewer, groupId: string): Promise<string> {
    return this.namesOf(viewer, await this.conversations.members(groupId));
  }

  /** The names of these people but the viewer: those seen in alphabetical order, then one UNKNOWN USER for each of the others. */
  private namesOf(viewer: Viewer, memberIds: readonly string[]): string {
    const seen: string[] = [];
    let unknown = 0;
    for (const userId of memberIds) {
      if (userId === viewer.id) continue;
      const user = this.directory.user(userId);
      if (user && this.directory.sees(viewer, user)) seen.push(user.displayName);
      else unknown += 1;
    }
    const names = [...seen.sort((a, b) => a.localeCompare(b)), ...Array.from({ length: unknown }, () => UNKNOWN_USER)];
    return names.length > 0 ? names.join(', ') : 'Only you';
  }

  /** One message as the viewer sees it; `fresh`: it was just stored, so nobody has reacted to it yet (nothing to read). */
  async message(viewer: Viewer, message: MessageRecord, options: { fresh?: boolean } = {}): Promise<MessageView> {
    return (await this.messages(viewer, [message], options))[0]!;
  }

  /**
   * Messages as the viewer sees them, each with its file and thread summary (read with the
   * message) and its reactions (one query for all of them, however many: a page of history).
   */
  async messages(viewer: Viewer, messages: readonly MessageRecord[], options: { fresh?: boolean } = {}): Promise<MessageView[]> {
    const reactions = options.fresh ? new Map<string, ReactionRecord[]>() : await this.reactions.forMessages(messages.filter((message) => !message.notice).map((message) => message.id));
    const mentioned = messages.map((message) => mentionedIds(message.text));
    const prepared = await this.directory.prepareLabels(viewer, peopleShown(messages, mentioned, reactions));
    return messages.map((message, index) => {
      const mentions = mentioned[index]!.map((userId) => this.directory.labelNow(viewer, userId, message.conversationId, prepared));
      return {
        id: message.id,
        conversationId: message.conversationId,
        seq: message.seq,
        author: this.directory.labelNow(viewer, message.authorId, message.conversationId, prepared),
        clientId: message.authorId === viewer.id ? message.clientId : null,
        text: mentions.length === 0 ? message.text : renderMentions(message.text, (userId) => this.directory.labelNow(viewer, userId, message.conversationId, prepared).displayName),
        file: message.file,
        notice: message.notice && this.notice(viewer, message.conversationId, message.notice, prepared),
        createdAt: message.createdAt,
        editedAt: message.editedAt,
        threadId: message.threadId,
        thread: message.thread,
        deleted: message.deleted,
        reactions: this.reactionViewsNow(viewer, message.conversationId, reactions.get(message.id) ?? [], prepared),
        mentions,
      };
    });
  }

  /**
   * A page many clients ask for at once — after a network blip every member catches up on the same
   * pages, which ConversationStore.after shares — as the viewer sees it, encoded. A message's view
   * depends on the viewer's account alone, but for the client id of the viewer's own messages:
   * the page is built and encoded once per viewing account, as someone of that account who wrote
   * none of it sees it, and kept while no reaction, person, federation or reference to an unknown
   * person changed (the page itself is new when a message of it changes). Every client of the
   * account is sent the same bytes; the viewer's own client ids go beside them.
   */
  async sharedPage(viewer: Viewer, page: readonly MessageRecord[]): Promise<{ encodedMessages: Buffer; ownClientIds: Record<string, string> }> {
    // The page is read again when any of its messages or their reactions change (Conversations.after).
    const version = this.directory.version;
    let byAccount = this.sharedPages.get(page);
    if (!byAccount) this.sharedPages.set(page, (byAccount = new Map()));
    let shared = byAccount.get(viewer.accountId);
    if (shared?.version !== version) {
      const views = await this.messages({ id: '', accountId: viewer.accountId }, page);
      shared = { version, encoded: Buffer.from(JSON.stringify(views.map(compactMessage))) };
      byAccount.set(viewer.accountId, shared);
    }
    const ownClientIds: Record<string, string> = {};
    for (const message of page) if (message.authorId === viewer.id && message.clientId !== null) ownClientIds[message.id] = message.clientId;
    return { encodedMessages: shared.encoded, ownClientIds };
  }

  /** A message's reactions as the viewer sees them: each person by name, or UNKNOWN USER. */
  async reactionViews(viewer: Viewer, conversationId: string, reactions: readonly ReactionRecord[]): Promise<ReactionView[]> {
    const prepared = await this.directory.prepareLabels(viewer, reactions.flatMap((reaction) => reaction.userIds.map((userId) => ({ userId, conversationId }))));
    return this.reactionViewsNow(viewer, conversationId, reactions, prepared);
  }

  private reactionViewsNow(viewer: Viewer, conversationId: string, reactions: readonly ReactionRecord[], prepared: PreparedLabels): ReactionView[] {
    return reactions.map((reaction) => ({
      emoji: reaction.emoji,
      count: reaction.userIds.length,
      people: reaction.userIds.map((userId): LabelRef => this.directory.labelNow(viewer, userId, conversationId, prepared)),
    }));
  }

  /** A notice as one viewer may be told it: people they do not see are UNKNOWN USER, nothing more. */
  private notice(viewer: Viewer, conversationId: string, notice: NoticeRecord, prepared: PreparedLabels): ConversationNotice {
    switch (notice.kind) {
      case 'joined':
      case 'left':
        return { kind: notice.kind };
      case 'added':
        return { kind: 'added', people: notice.userIds.map((userId) => this.directory.labelNow(viewer, userId, conversationId, prepared)) };
      case 'renamed':
        return { kind: 'renamed', from: notice.from, to: notice.to };
      case 'named':
        return { kind: 'named', name: notice.name };
      case 'topic':
        return { kind: 'topic', topic: notice.topic };
      case 'meeting-scheduled':
        return { kind: 'meeting-scheduled', title: notice.title, startsAt: notice.startsAt, durationMinutes: notice.durationMinutes };
      default:
        return missingCase(notice);
    }
  }
}

/** Everyone a page of messages shows, where they show: authors, people mentioned, people a notice names, people who reacted. */
function* peopleShown(messages: readonly MessageRecord[], mentioned: readonly string[][], reactions: ReadonlyMap<string, readonly ReactionRecord[]>): Generator<{ userId: string; conversationId: string }> {
  for (const [index, message] of messages.entries()) {
    const { conversationId } = message;
    yield { userId: message.authorId, conversationId };
    for (const userId of mentioned[index]!) yield { userId, conversationId };
    if (message.notice?.kind === 'added') for (const userId of message.notice.userIds) yield { userId, conversationId };
    for (const reaction of reactions.get(message.id) ?? []) for (const userId of reaction.userIds) yield { userId, conversationId };
  }
}

function missingCase(value: never): never {
  throw new Error(`Unhandled notice: ${JSON.stringify(value)}`);
}
