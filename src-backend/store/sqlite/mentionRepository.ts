/**
 * Who a message mentions, in SQLite: one row per message and mentioned person (the author never
 * counts), with the message's sequence number, so a person's unread mentions in a conversation
 * are one indexed count.
 */
import { decodeCursor, encodeCursor } from '../cursor';
import { maxCountedUnread, type MentionPage } from '../records';
import type { MentionRepository } from '../repositories';
import type { Db } from './database';
import { messageColumns, messageFromRow, messageSource, type MessageRow } from './messageRepository';

/** Sorts after every stored time: the first page of a newest-first list starts here. */
const afterEveryTime = '\uffff';

export class SqliteMentionRepository implements MentionRepository {
  private readonly statements;
  private readonly replaceTransaction: (message: { id: string; conversationId: string; seq: number; authorId: string }, userIds: readonly string[]) => string[];

  constructor(db: Db) {
    this.statements = {
      current: db.prepare('SELECT user_id AS userId FROM mentions WHERE message_id = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO mentions (message_id, user_id, conversation_id, seq) VALUES (?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM mentions WHERE message_id = ? AND user_id = ?'),
      removeAll: db.prepare('DELETE FROM mentions WHERE message_id = ?'),
      unread: db.prepare(`SELECT COUNT(*) AS count FROM (SELECT 1 FROM mentions WHERE user_id = ? AND conversation_id = ? AND seq > ? LIMIT ${maxCountedUnread})`),
      // A person's mentions, newest message first, a page at a time (the Mentions view).
      page: db.prepare(
        `SELECT ${messageColumns} FROM mentions mn JOIN ${messageSource.replace('messages m', 'messages m ON m.id = mn.message_id')}
          WHERE mn.user_id = @userId AND m.deleted = 0 AND (m.created_at < @at OR (m.created_at = @at AND m.id < @id))
          ORDER BY m.created_at DESC, m.id DESC LIMIT @limit`,
      ),
      // Each conversation's unread mentions after where the person read up to, for a whole page of conversations.
      unreadIn: db.prepare(
        `SELECT mn.conversation_id AS conversationId, MIN(COUNT(*), ${maxCountedUnread}) AS count
           FROM mentions mn JOIN conversation_members cm ON cm.conversation_id = mn.conversation_id AND cm.user_id = mn.user_id
          WHERE mn.user_id = ? AND mn.conversation_id IN (SELECT value FROM json_each(?)) AND mn.seq > cm.last_read_seq
          GROUP BY mn.conversation_id`,
      ),
    };
    this.replaceTransaction = db.transaction((message: { id: string; conversationId: string; seq: number; authorId: string }, userIds: readonly string[]) => {
      const wanted = new Set(userIds.filter((userId) => userId !== message.authorId));
      const before = new Set((this.statements.current.all(message.id) as Array<{ userId: string }>).map((row) => row.userId));
      for (const userId of before) if (!wanted.has(userId)) this.statements.remove.run(message.id, userId);
      const added = [...wanted].filter((userId) => !before.has(userId));
      for (const userId of added) this.statements.insert.run(message.id, userId, message.conversationId, message.seq);
      return added;
    });
  }

  async replace(message: { id: string; conversationId: string; seq: number; authorId: string }, userIds: readonly string[]): Promise<string[]> {
    return this.replaceTransaction(message, userIds);
  }

  async removeAll(messageId: string): Promise<void> {
    this.statements.removeAll.run(messageId);
  }

  async unreadCounts(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const rows = this.statements.unreadIn.all(userId, JSON.stringify(conversationIds)) as Array<{ conversationId: string; count: number }>;
    return new Map(rows.map((row) => [row.conversationId, row.count]));
  }

  async unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    return (this.statements.unread.get(userId, conversationId, lastReadSeq) as { count: number }).count;
  }

  async page(userId: string, cursor: string | undefined, limit: number): Promise<MentionPage | null> {
    const after = cursor === undefined ? [afterEveryTime, afterEveryTime] : decodeCursor(cursor, 2);
    if (!after) return null;
    const rows = this.statements.page.all({ userId, at: after[0], id: after[1], limit: limit + 1 }) as MessageRow[];
    const messages = rows.slice(0, limit).map(messageFromRow);
    const last = messages.at(-1);
    return { messages, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }
}
