/** Session tokens: random, given once at sign-in, stored only as a hash. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database';

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export class SessionStore {
  constructor(private readonly db: Db) {}

  create(userId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, created_at) VALUES (?, ?, ?)').run(hashOf(token), userId, new Date().toISOString());
    return token;
  }

  /** The user a token belongs to, or null for an unknown token. */
  userIdOf(token: string): string | null {
    const row = this.db.prepare('SELECT user_id AS userId FROM sessions WHERE token_hash = ?').get(hashOf(token)) as { userId: string } | undefined;
    return row?.userId ?? null;
  }

  revoke(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashOf(token));
  }
}
