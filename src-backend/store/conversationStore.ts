import { randomUUID } from 'node:crypto';
/** Conversations (channels and direct chats) and their members, in SQLite. */
import { normalizeText } from '../directory/peopleSearch';
import type { Viewer } from '../directory/directory';
import type { Db } from './database';

export interface ChannelRecord {
  id: string;
  name: string;
  topic: string | null;
  accountId: string;
  visibility: 'public' | 'private';
}

export interface ConversationRecord {
  id: string;
  kind: 'channel' | 'direct';
  name: string | null;
  topic: string | null;
  accountId: string | null;
  visibility: 'public' | 'private' | null;
  lastSeq: number;
  lastMessageAt: string | null;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  /** The author's own id for the message (idempotent resends); never shown to others. */
  clientId: string | null;
  text: string;
  createdAt: string;
}

const conversationColumns = `c.id, c.kind, c.name, c.topic, c.account_id AS accountId, c.visibility, c.last_seq AS lastSeq,
  (SELECT MAX(created_at) FROM messages WHERE conversation_id = c.id) AS lastMessageAt`;
const messageColumns = 'id, conversation_id AS conversationId, seq, author_id AS authorId, client_id AS clientId, text, created_at AS createdAt';

export class ConversationStore {
  constructor(private readonly db: Db) {}

  get(conversationId: string): ConversationRecord | undefined {
    return this.db.prepare(`SELECT ${conversationColumns} FROM conversations c WHERE c.id = ?`).get(conversationId) as ConversationRecord | undefined;
  }

  /** Every conversation the user is a member of. */
  listFor(userId: string): ConversationRecord[] {
    return this.db
      .prepare(`SELECT ${conversationColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE m.user_id = ? ORDER BY c.id`)
      .all(userId) as ConversationRecord[];
  }

  members(conversationId: string): string[] {
    return (this.db.prepare('SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id').all(conversationId) as Array<{ userId: string }>).map(
      (row) => row.userId,
    );
  }

  isMember(conversationId: string, userId: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?').get(conversationId, userId) !== undefined;
  }

  /** Creates the direct conversation of two people unless it exists. */
  ensureDirect(id: string, first: string, second: string): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`INSERT OR IGNORE INTO conversations (id, kind, created_at) VALUES (?, 'direct', ?)`).run(id, now);
      const member = this.db.prepare('INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
      member.run(id, first, now);
      member.run(id, second, now);
    })();
  }

  /** Newest `limit` messages older than `beforeSeq`, oldest first. */
  history(conversationId: string, beforeSeq: number | undefined, limit: number): { messages: MessageRecord[]; hasMore: boolean } {
    const rows = this.db
      .prepare(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND seq < ? AND deleted = 0 ORDER BY seq DESC LIMIT ?`)
      .all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRecord[];
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse(), hasMore };
  }

  /**
   * Stores a message once: a resend with the same client id returns the stored message
   * instead of a second copy. The sequence number is the conversation's next one.
   */
  append(conversationId: string, clientId: string, authorId: string, text: string): { message: MessageRecord; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.db.prepare(`SELECT ${messageColumns} FROM messages WHERE author_id = ? AND client_id = ?`).get(authorId, clientId) as MessageRecord | undefined;
      if (existing) return { message: existing, created: false };
      const { lastSeq } = this.db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS lastSeq').get(conversationId) as { lastSeq: number };
      // The server names the message: a client's own id could carry anything, and others never see it.
      const message: MessageRecord = { id: `m-${randomUUID()}`, conversationId, seq: lastSeq, authorId, clientId, text, createdAt: new Date().toISOString() };
      this.db
        .prepare('INSERT INTO messages (id, conversation_id, seq, author_id, client_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(message.id, conversationId, message.seq, authorId, clientId, text, message.createdAt);
      return { message, created: true };
    })();
  }

  /** Channels the viewer may discover (own account's public ones, and their own) whose name matches. */
  searchChannels(viewer: Viewer, query: string, limit: number): Array<ChannelRecord & { member: boolean }> {
    const words = normalizeText(query).split(/[\s#]+/).filter(Boolean);
    if (words.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT c.id, c.name, c.topic, c.account_id AS accountId, c.visibility,
                EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = @userId) AS member
           FROM conversations c
          WHERE c.kind = 'channel'
            AND ((c.account_id = @accountId AND c.visibility = 'public')
                 OR c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = @userId))`,
      )
      .all({ userId: viewer.id, accountId: viewer.accountId }) as Array<ChannelRecord & { member: number }>;
    return rows
      .map((row) => {
        const nameWords = normalizeText(row.name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        const matches = words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)) || normalizeText(row.name).startsWith(word));
        const exact = normalizeText(row.name) === words.join(' ');
        return { row, score: matches ? (exact ? 2 : 1) : 0 };
      })
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.row.name.localeCompare(b.row.name))
      .slice(0, limit)
      .map(({ row }) => ({ ...row, member: row.member === 1 }));
  }
}
