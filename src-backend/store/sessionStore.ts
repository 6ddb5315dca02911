/** Sessions in SQLite: a token's hash (never the token), whose it is, what client holds it, when it was made and last used. */
import type { SessionClientKind } from '../../src-shared/protocol/http';
import type { Db } from './database';

/** One stored session. */
export interface SessionRecord {
  hash: string;
  userId: string;
  client: SessionClientKind;
  createdAt: string;
  lastUsedAt: string;
}

export class SessionStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare('INSERT INTO sessions (token_hash, user_id, client, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)'),
      find: db.prepare('SELECT token_hash AS hash, user_id AS userId, client, created_at AS createdAt, last_used_at AS lastUsedAt FROM sessions WHERE token_hash = ?'),
      touch: db.prepare('UPDATE sessions SET last_used_at = ? WHERE token_hash = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      expired: db.prepare(
        `SELECT token_hash AS hash, user_id AS userId, client, created_at AS createdAt, last_used_at AS lastUsedAt FROM sessions
          WHERE created_at < @createdBefore OR (client = 'browser' AND last_used_at < @usedBefore) LIMIT @limit`,
      ),
    };
  }

  insert(session: SessionRecord): void {
    this.statements.insert.run(session.hash, session.userId, session.client, session.createdAt, session.lastUsedAt);
  }

  find(hash: string): SessionRecord | undefined {
    return this.statements.find.get(hash) as SessionRecord | undefined;
  }

  touch(hash: string, at: string): void {
    this.statements.touch.run(at, hash);
  }

  delete(hash: string): boolean {
    return this.statements.delete.run(hash).changes > 0;
  }

  /** Up to `limit` sessions made before `createdBefore`, or browser sessions last used before `usedBefore`. */
  expiredCandidates(createdBefore: string, usedBefore: string, limit: number): SessionRecord[] {
    return this.statements.expired.all({ createdBefore, usedBefore, limit }) as SessionRecord[];
  }
}
