import { randomUUID } from 'node:crypto';
/** Conversations (channels and direct chats) and their members, in SQLite. */
import { normalizeText } from '../directory/peopleSearch';
import type { Viewer } from '../directory/directory';
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

/** What a notice records, people by user id; each viewer is told it in their own view (see `messageFor`). */
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

const conversationColumns = `c.id, c.kind, c.name, c.topic, c.account_id AS accountId, c.visibility, c.last_seq AS lastSeq,
  (SELECT MAX(created_at) FROM messages WHERE conversation_id = c.id) AS lastMessageAt`;
const messageColumns = 'id, conversation_id AS conversationId, seq, author_id AS authorId, client_id AS clientId, text, file_id AS fileId, notice, created_at AS createdAt, edited_at AS editedAt';

export class ConversationStore {
  constructor(private readonly db: Db) {}

  get(conversationId: string): ConversationRecord | undefined {
    return this.db.prepare(`SELECT ${conversationColumns} FROM conversations c WHERE c.id = ?`).get(conversationId) as ConversationRecord | undefined;
  }

  /** Every conversation the user is a member of. */
  listFor(userId: string): ConversationRecord[] {
    return this.db
      .prepare(`SELECT ${conversationColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE m.user_id = ? ORDER BY c.id`)
      .all(userId) as ConversationRecord[];
  }

  members(conversationId: string): string[] {
    return (this.db.prepare('SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id').all(conversationId) as Array<{ userId: string }>).map(
      (row) => row.userId,
    );
  }

  /** The accounts a conversation's members come from (people removed since are not counted). */
  memberAccounts(conversationId: string): string[] {
    return (
      this.db
        .prepare('SELECT DISTINCT u.account_id AS accountId FROM conversation_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ?')
        .all(conversationId) as Array<{ accountId: string }>
    ).map((row) => row.accountId);
  }

  /** Every channel with its members, for support's views of the whole directory (stranded channels, previews). */
  channelsWithMembers(): Array<ChannelRecord & { memberIds: string[] }> {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.name, c.topic, c.account_id AS accountId, c.visibility, m.user_id AS userId
           FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
          WHERE c.kind = 'channel' ORDER BY c.name, c.id, m.user_id`,
      )
      .all() as Array<ChannelRecord & { userId: string }>;
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
    const rows = this.db
      .prepare(`SELECT m.conversation_id AS id, m.user_id AS userId FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE c.kind = 'direct' ORDER BY m.conversation_id`)
      .all() as Array<{ id: string; userId: string }>;
    const pairs = new Map<string, string[]>();
    for (const row of rows) pairs.set(row.id, [...(pairs.get(row.id) ?? []), row.userId]);
    return [...pairs.values()].filter((members): members is [string, string] => members.length === 2);
  }

  isMember(conversationId: string, userId: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?').get(conversationId, userId) !== undefined;
  }

  /** Creates the direct conversation of two people unless it exists. */
  ensureDirect(id: string, first: string, second: string): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`INSERT OR IGNORE INTO conversations (id, kind, created_at) VALUES (?, 'direct', ?)`).run(id, now);
      const member = this.db.prepare('INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
      member.run(id, first, now);
      member.run(id, second, now);
    })();
  }

  /** Messages newer than `afterSeq`, oldest first: what a client missed while away. */
  after(conversationId: string, afterSeq: number, limit: number): { messages: MessageRecord[]; hasMore: boolean } {
    const rows = this.db
      .prepare(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND seq > ? AND deleted = 0 ORDER BY seq ASC LIMIT ?`)
      .all(conversationId, afterSeq, limit + 1) as MessageRow[];
    return { messages: rows.slice(0, limit).map(messageFromRow), hasMore: rows.length > limit };
  }

  message(messageId: string): MessageRecord | undefined {
    const row = this.db.prepare(`SELECT ${messageColumns} FROM messages WHERE id = ? AND deleted = 0`).get(messageId) as MessageRow | undefined;
    return row && messageFromRow(row);
  }

  editMessage(messageId: string, text: string): void {
    this.db.prepare('UPDATE messages SET text = ?, edited_at = ? WHERE id = ?').run(text, new Date().toISOString(), messageId);
  }

  /** Deleted messages keep their row (and sequence number) without their text. */
  deleteMessage(messageId: string): void {
    this.db.prepare("UPDATE messages SET deleted = 1, text = '' WHERE id = ?").run(messageId);
  }

  markRead(conversationId: string, userId: string, seq: number): void {
    this.db.prepare('UPDATE conversation_members SET last_read_seq = MAX(last_read_seq, ?) WHERE conversation_id = ? AND user_id = ?').run(seq, conversationId, userId);
  }

  /** Where the user has read up to, and how many messages of others (and notices that are news) they have not read. */
  readState(conversationId: string, userId: string): { lastReadSeq: number; unreadCount: number } {
    const row = this.db
      .prepare(
        `SELECT m.last_read_seq AS lastReadSeq,
                (SELECT COUNT(*) FROM messages msg
                  WHERE msg.conversation_id = m.conversation_id AND msg.seq > m.last_read_seq AND msg.author_id != m.user_id AND msg.deleted = 0
                    AND (msg.notice IS NULL OR json_extract(msg.notice, '$.kind') IN (${unreadNoticeKinds.map((kind) => `'${kind}'`).join(', ')}))) AS unreadCount
           FROM conversation_members m WHERE m.conversation_id = ? AND m.user_id = ?`,
      )
      .get(conversationId, userId) as { lastReadSeq: number; unreadCount: number } | undefined;
    return row ?? { lastReadSeq: 0, unreadCount: 0 };
  }

  createChannel(channel: { id: string; name: string; topic: string | null; accountId: string; visibility: 'public' | 'private'; createdBy: string }, memberIds: string[]): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO conversations (id, kind, name, topic, account_id, visibility, created_by, created_at) VALUES (?, 'channel', ?, ?, ?, ?, ?, ?)`)
        .run(channel.id, channel.name, channel.topic, channel.accountId, channel.visibility, channel.createdBy, now);
      this.addMembers(channel.id, memberIds);
    })();
  }

  addMembers(conversationId: string, userIds: string[]): void {
    const now = new Date().toISOString();
    const insert = this.db.prepare('INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, (SELECT last_seq FROM conversations WHERE id = ?))');
    for (const userId of userIds) insert.run(conversationId, userId, now, conversationId);
  }

  removeMember(conversationId: string, userId: string): void {
    this.db.prepare('DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?').run(conversationId, userId);
  }

  updateChannel(conversationId: string, changes: { name?: string; topic?: string | null }): void {
    if (changes.name !== undefined) this.db.prepare('UPDATE conversations SET name = ? WHERE id = ?').run(changes.name, conversationId);
    if (changes.topic !== undefined) this.db.prepare('UPDATE conversations SET topic = ? WHERE id = ?').run(changes.topic || null, conversationId);
  }

  /** Newest `limit` messages older than `beforeSeq`, oldest first. */
  history(conversationId: string, beforeSeq: number | undefined, limit: number): { messages: MessageRecord[]; hasMore: boolean } {
    const rows = this.db
      .prepare(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND seq < ? AND deleted = 0 ORDER BY seq DESC LIMIT ?`)
      .all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(messageFromRow), hasMore };
  }

  /**
   * Stores a message once: a resend with the same client id returns the stored message
   * instead of a second copy. The sequence number is the conversation's next one.
   */
  append(conversationId: string, clientId: string, authorId: string, text: string, fileId: string | null = null): { message: MessageRecord; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.db.prepare(`SELECT ${messageColumns} FROM messages WHERE author_id = ? AND client_id = ?`).get(authorId, clientId) as MessageRow | undefined;
      if (existing) return { message: messageFromRow(existing), created: false };
      return { message: this.insert(conversationId, authorId, { clientId, text, fileId, notice: null }), created: true };
    })();
  }

  /** Records a notice in the conversation's sequence (so catching up brings it too); `actorId` is who did it. */
  appendNotice(conversationId: string, actorId: string, notice: NoticeRecord): MessageRecord {
    return this.db.transaction(() => this.insert(conversationId, actorId, { clientId: null, text: '', fileId: null, notice }))();
  }

  /** Inserts with the conversation's next sequence number; callers hold a transaction. */
  private insert(conversationId: string, authorId: string, content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice'>): MessageRecord {
    const { lastSeq } = this.db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS lastSeq').get(conversationId) as { lastSeq: number };
    // The server names the message: a client's own id could carry anything, and others never see it.
    const message: MessageRecord = { id: `m-${randomUUID()}`, conversationId, seq: lastSeq, authorId, ...content, createdAt: new Date().toISOString(), editedAt: null };
    this.db
      .prepare('INSERT INTO messages (id, conversation_id, seq, author_id, client_id, text, file_id, notice, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(message.id, conversationId, message.seq, authorId, content.clientId, content.text, content.fileId, content.notice === null ? null : JSON.stringify(content.notice), message.createdAt);
    return message;
  }

  /** Channels the viewer may discover (own account's public ones, and their own) whose name matches. */
  searchChannels(viewer: Viewer, query: string, limit: number): Array<ChannelRecord & { member: boolean }> {
    const words = normalizeText(query).split(/[\s#]+/).filter(Boolean);
    if (words.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT c.id, c.name, c.topic, c.account_id AS accountId, c.visibility,
                EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = @userId) AS member
           FROM conversations c
          WHERE c.kind = 'channel'
            AND ((c.account_id = @accountId AND c.visibility = 'public')
                 OR c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = @userId))`,
      )
      .all({ userId: viewer.id, accountId: viewer.accountId }) as Array<ChannelRecord & { member: number }>;
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
