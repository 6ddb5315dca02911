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

export class ConversationStore {
  constructor(private readonly db: Db) {}

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
