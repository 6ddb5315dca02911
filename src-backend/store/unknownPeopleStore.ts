/**
 * References to people a viewer does not see (SPEC 1 rule 7), in SQLite. One reference per
 * conversation and viewing account: a random token (derived from nothing) and a number that
 * counts the conversation's unknown people for that account (1, 2, 3…, never reused). A reference
 * is retired once the viewing account sees the person again; if they become unknown later, they
 * get a new one, so nothing links the two periods or two conversations.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './database';

/** What the client gets for an unknown person in one conversation. */
export interface UnknownReference {
  token: string;
  number: number;
}

export class UnknownPeopleStore {
  /** Counts retirements: a reference given out before one may have ended. */
  retirements = 0;
  /** Current references, by conversation, viewing account and person: history pages repeat authors. */
  private readonly cache = new Map<string, UnknownReference>();
  private readonly find;
  private readonly nextNumber;
  private readonly insert;

  constructor(private readonly db: Db) {
    this.find = db.prepare(
      'SELECT token, number FROM unknown_people WHERE conversation_id = ? AND viewer_account_id = ? AND user_id = ? AND retired_at IS NULL',
    );
    this.nextNumber = db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS number FROM unknown_people WHERE conversation_id = ? AND viewer_account_id = ?');
    this.insert = db.prepare('INSERT INTO unknown_people (conversation_id, viewer_account_id, user_id, number, token) VALUES (?, ?, ?, ?, ?)');
  }

  /** The reference of `userId` for people of `viewerAccountId` in one conversation, made on first use. */
  reference(conversationId: string, viewerAccountId: string, userId: string): UnknownReference {
    const key = `${conversationId}\n${viewerAccountId}\n${userId}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const reference = this.db.transaction(() => {
      const existing = this.find.get(conversationId, viewerAccountId, userId) as UnknownReference | undefined;
      if (existing) return existing;
      const { number } = this.nextNumber.get(conversationId, viewerAccountId) as { number: number };
      const made = { token: randomBytes(12).toString('base64url'), number };
      this.insert.run(conversationId, viewerAccountId, userId, made.number, made.token);
      return made;
    })();
    this.cache.set(key, reference);
    return reference;
  }

  /** People of `viewerAccountId` see the people of `targetAccountId` again: their references end. */
  retire(viewerAccountId: string, targetAccountId: string): void {
    this.db
      .prepare(
        `UPDATE unknown_people SET retired_at = ?
          WHERE retired_at IS NULL AND viewer_account_id = ? AND user_id IN (SELECT id FROM users WHERE account_id = ?)`,
      )
      .run(new Date().toISOString(), viewerAccountId, targetAccountId);
    this.cache.clear();
    this.retirements += 1;
  }
}
