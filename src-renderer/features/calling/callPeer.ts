/**
 * One call's peer connection, between the client that placed the call and the one that
 * answered it (SPEC 3). Three transceivers in a fixed order — the voice, the camera, the shared
 * screen — so each side knows which video is which without telling the other anything more;
 * the camera and the screen go on and off by changing their transceiver's direction, which
 * renegotiates. Negotiation is "perfect negotiation" (W3C WebRTC, §10.7): the caller's side is
 * impolite and makes the first offer, the callee's is polite and yields when offers cross.
 * Everything goes through `send` (the backend relays it to the other client only).
 *
 * Hold stops everything both ways: each side takes its tracks off its senders while the call is
 * held (both hear of the hold from the backend). An ICE restart (`restartIce`) finds a new path
 * after a network change, or after the connection to the backend came back.
 */
import type { CallSignal } from '../../../src-shared/protocol/callProtocol';
import type { LocalMedia, LocalTrackKind } from '../../media';

/** The caller offers first; the callee answers (and yields when offers cross). */
export type CallRole = 'caller' | 'callee';

/** What the call's region shows of the media. */
export interface CallPeerState {
  connection: RTCPeerConnection;
  /** The other party's voice. */
  remoteAudio: MediaStream;
  /** The other party's camera and screen: null while off. */
  remoteCamera: MediaStream | null;
  remoteScreen: MediaStream | null;
  /** How the media path is: `connecting` until it first connects, `reconnecting` while it looks for a new path. */
  media: 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
}

/** The transceivers' roles, by their order in the first offer. */
const roles: readonly LocalTrackKind[] = ['audio', 'camera', 'screen'];

/** How long a path may stay "disconnected" before an ICE restart looks for another. */
const disconnectedRestartMs = 3_000;

export interface CallPeerOptions {
  role: CallRole;
  configuration: RTCConfiguration;
  media: LocalMedia;
  send: (signal: CallSignal) => void;
}

export class CallPeer {
  readonly connection: RTCPeerConnection;
  private state: CallPeerState;
  private readonly listeners = new Set<() => void>();
  private readonly polite: boolean;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private held = false;
  private closed = false;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly stopFollowingTracks: () => void;
  /** Signals are handled one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: CallPeerOptions) {
    this.polite = options.role === 'callee';
    this.connection = new RTCPeerConnection(options.configuration);
    this.state = { connection: this.connection, remoteAudio: new MediaStream(), remoteCamera: null, remoteScreen: null, media: 'connecting' };
    const pc = this.connection;
    pc.onnegotiationneeded = () => void this.negotiate();
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.send({ kind: 'candidate', candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex, usernameFragment: candidate.usernameFragment } });
    };
    pc.ontrack = ({ transceiver, track }) => this.remoteTrack(transceiver, track);
    pc.onconnectionstatechange = () => this.connectionChanged();
    this.stopFollowingTracks = options.media.onTrack((kind, track) => void this.localTrack(kind, track));
    if (options.role === 'caller') {
      // The first offer carries all three, in this order; the callee's transceivers come from it.
      const audio = options.media.track('audio');
      pc.addTransceiver(audio ?? 'audio', { direction: 'sendrecv', streams: [] });
      for (const kind of ['camera', 'screen'] as const) {
        const track = options.media.track(kind);
        pc.addTransceiver(track ?? 'video', { direction: track ? 'sendrecv' : 'recvonly' });
      }
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CallPeerState => this.state;

  /** A signal from the other party's client. */
  receive(signal: CallSignal): void {
    this.queue = this.queue.then(() => this.handle(signal)).catch((error: unknown) => console.warn('Meridian: a call signal could not be used:', error));
  }

  /** On hold neither side sends; resumed, the current tracks go out again. */
  setHeld(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    for (const kind of roles) void this.applyTrack(kind);
  }

  /** Looks for a new path (a network change, the backend's connection back). */
  restartIce(): void {
    if (this.closed) return;
    this.connection.restartIce();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFollowingTracks();
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.connection.close();
    this.update({ media: 'closed' });
  }

  private async negotiate(): Promise<void> {
    // The callee never offers before the caller's first offer set the transceivers up.
    if (this.closed || (this.polite && this.connection.getTransceivers().length === 0)) return;
    try {
      this.makingOffer = true;
      await this.connection.setLocalDescription();
      const description = this.connection.localDescription;
      if (description && (description.type === 'offer' || description.type === 'answer')) this.options.send({ kind: 'description', description: { type: description.type, sdp: description.sdp } });
    } catch (error) {
      console.warn('Meridian: renegotiating the call failed:', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async handle(signal: CallSignal): Promise<void> {
    if (this.closed) return;
    const pc = this.connection;
    if (signal.kind === 'candidate') {
      try {
        await pc.addIceCandidate(signal.candidate);
      } catch (error) {
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const { description } = signal;
    const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    this.settingRemoteAnswer = description.type === 'answer';
    await pc.setRemoteDescription(description);
    this.settingRemoteAnswer = false;
    if (description.type !== 'offer') return;
    // The first offer made the callee's transceivers: put the local tracks on them before answering.
    for (const kind of roles) await this.applyTrack(kind);
    await pc.setLocalDescription();
    const local = pc.localDescription;
    if (local) this.options.send({ kind: 'description', description: { type: 'answer', sdp: local.sdp } });
  }

  private transceiver(kind: LocalTrackKind): RTCRtpTransceiver | undefined {
    return this.connection.getTransceivers()[roles.indexOf(kind)];
  }

  /** Puts a kind's current track (or nothing, on hold or when off) on its sender, and says whether it sends. */
  private async applyTrack(kind: LocalTrackKind): Promise<void> {
    const transceiver = this.transceiver(kind);
    if (!transceiver || this.closed) return;
    const track = this.options.media.track(kind);
    await transceiver.sender.replaceTrack(this.held ? null : track);
    // The voice always negotiates send and receive (mute and hold only take the track off);
    // camera and screen say whether they send, so the other side knows when they go off.
    const direction: RTCRtpTransceiverDirection = kind === 'audio' || track ? 'sendrecv' : 'recvonly';
    if (transceiver.direction !== direction && transceiver.direction !== 'stopped') transceiver.direction = direction;
  }

  private async localTrack(kind: LocalTrackKind, _track: MediaStreamTrack | null): Promise<void> {
    await this.applyTrack(kind);
  }

  private remoteTrack(transceiver: RTCRtpTransceiver, track: MediaStreamTrack): void {
    const kind = roles[this.connection.getTransceivers().indexOf(transceiver)];
    if (kind === 'audio') return this.update({ remoteAudio: new MediaStream([track]) });
    if (kind !== 'camera' && kind !== 'screen') return;
    const key = kind === 'camera' ? 'remoteCamera' : 'remoteScreen';
    // A video shows while frames arrive: the track unmutes with the first, and mutes when the other side turns it off.
    const show = () => this.update({ [key]: new MediaStream([track]) });
    const hide = () => this.update({ [key]: null });
    track.addEventListener('unmute', show);
    track.addEventListener('mute', hide);
    track.addEventListener('ended', hide);
    if (!track.muted) show();
  }

  private connectionChanged(): void {
    const state = this.connection.connectionState;
    if (this.disconnectedTimer) {
      clearTimeout(this.disconnectedTimer);
      this.disconnectedTimer = null;
    }
    if (state === 'connected') this.update({ media: 'connected' });
    else if (state === 'failed') {
      this.update({ media: 'reconnecting' });
      this.restartIce();
    } else if (state === 'disconnected') {
      this.update({ media: 'reconnecting' });
      this.disconnectedTimer = setTimeout(() => this.restartIce(), disconnectedRestartMs);
    } else if (state === 'closed') this.update({ media: 'closed' });
  }

  private update(change: Partial<CallPeerState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
