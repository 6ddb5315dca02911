/**
 * References to unknown people in SQLite (SPEC 1 rule 7): a random token (derived from nothing)
 * and a number counting the conversation's unknown people for one viewing account (1, 2, 3…,
 * never reused); one writer at a time, so finding the next number and taking it is one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { UnknownPeopleRepository } from '../repositories';
import type { UnknownReference } from '../records';
import type { Db } from './database';

export class SqliteUnknownPeopleRepository implements UnknownPeopleRepository {
  private readonly statements;
  private readonly make: (conversationId: string, viewerAccountId: string, userId: string) => UnknownReference;

  constructor(db: Db) {
    this.statements = {
      find: db.prepare('SELECT token, number FROM unknown_people WHERE conversation_id = ? AND viewer_account_id = ? AND user_id = ? AND retired_at IS NULL'),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS number FROM unknown_people WHERE conversation_id = ? AND viewer_account_id = ?'),
      insert: db.prepare('INSERT INTO unknown_people (conversation_id, viewer_account_id, user_id, number, token) VALUES (?, ?, ?, ?, ?)'),
      retire: db.prepare(
        `UPDATE unknown_people SET retired_at = ?
          WHERE retired_at IS NULL AND viewer_account_id = ? AND user_id IN (SELECT id FROM users WHERE account_id = ?)`,
      ),
    };
    this.make = db.transaction((conversationId: string, viewerAccountId: string, userId: string) => {
      const existing = this.statements.find.get(conversationId, viewerAccountId, userId) as UnknownReference | undefined;
      if (existing) return existing;
      const { number } = this.statements.nextNumber.get(conversationId, viewerAccountId) as { number: number };
      const made = { token: randomBytes(12).toString('base64url'), number };
      this.statements.insert.run(conversationId, viewerAccountId, userId, made.number, made.token);
      return made;
    });
  }

  async reference(conversationId: string, viewerAccountId: string, userId: string): Promise<UnknownReference> {
    return this.make(conversationId, viewerAccountId, userId);
  }

  async retire(viewerAccountId: string, targetAccountId: string, at: string): Promise<void> {
    this.statements.retire.run(at, viewerAccountId, targetAccountId);
  }
}
