/**
 * Message search in SQLite (SPEC 7): an FTS5 index keyed by conversation (migration 13) finds the
 * messages (text and file names), newest first, walking only the entries of the conversations the
 * query names: those the viewer may read (their memberships but `hidden`, or the one asked for;
 * domain/messageSearch.ts builds the query). What others wrote where the viewer cannot read is
 * never read, so it cannot slow a search or be told by its time (SPEC 8, issue 18 #2). A page
 * stops as soon as it is full.
 */
import { ftsQuery } from '../../domain/messageSearch';
import { decodeCursor, encodeCursor } from '../cursor';
import type { MessageSearchPage } from '../records';
import type { MessageSearchRepository, MessageSearchRequest } from '../repositories';
import type { Db } from './database';
import { messageColumns, messageFromRow, type MessageRow } from './messageRepository';

export class SqliteMessageSearchRepository implements MessageSearchRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      // CROSS JOIN keeps the index as the outer loop: rows come newest first and the page ends at LIMIT.
      search: db.prepare(
        `SELECT s.rowid AS searchRowid, ${messageColumns}
           FROM message_words s
           CROSS JOIN messages m ON m.rowid = s.rowid
           LEFT JOIN files f ON f.id = m.file_id
           LEFT JOIN messages r ON r.id = m.thread_id
          WHERE message_words MATCH @match
            AND s.rowid < @before
            AND m.deleted = 0
          ORDER BY s.rowid DESC
          LIMIT @limit`,
      ),
      cursorMessage: db.prepare('SELECT rowid, conversation_id AS conversationId FROM messages WHERE id = ?'),
      memberOf: db.prepare('SELECT conversation_id AS id FROM conversation_members WHERE user_id = ?'),
    };
  }

  /**
   * The page cursor is the id of the previous page's last message, accepted only in a conversation
   * being searched: a message id says nothing the viewer does not have, where a position in the
   * whole table would count the messages written elsewhere between two hits (issue 18 #8).
   */
  async search(request: MessageSearchRequest): Promise<MessageSearchPage | null> {
    const hidden = new Set(request.hidden);
    const conversationIds =
      request.conversationId !== undefined ? [request.conversationId] : (this.statements.memberOf.all(request.viewerId) as Array<{ id: string }>).map((row) => row.id).filter((id) => !hidden.has(id));
    let before = Number.MAX_SAFE_INTEGER;
    if (request.cursor !== undefined) {
      const [messageId] = decodeCursor(request.cursor, 1) ?? [];
      const message = messageId === undefined ? undefined : (this.statements.cursorMessage.get(messageId) as { rowid: number; conversationId: string } | undefined);
      if (!message || !conversationIds.includes(message.conversationId)) return null;
      before = message.rowid;
    }
    const match = ftsQuery(request.terms, conversationIds, { authorId: request.authorId });
    if (match === null) return { messages: [], nextCursor: null };
    const rows = this.statements.search.all({ match, before, limit: request.limit + 1 }) as Array<MessageRow & { searchRowid: number }>;
    const page = rows.slice(0, request.limit);
    const last = page.at(-1);
    return {
      messages: page.map(({ searchRowid: _rowid, ...row }) => messageFromRow(row)),
      nextCursor: rows.length > request.limit && last ? encodeCursor([last.id]) : null,
    };
  }
}
