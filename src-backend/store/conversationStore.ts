/**
 * Conversations (channels and direct chats), their members and messages, in SQLite. Statements
 * are prepared once. Nothing on the write path of a message reads the conversation's history:
 * its latest time and sequence number are stored on the conversation row.
 */
import { randomUUID } from 'node:crypto';
import { stripBidiControls } from '../../src-shared/domain/text';
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

export interface ConversationRecord {
  id: string;
  kind: 'channel' | 'direct';
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
  /** Set when it is a notice rather than something someone wrote (its author is the actor). */
  notice: NoticeRecord | null;
  createdAt: string;
  editedAt: string | null;
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

type MessageRow = Omit<MessageRecord, 'notice'> & { notice: string | null };

function messageFromRow(row: MessageRow): MessageRecord {
  return { ...row, notice: row.notice === null ? null : (JSON.parse(row.notice) as NoticeRecord) };
}

/** What `append` did: stored it (or found it stored), or refused the file it carries. */
export type AppendResult = { message: MessageRecord; created: boolean } | { refused: 'file' };

/** Unread counts stop here: past it the number says "at least this many", and counting stays cheap. */
export const maxCountedUnread = 999;

const conversationColumns =
  'c.id, c.kind, c.name, c.topic, c.account_id AS accountId, c.visibility, c.last_seq AS lastSeq, c.last_message_at AS lastMessageAt';
const membershipColumns = `${conversationColumns}, m.last_read_seq AS lastReadSeq,
  CASE WHEN c.kind = 'direct' THEN (SELECT p.user_id FROM conversation_members p WHERE p.conversation_id = c.id AND p.user_id != m.user_id LIMIT 1) END AS peerId`;
const messageColumns = 'id, conversation_id AS conversationId, seq, author_id AS authorId, client_id AS clientId, text, file_id AS fileId, notice, created_at AS createdAt, edited_at AS editedAt';
/** Sorts before every stored time: the first page of a newest-first list starts here. */
const afterEveryTime = '\uffff';

/** A channel name or topic as stored: trimmed, without direction overrides. */
const cleanName = (text: string) => stripBidiControls(text).trim();

export class ConversationStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      get: db.prepare(`SELECT ${conversationColumns} FROM conversations c WHERE c.id = ?`),
      membership: db.prepare(
        `SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = @userId WHERE c.id = @conversationId`,
      ),
      page: db.prepare(
        `SELECT ${membershipColumns} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = @userId
            AND (COALESCE(c.last_message_at, '') < @at OR (COALESCE(c.last_message_at, '') = @at AND c.id > @id))
          ORDER BY COALESCE(c.last_message_at, '') DESC, c.id
          LIMIT @limit`,
      ),
      members: db.prepare('SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id'),
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
      after: db.prepare(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND seq > ? AND deleted = 0 ORDER BY seq ASC LIMIT ?`),
      before: db.prepare(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND seq < ? AND deleted = 0 ORDER BY seq DESC LIMIT ?`),
      message: db.prepare(`SELECT ${messageColumns} FROM messages WHERE id = ? AND deleted = 0`),
      messageByClient: db.prepare(`SELECT ${messageColumns} FROM messages WHERE author_id = ? AND client_id = ?`),
      edit: db.prepare('UPDATE messages SET text = ?, edited_at = ? WHERE id = ?'),
      // Deleted messages keep their row (and sequence number) without their text or file.
      delete: db.prepare("UPDATE messages SET deleted = 1, text = '', file_id = NULL WHERE id = ?"),
      markRead: db.prepare('UPDATE conversation_members SET last_read_seq = MAX(last_read_seq, ?) WHERE conversation_id = ? AND user_id = ?'),
      unread: db.prepare(
        `SELECT COUNT(*) AS count FROM (
           SELECT 1 FROM messages WHERE conversation_id = ? AND seq > ? AND author_id != ? AND deleted = 0
              AND (notice IS NULL OR json_extract(notice, '$.kind') IN (${unreadNoticeKinds.map((kind) => `'${kind}'`).join(', ')}))
            LIMIT ${maxCountedUnread})`,
      ),
      memberAccounts: db.prepare('SELECT DISTINCT u.account_id AS accountId FROM conversation_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ?'),
      channelsWithMembers: db.prepare(
        `SELECT c.id, c.name, c.topic, c.account_id AS accountId, c.visibility, m.user_id AS userId
           FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
          WHERE c.kind = 'channel' ORDER BY c.name, c.id, m.user_id`,
      ),
      directPairs: db.prepare(`SELECT m.conversation_id AS id, m.user_id AS userId FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE c.kind = 'direct' ORDER BY m.conversation_id`),
      nextSeq: db.prepare('UPDATE conversations SET last_seq = last_seq + 1, last_message_at = ? WHERE id = ? RETURNING last_seq AS lastSeq'),
      attachFile: db.prepare('UPDATE files SET attached = 1 WHERE id = ? AND conversation_id = ? AND uploader_id = ? AND attached = 0'),
      insertMessage: db.prepare(
        'INSERT INTO messages (id, conversation_id, seq, author_id, client_id, text, file_id, notice, created_at) VALUES (@id, @conversationId, @seq, @authorId, @clientId, @text, @fileId, @notice, @createdAt)',
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

  members(conversationId: string): string[] {
    return (this.statements.members.all(conversationId) as Array<{ userId: string }>).map((row) => row.userId);
  }

  /** The accounts a conversation's members come from (people removed since are not counted). */
  memberAccounts(conversationId: string): string[] {
    return (this.statements.memberAccounts.all(conversationId) as Array<{ accountId: string }>).map((row) => row.accountId);
  }

  /** Every channel with its members, for support's views of the whole directory (stranded channels, previews). */
  channelsWithMembers(): Array<ChannelRecord & { memberIds: string[] }> {
    const rows = this.statements.channelsWithMembers.all() as Array<ChannelRecord & { userId: string }>;
    const channels = new Map<string, ChannelRecord & { memberIds: string[] }>();
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
    })();
  }

  /** Messages newer than `afterSeq`, oldest first: what a client missed while away. */
  after(conversationId: string, afterSeq: number, limit: number): { messages: MessageRecord[]; hasMore: boolean } {
    const rows = this.statements.after.all(conversationId, afterSeq, limit + 1) as MessageRow[];
    return { messages: rows.slice(0, limit).map(messageFromRow), hasMore: rows.length > limit };
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

  editMessage(messageId: string, text: string): void {
    this.statements.edit.run(text, isoNow(this.clock), messageId);
  }

  /** Deletes a message's text and its link to a file (the caller removes the file's bytes). */
  deleteMessage(messageId: string): void {
    this.statements.delete.run(messageId);
  }

  markRead(conversationId: string, userId: string, seq: number): void {
    this.statements.markRead.run(seq, conversationId, userId);
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

  addMembers(conversationId: string, userIds: string[]): void {
    const now = isoNow(this.clock);
    this.db.transaction(() => {
      for (const userId of userIds) this.statements.addMember.run(conversationId, userId, now, conversationId);
    })();
  }

  removeMember(conversationId: string, userId: string): void {
    this.statements.removeMember.run(conversationId, userId);
  }

  updateChannel(conversationId: string, changes: { name?: string; topic?: string | null }): void {
    if (changes.name !== undefined) this.statements.rename.run(cleanName(changes.name), conversationId);
    if (changes.topic !== undefined) this.statements.setTopic.run(changes.topic === null ? null : cleanName(changes.topic) || null, conversationId);
  }

  /**
   * Stores a message once: a resend with the same client id returns the stored message
   * instead of a second copy. The sequence number is the conversation's next one. A file rides
   * on one message only, and only one its author uploaded into this conversation.
   */
  append(conversationId: string, clientId: string, authorId: string, text: string, fileId: string | null = null): AppendResult {
    return this.db.transaction((): AppendResult => {
      const existing = this.statements.messageByClient.get(authorId, clientId) as MessageRow | undefined;
      if (existing) return { message: messageFromRow(existing), created: false };
      if (fileId !== null && this.statements.attachFile.run(fileId, conversationId, authorId).changes === 0) return { refused: 'file' };
      return { message: this.insert(conversationId, authorId, { clientId, text, fileId, notice: null }), created: true };
    })();
  }

  /** Records a notice in the conversation's sequence (so catching up brings it too); `actorId` is who did it. */
  appendNotice(conversationId: string, actorId: string, notice: NoticeRecord): MessageRecord {
    return this.db.transaction(() => this.insert(conversationId, actorId, { clientId: null, text: '', fileId: null, notice }))();
  }

  /** Inserts with the conversation's next sequence number (and time); callers hold a transaction. */
  private insert(conversationId: string, authorId: string, content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice'>): MessageRecord {
    const createdAt = isoNow(this.clock);
    const { lastSeq } = this.statements.nextSeq.get(createdAt, conversationId) as { lastSeq: number };
    // The server names the message: a client's own id could carry anything, and others never see it.
    const message: MessageRecord = { id: `m-${randomUUID()}`, conversationId, seq: lastSeq, authorId, ...content, createdAt, editedAt: null };
    this.statements.insertMessage.run({ ...message, notice: content.notice === null ? null : JSON.stringify(content.notice) });
    return message;
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
