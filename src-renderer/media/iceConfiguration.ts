import type { IceConfiguration } from '../../src-shared/protocol/mediaProtocol';
import { getApi } from '../bridge/api';

/** Asked again this long before TURN credentials expire, so a call never starts with stale ones. */
const renewBeforeMs = 60_000;
/** Without credentials, the answer is kept this long (an operator may add a TURN server). */
const keepWithoutExpiryMs = 10 * 60_000;

let cached: { configuration: RTCConfiguration; until: number } | null = null;

/** RTCConfiguration as the backend says (its ICE servers, TURN credentials and transport policy). */
export function rtcConfiguration(ice: IceConfiguration): RTCConfiguration {
  return {
    iceServers: ice.iceServers.map((server) => ({ urls: server.urls, ...(server.username ? { username: server.username } : {}), ...(server.credential ? { credential: server.credential } : {}) })),
    iceTransportPolicy: ice.iceTransportPolicy,
    bundlePolicy: 'max-bundle',
    rtcpMuxPolicy: 'require',
  };
}

/** The configuration for a new peer connection; without an answer from the backend, host candidates only. */
export async function iceConfiguration(): Promise<RTCConfiguration> {
  if (cached && cached.until > Date.now()) return cached.configuration;
  const answer = await getApi().getIceServers();
  if (!answer.ok) return rtcConfiguration({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null });
  const configuration = rtcConfiguration(answer.data);
  const until = answer.data.expiresAt ? Date.parse(answer.data.expiresAt) - renewBeforeMs : Date.now() + keepWithoutExpiryMs;
  cached = { configuration, until };
  return configuration;
}

/** Forgets the kept answer (signed out; the next person gets their own credentials). */
export function forgetIceConfiguration(): void {
  cached = null;
}
