/**
 * Data at scale for tests and benchmarks, written straight into the database (the seed format
 * has no meetings, and thousands of conversations through the socket would meet the limits):
 * addManyConversations on either engine, addHistory on SQLite (the benchmarks').
 */
import type { PostgresStore } from '../store/postgres/postgresStore';
import type { Store } from '../store/repositories';
import type { Db } from '../store/sqlite/database';
import type { SqliteStore } from '../store/sqlite/sqliteStore';

/**
 * Gives a person `count` private channels of their account (`ch-many-0`…), with one scheduled
 * meeting tomorrow in each of the first `withMeetings`.
 */
export async function addManyConversations(store: Store, options: { userId: string; accountId: string; count: number; withMeetings?: number }): Promise<void> {
  const at = new Date().toISOString();
  const channels = Array.from({ length: options.count }, (_, index) => ({ id: `ch-many-${index}`, name: `many ${index}` }));
  const meetings = channels.slice(0, options.withMeetings ?? 0).map((channel, index) => ({ id: `mt-many-${index}`, conversationId: channel.id, startsAt: new Date(Date.now() + 86_400_000 + index * 60_000).toISOString() }));
  if (store.engine === 'postgres') {
    // In bulk, in one transaction, as the SQLite branch does (one statement per table per 1,000 rows).
    await (store as PostgresStore).db.transaction().execute(async (trx) => {
      for (let start = 0; start < channels.length; start += 1000) {
        const slice = channels.slice(start, start + 1000);
        await trx.insertInto('conversations').values(slice.map((channel) => ({ id: channel.id, kind: 'channel', name: channel.name, topic: null, account_id: options.accountId, visibility: 'private', created_by: null, created_at: at, last_message_at: null }))).execute();
        await trx.insertInto('conversation_members').values(slice.map((channel) => ({ conversation_id: channel.id, user_id: options.userId, joined_at: at }))).execute();
      }
      for (let start = 0; start < meetings.length; start += 1000) {
        await trx
          .insertInto('meetings')
          .values(meetings.slice(start, start + 1000).map((meeting) => ({ id: meeting.id, conversation_id: meeting.conversationId, kind: 'scheduled', title: 'Sync', created_by: options.userId, starts_at: meeting.startsAt, duration_minutes: 30, started_at: null, ended_at: null, created_at: at })))
          .execute();
      }
    });
    return;
  }
  const db = (store as SqliteStore).db;
  db.transaction(() => {
    const channel = db.prepare(`INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES (?, 'channel', ?, ?, 'private', ?)`);
    const member = db.prepare('INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
    const meeting = db.prepare(`INSERT INTO meetings (id, conversation_id, kind, title, created_by, starts_at, duration_minutes, created_at) VALUES (?, ?, 'scheduled', 'Sync', ?, ?, 30, ?)`);
    for (const item of channels) {
      channel.run(item.id, item.name, options.accountId, at);
      member.run(item.id, options.userId, at);
    }
    for (const item of meetings) meeting.run(item.id, item.conversationId, options.userId, item.startsAt, at);
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
