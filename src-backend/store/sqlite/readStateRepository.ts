/**
 * Where each person has read each conversation up to (`conversation_members.last_read_seq`), in
 * SQLite. A read mark only ever moves forward (reading an older message again changes nothing and
 * writes nothing), never past the conversation's newest message; `Mark unread` moves it back.
 */
import type { ReadMark } from '../records';
import type { ReadStateRepository } from '../repositories';
import type { Db } from './database';

export class SqliteReadStateRepository implements ReadStateRepository {
  private readonly statements;
  private readonly advanceAll: (marks: readonly ReadMark[]) => ReadMark[];

  constructor(db: Db) {
    // The mark is clamped to the newest message: a client cannot read ahead of what exists.
    const clamped = 'MIN(@seq, (SELECT last_seq FROM conversations WHERE id = @conversationId))';
    this.statements = {
      advance: db.prepare(
        `UPDATE conversation_members SET last_read_seq = ${clamped}
          WHERE conversation_id = @conversationId AND user_id = @userId AND last_read_seq < ${clamped}`,
      ),
      set: db.prepare(
        `UPDATE conversation_members SET last_read_seq = MAX(0, ${clamped})
          WHERE conversation_id = @conversationId AND user_id = @userId AND last_read_seq != MAX(0, ${clamped})`,
      ),
      lastRead: db.prepare('SELECT last_read_seq AS seq FROM conversation_members WHERE conversation_id = ? AND user_id = ?'),
    };
    this.advanceAll = db.transaction((marks: readonly ReadMark[]) => marks.flatMap((mark) => (this.statements.advance.run(mark).changes > 0 ? [{ ...mark, seq: this.lastRead(mark.conversationId, mark.userId) ?? mark.seq }] : [])));
  }

  /** Moves several marks forward in one transaction; returns those that moved, as stored. */
  async advance(marks: readonly ReadMark[]): Promise<ReadMark[]> {
    return marks.length === 0 ? [] : this.advanceAll(marks);
  }

  /** Puts a mark exactly here, backwards too (`Mark unread`); returns the mark as stored, or null when nothing changed. */
  async set(mark: ReadMark): Promise<ReadMark | null> {
    if (this.statements.set.run(mark).changes === 0) return null;
    return { ...mark, seq: this.lastRead(mark.conversationId, mark.userId) ?? mark.seq };
  }

  /** Where the person has read up to, or undefined when they are not a member. */
  private lastRead(conversationId: string, userId: string): number | undefined {
    return (this.statements.lastRead.get(conversationId, userId) as { seq: number } | undefined)?.seq;
  }
}
