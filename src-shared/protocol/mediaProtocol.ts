/**
 * What calls and meetings share about media: the ICE servers a client may use (SPEC 3: a TURN
 * relay where the network needs one). With `--turn-url` and `--turn-secret` the backend hands
 * each person short-lived TURN credentials (the TURN REST scheme coturn implements with
 * `use-auth-secret`); without them, none: host candidates alone, which is all loopback needs.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';

/** One STUN or TURN server, as RTCPeerConnection takes it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** What a client puts in its RTCConfiguration. */
export interface IceConfiguration {
  iceServers: IceServer[];
  /** `relay` sends media only through TURN (an operator's choice: peers never learn each other's address). */
  iceTransportPolicy: 'all' | 'relay';
  /** When the TURN credentials stop working; null when there are none. Ask again before then. */
  expiresAt: string | null;
}

export const mediaCommands = {
  /** The ICE servers (and TURN credentials) for the viewer's next call or meeting. */
  'media:iceServers': z.object({}).strict(),
} as const;

export interface MediaResults {
  'media:iceServers': IceConfiguration;
}

export interface MediaApi {
  getIceServers(): Promise<Ack<IceConfiguration>>;
}

export function createMediaApi(transport: ApiTransport): MediaApi {
  return {
    getIceServers: () => transport.invoke('media:iceServers', {}),
  };
}
