/**
 * Data at scale for tests and benchmarks, written straight into the database (the seed format
 * has no meetings, and thousands of conversations through the socket would meet the limits).
 */
import type { Db } from '../store/sqlite/database';

/**
 * Gives a person `count` private channels of their account (`ch-many-0`…), with one scheduled
 * meeting tomorrow in each of the first `withMeetings`.
 */
export function addManyConversations(db: Db, options: { userId: string; accountId: string; count: number; withMeetings?: number }): void {
  const at = new Date().toISOString();
  db.transaction(() => {
    const channel = db.prepare(`INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES (?, 'channel', ?, ?, 'private', ?)`);
    const member = db.prepare('INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
    const meeting = db.prepare(`INSERT INTO meetings (id, conversation_id, kind, title, created_by, starts_at, duration_minutes, created_at) VALUES (?, ?, 'scheduled', 'Sync', ?, ?, 30, ?)`);
    for (let index = 0; index < options.count; index++) {
      const id = `ch-many-${index}`;
      channel.run(id, `many ${index}`, options.accountId, at);
      member.run(id, options.userId, at);
      if (index < (options.withMeetings ?? 0)) meeting.run(`mt-many-${index}`, id, options.userId, new Date(Date.now() + 86_400_000 + index * 60_000).toISOString(), at);
    }
  })();
}

/** Appends `count` messages of history to a conversation in one transaction, after what it holds. */
export function addHistory(db: Db, conversationId: string, count: number, authorId: string): void {
  db.transaction(() => {
    const { lastSeq } = db.prepare('SELECT last_seq AS lastSeq FROM conversations WHERE id = ?').get(conversationId) as { lastSeq: number };
    const insert = db.prepare('INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const start = Date.parse('2025-01-01T00:00:00Z');
    let at = '';
    for (let seq = lastSeq + 1; seq <= lastSeq + count; seq++) {
      at = new Date(start + seq * 1000).toISOString();
      insert.run(`history-${conversationId}-${seq}`, conversationId, seq, authorId, `history message ${seq}: a line of ordinary length about the work of the day`, at);
    }
    db.prepare('UPDATE conversations SET last_seq = ?, last_message_at = MAX(COALESCE(last_message_at, ?), ?) WHERE id = ?').run(lastSeq + count, at, at, conversationId);
  })();
}
