/**
 * Sessions (SPEC 8): a random token given once at sign-in and stored only as a hash. A session
 * ends at sign-out, 30 days after it began however much it is used, and, for the browser build,
 * after 12 hours unused. A session with a client connected is in use; idle time counts from
 * its last client going away.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionEndReason } from '../../src-shared/protocol/events';
import { browserSessionIdleMs, sessionLifetimeMs, type SessionClientKind } from '../../src-shared/protocol/http';
import { isoNow, type Clock } from '../domain/clock';
import type { SessionRecord } from '../store/records';
import type { SessionRepository } from '../store/repositories';

/** How long sessions last; the defaults are SPEC 8's. */
export interface SessionPolicy {
  lifetimeMs: number;
  browserIdleMs: number;
}

/** A token checked: the session it opens, or why it opens none. */
export type SessionCheck = { ok: true; session: SessionRecord } | { ok: false; reason: 'unknown' | 'expired' };

/** The hash a token is stored and known by (also names the socket.io room of its clients). */
export function sessionHashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Told of every session that ends, however it was noticed, so its clients end with it. */
export type SessionEndListener = (hash: string, reason: SessionEndReason) => void;

export class SessionService {
  /** Session hash → clients connected with it now. */
  private readonly connected = new Map<string, number>();
  private readonly endListeners: SessionEndListener[] = [];

  constructor(
    private readonly store: SessionRepository,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy = { lifetimeMs: sessionLifetimeMs, browserIdleMs: browserSessionIdleMs },
  ) {}

  async create(userId: string, client: SessionClientKind = 'desktop'): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = isoNow(this.clock);
    await this.store.insert({ hash: sessionHashOf(token), userId, client, createdAt: now, lastUsedAt: now });
    return token;
  }

  /**
   * Ending a session always ends its clients (issue 18 #4): whoever notices that a session is
   * over (a request with an expired token, the sweep, a sign-out) deletes it through `end`, and
   * every listener hears of it.
   */
  onEnded(listener: SessionEndListener): void {
    this.endListeners.push(listener);
  }

  /** Whether a token opens a session now; an expired one is ended on sight, its clients with it. */
  async check(token: string): Promise<SessionCheck> {
    const session = await this.store.find(sessionHashOf(token));
    if (!session) return { ok: false, reason: 'unknown' };
    if (this.isExpired(session)) {
      await this.end(session.hash, 'expired');
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, session };
  }

  /** The person a token belongs to while its session lasts, or null. */
  async userIdOf(token: string): Promise<string | null> {
    const check = await this.check(token);
    return check.ok ? check.session.userId : null;
  }

  /**
   * Signs a token out: its session ends, and so do any clients still using it, even when the
   * session was already gone (ended elsewhere): nothing of it outlives the sign-out.
   */
  async revoke(token: string): Promise<void> {
    await this.end(sessionHashOf(token), 'signed-out');
  }

  /**
   * Whether a client of this process is connected with this session (it cannot idle out). A
   * client that left stops counting once its last use is stored, which on PostgreSQL can be a
   * moment after its socket is counted out of the directory.
   */
  inUse(hash: string): boolean {
    return (this.connected.get(hash) ?? 0) > 0;
  }

  /** A client connected with this session: it is in use from now on. */
  async clientConnected(hash: string): Promise<void> {
    this.connected.set(hash, (this.connected.get(hash) ?? 0) + 1);
    await this.store.touch(hash, isoNow(this.clock));
  }

  /** A client of this session went away: idle time counts from now once it was the last. */
  async clientDisconnected(hash: string): Promise<void> {
    // The last use is stored before the client stops counting as connected: a sweep in between
    // finds it either in use or freshly used, never idle since it connected.
    try {
      await this.store.touch(hash, isoNow(this.clock));
    } finally {
      const count = (this.connected.get(hash) ?? 1) - 1;
      if (count > 0) this.connected.set(hash, count);
      else this.connected.delete(hash);
    }
  }

  /** Ends sessions that had expired by `now` (a bounded batch per call), their clients with them, and returns them. */
  async sweepExpired(batch = 500, now = this.clock.now()): Promise<SessionRecord[]> {
    const createdBefore = new Date(now - this.policy.lifetimeMs).toISOString();
    const usedBefore = new Date(now - this.policy.browserIdleMs).toISOString();
    const candidates = await this.store.expiredCandidates(createdBefore, usedBefore, batch);
    const expired: SessionRecord[] = [];
    for (const session of candidates) {
      // Deleted only if still expired as stored now: a client that left (and recorded its last use) while this sweep read keeps its session.
      if (!this.isExpired(session, now) || !(await this.store.deleteIfExpired(session.hash, createdBefore, usedBefore))) continue;
      this.notifyEnded(session.hash, 'expired');
      expired.push(session);
    }
    return expired;
  }

  private async end(hash: string, reason: SessionEndReason): Promise<void> {
    await this.store.delete(hash);
    this.notifyEnded(hash, reason);
  }

  private notifyEnded(hash: string, reason: SessionEndReason): void {
    for (const listener of this.endListeners) listener(hash, reason);
  }

  private isExpired(session: SessionRecord, now = this.clock.now()): boolean {
    // Written as "not younger than" so an unreadable date counts as expired.
    if (!(now - Date.parse(session.createdAt) < this.policy.lifetimeMs)) return true;
    return session.client === 'browser' && !this.inUse(session.hash) && !(now - Date.parse(session.lastUsedAt ?? session.createdAt) < this.policy.browserIdleMs);
  }
}
