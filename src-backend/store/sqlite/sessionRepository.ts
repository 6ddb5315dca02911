/** Sessions in SQLite: a token's hash (never the token), whose it is, what client holds it, when it was made and last used. */
import type { SessionRepository } from '../repositories';
import type { SessionRecord } from '../records';
import type { Db } from './database';

const columns = 'token_hash AS hash, user_id AS userId, client, created_at AS createdAt, last_used_at AS lastUsedAt';

export class SqliteSessionRepository implements SessionRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare('INSERT INTO sessions (token_hash, user_id, client, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)'),
      find: db.prepare(`SELECT ${columns} FROM sessions WHERE token_hash = ?`),
      touch: db.prepare('UPDATE sessions SET last_used_at = ? WHERE token_hash = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteIfExpired: db.prepare(`DELETE FROM sessions WHERE token_hash = @hash AND (created_at < @createdBefore OR (client = 'browser' AND last_used_at < @usedBefore))`),
      expired: db.prepare(`SELECT ${columns} FROM sessions WHERE created_at < @createdBefore OR (client = 'browser' AND last_used_at < @usedBefore) LIMIT @limit`),
    };
  }

  async insert(session: SessionRecord): Promise<void> {
    this.statements.insert.run(session.hash, session.userId, session.client, session.createdAt, session.lastUsedAt);
  }

  async find(hash: string): Promise<SessionRecord | undefined> {
    return this.statements.find.get(hash) as SessionRecord | undefined;
  }

  async touch(hash: string, at: string): Promise<void> {
    this.statements.touch.run(at, hash);
  }

  async delete(hash: string): Promise<boolean> {
    return this.statements.delete.run(hash).changes > 0;
  }

  async deleteIfExpired(hash: string, createdBefore: string, usedBefore: string): Promise<boolean> {
    return this.statements.deleteIfExpired.run({ hash, createdBefore, usedBefore }).changes > 0;
  }

  async expiredCandidates(createdBefore: string, usedBefore: string, limit: number): Promise<SessionRecord[]> {
    return this.statements.expired.all({ createdBefore, usedBefore, limit }) as SessionRecord[];
  }
}
