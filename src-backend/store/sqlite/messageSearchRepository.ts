/**
 * Message search in SQLite (SPEC 7): FTS5 finds the messages (text and file names, migration 8),
 * newest first by walking the index from its newest entry down, and each one is kept only while
 * it is in a conversation the viewer is a member of and not among the conversations they may
 * not open now. A page stops as soon as it is full, so a query costs what its first page
 * needs, not what the whole index holds.
 */
import { ftsQuery } from '../../domain/messageSearch';
import { decodeCursor, encodeCursor } from '../cursor';
import type { MessageSearchRepository, MessageSearchRequest } from '../repositories';
import type { MessageSearchPage } from '../records';
import type { Db } from './database';
import { messageColumns, messageFromRow, type MessageRow } from './messageRepository';

export class SqliteMessageSearchRepository implements MessageSearchRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      // CROSS JOIN keeps the index as the outer loop: rows come newest first and the page ends at LIMIT.
      search: db.prepare(
        `SELECT s.rowid AS searchRowid, ${messageColumns}
           FROM message_search s
           CROSS JOIN messages m ON m.rowid = s.rowid
           LEFT JOIN files f ON f.id = m.file_id
           LEFT JOIN messages r ON r.id = m.thread_id
          WHERE message_search MATCH @match
            AND s.rowid < @before
            AND m.deleted = 0
            AND m.conversation_id IN (SELECT conversation_id FROM conversation_members WHERE user_id = @viewerId)
            AND m.conversation_id NOT IN (SELECT value FROM json_each(@hidden))
          ORDER BY s.rowid DESC
          LIMIT @limit`,
      ),
    };
  }

  async search(request: MessageSearchRequest): Promise<MessageSearchPage | null> {
    const after = request.cursor === undefined ? [String(Number.MAX_SAFE_INTEGER)] : decodeCursor(request.cursor, 1);
    const before = after ? Number(after[0]) : NaN;
    if (!Number.isSafeInteger(before)) return null;
    const match = ftsQuery(request.terms, { conversationId: request.conversationId, authorId: request.authorId });
    const rows = this.statements.search.all({ match, viewerId: request.viewerId, hidden: JSON.stringify(request.hidden), before, limit: request.limit + 1 }) as Array<
      MessageRow & { searchRowid: number }
    >;
    const page = rows.slice(0, request.limit);
    const last = page.at(-1);
    return {
      messages: page.map(({ searchRowid: _rowid, ...row }) => messageFromRow(row)),
      nextCursor: rows.length > request.limit && last ? encodeCursor([String(last.searchRowid)]) : null,
    };
  }
}
