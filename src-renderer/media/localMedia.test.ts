import { describe, expect, it } from 'vitest';
import { deviceListsFrom, type DeviceLists, type DevicePreferences, type EnumeratedDevice } from './devices';
import { LocalMedia, type LocalTrackKind } from './localMedia';

/** A track as LocalMedia uses one; `unplug()` ends it as a device pulled out does. */
class FakeTrack extends EventTarget {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  contentHint = '';
  constructor(
    readonly kind: 'audio' | 'video',
    readonly deviceId: string,
  ) {
    super();
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  stop() {
    this.readyState = 'ended';
  }
  unplug() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

/** navigator.mediaDevices with devices a test plugs in and out. */
class FakeMediaDevices extends EventTarget {
  devices: EnumeratedDevice[] = [
    { kind: 'audioinput', deviceId: 'laptop-mic', label: 'Laptop microphone' },
    { kind: 'audioinput', deviceId: 'headset', label: 'Headset' },
    { kind: 'videoinput', deviceId: 'webcam', label: 'Webcam' },
  ];
  opened: string[] = [];
  async enumerateDevices() {
    return [...this.devices];
  }
  async getUserMedia(constraints: { audio?: { deviceId?: { exact: string } }; video?: { deviceId?: { exact: string } } }) {
    const kind = constraints.audio ? 'audioinput' : 'videoinput';
    const wanted = (constraints.audio ?? constraints.video)?.deviceId?.exact;
    const device = this.devices.find((candidate) => candidate.kind === kind && (wanted === undefined || candidate.deviceId === wanted));
    if (!device) throw Object.assign(new Error('gone'), { name: wanted ? 'OverconstrainedError' : 'NotFoundError' });
    this.opened.push(device.deviceId);
    const track = new FakeTrack(kind === 'audioinput' ? 'audio' : 'video', device.deviceId);
    return { getAudioTracks: () => (track.kind === 'audio' ? [track] : []), getVideoTracks: () => (track.kind === 'video' ? [track] : []) };
  }
  plug(device: EnumeratedDevice) {
    this.devices.push(device);
    this.dispatchEvent(new Event('devicechange'));
  }
  unplug(deviceId: string) {
    this.devices = this.devices.filter((device) => device.deviceId !== deviceId);
  }
}

function setUp(preferences: Partial<DevicePreferences> = {}) {
  const mediaDevices = new FakeMediaDevices();
  const chosen: DevicePreferences = { microphone: null, speaker: null, camera: null, ...preferences };
  let lists: DeviceLists = deviceListsFrom(mediaDevices.devices);
  const media = new LocalMedia(
    { preferences: () => chosen, available: () => lists, devicesEnumerated: (devices) => void (lists = deviceListsFrom(devices)) },
    mediaDevices as unknown as MediaDevices,
  );
  const sent: Array<{ kind: LocalTrackKind; deviceId: string | null }> = [];
  media.onTrack((kind, track) => sent.push({ kind, deviceId: (track as unknown as FakeTrack | null)?.deviceId ?? null }));
  const microphone = () => media.track('audio') as unknown as FakeTrack;
  return { media, mediaDevices, chosen, sent, microphone };
}

describe('LocalMedia', () => {
  it('takes the chosen microphone; unplugged mid-call, the default takes over, and the chosen one again when it returns', async () => {
    const { media, mediaDevices, sent, microphone } = setUp({ microphone: 'headset' });
    expect(await media.startMicrophone()).toBe(true);
    expect(microphone().deviceId).toBe('headset');
    media.setMuted(true);

    mediaDevices.unplug('headset');
    microphone().unplug();
    await media.followDevices();
    expect(microphone().deviceId).toBe('laptop-mic');
    // Still muted on the new device: unplugging never unmutes anyone.
    expect(microphone().enabled).toBe(false);

    mediaDevices.plug({ kind: 'audioinput', deviceId: 'headset', label: 'Headset' });
    await media.followDevices();
    expect(microphone().deviceId).toBe('headset');
    // Every change reached whoever sends the tracks (a peer connection would replaceTrack each).
    expect(sent).toEqual([
      { kind: 'audio', deviceId: 'headset' },
      { kind: 'audio', deviceId: 'laptop-mic' },
      { kind: 'audio', deviceId: 'headset' },
    ]);
    media.stop();
    expect(media.getSnapshot()).toMatchObject({ microphone: null, stopped: true });
  });

  it('switches at once to a device chosen in Devices, and falls back to the default when the chosen one cannot be opened', async () => {
    const { media, chosen, mediaDevices, microphone } = setUp();
    await media.startMicrophone();
    expect(microphone().deviceId).toBe('laptop-mic');
    chosen.microphone = 'headset';
    await media.followDevices();
    expect(microphone().deviceId).toBe('headset');
    expect(mediaDevices.opened).toEqual(['laptop-mic', 'headset']);
  });

  it('says why when there is no microphone, and turns a camera off that was turned off while it started', async () => {
    const { media, mediaDevices, sent } = setUp();
    mediaDevices.devices = [{ kind: 'videoinput', deviceId: 'webcam', label: 'Webcam' }];
    expect(await media.startMicrophone()).toBe(false);
    expect(media.getSnapshot().problem).toBe('No microphone was found.');
    const starting = media.setCamera(true);
    await media.setCamera(false);
    await starting;
    expect(media.getSnapshot().camera).toBeNull();
    expect(sent).toEqual([]);
  });
});
