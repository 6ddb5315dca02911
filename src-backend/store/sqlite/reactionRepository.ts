/** Reactions in SQLite: one row per message, emoji and person; a page reads those of all its messages in one query. */
import type { ReactionRepository } from '../repositories';
import type { ReactionRecord } from '../records';
import type { Db } from './database';

/** Rows of (message, emoji, person), oldest first, as each message's reactions: an emoji where it first came, its people in order. */
export function reactionsFromRows(rows: ReadonlyArray<{ messageId: string; emoji: string; userId: string }>): Map<string, ReactionRecord[]> {
  const byMessage = new Map<string, ReactionRecord[]>();
  for (const row of rows) {
    let reactions = byMessage.get(row.messageId);
    if (!reactions) byMessage.set(row.messageId, (reactions = []));
    let reaction = reactions.find((candidate) => candidate.emoji === row.emoji);
    if (!reaction) reactions.push((reaction = { emoji: row.emoji, userIds: [] }));
    reaction.userIds.push(row.userId);
  }
  return byMessage;
}

export class SqliteReactionRepository implements ReactionRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      add: db.prepare('INSERT OR IGNORE INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?'),
      removeAll: db.prepare('DELETE FROM reactions WHERE message_id = ?'),
      has: db.prepare('SELECT 1 FROM reactions WHERE message_id = ? AND emoji = ? LIMIT 1'),
      distinct: db.prepare('SELECT COUNT(DISTINCT emoji) AS count FROM reactions WHERE message_id = ?'),
      // Oldest first: an emoji's place is that of its first reaction, and its people in the order they came.
      forMessages: db.prepare(
        `SELECT message_id AS messageId, emoji, user_id AS userId FROM reactions
          WHERE message_id IN (SELECT value FROM json_each(?))
          ORDER BY message_id, created_at, rowid`,
      ),
    };
  }

  async add(messageId: string, emoji: string, userId: string, at: string): Promise<boolean> {
    return this.statements.add.run(messageId, emoji, userId, at).changes > 0;
  }

  async remove(messageId: string, emoji: string, userId: string): Promise<boolean> {
    return this.statements.remove.run(messageId, emoji, userId).changes > 0;
  }

  async removeAll(messageId: string): Promise<void> {
    this.statements.removeAll.run(messageId);
  }

  async has(messageId: string, emoji: string): Promise<boolean> {
    return this.statements.has.get(messageId, emoji) !== undefined;
  }

  async distinctCount(messageId: string): Promise<number> {
    return (this.statements.distinct.get(messageId) as { count: number }).count;
  }

  async forMessages(messageIds: readonly string[]): Promise<Map<string, ReactionRecord[]>> {
    if (messageIds.length === 0) return new Map();
    return reactionsFromRows(this.statements.forMessages.all(JSON.stringify(messageIds)) as Array<{ messageId: string; emoji: string; userId: string }>);
  }
}
