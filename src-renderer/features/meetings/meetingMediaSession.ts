/**
 * One client's media in the meeting it is in (SPEC 3, "Media is real"). Through the media server
 * (`sfu`): one connection sends this client's microphone, camera and screen, another receives
 * everyone else's, both negotiated through the backend (`meeting:publish`, `meeting:media-offered`
 * / `meeting:subscribed`, `meeting:candidate`); nothing goes directly to another participant.
 * Without a media server (`mesh`): voice only, one connection per other participant, for up to
 * four people who all see each other (the backend refuses otherwise).
 *
 * Who a received stream belongs to is only what the backend says (`ReceivedStream.participant`,
 * UNKNOWN USER for people the viewer does not see) and a feed reference of this client's own.
 * Local media (devices, toggles) come from the media module (../../media).
 */
import type { MeetingMediaMode, ReceivedStream, TrackSource } from '../../../src-shared/protocol/meetingProtocol';
import type { PersonRef } from '../../../src-shared/protocol/model';
import type { MeridianApi } from '../../../src-shared/protocol/api';
import { createLocalMedia, iceConfiguration, type LocalMedia, type LocalTrackKind } from '../../media';

/** What this client receives from one other participant. */
export interface RemoteParticipant {
  /** The backend's feed reference (sfu) or the person's id (mesh): stable while they are in the meeting. */
  feed: string;
  participant: PersonRef;
  audio: MediaStream | null;
  camera: MediaStream | null;
  screen: MediaStream | null;
}

export interface MeetingMediaSnapshot {
  remotes: RemoteParticipant[];
  /** The feed heard loudest now (or `self`), for the active speaker's outline. */
  speaking: string | null;
  /** A problem worth one line in the region (the media server lost, a connection failed). */
  problem: string | null;
}

type Candidate = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;

const toCandidate = (candidate: RTCIceCandidate | null): Candidate =>
  candidate && candidate.candidate !== '' ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : null;

/** An audio level (0–1) above which someone counts as speaking. */
const speakingLevel = 0.02;

export class MeetingMediaSession {
  readonly local: LocalMedia;
  private snapshot: MeetingMediaSnapshot = { remotes: [], speaking: null, problem: null };
  private readonly listeners = new Set<() => void>();
  private publisher: RTCPeerConnection | null = null;
  private subscriber: RTCPeerConnection | null = null;
  /** The backend's name for the receiving connection (`meeting:media-offered`): a new one starts a new connection. */
  private subscription: string | null = null;
  /** The transceivers this client sends on, by what they carry. */
  private readonly senders = new Map<TrackSource, RTCRtpTransceiver>();
  /** What arrives on each receiving mid (sfu). */
  private streams = new Map<string, ReceivedStream>();
  private readonly tracks = new Map<string, MediaStreamTrack>();
  /** Voice mesh: one connection per other participant, by their id. */
  private readonly mesh = new Map<string, { connection: RTCPeerConnection; person: PersonRef; stream: MediaStream | null }>();
  private publishing: Promise<void> = Promise.resolve();
  private speakerTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** What the backend is told this client sends (muted, camera, screen), to tell it only of changes. */
  private announced = '';

  constructor(
    private readonly api: MeridianApi,
    readonly meetingId: string,
    private mode: MeetingMediaMode,
  ) {
    this.local = createLocalMedia();
    this.local.onTrack((kind, track) => void this.localTrackChanged(kind, track));
    this.local.subscribe(() => this.announceState());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MeetingMediaSnapshot => this.snapshot;

  /** Takes the microphone and starts sending (through the media server, or to each mesh peer as they come). */
  async start(): Promise<void> {
    this.speakerTimer = setInterval(() => void this.measureSpeakers(), 400);
    // A meeting that carries nothing here (no media server, and people who do not all see each other) takes no microphone.
    if (this.mode.transport !== 'none') await this.local.startMicrophone();
    if (this.stopped) return;
    if (this.mode.transport === 'sfu') await this.publish();
  }

  /** The meeting's media mode changed (the media server was lost; who is in it changed without one). */
  setMode(mode: MeetingMediaMode, participants: PersonRef[]): void {
    if (mode.transport !== this.mode.transport) {
      const previous = this.mode.transport;
      this.mode = mode;
      if (previous === 'sfu') this.closeServerConnections();
      if (previous === 'mesh') this.closeMesh();
      if (mode.transport !== 'none') void this.local.startMicrophone();
      if (mode.transport === 'sfu') void this.publish();
    }
    if (this.mode.transport === 'mesh') this.meshParticipants(participants);
  }

  private closeMesh(): void {
    for (const peer of this.mesh.values()) peer.connection.close();
    this.mesh.clear();
    this.update({ remotes: [] });
  }

  stop(): void {
    this.stopped = true;
    if (this.speakerTimer) clearInterval(this.speakerTimer);
    this.closeServerConnections();
    this.closeMesh();
    this.local.stop();
    this.update({ remotes: [], speaking: null });
  }

  // --- through the media server -----------------------------------------------------------------

  /** Offers what this client sends (again after a camera, screen or ICE change); one negotiation at a time. */
  private publish(iceRestart = false): Promise<void> {
    this.publishing = this.publishing.then(() => this.negotiatePublisher(iceRestart)).catch((error: unknown) => this.update({ problem: `Your media could not be sent: ${(error as Error).message}` }));
    return this.publishing;
  }

  private async negotiatePublisher(iceRestart: boolean): Promise<void> {
    if (this.stopped || this.mode.transport !== 'sfu') return;
    let connection = this.publisher;
    if (!connection) {
      connection = new RTCPeerConnection(await iceConfiguration());
      this.publisher = connection;
      connection.onicecandidate = (event) => void this.api.sendMeetingCandidate({ meetingId: this.meetingId, connection: 'publish', candidate: toCandidate(event.candidate) });
      connection.oniceconnectionstatechange = () => {
        if (connection?.iceConnectionState === 'failed' && this.publisher === connection) void this.publish(true);
      };
      // Microphone and camera always have their place, the camera's empty while it is off: turning it on needs no negotiation.
      this.senders.set('microphone', connection.addTransceiver(this.local.track('audio') ?? 'audio', { direction: 'sendonly' }));
      this.senders.set('camera', connection.addTransceiver(this.local.track('camera') ?? 'video', { direction: 'sendonly' }));
    }
    const screen = this.local.track('screen');
    let screenSender = this.senders.get('screen');
    if (screen && !screenSender) this.senders.set('screen', (screenSender = connection.addTransceiver(screen, { direction: 'sendonly' })));
    else if (screenSender) {
      await screenSender.sender.replaceTrack(screen);
      screenSender.direction = screen ? 'sendonly' : 'inactive';
    }
    const offer = await connection.createOffer(iceRestart ? { iceRestart: true } : undefined);
    await connection.setLocalDescription(offer);
    const tracks = [...this.senders.entries()].filter(([source, transceiver]) => transceiver.mid !== null && (source !== 'screen' || screen !== null)).map(([source, transceiver]) => ({ mid: transceiver.mid!, source }));
    const answer = await this.api.publishMeetingMedia({ meetingId: this.meetingId, offer: { type: 'offer', sdp: connection.localDescription!.sdp }, tracks });
    if (!answer.ok) throw new Error(answer.error.message);
    if (this.stopped || this.publisher !== connection) return;
    await connection.setRemoteDescription(answer.data.answer);
    this.update({ problem: null });
  }

  /** The media server offers what this client receives now: answer it, and note whose each stream is. */
  async offered(subscription: string, version: number, offer: { type: 'offer'; sdp: string }, streams: ReceivedStream[]): Promise<void> {
    if (this.stopped || this.mode.transport !== 'sfu') return;
    if (this.subscription !== subscription) {
      // A new receiving connection on the media server's side (the backend started over): a new one here too.
      this.closeSubscriber();
      this.subscription = subscription;
    }
    let connection = this.subscriber;
    if (!connection) {
      connection = new RTCPeerConnection(await iceConfiguration());
      this.subscriber = connection;
      connection.onicecandidate = (event) => void this.api.sendMeetingCandidate({ meetingId: this.meetingId, connection: 'subscribe', candidate: toCandidate(event.candidate) });
      connection.ontrack = (event) => {
        const mid = event.transceiver.mid;
        if (mid === null) return;
        this.tracks.set(mid, event.track);
        this.rebuildRemotes();
      };
      connection.oniceconnectionstatechange = () => {
        if (connection?.iceConnectionState === 'failed' && this.subscriber === connection) void this.api.restartMeetingIce({ meetingId: this.meetingId });
      };
    }
    await connection.setRemoteDescription(offer);
    await connection.setLocalDescription(await connection.createAnswer());
    this.streams = new Map(streams.map((stream) => [stream.mid, stream]));
    for (const transceiver of connection.getTransceivers()) if (transceiver.mid !== null && !this.tracks.has(transceiver.mid) && transceiver.receiver.track) this.tracks.set(transceiver.mid, transceiver.receiver.track);
    this.rebuildRemotes();
    await this.api.answerMeetingMedia({ meetingId: this.meetingId, version, answer: { type: 'answer', sdp: connection.localDescription!.sdp } });
  }

  /**
   * Whose the received streams are, told again without a new offer (who sees whom changed): a
   * participant the viewer no longer sees shows as UNKNOWN USER from now on.
   */
  streamsChanged(subscription: string, streams: ReceivedStream[]): void {
    if (this.stopped || subscription !== this.subscription) return;
    this.streams = new Map(streams.map((stream) => [stream.mid, stream]));
    this.rebuildRemotes();
  }

  /**
   * After a reconnection the backend carried none of this client's media on (it restarted): both
   * connections start over, sending at once; what it receives comes as a new subscription.
   */
  renew(): void {
    if (this.stopped || this.mode.transport !== 'sfu') return;
    this.closeServerConnections();
    this.update({ remotes: [] });
    void this.publish();
  }

  /** Groups the received streams by participant, as the backend named them. */
  private rebuildRemotes(): void {
    const byFeed = new Map<string, RemoteParticipant>();
    for (const [mid, stream] of this.streams) {
      const track = this.tracks.get(mid);
      let remote = byFeed.get(stream.feed);
      if (!remote) byFeed.set(stream.feed, (remote = { feed: stream.feed, participant: stream.participant, audio: null, camera: null, screen: null }));
      if (!track) continue;
      const media = new MediaStream([track]);
      if (stream.source === 'microphone') remote.audio = media;
      else remote[stream.source] = media;
    }
    const previous = new Map(this.snapshot.remotes.map((remote) => [remote.feed, remote]));
    // The same MediaStream objects while their tracks stay the same: a video element is not reset on every change.
    const remotes = [...byFeed.values()].map((remote) => {
      const before = previous.get(remote.feed);
      if (!before) return remote;
      const same = (a: MediaStream | null, b: MediaStream | null) => (a && b && a.getTracks()[0] === b.getTracks()[0] ? b : a);
      return { ...remote, audio: same(remote.audio, before.audio), camera: same(remote.camera, before.camera), screen: same(remote.screen, before.screen) };
    });
    this.update({ remotes });
  }

  private async localTrackChanged(kind: LocalTrackKind, track: MediaStreamTrack | null): Promise<void> {
    if (this.mode.transport === 'mesh') {
      if (kind === 'audio') for (const peer of this.mesh.values()) for (const transceiver of peer.connection.getTransceivers()) if (transceiver.receiver.track.kind === 'audio') await transceiver.sender.replaceTrack(track);
      return;
    }
    if (kind === 'screen') return void this.publish();
    const transceiver = this.senders.get(kind === 'audio' ? 'microphone' : 'camera');
    if (transceiver) await transceiver.sender.replaceTrack(track);
  }

  /** Tells the backend what this client sends now (everyone sees `muted`), only when it changed. */
  private announceState(): void {
    const state = this.local.getSnapshot();
    const media = { muted: state.muted || state.microphone === null, camera: state.camera !== null, screen: state.screen !== null };
    const key = JSON.stringify(media);
    if (key === this.announced || this.stopped) return;
    this.announced = key;
    void this.api.setMeetingMediaState({ meetingId: this.meetingId, ...media });
  }

  private closeServerConnections(): void {
    this.publisher?.close();
    this.publisher = null;
    this.senders.clear();
    this.closeSubscriber();
  }

  private closeSubscriber(): void {
    this.subscriber?.close();
    this.subscriber = null;
    this.subscription = null;
    this.streams.clear();
    this.tracks.clear();
  }

  // --- voice mesh (no media server) -------------------------------------------------------------

  /** Keeps one voice connection per other participant; of each pair, the one whose id sorts first offers. */
  private meshParticipants(participants: PersonRef[]): void {
    const others = participants.filter((person): person is Extract<PersonRef, { kind: 'person' }> => person.kind === 'person' && person.id !== this.selfId());
    for (const [id, peer] of this.mesh) {
      if (!others.some((person) => person.id === id)) {
        peer.connection.close();
        this.mesh.delete(id);
      }
    }
    for (const person of others) {
      const known = this.mesh.get(person.id);
      if (known) {
        known.person = person;
        continue;
      }
      const offering = this.selfId() < person.id;
      const peer = this.meshPeer(person.id, person, offering);
      if (offering) void this.meshOffer(person.id, peer.connection);
    }
    this.meshRemotes();
  }

  private selfIdValue: string | null = null;
  setSelf(id: string): void {
    this.selfIdValue = id;
  }
  private selfId(): string {
    return this.selfIdValue ?? '';
  }

  /** A voice connection to one other participant; the offering side makes its one transceiver, the other takes the one the offer brings. */
  private meshPeer(id: string, person: PersonRef, offering: boolean): { connection: RTCPeerConnection; person: PersonRef; stream: MediaStream | null } {
    const existing = this.mesh.get(id);
    if (existing) return existing;
    const connection = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    const peer = { connection, person, stream: null as MediaStream | null };
    this.mesh.set(id, peer);
    if (offering) connection.addTransceiver(this.local.track('audio') ?? 'audio', { direction: 'sendrecv' });
    connection.onicecandidate = (event) => void this.api.sendMeshSignal({ meetingId: this.meetingId, to: id, candidate: toCandidate(event.candidate) });
    connection.ontrack = (event) => {
      peer.stream = new MediaStream([event.track]);
      this.meshRemotes();
    };
    return peer;
  }

  private async meshOffer(id: string, connection: RTCPeerConnection): Promise<void> {
    await connection.setLocalDescription(await connection.createOffer());
    await this.api.sendMeshSignal({ meetingId: this.meetingId, to: id, description: { type: 'offer', sdp: connection.localDescription!.sdp } });
  }

  /** Signals of each mesh peer, applied one at a time: a candidate never overtakes the description before it. */
  private readonly meshSignals = new Map<string, Promise<void>>();

  /** A description or candidate from another participant's client (mesh only). */
  meshSignalled(from: string, signal: { description?: { type: 'offer' | 'answer'; sdp: string }; candidate?: Candidate }): Promise<void> {
    const next = (this.meshSignals.get(from) ?? Promise.resolve()).then(() => this.applyMeshSignal(from, signal)).catch(() => undefined);
    this.meshSignals.set(from, next);
    return next;
  }

  private async applyMeshSignal(from: string, signal: { description?: { type: 'offer' | 'answer'; sdp: string }; candidate?: Candidate }): Promise<void> {
    if (this.stopped || this.mode.transport !== 'mesh') return;
    const known = this.mesh.get(from);
    const peer = known ?? this.meshPeer(from, { kind: 'unknown', displayName: 'UNKNOWN USER', token: from, number: 0 }, false);
    const { connection } = peer;
    if (signal.description) {
      await connection.setRemoteDescription(signal.description);
      if (signal.description.type === 'offer') {
        // The offer's voice line, sending ours back.
        for (const transceiver of connection.getTransceivers()) {
          if (transceiver.receiver.track.kind !== 'audio') continue;
          transceiver.direction = 'sendrecv';
          await transceiver.sender.replaceTrack(this.local.track('audio'));
        }
        await connection.setLocalDescription(await connection.createAnswer());
        await this.api.sendMeshSignal({ meetingId: this.meetingId, to: from, description: { type: 'answer', sdp: connection.localDescription!.sdp } });
      }
    }
    if (signal.candidate !== undefined) await connection.addIceCandidate(signal.candidate ?? undefined).catch(() => undefined);
  }

  private meshRemotes(): void {
    this.update({ remotes: [...this.mesh.entries()].map(([id, peer]) => ({ feed: id, participant: peer.person, audio: peer.stream, camera: null, screen: null })) });
  }

  // --- who is speaking --------------------------------------------------------------------------

  /** The loudest voice now, from the levels the receivers report (the media server sends levels of each). */
  private async measureSpeakers(): Promise<void> {
    let loudest: { feed: string; level: number } | null = null;
    const consider = (feed: string, level: number | undefined) => {
      if (level !== undefined && level > speakingLevel && (!loudest || level > loudest.level)) loudest = { feed, level };
    };
    if (this.subscriber) {
      for (const transceiver of this.subscriber.getTransceivers()) {
        const stream = transceiver.mid !== null ? this.streams.get(transceiver.mid) : undefined;
        if (stream?.kind !== 'audio') continue;
        for (const source of transceiver.receiver.getSynchronizationSources()) consider(stream.feed, source.audioLevel);
      }
    }
    for (const [id, peer] of this.mesh) for (const receiver of peer.connection.getReceivers()) for (const source of receiver.getSynchronizationSources()) consider(id, source.audioLevel);
    const own = this.publisher ?? [...this.mesh.values()][0]?.connection;
    if (own && !this.local.getSnapshot().muted) {
      const stats = await own.getStats().catch(() => null);
      stats?.forEach((report: { type: string; kind?: string; audioLevel?: number }) => {
        if (report.type === 'media-source' && report.kind === 'audio') consider('self', report.audioLevel);
      });
    }
    const speaking = (loudest as { feed: string } | null)?.feed ?? null;
    if (speaking !== this.snapshot.speaking) this.update({ speaking });
  }

  private update(change: Partial<MeetingMediaSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
