/**
 * Messages in SQLite. A message is stored by one statement: its sequence number is read in the
 * INSERT itself and a trigger moves the conversation's latest number and time on (migration 10);
 * SQLite's single writer makes that safe. Messages sent in one turn of the event loop are stored
 * by one transaction (group commit, `append`). Reads take the message's file and thread summary in
 * the same statement, so a page costs one query whatever it holds.
 */
import { randomUUID } from 'node:crypto';
import type { SharedFile } from '../../../src-shared/protocol/model';
import type { MessageRepository } from '../repositories';
import type { AppendResult, MessagePage, MessageRecord, NewMessage, NoticeRecord } from '../records';
import type { Db } from './database';

/** A message row as the statements below read it: with its file and its thread's summary joined in. */
export type MessageRow = Omit<MessageRecord, 'notice' | 'file' | 'thread' | 'deleted'> & {
  notice: string | null;
  deleted: number | boolean;
  replyCount: number | null;
  lastReplyAt: string | null;
  fileName: string | null;
  fileSize: number | null;
  fileContentType: string | null;
};

/** A message as stored, from a row the statements here (or a store that shares `messageColumns`) read. */
export function messageFromRow(row: MessageRow): MessageRecord {
  const { replyCount, lastReplyAt, fileName, fileSize, fileContentType, ...message } = row;
  return {
    ...message,
    notice: row.notice === null ? null : (JSON.parse(row.notice) as NoticeRecord),
    deleted: row.deleted === 1 || row.deleted === true,
    file: row.fileId !== null && fileName !== null ? { id: row.fileId, name: fileName, size: Number(fileSize ?? 0), contentType: fileContentType ?? '' } : null,
    thread: replyCount && lastReplyAt ? { replyCount: Number(replyCount), lastReplyAt } : null,
  };
}

/**
 * A message's columns, its file's and its thread's summary (a root's own; a reply's root's), read
 * from `messageSource` in one statement: history pages cost one query whatever they hold.
 */
export const messageColumns = `m.id, m.conversation_id AS conversationId, m.seq, m.author_id AS authorId, m.client_id AS clientId, m.text, m.file_id AS fileId,
  m.notice, m.created_at AS createdAt, m.edited_at AS editedAt, m.deleted, m.thread_id AS threadId,
  CASE WHEN m.thread_id IS NULL THEN m.reply_count ELSE r.reply_count END AS replyCount,
  CASE WHEN m.thread_id IS NULL THEN m.last_reply_at ELSE r.last_reply_at END AS lastReplyAt,
  f.name AS fileName, f.size AS fileSize, f.content_type AS fileContentType`;
/** Where `messageColumns` come from: `m` the message, `f` its file, `r` its thread's root. */
export const messageSource = 'messages m LEFT JOIN files f ON f.id = m.file_id LEFT JOIN messages r ON r.id = m.thread_id';
/** A message shows while not deleted, or deleted but starting a thread that has replies (its replies stay readable). */
const shown = '(m.deleted = 0 OR m.reply_count > 0)';

/** A page read with one row more than asked: the extra row says there is more. */
function pageOf(rows: MessageRow[], limit: number, newestFirst: boolean): MessagePage {
  const kept = rows.slice(0, limit);
  if (newestFirst) kept.reverse();
  return { messages: kept.map(messageFromRow), hasMore: rows.length > limit };
}

/** The most messages one group commit stores; more waiting go in the next, at once after it. */
export const maxGroupCommit = 500;

/** A message waiting for the next group commit, and who waits for it. */
interface PendingAppend {
  args: Parameters<SqliteMessageRepository['appendOne']>;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { result: AppendResult } | { error: unknown };

export class SqliteMessageRepository implements MessageRepository {
  private readonly statements;
  /** `appendNow` in one transaction, made once: better-sqlite3 builds a transaction's wrappers anew on every `db.transaction()`. */
  private readonly appendTransaction: (...args: Parameters<SqliteMessageRepository['appendNow']>) => AppendResult;
  private readonly deleteTransaction: (messageId: string) => void;
  /** Messages sent since the last group commit, in the order they came. */
  private pending: PendingAppend[] = [];
  private commitScheduled = false;
  /** Stores a batch of messages in one transaction: one commit, one sync of the WAL, for all of them. */
  private readonly storeBatch: (batch: readonly PendingAppend[]) => Outcome[];

  constructor(private readonly db: Db) {
    this.statements = {
      pin: db.prepare('INSERT OR IGNORE INTO pinned_messages (message_id, conversation_id, pinned_by, pinned_at) VALUES (?, ?, ?, ?)'),
      unpin: db.prepare('DELETE FROM pinned_messages WHERE message_id = ?'),
      pinned: db.prepare(
        `SELECT ${messageColumns} FROM pinned_messages p JOIN ${messageSource.replace('messages m', 'messages m ON m.id = p.message_id')}
          WHERE p.conversation_id = ? AND m.deleted = 0 ORDER BY p.pinned_at DESC, p.message_id LIMIT ?`,
      ),
      // Catching up reads replies too (they share the conversation's sequence); the log's own pages do not.
      after: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.conversation_id = ? AND m.seq > ? AND ${shown} ORDER BY m.seq ASC LIMIT ?`),
      before: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.conversation_id = ? AND m.seq < ? AND m.thread_id IS NULL AND ${shown} ORDER BY m.seq DESC LIMIT ?`),
      message: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.id = ? AND m.deleted = 0`),
      shownMessage: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.id = ? AND ${shown}`),
      messageByClient: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.author_id = ? AND m.client_id = ?`),
      replies: db.prepare(`SELECT ${messageColumns} FROM ${messageSource} WHERE m.thread_id = ? AND m.seq < ? AND m.deleted = 0 ORDER BY m.seq DESC LIMIT ?`),
      threadOf: db.prepare('SELECT thread_id AS threadId FROM messages WHERE id = ?'),
      threadAuthors: db.prepare('SELECT DISTINCT author_id AS authorId FROM messages WHERE thread_id = ? AND deleted = 0'),
      countReply: db.prepare('UPDATE messages SET reply_count = reply_count + 1, last_reply_at = ? WHERE id = ?'),
      recountReplies: db.prepare(
        `UPDATE messages SET reply_count = (SELECT COUNT(*) FROM messages WHERE thread_id = @id AND deleted = 0),
                             last_reply_at = (SELECT MAX(created_at) FROM messages WHERE thread_id = @id AND deleted = 0)
          WHERE id = @id`,
      ),
      edit: db.prepare('UPDATE messages SET text = ?, edited_at = ? WHERE id = ?'),
      // Deleted messages keep their row (and sequence number) without their text or file.
      delete: db.prepare("UPDATE messages SET deleted = 1, text = '', file_id = NULL WHERE id = ?"),
      file: db.prepare('SELECT id, name, size, content_type AS contentType FROM files WHERE id = ?'),
      attachFile: db.prepare('UPDATE files SET attached = 1 WHERE id = ? AND conversation_id = ? AND uploader_id = ? AND attached = 0'),
      // The conversation's next number, read in the statement itself; a trigger moves the conversation's
      // latest number and time on (database.ts, 10). A resend (the author's client id again) stores nothing.
      insertMessage: db.prepare(
        `INSERT INTO messages (id, conversation_id, seq, author_id, client_id, text, file_id, notice, created_at, thread_id)
           SELECT @id, c.id, c.last_seq + 1, @authorId, @clientId, @text, @fileId, @notice, @createdAt, @threadId FROM conversations c WHERE c.id = @conversationId
           ON CONFLICT (author_id, client_id) DO NOTHING
           RETURNING seq`,
      ),
    };
    this.appendTransaction = db.transaction((...args: Parameters<SqliteMessageRepository['appendNow']>) => this.appendNow(...args));
    this.storeBatch = db.transaction((batch: readonly PendingAppend[]) =>
      batch.map((item): Outcome => {
        // One message's failure (its statement, or the savepoint of a message with a file or in a thread, rolls back) is its sender's alone.
        try {
          return { result: this.appendOne(...item.args) };
        } catch (error) {
          return { error };
        }
      }),
    );
    this.deleteTransaction = db.transaction((messageId: string) => {
      const threadId = (this.statements.threadOf.get(messageId) as { threadId: string | null } | undefined)?.threadId;
      this.statements.delete.run(messageId);
      if (threadId) this.statements.recountReplies.run({ id: threadId });
    });
  }

  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const rows = this.statements.after.all(conversationId, afterSeq, limit + 1) as MessageRow[];
    return pageOf(rows, limit, false);
  }

  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    return pageOf(this.statements.before.all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[], limit, true);
  }

  async setPinned(message: { id: string; conversationId: string }, pin: { userId: string; at: string } | null): Promise<boolean> {
    const result = pin
      ? this.statements.pin.run(message.id, message.conversationId, pin.userId, pin.at)
      : this.statements.unpin.run(message.id);
    return result.changes > 0;
  }

  async pinned(conversationId: string, limit: number): Promise<MessageRecord[]> {
    return (this.statements.pinned.all(conversationId, limit) as MessageRow[]).map(messageFromRow);
  }

  async message(messageId: string): Promise<MessageRecord | undefined> {
    const row = this.statements.message.get(messageId) as MessageRow | undefined;
    return row && messageFromRow(row);
  }

  async shownMessage(messageId: string): Promise<MessageRecord | undefined> {
    const row = this.statements.shownMessage.get(messageId) as MessageRow | undefined;
    return row && messageFromRow(row);
  }

  async replies(rootId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    return pageOf(this.statements.replies.all(rootId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[], limit, true);
  }

  async threadAuthors(rootId: string): Promise<string[]> {
    return (this.statements.threadAuthors.all(rootId) as Array<{ authorId: string }>).map((row) => row.authorId);
  }

  /**
   * Group commit: the messages sent while the server handles one turn of its event loop (every
   * socket's frames that arrived together) are stored in one transaction, in the order they came,
   * and the promise of each resolves once that transaction is committed. With `synchronous = FULL`
   * the commit returns only when the WAL is on the disk, so a message is acknowledged only once
   * it is stored for good, at one sync for the whole group instead of one per message. It adds no
   * timer: the group is what one turn brought, committed at the end of that turn (setImmediate).
   * Other writes (a notice, an edit) are not held back: one written in the same turn as a message
   * takes its sequence number first.
   */
  append(conversationId: string, authorId: string, message: NewMessage, at: string): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ args: [conversationId, authorId, message, at], resolve, reject });
      this.scheduleCommit();
    });
  }

  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => this.commitPending());
  }

  /** Stores the waiting messages in one transaction, then tells each sender; more than one group's worth waits for the next. */
  private commitPending(): void {
    this.commitScheduled = false;
    const batch = this.pending.splice(0, maxGroupCommit);
    if (this.pending.length > 0) this.scheduleCommit();
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.storeBatch(batch);
    } catch (error) {
      // The commit itself failed (a full disk, a closed database): nothing of the group is stored, and every sender hears so.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) item.reject(outcome.error);
      else item.resolve(outcome.result);
    });
  }

  /** One message of a group commit (see `append`), inside the group's transaction. */
  private appendOne(conversationId: string, authorId: string, message: NewMessage, at: string): AppendResult {
    if (message.fileId !== null || message.threadId !== null) return this.appendTransaction(conversationId, authorId, message, at);
    // Most messages carry no file and answer no thread: one statement stores them, or finds them stored.
    const stored = this.insert(conversationId, authorId, { ...message, notice: null }, at);
    if (stored) return { message: stored, created: true };
    const existing = this.statements.messageByClient.get(authorId, message.clientId) as MessageRow | undefined;
    if (!existing) throw new Error(`No conversation ${conversationId} to store a message in.`);
    return { message: messageFromRow(existing), created: false };
  }

  async appendNotice(conversationId: string, actorId: string, notice: NoticeRecord, at: string): Promise<MessageRecord> {
    return this.inserted(conversationId, actorId, { clientId: null, text: '', fileId: null, notice, threadId: null }, at);
  }

  async edit(messageId: string, text: string, at: string): Promise<void> {
    this.statements.edit.run(text, at, messageId);
  }

  async delete(messageId: string): Promise<void> {
    this.deleteTransaction(messageId);
  }

  /** `append`'s work for a message with a file or in a thread, run in `appendTransaction`. */
  private appendNow(conversationId: string, authorId: string, message: NewMessage, at: string): AppendResult {
    const existing = this.statements.messageByClient.get(authorId, message.clientId) as MessageRow | undefined;
    if (existing) return { message: messageFromRow(existing), created: false };
    const { fileId, threadId } = message;
    if (threadId !== null) {
      const root = this.statements.shownMessage.get(threadId) as MessageRow | undefined;
      if (!root || root.conversationId !== conversationId || root.threadId !== null || root.notice !== null) return { refused: 'thread' };
    }
    if (fileId !== null && this.statements.attachFile.run(fileId, conversationId, authorId).changes === 0) return { refused: 'file' };
    const stored = this.inserted(conversationId, authorId, { ...message, notice: null }, at);
    if (threadId === null) return { message: { ...stored, file: this.fileOf(stored) }, created: true };
    this.statements.countReply.run(stored.createdAt, threadId);
    // Read back with its file and its thread's new summary, as every other read gives it.
    return { message: messageFromRow(this.statements.shownMessage.get(stored.id) as MessageRow), created: true };
  }

  /**
   * Stores a message with the conversation's next sequence number (and time), in one statement;
   * undefined when its author stored one with this client id already (or there is no such
   * conversation).
   */
  private insert(conversationId: string, authorId: string, content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice' | 'threadId'>, createdAt: string): MessageRecord | undefined {
    // The server names the message: a client's own id could carry anything, and others never see it.
    const id = `m-${randomUUID()}`;
    const row = this.statements.insertMessage.get({
      id,
      conversationId,
      authorId,
      clientId: content.clientId,
      text: content.text,
      fileId: content.fileId,
      notice: content.notice === null ? null : JSON.stringify(content.notice),
      createdAt,
      threadId: content.threadId,
    }) as { seq: number } | undefined;
    if (!row) return undefined;
    return { id, conversationId, seq: row.seq, authorId, ...content, file: null, thread: null, deleted: false, createdAt, editedAt: null };
  }

  /** `insert` where the message cannot have been stored before (a notice, or checked first): stored, or an error. */
  private inserted(conversationId: string, authorId: string, content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice' | 'threadId'>, createdAt: string): MessageRecord {
    const message = this.insert(conversationId, authorId, content, createdAt);
    if (!message) throw new Error(`No conversation ${conversationId} to store a message in.`);
    return message;
  }

  /** The file a message just stored carries, as its reads give it. */
  private fileOf(message: MessageRecord): SharedFile | null {
    if (message.fileId === null) return null;
    return (this.statements.file.get(message.fileId) as SharedFile | undefined) ?? null;
  }
}
