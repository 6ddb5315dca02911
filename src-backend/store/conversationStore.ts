/**
 * Conversations (channels and direct chats), their members and messages, in SQLite. Statements
 * are prepared once. Nothing on the write path of a message reads the conversation's history:
 * its latest time and sequence number are stored on the conversation row.
 */
import { randomUUID } from 'node:crypto';
import { stripBidiControls } from '../../src-shared/domain/text';
import type { ConversationKind, SharedFile, ThreadSummary } from '../../src-shared/protocol/model';
import { isoNow, type Clock } from '../domain/clock';
import { normalizeText } from '../directory/peopleSearch';
import type { Viewer } from '../directory/directory';
import { decodeCursor, encodeCursor } from './cursor';
import type { Db } from './database';

export interface ChannelRecord {
  id: string;
  name: string;
  topic: string | null;
  accountId: string;
  visibility: 'public' | 'private';
}

/** A conversation of several people, as support sees it: a channel (named, owned by an account) or a group chat (neither). */
export interface SharedConversation {
  id: string;
  kind: 'channel' | 'group';
  name: string | null;
  accountId: string | null;
  memberIds: string[];
}

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  name: string | null;
  topic: string | null;
  accountId: string | null;
  visibility: 'public' | 'private' | null;
  lastSeq: number;
  lastMessageAt: string | null;
}

/** A conversation as one of its members has it: with where they read up to, and (direct chats) the other person. */
export interface MembershipRecord extends ConversationRecord {
  lastReadSeq: number;
  /** The other person of a direct chat; null for channels. */
  peerId: string | null;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  /** The author's own id for the message (idempotent resends); never shown to others. */
  clientId: string | null;
  text: string;
  /** The shared file it carries (files.id), if any. */
  fileId: string | null;
  /** That file, read with the message (no query per message). */
  file: SharedFile | null;
  /** Set when it is a notice rather than something someone wrote (its author is the actor). */
  notice: NoticeRecord | null;
  createdAt: string;
  editedAt: string | null;
  /** On a reply: the id of its thread's first message (the root). */
  threadId: string | null;
  /** The thread this message starts (a root with replies), or on a reply its root's; read with the message. */
  thread: ThreadSummary | null;
  /** Deleted, kept only because it starts a thread that has replies. */
  deleted: boolean;
}

/** What a notice records, people by user id; each viewer is told it in their own view (see ConversationViews). */
export type NoticeRecord =
  | { kind: 'joined' }
  | { kind: 'left' }
  | { kind: 'added'; userIds: string[] }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'topic'; topic: string | null }
  | { kind: 'meeting-scheduled'; meetingId: string; title: string; startsAt: string; durationMinutes: number };

/** Notices that count as unread (and notify): a meeting is news; someone joining is not. */
const unreadNoticeKinds: ReadonlyArray<NoticeRecord['kind']> = ['meeting-scheduled'];

/** A message row as the statements below read it: with its file and its thread's summary joined in. */
export type MessageRow = Omit<MessageRecord, 'notice' | 'file' | 'thread' | 'deleted'> & {
  notice: string | null;
  deleted: number;
  replyCount: number | null;
  lastReplyAt: string | null;
  fileName: string | null;
  fileSize: number | null;
  fileContentType: string | null;
};

/** A message as stored, from a row the statements here (or a store that shares `messageColumns`) read. */
export function messageFromRow(row: MessageRow): MessageRecord {
  const { replyCount, lastReplyAt, fileName, fileSize, fileContentType, ...message } = row;
  return {
    ...message,
    notice: row.notice === null ? null : (JSON.parse(row.notice) as NoticeRecord),
    deleted: row.deleted === 1,
    file: row.fileId !== null && fileName !== null ? { id: row.fileId, name: fileName, size: fileSize ?? 0, contentType: fileContentType ?? '' } : null,
    thread: replyCount && lastReplyAt ? { replyCount, lastReplyAt } : null,
  };
}

/** What `append` did: stored it (or found it stored), or refused the file it carries or the thread it answers. */
export type AppendResult = { message: MessageRecord; created: boolean } | { refused: 'file' | 'thread' };

/** Unread counts stop here: past it the number says "at least this many", and counting stays cheap. */
export const maxCountedUnread = 999;

const conversationColumns =
  'c.id, c.kind, c.name, c.topic, c.account_id AS accountId, c.visibility, c.last_seq AS lastSeq, c.last_message_at AS lastMessageAt';
const membershipColumns = `${conversationColumns}, m.last_read_seq AS lastReadSeq,
  CASE WHEN c.kind = 'direct' THEN (SELECT p.user_id FROM conversation_members p WHERE p.conversation_id = c.id AND p.user_id != m.user_id LIMIT 1) END AS peerId`;
/**
 * A message's columns, its file's and its thread's summary (a root's own; a reply's root's), read
 * from `messageSource` in one statement: history pages cost one query whatever they hold.
 */
export const messageColumns = `m.id, m.conversation_id AS conversationId, m.seq, m.author_id AS authorId, m.client_id AS clientId, m.text, m.file_id AS fileId,
  m.notice, m.created_at AS createdAt, m.edited_at AS editedAt, m.deleted, m.thread_id AS threadId,
  CASE WHEN m.thread_id IS NULL THEN m.reply_count ELSE r.reply_count END AS replyCount,
  CASE WHEN m.thread_id IS NULL THEN m.last_reply_at ELSE r.last_reply_at END AS lastReplyAt,
  f.name AS fileName, f.size AS fileSize, f.content_type AS fileContentType`;
/** Where `messageColumns` come from: `m` the message, `f` its file, `r` its thread's root. */
export const messageSource = 'messages m LEFT JOIN files f ON f.id = m.file_id LEFT JOIN messages r ON r.id = m.thread_id';
/** A message shows while not deleted, or deleted but starting a thread that has replies (its replies stay readable). */
const shown = '(m.deleted = 0 OR m.reply_count > 0)';
/** Sorts before every stored time: the first page of a newest-first list starts here. */
const afterEveryTime = '\uffff';

/** A channel name or topic as stored: trimmed, without direction overrides. */
const cleanName = (text: string) => stripBidiControls(text).trim();

/** Catch-up pages kept for clients asking the same (see `after`). */
const maxCatchUpPages = 256;
/** Member lists kept in memory (see `members`). */
const maxMemberLists = 4096;
/** Kinds of conversations kept in memory (see `kind`); past it they are read again. */
const maxKinds = 100_000;

export class ConversationStore {
  private readonly statements;
  /** Catch-up pages read, each with the version of its conversation it was read at. */
  private readonly catchUpPages = new Map<string, { version: string; page: { messages: readonly MessageRecord[]; hasMore: boolean } }>();
  /** Edits and deletions of any message (rare: they change every page's version). */
  private messageEdits = 0;
  /** Messages appended, per conversation. */
  private readonly appendsTo = new Map<string, number>();
  /**
   * Member lists as `members` read them, most recently used last. Every change of membership goes
   * through this store (`membersChanged`), so a list here is never older than the table.
   */
  private readonly memberLists = new Map<string, readonly string[]>();
  /** Told of every change of a conversation's members (after the write, inside its transaction when there is one). */
  private readonly memberListeners: Array<(conversationId: string) => void> = [];
  /** Each kept list of members as a set, for `hasMember`. */
  private readonly memberSets = new WeakMap<readonly string[], ReadonlySet<string>>();
  /** Kinds of conversations read so far (see `kind`). */
  private readonly kinds = new Map<string, ConversationKind>();
  /** `appendNow` in one transaction, made once: better-sqlite3 builds a transaction's wrappers anew on every `db.transaction()`. */
  private readonly appendTransaction: (...args: Parameters<ConversationStore['appendNow']>) => AppendResult;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.appendTransaction = db.transaction((...args: Parameters<ConversationStore['appendNow']>) => this.appendNow(...args));
    this.statements = {
      get: db.prepare(`SELECT ${conversationColumns} FROM conversations c WHERE c.id = ?`),
      membership: db.prepare(
        `SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = @userId WHERE c.id = @conversationId`,
      ),
      memberships: db.prepare(
        `SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = @userId
          WHERE c.id IN (SELECT value FROM json_each(@ids))`,
      ),
      directPeers: db.prepare(
        `SELECT mine.conversation_id AS conversationId, other.user_id AS peerId
           FROM conversation_members mine
           JOIN conversations c ON c.id = mine.conversation_id AND c.kind = 'direct'
           JOIN conversation_members other ON other.conversation_id = mine.conversation_id AND other.user_id != mine.user_id
          WHERE mine.user_id = ?`,
      ),
      page: db.prepare(
        `SELECT ${membershipColumns} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = @userId
            AND (COALESCE(c.last_message_at, '') < @at OR (COALESCE(c.last_message_at, '') = @at AND c.id > @id))
          ORDER BY COALESCE(c.last_message_at, '') DESC, c.id
          LIMIT @limit`,
      ),
      members: db.prepare('SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id'),
      sharedOf: db.prepare(`SELECT m.conversation_id AS id FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = ? AND c.kind != 'direct'`),
      membersOf: db.prepare(
        'SELECT conversation_id AS conversationId, user_id AS userId FROM conversation_members WHERE conversation_id IN (SELECT value FROM json_each(?)) ORDER BY conversation_id, joined_at, user_id',
      ),
      isMember: db.prepare('SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?'),
      insertDirect: db.prepare(`INSERT OR IGNORE INTO conversations (id, kind, created_at) VALUES (?, 'direct', ?)`),
      insertChannel: db.prepare(
        `INSERT INTO conversations (id, kind, name, topic, account_id, visibility, created_by, created_at) VALUES (@id, 'channel', @name, @topic, @accountId, @visibility, @createdBy, @createdAt)`,
      ),
      addMember: db.prepare(
        'INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, (SELECT last_seq FROM conversations WHERE id = ?))',
      ),
      removeMember: db.prepare('DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?'),
      rename: db.prepare('UPDATE conversations SET name = ? WHERE id = ?'),
      setTopic: db.prepare('UPDATE conversations SET topic = ? WHERE id = ?'),
      // Catching up reads replies too (they share the conversation's sequence); the log's own pages do not.
      after: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.conversation_id = ? AND m.seq > ? AND ${shown} ORDER BY m.seq ASC LIMIT ?`),
      before: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.conversation_id = ? AND m.seq < ? AND m.thread_id IS NULL AND ${shown} ORDER BY m.seq DESC LIMIT ?`),
      message: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.id = ? AND m.deleted = 0`),
      shownMessage: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.id = ? AND ${shown}`),
      messageByClient: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.author_id = ? AND m.client_id = ?`),
      replies: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.thread_id = ? AND m.seq < ? AND m.deleted = 0 ORDER BY m.seq DESC LIMIT ?`),
      threadOf: db.prepare('SELECT thread_id AS threadId FROM messages WHERE id = ?'),
      threadAuthors: db.prepare('SELECT DISTINCT author_id AS authorId FROM messages WHERE thread_id = ? AND deleted = 0'),
      countReply: db.prepare('UPDATE messages SET reply_count = reply_count + 1, last_reply_at = ? WHERE id = ?'),
      recountReplies: db.prepare(
        `UPDATE messages SET reply_count = (SELECT COUNT(*) FROM messages WHERE thread_id = @id AND deleted = 0),
                             last_reply_at = (SELECT MAX(created_at) FROM messages WHERE thread_id = @id AND deleted = 0)
          WHERE id = @id`,
      ),
      edit: db.prepare('UPDATE messages SET text = ?, edited_at = ? WHERE id = ?'),
      // Deleted messages keep their row (and sequence number) without their text or file.
      delete: db.prepare("UPDATE messages SET deleted = 1, text = '', file_id = NULL WHERE id = ?"),
      unread: db.prepare(
        `SELECT COUNT(*) AS count FROM (
           SELECT 1 FROM messages WHERE conversation_id = ? AND seq > ? AND author_id != ? AND deleted = 0 AND thread_id IS NULL
              AND (notice IS NULL OR json_extract(notice, '$.kind') IN (${unreadNoticeKinds.map((kind) => `'${kind}'`).join(', ')}))
            LIMIT ${maxCountedUnread})`,
      ),
      memberAccounts: db.prepare('SELECT DISTINCT u.account_id AS accountId FROM conversation_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ?'),
      channelsWithMembers: db.prepare(
        `SELECT c.id, c.kind, c.name, c.account_id AS accountId, m.user_id AS userId
           FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
          WHERE c.kind IN ('channel', 'group') ORDER BY c.kind, c.name, c.id, m.user_id`,
      ),
      directPairs: db.prepare(`SELECT m.conversation_id AS id, m.user_id AS userId FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE c.kind = 'direct' ORDER BY m.conversation_id`),
      file: db.prepare('SELECT id, name, size, content_type AS contentType FROM files WHERE id = ?'),
      attachFile: db.prepare('UPDATE files SET attached = 1 WHERE id = ? AND conversation_id = ? AND uploader_id = ? AND attached = 0'),
      // The conversation's next number, read in the statement itself; a trigger moves the conversation's
      // latest number and time on (database.ts, 10). A resend (the author's client id again) stores nothing.
      insertMessage: db.prepare(
        `INSERT INTO messages (id, conversation_id, seq, author_id, client_id, text, file_id, notice, created_at, thread_id)
           SELECT @id, c.id, c.last_seq + 1, @authorId, @clientId, @text, @fileId, @notice, @createdAt, @threadId FROM conversations c WHERE c.id = @conversationId
           ON CONFLICT (author_id, client_id) DO NOTHING
           RETURNING seq`,
      ),
      insertGroup: db.prepare(`INSERT INTO conversations (id, kind, created_by, created_at) VALUES (?, 'group', ?, ?)`),
      // A group chat of exactly these people: one of theirs, with as many members, none of them anyone else.
      groupOf: db.prepare(
        `SELECT c.id FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id AND c.kind = 'group'
          WHERE mine.user_id = @userId
            AND (SELECT COUNT(*) FROM conversation_members m WHERE m.conversation_id = c.id) = @count
            AND NOT EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id NOT IN (SELECT value FROM json_each(@members)))
          ORDER BY c.created_at LIMIT 1`,
      ),
      discoverableChannels: db.prepare(
        `SELECT c.id, c.name, c.topic, c.account_id AS accountId, c.visibility,
                EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = @userId) AS member
           FROM conversations c
          WHERE c.kind = 'channel'
            AND ((c.account_id = @accountId AND c.visibility = 'public')
                 OR c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = @userId))`,
      ),
    };
  }

  get(conversationId: string): ConversationRecord | undefined {
    return this.statements.get.get(conversationId) as ConversationRecord | undefined;
  }

  /**
   * What kind of conversation it is, or undefined when there is none. A conversation's kind never
   * changes and conversations are never deleted: it is read once (delivery asks for every message).
   */
  kind(conversationId: string): ConversationKind | undefined {
    const kept = this.kinds.get(conversationId);
    if (kept) return kept;
    const kind = this.get(conversationId)?.kind;
    if (kind && !this.db.inTransaction) {
      if (this.kinds.size >= maxKinds) this.kinds.clear();
      this.kinds.set(conversationId, kind);
    }
    return kind;
  }

  /** Several conversations as this member has them, in one query (those they are not a member of are left out). */
  memberships(conversationIds: readonly string[], userId: string): MembershipRecord[] {
    if (conversationIds.length === 0) return [];
    return this.statements.memberships.all({ userId, ids: JSON.stringify([...new Set(conversationIds)]) }) as MembershipRecord[];
  }

  /** The other person of each of this person's direct chats. */
  directPeers(userId: string): Array<{ conversationId: string; peerId: string }> {
    return this.statements.directPeers.all(userId) as Array<{ conversationId: string; peerId: string }>;
  }

  /** The conversation as this member has it, in one query; undefined when they are not a member (or it does not exist). */
  membership(conversationId: string, userId: string): MembershipRecord | undefined {
    return this.statements.membership.get({ conversationId, userId }) as MembershipRecord | undefined;
  }

  /**
   * One page of the conversations a person is a member of, most recently active first.
   * `cursor` is what the previous page returned; an invalid one gives null.
   */
  page(userId: string, cursor: string | undefined, limit: number): { conversations: MembershipRecord[]; nextCursor: string | null } | null {
    const after = cursor === undefined ? [afterEveryTime, ''] : decodeCursor(cursor, 2);
    if (!after) return null;
    const rows = this.statements.page.all({ userId, at: after[0], id: after[1], limit: limit + 1 }) as MembershipRecord[];
    const conversations = rows.slice(0, limit);
    const last = conversations.at(-1);
    return { conversations, nextCursor: rows.length > limit && last ? encodeCursor([last.lastMessageAt ?? '', last.id]) : null };
  }

  /**
   * The members, in the order they joined. Every message is delivered to them, so the list is
   * read once and kept until the membership changes, not read per message.
   */
  members(conversationId: string): readonly string[] {
    const kept = this.memberLists.get(conversationId);
    if (kept) {
      this.memberLists.delete(conversationId);
      this.memberLists.set(conversationId, kept);
      return kept;
    }
    const members = Object.freeze((this.statements.members.all(conversationId) as Array<{ userId: string }>).map((row) => row.userId));
    // Not inside a transaction: one rolled back would leave a list of members never stored.
    if (!this.db.inTransaction) {
      this.memberLists.set(conversationId, members);
      if (this.memberLists.size > maxMemberLists) this.memberLists.delete(this.memberLists.keys().next().value!);
    }
    return members;
  }

  /** The channels and group chats a person is a member of (not their direct chats). */
  sharedConversationsOf(userId: string): string[] {
    return (this.statements.sharedOf.all(userId) as Array<{ id: string }>).map((row) => row.id);
  }

  /** Calls `listener` whenever the members of a conversation change. */
  onMembersChanged(listener: (conversationId: string) => void): void {
    this.memberListeners.push(listener);
  }

  /** Forgets the kept member list of a conversation whose members just changed, and says so. */
  private membersChanged(conversationId: string): void {
    this.memberLists.delete(conversationId);
    for (const listener of this.memberListeners) listener(conversationId);
  }

  /** Whether the person is a member, asked of the members kept (see `members`). */
  hasMember(conversationId: string, userId: string): boolean {
    const members = this.members(conversationId);
    let set = this.memberSets.get(members);
    if (!set) this.memberSets.set(members, (set = new Set(members)));
    return set.has(userId);
  }

  /** The members of several conversations in one read, each list in the order of `members`. */
  membersOf(conversationIds: readonly string[]): Map<string, string[]> {
    const members = new Map<string, string[]>();
    if (conversationIds.length === 0) return members;
    for (const row of this.statements.membersOf.all(JSON.stringify(conversationIds)) as Array<{ conversationId: string; userId: string }>) {
      members.set(row.conversationId, [...(members.get(row.conversationId) ?? []), row.userId]);
    }
    return members;
  }

  /** The accounts a conversation's members come from (people removed since are not counted). */
  memberAccounts(conversationId: string): string[] {
    return (this.statements.memberAccounts.all(conversationId) as Array<{ accountId: string }>).map((row) => row.accountId);
  }

  /**
   * Every channel and group chat with its members, for support's views of the whole directory
   * (stranded channels, previews): channels first, by name. A group chat has no name and no owner.
   */
  channelsWithMembers(): SharedConversation[] {
    const rows = this.statements.channelsWithMembers.all() as Array<Omit<SharedConversation, 'memberIds'> & { userId: string }>;
    const channels = new Map<string, SharedConversation>();
    for (const { userId, ...channel } of rows) {
      const entry = channels.get(channel.id) ?? { ...channel, memberIds: [] };
      entry.memberIds.push(userId);
      channels.set(channel.id, entry);
    }
    return [...channels.values()];
  }

  /** The two people of every direct chat. */
  directPairs(): Array<[string, string]> {
    const rows = this.statements.directPairs.all() as Array<{ id: string; userId: string }>;
    const pairs = new Map<string, string[]>();
    for (const row of rows) pairs.set(row.id, [...(pairs.get(row.id) ?? []), row.userId]);
    return [...pairs.values()].filter((members): members is [string, string] => members.length === 2);
  }

  isMember(conversationId: string, userId: string): boolean {
    return this.statements.isMember.get(conversationId, userId) !== undefined;
  }

  /** Creates the direct conversation of two people unless it exists. */
  ensureDirect(id: string, first: string, second: string): void {
    const now = isoNow(this.clock);
    this.db.transaction(() => {
      this.statements.insertDirect.run(id, now);
      this.statements.addMember.run(id, first, now, id);
      this.statements.addMember.run(id, second, now, id);
      this.membersChanged(id);
    })();
  }

  /**
   * Messages newer than `afterSeq`, oldest first: what a client missed while away. After a network
   * blip every client of a conversation asks for the same pages at once; each page is read once
   * and shared (its records are never changed in place), until a message of the conversation is
   * written, edited or deleted.
   */
  after(conversationId: string, afterSeq: number, limit: number): { messages: readonly MessageRecord[]; hasMore: boolean } {
    const key = `${conversationId}\u0000${afterSeq}\u0000${limit}`;
    const version = `${this.messageEdits}:${this.appendsTo.get(conversationId) ?? 0}`;
    const cached = this.catchUpPages.get(key);
    if (cached?.version === version) return cached.page;
    const rows = this.statements.after.all(conversationId, afterSeq, limit + 1) as MessageRow[];
    const page = { messages: Object.freeze(rows.slice(0, limit).map(messageFromRow)), hasMore: rows.length > limit };
    this.catchUpPages.delete(key);
    this.catchUpPages.set(key, { version, page });
    // Bounded: the oldest page goes first.
    if (this.catchUpPages.size > maxCatchUpPages) this.catchUpPages.delete(this.catchUpPages.keys().next().value!);
    return page;
  }

  /** Newest `limit` messages older than `beforeSeq`, oldest first. */
  history(conversationId: string, beforeSeq: number | undefined, limit: number): { messages: MessageRecord[]; hasMore: boolean } {
    const rows = this.statements.before.all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
    return { messages: rows.slice(0, limit).reverse().map(messageFromRow), hasMore: rows.length > limit };
  }

  message(messageId: string): MessageRecord | undefined {
    const row = this.statements.message.get(messageId) as MessageRow | undefined;
    return row && messageFromRow(row);
  }

  /** A message as its conversation shows it: not deleted, or deleted but still starting a thread with replies. */
  shownMessage(messageId: string): MessageRecord | undefined {
    const row = this.statements.shownMessage.get(messageId) as MessageRow | undefined;
    return row && messageFromRow(row);
  }

  /** The newest `limit` replies of a thread older than `beforeSeq`, oldest first. */
  replies(rootId: string, beforeSeq: number | undefined, limit: number): { messages: MessageRecord[]; hasMore: boolean } {
    const rows = this.statements.replies.all(rootId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
    return { messages: rows.slice(0, limit).reverse().map(messageFromRow), hasMore: rows.length > limit };
  }

  /** Who wrote in a thread (its replies, not deleted), without its root's author. */
  threadAuthors(rootId: string): string[] {
    return (this.statements.threadAuthors.all(rootId) as Array<{ authorId: string }>).map((row) => row.authorId);
  }

  editMessage(messageId: string, text: string): void {
    this.statements.edit.run(text, isoNow(this.clock), messageId);
    this.messageEdits += 1;
  }

  /** Deletes a message's text and its link to a file (the caller removes the file's bytes); a reply leaves its thread's count. */
  deleteMessage(messageId: string): void {
    this.db.transaction(() => {
      const threadId = (this.statements.threadOf.get(messageId) as { threadId: string | null } | undefined)?.threadId;
      this.statements.delete.run(messageId);
      if (threadId) this.statements.recountReplies.run({ id: threadId });
    })();
    this.messageEdits += 1;
  }

  /** Messages of others (and notices that are news) after `lastReadSeq`, counted up to `maxCountedUnread`. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): number {
    return (this.statements.unread.get(conversationId, lastReadSeq, userId) as { count: number }).count;
  }

  createChannel(channel: { id: string; name: string; topic: string | null; accountId: string; visibility: 'public' | 'private'; createdBy: string }, memberIds: string[]): void {
    this.db.transaction(() => {
      this.statements.insertChannel.run({ ...channel, name: cleanName(channel.name), topic: channel.topic === null ? null : cleanName(channel.topic) || null, createdAt: isoNow(this.clock) });
      this.addMembers(channel.id, memberIds);
    })();
  }

  /** Creates a group chat of these people (the creator among them): no name, no owner account (SPEC 7). */
  createGroup(id: string, createdBy: string, memberIds: string[]): void {
    this.db.transaction(() => {
      this.statements.insertGroup.run(id, createdBy, isoNow(this.clock));
      this.addMembers(id, memberIds);
    })();
  }

  /** The group chat whose members are exactly these people (`userId` among them), if there is one. */
  groupOf(userId: string, memberIds: readonly string[]): string | undefined {
    const members = [...new Set(memberIds)];
    const row = this.statements.groupOf.get({ userId, count: members.length, members: JSON.stringify(members) }) as { id: string } | undefined;
    return row?.id;
  }

  addMembers(conversationId: string, userIds: string[]): void {
    const now = isoNow(this.clock);
    this.db.transaction(() => {
      for (const userId of userIds) this.statements.addMember.run(conversationId, userId, now, conversationId);
      this.membersChanged(conversationId);
    })();
  }

  removeMember(conversationId: string, userId: string): void {
    this.statements.removeMember.run(conversationId, userId);
    this.membersChanged(conversationId);
  }

  updateChannel(conversationId: string, changes: { name?: string; topic?: string | null }): void {
    if (changes.name !== undefined) this.statements.rename.run(cleanName(changes.name), conversationId);
    if (changes.topic !== undefined) this.statements.setTopic.run(changes.topic === null ? null : cleanName(changes.topic) || null, conversationId);
  }

  /**
   * Stores a message once: a resend with the same client id returns the stored message
   * instead of a second copy. The sequence number is the conversation's next one. A file rides
   * on one message only, and only one its author uploaded into this conversation. A reply
   * (`threadId`) answers a message of the same conversation that is not itself a reply; it takes
   * the conversation's next sequence number like any message (so catching up brings replies too)
   * and counts in its root's summary.
   */
  append(conversationId: string, clientId: string, authorId: string, text: string, fileId: string | null = null, threadId: string | null = null): AppendResult {
    if (fileId !== null || threadId !== null) return this.appendTransaction(conversationId, clientId, authorId, text, fileId, threadId);
    // Most messages carry no file and answer no thread: one statement stores them, or finds them stored.
    const message = this.insert(conversationId, authorId, { clientId, text, fileId: null, notice: null, threadId: null });
    if (message) return { message, created: true };
    const existing = this.statements.messageByClient.get(authorId, clientId) as MessageRow | undefined;
    if (!existing) throw new Error(`No conversation ${conversationId} to store a message in.`);
    return { message: messageFromRow(existing), created: false };
  }

  /** `append`'s work, run in `appendTransaction`. */
  private appendNow(conversationId: string, clientId: string, authorId: string, text: string, fileId: string | null, threadId: string | null): AppendResult {
    const existing = this.statements.messageByClient.get(authorId, clientId) as MessageRow | undefined;
    if (existing) return { message: messageFromRow(existing), created: false };
    if (threadId !== null) {
      const root = this.statements.shownMessage.get(threadId) as MessageRow | undefined;
      if (!root || root.conversationId !== conversationId || root.threadId !== null || root.notice !== null) return { refused: 'thread' };
    }
    if (fileId !== null && this.statements.attachFile.run(fileId, conversationId, authorId).changes === 0) return { refused: 'file' };
    const message = this.inserted(conversationId, authorId, { clientId, text, fileId, notice: null, threadId });
    if (threadId === null) return { message: { ...message, file: this.fileOf(message) }, created: true };
    this.statements.countReply.run(message.createdAt, threadId);
    // Read back with its file and its thread's new summary, as every other read gives it.
    return { message: messageFromRow(this.statements.shownMessage.get(message.id) as MessageRow), created: true };
  }

  /** Records a notice in the conversation's sequence (so catching up brings it too); `actorId` is who did it. */
  appendNotice(conversationId: string, actorId: string, notice: NoticeRecord): MessageRecord {
    return this.inserted(conversationId, actorId, { clientId: null, text: '', fileId: null, notice, threadId: null });
  }

  /**
   * Stores a message with the conversation's next sequence number (and time), in one statement;
   * undefined when its author stored one with this client id already (or there is no such
   * conversation).
   */
  private insert(conversationId: string, authorId: string, content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice' | 'threadId'>): MessageRecord | undefined {
    const createdAt = isoNow(this.clock);
    // The server names the message: a client's own id could carry anything, and others never see it.
    const id = `m-${randomUUID()}`;
    const row = this.statements.insertMessage.get({
      id,
      conversationId,
      authorId,
      clientId: content.clientId,
      text: content.text,
      fileId: content.fileId,
      notice: content.notice === null ? null : JSON.stringify(content.notice),
      createdAt,
      threadId: content.threadId,
    }) as { seq: number } | undefined;
    if (!row) return undefined;
    // A new message (and, for a reply, its root's new count) changes the conversation's catch-up pages.
    this.appendsTo.set(conversationId, (this.appendsTo.get(conversationId) ?? 0) + 1);
    return { id, conversationId, seq: row.seq, authorId, ...content, file: null, thread: null, deleted: false, createdAt, editedAt: null };
  }

  /** `insert` where the message cannot have been stored before (a notice, or checked first): stored, or an error. */
  private inserted(conversationId: string, authorId: string, content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice' | 'threadId'>): MessageRecord {
    const message = this.insert(conversationId, authorId, content);
    if (!message) throw new Error(`No conversation ${conversationId} to store a message in.`);
    return message;
  }

  /** The file a message just stored carries, as its reads give it. */
  private fileOf(message: MessageRecord): SharedFile | null {
    if (message.fileId === null) return null;
    const file = this.statements.file.get(message.fileId) as SharedFile | undefined;
    return file ?? null;
  }

  /** Channels the viewer may discover (own account's public ones, and their own) whose name matches. */
  searchChannels(viewer: Viewer, query: string, limit: number): Array<ChannelRecord & { member: boolean }> {
    const words = normalizeText(query).split(/[\s#]+/).filter(Boolean);
    if (words.length === 0) return [];
    const rows = this.statements.discoverableChannels.all({ userId: viewer.id, accountId: viewer.accountId }) as Array<ChannelRecord & { member: number }>;
    return rows
      .map((row) => {
        const nameWords = normalizeText(row.name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        const matches = words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)) || normalizeText(row.name).startsWith(word));
        const exact = normalizeText(row.name) === words.join(' ');
        return { row, score: matches ? (exact ? 2 : 1) : 0 };
      })
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.row.name.localeCompare(b.row.name))
      .slice(0, limit)
      .map(({ row }) => ({ ...row, member: row.member === 1 }));
  }
}
