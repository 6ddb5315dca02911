import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/clock';
import { IceServerService, iceSettingsProblem, defaultIceSettings } from './iceServers';

describe('ICE servers', () => {
  it('hands out nothing by default: host candidates are all loopback and one network need', () => {
    expect(new IceServerService(new FakeClock()).configurationFor('nw-alice')).toEqual({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null });
  });

  it('makes TURN REST credentials coturn accepts: expiry:user, HMAC-SHA1 of the secret, valid for the configured time', () => {
    const clock = new FakeClock(Date.parse('2026-11-20T15:00:00Z'));
    const service = new IceServerService(clock, { turnUrls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], turnSecret: 'a-secret-of-some-length', credentialLifetimeMs: 3_600_000, stunUrls: ['stun:stun.example.com'] });
    const config = service.configurationFor('nw-alice');
    const expiry = Date.parse('2026-11-20T16:00:00Z') / 1000;
    expect(config.expiresAt).toBe('2026-11-20T16:00:00.000Z');
    expect(config.iceServers).toEqual([
      { urls: ['stun:stun.example.com'] },
      { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], username: `${expiry}:nw-alice`, credential: createHmac('sha1', 'a-secret-of-some-length').update(`${expiry}:nw-alice`).digest('base64') },
    ]);
    // Each person gets their own; the secret itself is never handed out.
    expect(service.configurationFor('ct-bella').iceServers[1]!.username).toBe(`${expiry}:ct-bella`);
    expect(JSON.stringify(config)).not.toContain('a-secret-of-some-length');
  });

  it('relays only when told, and refuses settings that cannot work', () => {
    const relay = new IceServerService(new FakeClock(), { turnUrls: ['turn:127.0.0.1:3478'], turnSecret: 'x'.repeat(16), relayOnly: true });
    expect(relay.configurationFor('u').iceTransportPolicy).toBe('relay');
    expect(iceSettingsProblem({ ...defaultIceSettings, turnUrls: ['http://turn.example.com'], turnSecret: 'x'.repeat(16) })).toContain('not a TURN URL');
    expect(iceSettingsProblem({ ...defaultIceSettings, turnUrls: ['turn:turn.example.com'] })).toContain('--turn-secret');
    expect(iceSettingsProblem({ ...defaultIceSettings, turnUrls: ['turn:turn.example.com'], turnSecret: 'short' })).toContain('16 characters');
    expect(iceSettingsProblem({ ...defaultIceSettings, turnSecret: 'x'.repeat(16) })).toContain('--turn-url');
    expect(iceSettingsProblem({ ...defaultIceSettings, relayOnly: true })).toContain('--ice-relay-only needs --turn-url');
    expect(iceSettingsProblem({ ...defaultIceSettings, stunUrls: ['stun:bad host'] })).toContain('not a STUN URL');
    expect(() => new IceServerService(new FakeClock(), { relayOnly: true })).toThrow('--ice-relay-only');
  });
});
