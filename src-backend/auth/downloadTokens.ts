/**
 * Signed download URLs: a plain `<a>` link cannot carry the session token, so `file:downloadUrl`
 * issues a query bound to one user and one file, valid for a few minutes (HMAC under the
 * deployment's signing key, ./secrets.ts, so a link one process issued works on every other; a
 * key of this process alone when none is configured). The download route still checks
 * membership on every request.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { downloadUrlLifetimeMs } from '../../src-shared/protocol/fileProtocol';
import { systemClock, type Clock } from '../domain/clock';

export type DownloadCheck = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'expired' };

export class DownloadSigner {
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly lifetimeMs = downloadUrlLifetimeMs,
    private readonly key: Buffer = randomBytes(32),
  ) {}

  /** The query string (without `?`) that lets `userId` fetch `fileId` until it expires. */
  sign(userId: string, fileId: string): { query: string; expiresAt: Date } {
    const expires = Math.floor((this.clock.now() + this.lifetimeMs) / 1000);
    const query = new URLSearchParams({ user: userId, expires: String(expires), signature: this.signature(userId, fileId, expires) });
    return { query: query.toString(), expiresAt: new Date(expires * 1000) };
  }

  /** Whose link this is, if it was signed here for this file and has not expired. */
  verify(fileId: string, query: URLSearchParams): DownloadCheck {
    const userId = query.get('user') ?? '';
    const expiresText = query.get('expires') ?? '';
    const given = Buffer.from(query.get('signature') ?? '', 'base64url');
    if (!userId || !/^\d{1,12}$/.test(expiresText)) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.signature(userId, fileId, Number(expiresText)), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    if (Number(expiresText) * 1000 <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, userId };
  }

  private signature(userId: string, fileId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`download\n${userId}\n${fileId}\n${expires}`).digest('base64url');
  }
}
