/**
 * The local side of a call or meeting: the microphone, the camera and the shared screen, taken
 * with the devices chosen in `Devices` and kept in step with them. One LocalMedia per call or
 * meeting; whoever sends the tracks (a peer connection, a connection to the media server)
 * listens with `onTrack` and puts each new track on its sender (`RTCRtpSender.replaceTrack`).
 *
 * - `setMuted` disables the microphone's track: nothing of the voice is sent (silence goes out).
 * - A device unplugged mid-call ends its track: the same kind is taken again from the device the
 *   preference now means (the system's default), and again from the chosen one when it returns.
 * - `stop` ends every track (the camera's light goes off).
 */
import { effectiveDevice, type DeviceLists, type DevicePreferences, type EnumeratedDevice } from './devices';

/** Which of the local tracks: the microphone, the camera, or the shared screen. */
export type LocalTrackKind = 'audio' | 'camera' | 'screen';

/** What the toggles and the previews show; a new object on every change (for useSyncExternalStore). */
export interface LocalMediaState {
  microphone: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  muted: boolean;
  /** A camera or screen being started: its toggle waits. */
  starting: LocalTrackKind | null;
  /** Why a device could not be used (no microphone, permission refused), for the person. */
  problem: string | null;
  stopped: boolean;
}

/** Where LocalMedia reads the chosen devices and reports the devices present. */
export interface DeviceSource {
  preferences(): DevicePreferences;
  available(): DeviceLists;
  devicesEnumerated(devices: readonly EnumeratedDevice[]): void;
}

type TrackListener = (kind: LocalTrackKind, track: MediaStreamTrack | null) => void;

/** Camera frames small enough for a 2-core laptop to encode beside everything else, big enough for a face. */
const cameraConstraints: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 } };
const microphoneConstraints: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

function describeProblem(kind: 'microphone' | 'camera' | 'screen', error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return kind === 'screen' ? 'Screen sharing was not allowed.' : `Meridian may not use your ${kind}: allow it in your browser or system settings.`;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return `No ${kind} was found.`;
  if (name === 'NotReadableError') return `Your ${kind} is in use by another app.`;
  return `Your ${kind} could not be started.`;
}

export class LocalMedia {
  private state: LocalMediaState = { microphone: null, camera: null, screen: null, muted: false, starting: null, problem: null, stopped: false };
  private readonly listeners = new Set<() => void>();
  private readonly trackListeners = new Set<TrackListener>();
  private readonly devicesChanged = () => void this.followDevices();
  /** Device changes are followed one at a time: a burst of devicechange events must not take a device twice. */
  private following: Promise<void> = Promise.resolve();
  /** Whether the person wants the camera on (it may still be starting, or be turned off while it starts). */
  private cameraWanted = false;

  constructor(
    private readonly devices: DeviceSource,
    private readonly mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
  ) {
    this.mediaDevices?.addEventListener('devicechange', this.devicesChanged);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LocalMediaState => this.state;

  /** Hears every track change (a new microphone, the camera on or off, the screen shared or not). */
  onTrack(listener: TrackListener): () => void {
    this.trackListeners.add(listener);
    return () => this.trackListeners.delete(listener);
  }

  /** The track of a kind now (null when off), for a sender being set up. */
  track(kind: LocalTrackKind): MediaStreamTrack | null {
    return kind === 'audio' ? this.state.microphone : this.state[kind];
  }

  /** Takes the microphone (the chosen one, else the default); false when there is none or it is refused. */
  async startMicrophone(): Promise<boolean> {
    if (this.state.microphone || this.state.stopped) return this.state.microphone !== null;
    const track = await this.takeTrack('microphone');
    return track !== null;
  }

  setMuted(muted: boolean): void {
    if (this.state.microphone) this.state.microphone.enabled = !muted;
    this.update({ muted });
  }

  async setCamera(on: boolean): Promise<void> {
    this.cameraWanted = on;
    if (!on) return this.drop('camera');
    if (this.state.camera || this.state.starting === 'camera' || this.state.stopped) return;
    this.update({ starting: 'camera' });
    await this.takeTrack('camera');
    this.update({ starting: null });
  }

  async setScreenShare(on: boolean): Promise<void> {
    if (!on) return this.drop('screen');
    if (this.state.screen || this.state.starting === 'screen' || this.state.stopped || !this.mediaDevices) return;
    this.update({ starting: 'screen' });
    try {
      const stream = await this.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
      const track = stream.getVideoTracks()[0] ?? null;
      stream.getAudioTracks().forEach((extra) => extra.stop());
      if (!track || this.state.stopped) {
        track?.stop();
        return;
      }
      // Text stays sharp rather than motion smooth.
      track.contentHint = 'detail';
      // The browser's own "Stop sharing" ends the track.
      track.addEventListener('ended', () => {
        if (this.state.screen === track) void this.drop('screen');
      });
      this.install('screen', track);
      this.update({ problem: null });
    } catch (error) {
      this.update({ problem: describeProblem('screen', error) });
    } finally {
      this.update({ starting: null });
    }
  }

  /** Takes again whatever track no longer comes from the device the preferences mean now (after `Devices` changed, or a device came or went). */
  followDevices(): Promise<void> {
    this.following = this.following.then(() => this.follow()).catch(() => undefined);
    return this.following;
  }

  /** Ends every track; this LocalMedia is done. */
  stop(): void {
    this.mediaDevices?.removeEventListener('devicechange', this.devicesChanged);
    for (const track of [this.state.microphone, this.state.camera, this.state.screen]) track?.stop();
    this.update({ microphone: null, camera: null, screen: null, stopped: true });
  }

  private async follow(): Promise<void> {
    if (this.state.stopped || !this.mediaDevices) return;
    await this.refreshDevices();
    const available = this.devices.available();
    const preferences = this.devices.preferences();
    for (const kind of ['microphone', 'camera'] as const) {
      const track = kind === 'microphone' ? this.state.microphone : this.state.camera;
      if (!track) continue;
      const wanted = effectiveDevice(available[kind], preferences[kind]);
      const current = track.getSettings().deviceId ?? null;
      const gone = track.readyState === 'ended' || (current !== null && available[kind].length > 0 && !available[kind].some((device) => device.id === current));
      if (gone || (wanted !== null && current !== wanted)) await this.takeTrack(kind);
    }
  }

  private async refreshDevices(): Promise<void> {
    try {
      this.devices.devicesEnumerated(await this.mediaDevices!.enumerateDevices());
    } catch {
      // Listing devices failed: the lists stay as they were.
    }
  }

  /** Takes a microphone or camera track from the device the preference means, falling back to the default; replaces the one there. */
  private async takeTrack(kind: 'microphone' | 'camera'): Promise<MediaStreamTrack | null> {
    if (!this.mediaDevices) {
      this.update({ problem: `This browser cannot use a ${kind}.` });
      return null;
    }
    await this.refreshDevices();
    const preferred = effectiveDevice(this.devices.available()[kind], this.devices.preferences()[kind]);
    const base = kind === 'microphone' ? microphoneConstraints : cameraConstraints;
    const constraints = (deviceId: string | null): MediaStreamConstraints =>
      kind === 'microphone' ? { audio: { ...base, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } } : { video: { ...base, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } };
    let stream: MediaStream | null = null;
    let failure: unknown = null;
    for (const deviceId of preferred ? [preferred, null] : [null]) {
      try {
        stream = await this.mediaDevices.getUserMedia(constraints(deviceId));
        break;
      } catch (error) {
        failure = error;
      }
    }
    const track = (kind === 'microphone' ? stream?.getAudioTracks() : stream?.getVideoTracks())?.[0] ?? null;
    if (!track) {
      this.update({ problem: describeProblem(kind, failure) });
      return null;
    }
    if (this.state.stopped || (kind === 'camera' && !this.cameraWanted)) {
      // Stopped (or the camera turned off again) while the device was being opened.
      track.stop();
      return null;
    }
    if (kind === 'microphone') track.enabled = !this.state.muted;
    // A device pulled out ends its track: take the same kind again from what is there now.
    track.addEventListener('ended', () => {
      if (this.track(kind === 'microphone' ? 'audio' : 'camera') === track) void this.followDevices();
    });
    this.install(kind === 'microphone' ? 'audio' : 'camera', track);
    this.update({ problem: null });
    // Labels come only once a device is in use: list them again for the dialog.
    await this.refreshDevices();
    return track;
  }

  private install(kind: LocalTrackKind, track: MediaStreamTrack): void {
    const previous = this.track(kind);
    this.update(kind === 'audio' ? { microphone: track } : { [kind]: track });
    for (const listener of this.trackListeners) listener(kind, track);
    if (previous && previous !== track) previous.stop();
  }

  private async drop(kind: 'camera' | 'screen'): Promise<void> {
    const track = this.state[kind];
    if (!track) return;
    this.update({ [kind]: null });
    for (const listener of this.trackListeners) listener(kind, null);
    track.stop();
  }

  private update(change: Partial<LocalMediaState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
