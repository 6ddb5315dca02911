/**
 * Reactions in SQLite: one row per message, emoji and person. A page of history reads the
 * reactions of all its messages in one query.
 */
import { isoNow, type Clock } from '../domain/clock';
import type { Db } from './database';

/** One emoji on a message and who reacted with it (user ids, oldest first). */
export interface ReactionRecord {
  emoji: string;
  userIds: string[];
}

export class ReactionStore {
  private readonly statements;
  /** Counts every change of any reaction: views built from reactions read before a change are stale after it. */
  version = 0;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
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

  /** Adds one person's reaction; false when it was there already. */
  add(messageId: string, emoji: string, userId: string): boolean {
    this.version += 1;
    return this.statements.add.run(messageId, emoji, userId, isoNow(this.clock)).changes > 0;
  }

  /** Takes one person's reaction back; false when there was none. */
  remove(messageId: string, emoji: string, userId: string): boolean {
    this.version += 1;
    return this.statements.remove.run(messageId, emoji, userId).changes > 0;
  }

  /** A deleted message keeps no reactions. */
  removeAll(messageId: string): void {
    this.version += 1;
    this.statements.removeAll.run(messageId);
  }

  /** Whether anyone reacted to the message with this emoji. */
  has(messageId: string, emoji: string): boolean {
    return this.statements.has.get(messageId, emoji) !== undefined;
  }

  /** How many different emoji the message carries. */
  distinctCount(messageId: string): number {
    return (this.statements.distinct.get(messageId) as { count: number }).count;
  }

  /** The reactions of many messages in one query; messages without any are absent. */
  forMessages(messageIds: readonly string[]): Map<string, ReactionRecord[]> {
    const byMessage = new Map<string, ReactionRecord[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = this.statements.forMessages.all(JSON.stringify(messageIds)) as Array<{ messageId: string; emoji: string; userId: string }>;
    for (const row of rows) {
      let reactions = byMessage.get(row.messageId);
      if (!reactions) byMessage.set(row.messageId, (reactions = []));
      let reaction = reactions.find((candidate) => candidate.emoji === row.emoji);
      if (!reaction) reactions.push((reaction = { emoji: row.emoji, userIds: [] }));
      reaction.userIds.push(row.userId);
    }
    return byMessage;
  }
}
