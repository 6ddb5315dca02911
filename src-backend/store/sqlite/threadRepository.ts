/**
 * The people of each thread and where each has read it up to (`thread_members`, kept by a trigger
 * as replies are stored: database.ts, migration 13), in SQLite: a person's threads newest reply
 * first, a page at a time, each with its replies they have not read counted.
 */
import { decodeCursor, encodeCursor } from '../cursor';
import { maxCountedUnread, type ThreadMark, type ThreadPage, type ThreadReadMark } from '../records';
import type { ThreadRepository } from '../repositories';
import type { Db } from './database';
import { messageColumns, messageFromRow, messageSource, type MessageRow } from './messageRepository';

/** Sorts after every stored time: the first page of a newest-first list starts here. */
const afterEveryTime = '\uffff';
const unreadReplies = `(SELECT COUNT(*) FROM (SELECT 1 FROM messages x WHERE x.thread_id = tm.root_id AND x.seq > tm.last_read_seq AND x.author_id != tm.user_id AND x.deleted = 0 LIMIT ${maxCountedUnread}))`;

export class SqliteThreadRepository implements ThreadRepository {
  private readonly statements;
  private readonly advanceAll: (marks: readonly ThreadReadMark[]) => ThreadReadMark[];

  constructor(db: Db) {
    // A mark moves forward only, and never past the thread's newest reply.
    const clamped = 'MIN(@seq, (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE thread_id = @rootId))';
    this.statements = {
      page: db.prepare(
        `SELECT ${messageColumns}, tm.last_read_seq AS lastReadSeq, ${unreadReplies} AS unreadReplies
           FROM thread_members tm JOIN ${messageSource.replace('messages m', 'messages m ON m.id = tm.root_id')}
          WHERE tm.user_id = @userId AND m.reply_count > 0
            AND (m.last_reply_at < @at OR (m.last_reply_at = @at AND m.id > @id))
          ORDER BY m.last_reply_at DESC, m.id
          LIMIT @limit`,
      ),
      mark: db.prepare(`SELECT tm.root_id AS rootId, tm.conversation_id AS conversationId, tm.last_read_seq AS lastReadSeq, ${unreadReplies} AS unreadReplies FROM thread_members tm WHERE tm.root_id = ? AND tm.user_id = ?`),
      advance: db.prepare(`UPDATE thread_members SET last_read_seq = ${clamped} WHERE root_id = @rootId AND user_id = @userId AND last_read_seq < ${clamped}`),
      lastRead: db.prepare('SELECT last_read_seq AS seq FROM thread_members WHERE root_id = ? AND user_id = ?'),
    };
    this.advanceAll = db.transaction((marks: readonly ThreadReadMark[]) =>
      marks.flatMap((mark) => {
        if (this.statements.advance.run(mark).changes === 0) return [];
        const stored = this.statements.lastRead.get(mark.rootId, mark.userId) as { seq: number } | undefined;
        return [{ ...mark, seq: stored?.seq ?? mark.seq }];
      }),
    );
  }

  async page(userId: string, cursor: string | undefined, limit: number): Promise<ThreadPage | null> {
    const after = cursor === undefined ? [afterEveryTime, ''] : decodeCursor(cursor, 2);
    if (!after) return null;
    const rows = this.statements.page.all({ userId, at: after[0], id: after[1], limit: limit + 1 }) as Array<MessageRow & { lastReadSeq: number; unreadReplies: number }>;
    const threads = rows.slice(0, limit).map(({ lastReadSeq, unreadReplies: count, ...row }) => ({ root: messageFromRow(row), lastReadSeq, unreadReplies: count }));
    const last = threads.at(-1);
    return { threads, nextCursor: rows.length > limit && last ? encodeCursor([last.root.thread?.lastReplyAt ?? '', last.root.id]) : null };
  }

  async mark(rootId: string, userId: string): Promise<ThreadMark | undefined> {
    return this.statements.mark.get(rootId, userId) as ThreadMark | undefined;
  }

  async advance(marks: readonly ThreadReadMark[]): Promise<ThreadReadMark[]> {
    return marks.length === 0 ? [] : this.advanceAll(marks);
  }
}
