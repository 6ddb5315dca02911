/**
 * The ICE servers clients use for calls and meetings (`context.iceServers`): none by default,
 * which suits loopback and one network (host candidates reach each other); STUN servers if
 * given; and TURN servers with short-lived credentials made by the TURN REST scheme that coturn
 * implements with `use-auth-secret`:
 *
 *   username   = "<expiry, Unix seconds>:<user id>"
 *   credential = base64(HMAC-SHA1(secret, username))
 *
 * so the TURN server checks a credential without asking anyone, and one that leaks stops
 * working when it expires. The secret never leaves the backend.
 */
import { createHmac } from 'node:crypto';
import type { IceConfiguration, IceServer } from '../../src-shared/protocol/mediaProtocol';
import type { Clock } from '../domain/clock';

export interface IceSettings {
  /** `turn:` / `turns:` URLs of one TURN service (they share the secret). */
  turnUrls: string[];
  /** coturn's `static-auth-secret`; required with turnUrls. */
  turnSecret: string | null;
  /** How long a credential works. */
  credentialLifetimeMs: number;
  /** `stun:` URLs, for clients behind NAT when no TURN is needed. */
  stunUrls: string[];
  /** Media only through TURN: peers never learn each other's address. Needs turnUrls. */
  relayOnly: boolean;
}

export const defaultIceSettings: IceSettings = { turnUrls: [], turnSecret: null, credentialLifetimeMs: 12 * 60 * 60_000, stunUrls: [], relayOnly: false };

const turnUrl = /^turns?:(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/i;
const stunUrl = /^stuns?:(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** Why these settings cannot work, or null. */
export function iceSettingsProblem(settings: IceSettings): string | null {
  const badTurn = settings.turnUrls.find((url) => !turnUrl.test(url));
  if (badTurn) return `--turn-url ${badTurn} is not a TURN URL: use turn:HOST[:PORT][?transport=udp|tcp] or turns:…`;
  const badStun = settings.stunUrls.find((url) => !stunUrl.test(url));
  if (badStun) return `--stun-url ${badStun} is not a STUN URL: use stun:HOST[:PORT].`;
  if (settings.turnUrls.length > 0 && (settings.turnSecret ?? '').length < 16) return '--turn-url needs --turn-secret: the TURN server\'s static-auth-secret, at least 16 characters.';
  if (settings.turnUrls.length === 0 && settings.turnSecret) return '--turn-secret needs --turn-url.';
  if (settings.relayOnly && settings.turnUrls.length === 0) return '--ice-relay-only needs --turn-url: without a TURN server no call could connect.';
  if (!(settings.credentialLifetimeMs >= 60_000)) return 'TURN credentials must last at least a minute.';
  return null;
}

export class IceServerService {
  readonly settings: IceSettings;

  constructor(
    private readonly clock: Clock,
    settings: Partial<IceSettings> = {},
  ) {
    this.settings = { ...defaultIceSettings, ...settings };
    const problem = iceSettingsProblem(this.settings);
    if (problem) throw new Error(problem);
  }

  /** What one person's client uses for its next call or meeting. */
  configurationFor(userId: string): IceConfiguration {
    const { turnUrls, turnSecret, stunUrls, relayOnly, credentialLifetimeMs } = this.settings;
    const iceServers: IceServer[] = [];
    if (stunUrls.length > 0) iceServers.push({ urls: [...stunUrls] });
    let expiresAt: string | null = null;
    if (turnUrls.length > 0 && turnSecret) {
      const expiry = Math.floor((this.clock.now() + credentialLifetimeMs) / 1000);
      const username = `${expiry}:${userId}`;
      iceServers.push({ urls: [...turnUrls], username, credential: turnCredential(turnSecret, username) });
      expiresAt = new Date(expiry * 1000).toISOString();
    }
    return { iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all', expiresAt };
  }
}

/** The TURN REST credential for a username: what coturn computes from the same secret. */
export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}
