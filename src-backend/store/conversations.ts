/**
 * Conversations, their members and messages as the server reads and writes them: the store's
 * repositories (./repositories.ts), with the replicas this process keeps of what every message
 * needs — each declared, and each with its named invalidation:
 *
 * - `kinds`: what kind a conversation is. It never changes and conversations are never deleted,
 *   so it needs no invalidation.
 * - `members`: a conversation's members, read once and kept until they change (every message is
 *   delivered to them). Invalidated by `membersChanged`, which every write of members here calls,
 *   and which other processes' writes reach through `membersChangedElsewhere`.
 * - `catchUpPages`: pages after a sequence number, which every client of a conversation asks for
 *   at once after a network blip; each is checked against the conversation's version in the store
 *   (messages, edits, replies and reactions, whichever process made them) before it is reused.
 */
import { cleanName } from '../../src-shared/domain/text';
import type { ConversationKind, NotifyLevel } from '../../src-shared/protocol/model';
import { isoNow, type Clock } from '../domain/clock';
import { rankChannels } from '../domain/channelSearch';
import type { Viewer } from '../directory/directory';
import { decodeCursor, encodeCursor } from './cursor';
import type {
  AppendResult,
  ChannelRecord,
  ConversationRecord,
  MembershipRecord,
  MessagePage,
  MessageRecord,
  NewAuditEntry,
  NoticeRecord,
  SharedConversation,
} from './records';
import { Replica } from './replica';
import type { Store } from './repositories';

/** Sorts before every stored time: the first page of a newest-first list starts here. */
const afterEveryTime = '\uffff';
/** Catch-up pages kept for clients asking the same (see `after`). */
const maxCatchUpPages = 256;
/** Member lists kept in memory (see `members`). */
const maxMemberLists = 4096;
/** Kinds of conversations kept in memory (see `kind`); past it they are read again. */
const maxKinds = 100_000;

export class Conversations {
  private readonly kinds = new Replica<ConversationKind>('conversation kinds', maxKinds);
  private readonly memberLists = new Replica<readonly string[]>('conversation members', maxMemberLists);
  private readonly catchUpPages = new Replica<{ version: string; page: MessagePage }>('catch-up pages', maxCatchUpPages);
  /** Each kept list of members as a set, for `hasMember`. */
  private readonly memberSets = new WeakMap<readonly string[], ReadonlySet<string>>();
  /** Told of every change of a conversation's members, here or in another process. */
  private readonly memberListeners: Array<(conversationId: string) => void> = [];
  /** Told of every change of members written here (for the other processes, and the conversation rooms). */
  private readonly writeListeners: Array<(change: MembershipChange) => void> = [];
  /** Tell the other processes (../cluster/redisCluster.ts); awaited before a write of members returns. */
  private readonly publishers: Array<(conversationId: string) => Promise<void>> = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  get(conversationId: string): Promise<ConversationRecord | undefined> {
    return this.store.conversations.get(conversationId);
  }

  /** What kind of conversation it is, or undefined when there is none (read once: see the file's comment). */
  async kind(conversationId: string): Promise<ConversationKind | undefined> {
    const kept = this.kinds.peek(conversationId);
    if (kept) return kept;
    const kind = (await this.store.conversations.get(conversationId))?.kind;
    if (kind) this.kinds.keep(conversationId, kind);
    return kind;
  }

  /** Several conversations as this member has them, in one query (those they are not a member of are left out). */
  memberships(conversationIds: readonly string[], userId: string): Promise<MembershipRecord[]> {
    return this.store.conversations.memberships(conversationIds, userId);
  }

  /** The other person of each of this person's direct chats. */
  directPeers(userId: string): Promise<Array<{ conversationId: string; peerId: string }>> {
    return this.store.conversations.directPeers(userId);
  }

  /** The conversation as this member has it, in one query; undefined when they are not a member (or it does not exist). */
  membership(conversationId: string, userId: string): Promise<MembershipRecord | undefined> {
    return this.store.conversations.membership(conversationId, userId);
  }

  /**
   * One page of the conversations a person is a member of, most recently active first.
   * `cursor` is what the previous page returned; an invalid one gives null.
   */
  async page(userId: string, cursor: string | undefined, limit: number): Promise<{ conversations: MembershipRecord[]; nextCursor: string | null } | null> {
    const after = cursor === undefined ? [afterEveryTime, ''] : decodeCursor(cursor, 2);
    if (!after) return null;
    const rows = await this.store.conversations.page(userId, { at: after[0]!, id: after[1]! }, limit + 1);
    const conversations = rows.slice(0, limit);
    const last = conversations.at(-1);
    return { conversations, nextCursor: rows.length > limit && last ? encodeCursor([last.lastMessageAt ?? '', last.id]) : null };
  }

  /** The members, in the order they joined; the same (frozen) list until they change. */
  members(conversationId: string): Promise<readonly string[]> {
    return this.memberLists.get(conversationId, async () => Object.freeze(await this.store.conversations.members(conversationId)));
  }

  /** Whether the person is a member, asked of the members kept (see `members`). */
  async hasMember(conversationId: string, userId: string): Promise<boolean> {
    const members = await this.members(conversationId);
    let set = this.memberSets.get(members);
    if (!set) this.memberSets.set(members, (set = new Set(members)));
    return set.has(userId);
  }

  /** The channels and group chats a person is a member of (not their direct chats). */
  sharedConversationsOf(userId: string): Promise<string[]> {
    return this.store.conversations.sharedConversationsOf(userId);
  }

  /** Calls `listener` whenever the members of a conversation change (here or in another process). */
  onMembersChanged(listener: (conversationId: string) => void): void {
    this.memberListeners.push(listener);
  }

  /** Calls `listener` with every change of members written in this process (who left, for the rooms they leave). */
  onMembershipWritten(listener: (change: MembershipChange) => void): void {
    this.writeListeners.push(listener);
  }

  /** Calls `publish` with every change of members written here, awaited before the write returns (for the other processes). */
  publishMembershipChanges(publish: (conversationId: string) => Promise<void>): void {
    this.publishers.push(publish);
  }

  /** Another process changed a conversation's members: what is kept of them here goes. */
  membersChangedElsewhere(conversationId: string): void {
    this.memberLists.invalidate(conversationId);
    for (const listener of this.memberListeners) listener(conversationId);
  }

  /** The members of several conversations in one read, each list in the order of `members`. */
  membersOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.store.conversations.membersOf(conversationIds);
  }

  /** The accounts a conversation's members come from (people removed since are not counted). */
  memberAccounts(conversationId: string): Promise<string[]> {
    return this.store.conversations.memberAccounts(conversationId);
  }

  /** `memberAccounts` of several conversations, in one query. */
  memberAccountsOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.store.conversations.memberAccountsOf(conversationIds);
  }

  /** Every channel and group chat with its members, for support's views of the whole directory: channels first, by name. */
  channelsWithMembers(): Promise<SharedConversation[]> {
    return this.store.conversations.channelsWithMembers();
  }

  /** The two people of every direct chat. */
  directPairs(): Promise<Array<[string, string]>> {
    return this.store.conversations.directPairs();
  }

  isMember(conversationId: string, userId: string): Promise<boolean> {
    return this.store.conversations.isMember(conversationId, userId);
  }

  /** Creates the direct conversation of two people unless it exists. */
  async ensureDirect(conversationId: string, first: string, second: string): Promise<void> {
    if (this.kinds.peek(conversationId) === 'direct') return;
    await this.store.conversations.ensureDirect(conversationId, first, second, isoNow(this.clock));
    await this.membersChanged({ conversationId, removed: [] });
  }

  /**
   * Messages newer than `afterSeq`, oldest first: what a client missed while away. After a network
   * blip every client of a conversation asks for the same pages at once; each page is read once
   * and shared (its records are never changed in place) while the conversation's version holds.
   */
  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const key = `${conversationId}\u0000${afterSeq}\u0000${limit}`;
    const version = await this.store.conversations.version(conversationId);
    const kept = this.catchUpPages.peek(key);
    if (version !== undefined && kept?.version === version) return kept.page;
    const read = await this.store.messages.after(conversationId, afterSeq, limit);
    const page = { messages: Object.freeze([...read.messages]), hasMore: read.hasMore };
    if (version !== undefined) this.catchUpPages.keep(key, { version, page });
    return page;
  }

  /** Newest `limit` messages older than `beforeSeq`, oldest first. */
  history(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    return this.store.messages.before(conversationId, beforeSeq, limit);
  }

  message(messageId: string): Promise<MessageRecord | undefined> {
    return this.store.messages.message(messageId);
  }

  /** A message as its conversation shows it: not deleted, or deleted but still starting a thread with replies. */
  shownMessage(messageId: string): Promise<MessageRecord | undefined> {
    return this.store.messages.shownMessage(messageId);
  }

  /** The newest `limit` replies of a thread older than `beforeSeq`, oldest first. */
  replies(rootId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    return this.store.messages.replies(rootId, beforeSeq, limit);
  }

  /** Who wrote in a thread (its replies, not deleted), without its root's author. */
  threadAuthors(rootId: string): Promise<string[]> {
    return this.store.messages.threadAuthors(rootId);
  }

  editMessage(messageId: string, text: string): Promise<void> {
    return this.store.messages.edit(messageId, text, isoNow(this.clock));
  }

  /** Pins (or with `pinnedBy` null, unpins) a message of its conversation; false when nothing changed. */
  setPinned(message: { id: string; conversationId: string }, pinnedBy: string | null): Promise<boolean> {
    return this.store.messages.setPinned(message, pinnedBy === null ? null : { userId: pinnedBy, at: isoNow(this.clock) });
  }

  /** A conversation's pinned messages (not deleted), the latest pinned first. */
  pinned(conversationId: string, limit: number): Promise<MessageRecord[]> {
    return this.store.messages.pinned(conversationId, limit);
  }

  /** Deletes a message's text and its link to a file (the caller removes the file's bytes); a reply leaves its thread's count. */
  deleteMessage(messageId: string): Promise<void> {
    return this.store.messages.delete(messageId);
  }

  /** Messages of others (and notices that are news) after `lastReadSeq`, counted up to `maxCountedUnread`. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    return this.store.conversations.unreadCount(conversationId, userId, lastReadSeq);
  }

  /** `unreadCount` of a page of conversations, in one query. */
  unreadCounts(userId: string, marks: ReadonlyArray<{ conversationId: string; lastReadSeq: number }>): Promise<Map<string, number>> {
    return this.store.conversations.unreadCounts(userId, marks);
  }

  async createChannel(channel: { id: string; name: string; topic: string | null; accountId: string; visibility: 'public' | 'private'; createdBy: string }, memberIds: string[]): Promise<void> {
    const topic = channel.topic === null ? null : cleanName(channel.topic) || null;
    await this.store.conversations.createChannel({ ...channel, name: cleanName(channel.name), topic }, memberIds, isoNow(this.clock));
    await this.membersChanged({ conversationId: channel.id, removed: [] });
  }

  /** Creates a group chat of these people (the creator among them): no name, no owner account (SPEC 7). */
  async createGroup(id: string, createdBy: string, memberIds: string[]): Promise<void> {
    await this.store.conversations.createGroup(id, createdBy, memberIds, isoNow(this.clock));
    await this.membersChanged({ conversationId: id, removed: [] });
  }

  /** The group chat whose members are exactly these people (`userId` among them), if there is one. */
  groupOf(userId: string, memberIds: readonly string[]): Promise<string | undefined> {
    return this.store.conversations.groupOf(userId, memberIds);
  }

  /** Adds people (with the audit entry of a support change when given). */
  async addMembers(conversationId: string, userIds: string[], audit?: NewAuditEntry): Promise<void> {
    await this.store.conversations.addMembers(conversationId, userIds, isoNow(this.clock), audit);
    await this.membersChanged({ conversationId, removed: [] });
  }

  /** Removes a member (with the audit entry of a support change when given). */
  async removeMember(conversationId: string, userId: string, audit?: NewAuditEntry): Promise<void> {
    await this.store.conversations.removeMember(conversationId, userId, audit);
    await this.membersChanged({ conversationId, removed: [userId] });
  }

  /** A member's own settings of a conversation; undefined when they are not a member. */
  setMemberSettings(conversationId: string, userId: string, settings: { muted?: boolean; notify?: NotifyLevel }): Promise<{ muted: boolean; notify: NotifyLevel } | undefined> {
    return this.store.conversations.setMemberSettings(conversationId, userId, settings);
  }

  /** A channel's name or topic, or a group chat's name (null clears a group chat's). */
  updateChannel(conversationId: string, changes: { name?: string | null; topic?: string | null }): Promise<void> {
    return this.store.conversations.updateChannel(conversationId, {
      ...(changes.name !== undefined ? { name: changes.name === null ? null : cleanName(changes.name) } : {}),
      ...(changes.topic !== undefined ? { topic: changes.topic === null ? null : cleanName(changes.topic) || null } : {}),
    });
  }

  /**
   * Stores a message once: a resend with the same client id returns the stored message instead
   * of a second copy. The sequence number is the conversation's next one. A file rides on one
   * message only, and only one its author uploaded into this conversation. A reply (`threadId`)
   * answers a message of the same conversation that is not itself a reply; it takes the
   * conversation's next sequence number like any message (so catching up brings replies too)
   * and counts in its root's summary.
   */
  append(conversationId: string, clientId: string, authorId: string, text: string, fileId: string | null = null, threadId: string | null = null): Promise<AppendResult> {
    return this.store.messages.append(conversationId, authorId, { clientId, text, fileId, threadId }, isoNow(this.clock));
  }

  /** Records a notice in the conversation's sequence (so catching up brings it too); `actorId` is who did it. */
  appendNotice(conversationId: string, actorId: string, notice: NoticeRecord): Promise<MessageRecord> {
    return this.store.messages.appendNotice(conversationId, actorId, notice, isoNow(this.clock));
  }

  /** Channels the viewer may discover (own account's public ones, and their own) whose name matches. */
  async searchChannels(viewer: Viewer, query: string, limit: number): Promise<Array<ChannelRecord & { member: boolean }>> {
    return rankChannels(await this.store.conversations.discoverableChannels(viewer), query, limit);
  }

  /** Forgets the kept member list of a conversation whose members were just written, and says so (here and to the other processes). */
  private async membersChanged(change: MembershipChange): Promise<void> {
    this.membersChangedElsewhere(change.conversationId);
    for (const listener of this.writeListeners) listener(change);
    await Promise.all(this.publishers.map((publish) => publish(change.conversationId)));
  }
}

/** A change of a conversation's members written in this process; `removed`: who left. */
export interface MembershipChange {
  conversationId: string;
  removed: readonly string[];
}
