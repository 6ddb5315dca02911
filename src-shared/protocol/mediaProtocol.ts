/**
 * What calls and meetings share about media: the ICE servers a client may use (SPEC 3: a TURN
 * relay where the network needs one). With `--turn-url` and `--turn-secret` the backend hands
 * each person short-lived TURN credentials (the TURN REST scheme coturn implements with
 * `use-auth-secret`); without them, none: host candidates alone, which is all loopback needs.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport, Unsubscribe } from './api';

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

/** A screen or window the desktop app may share (Electron's desktopCapturer), as its picker shows it. */
export interface ScreenSource {
  id: string;
  name: string;
  kind: 'screen' | 'window';
  /** A small picture of it (a data: URL), or null. */
  thumbnail: string | null;
}

/** The desktop app asks the page which screen or window to share (getDisplayMedia in a call or meeting). */
export interface ScreenChoiceRequest {
  requestId: string;
  sources: ScreenSource[];
}

/** Renderer API channels the session host serves for media (the desktop app's screen picker). */
export const mediaLocalChannelSchemas = {
  /** The screen or window picked for a `media:chooseScreen` request, or null to share nothing. */
  'media:screenChosen': z.object({ requestId: z.string().regex(/^[\w-]{1,64}$/), sourceId: z.string().min(1).max(300).nullable() }).strict(),
} as const;

export interface MediaLocalChannelResults {
  /** False where there is nothing to answer (the browser build: its own picker chose). */
  'media:screenChosen': boolean;
}

export interface MediaApi {
  getIceServers(): Promise<Ack<IceConfiguration>>;
  /** The desktop app asks which screen or window to share; answer with `chooseScreen`. */
  onScreenChoice(listener: (request: ScreenChoiceRequest) => void): Unsubscribe;
  chooseScreen(choice: { requestId: string; sourceId: string | null }): Promise<boolean>;
}

export function createMediaApi(transport: ApiTransport): MediaApi {
  return {
    getIceServers: () => transport.invoke('media:iceServers', {}),
    onScreenChoice: (listener) => transport.subscribe('media:chooseScreen', listener),
    chooseScreen: (choice) => transport.invoke('media:screenChosen', choice),
  };
}
