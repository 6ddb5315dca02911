/**
 * Sessions (SPEC 8): a random token given once at sign-in and stored only as a hash. A session
 * ends at sign-out, 30 days after it began however much it is used, and, for the browser build,
 * after 12 hours unused. A session with a client connected is in use; idle time counts from
 * its last client going away.
 */
import { createHash, randomBytes } from 'node:crypto';
import { browserSessionIdleMs, sessionLifetimeMs, type SessionClientKind } from '../../src-shared/protocol/http';
import { isoNow, type Clock } from '../domain/clock';
import type { SessionRecord, SessionStore } from '../store/sessionStore';

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

export class SessionService {
  /** Session hash → clients connected with it now. */
  private readonly connected = new Map<string, number>();

  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy = { lifetimeMs: sessionLifetimeMs, browserIdleMs: browserSessionIdleMs },
  ) {}

  create(userId: string, client: SessionClientKind = 'desktop'): string {
    const token = randomBytes(32).toString('base64url');
    const now = isoNow(this.clock);
    this.store.insert({ hash: sessionHashOf(token), userId, client, createdAt: now, lastUsedAt: now });
    return token;
  }

  /** Whether a token opens a session now; an expired one is deleted on sight. */
  check(token: string): SessionCheck {
    const session = this.store.find(sessionHashOf(token));
    if (!session) return { ok: false, reason: 'unknown' };
    if (this.isExpired(session)) {
      this.store.delete(session.hash);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, session };
  }

  /** The person a token belongs to while its session lasts, or null. */
  userIdOf(token: string): string | null {
    const check = this.check(token);
    return check.ok ? check.session.userId : null;
  }

  /** Ends a session; its hash when there was one, so its clients can be told. */
  revoke(token: string): string | null {
    const hash = sessionHashOf(token);
    return this.store.delete(hash) ? hash : null;
  }

  /** A client connected with this session: it is in use from now on. */
  clientConnected(hash: string): void {
    this.connected.set(hash, (this.connected.get(hash) ?? 0) + 1);
    this.store.touch(hash, isoNow(this.clock));
  }

  /** A client of this session went away: idle time counts from now once it was the last. */
  clientDisconnected(hash: string): void {
    const count = (this.connected.get(hash) ?? 1) - 1;
    if (count > 0) this.connected.set(hash, count);
    else this.connected.delete(hash);
    this.store.touch(hash, isoNow(this.clock));
  }

  /** Deletes sessions that have expired (a bounded batch per call) and returns them, so their clients can be told. */
  sweepExpired(batch = 500): SessionRecord[] {
    const now = this.clock.now();
    const candidates = this.store.expiredCandidates(new Date(now - this.policy.lifetimeMs).toISOString(), new Date(now - this.policy.browserIdleMs).toISOString(), batch);
    const expired = candidates.filter((session) => this.isExpired(session));
    for (const session of expired) this.store.delete(session.hash);
    return expired;
  }

  private isExpired(session: SessionRecord): boolean {
    const now = this.clock.now();
    // Written as "not younger than" so an unreadable date counts as expired.
    if (!(now - Date.parse(session.createdAt) < this.policy.lifetimeMs)) return true;
    const inUse = (this.connected.get(session.hash) ?? 0) > 0;
    return session.client === 'browser' && !inUse && !(now - Date.parse(session.lastUsedAt ?? session.createdAt) < this.policy.browserIdleMs);
  }
}
