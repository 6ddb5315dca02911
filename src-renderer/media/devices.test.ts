import { describe, expect, it } from 'vitest';
import { deviceListsFrom, effectiveDevice, parseDevicePreferences } from './devices';

describe('device lists', () => {
  const enumerated = [
    { kind: 'audioinput', deviceId: 'default', label: 'Default - Headset' },
    { kind: 'audioinput', deviceId: 'communications', label: 'Communications - Headset' },
    { kind: 'audioinput', deviceId: 'mic-laptop', label: 'Laptop microphone' },
    { kind: 'audioinput', deviceId: 'mic-headset', label: 'Headset' },
    { kind: 'audiooutput', deviceId: 'speaker-1', label: '' },
    { kind: 'videoinput', deviceId: 'cam-1', label: 'FaceTime HD' },
    { kind: 'videoinput', deviceId: 'cam-1', label: 'FaceTime HD' },
    { kind: 'videoinput', deviceId: '', label: '' },
  ];

  it('lists real devices by kind, without pseudo-devices or duplicates, naming the unnamed', () => {
    expect(deviceListsFrom(enumerated)).toEqual({
      microphone: [
        { id: 'mic-laptop', label: 'Laptop microphone' },
        { id: 'mic-headset', label: 'Headset' },
      ],
      speaker: [{ id: 'speaker-1', label: 'Speaker 1' }],
      camera: [{ id: 'cam-1', label: 'FaceTime HD' }],
    });
  });

  it('uses the chosen device while it is plugged in, the default once it is not, and it again when it returns', () => {
    const lists = deviceListsFrom(enumerated);
    expect(effectiveDevice(lists.microphone, 'mic-headset')).toBe('mic-headset');
    const unplugged = deviceListsFrom(enumerated.filter((device) => device.deviceId !== 'mic-headset'));
    expect(effectiveDevice(unplugged.microphone, 'mic-headset')).toBeNull();
    expect(effectiveDevice(lists.microphone, null)).toBeNull();
  });
});

describe('kept preferences', () => {
  it('reads what was kept, and treats anything unreadable as the system default', () => {
    expect(parseDevicePreferences(JSON.stringify({ microphone: 'mic-headset', speaker: null, camera: 'cam-1' }))).toEqual({ microphone: 'mic-headset', speaker: null, camera: 'cam-1' });
    const defaults = { microphone: null, speaker: null, camera: null };
    expect(parseDevicePreferences(null)).toEqual(defaults);
    expect(parseDevicePreferences('{not json')).toEqual(defaults);
    expect(parseDevicePreferences('[1,2]')).toEqual(defaults);
    expect(parseDevicePreferences(JSON.stringify({ microphone: 42, speaker: 'x'.repeat(501), camera: 'cam' }))).toEqual({ microphone: null, speaker: null, camera: 'cam' });
  });
});
