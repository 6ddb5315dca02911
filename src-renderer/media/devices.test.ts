import { describe, expect, it } from 'vitest';
import { deviceListsFrom, effectiveDevice, labelOf, parseKeptDevices, recogniseDevices, serializeDevicePreferences } from './devices';

const parseDevicePreferences = (text: string | null) => parseKeptDevices(text).preferences;
const parseDeviceLabels = (text: string | null) => parseKeptDevices(text).labels;

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
      speaker: [{ id: 'speaker-1', label: 'Speaker 1', unnamed: true }],
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

describe('a chosen device under a new id', () => {
  const before = deviceListsFrom([
    { kind: 'audioinput', deviceId: 'mic-laptop', label: 'Laptop microphone' },
    { kind: 'audioinput', deviceId: 'mic-headset', label: 'Headset' },
    { kind: 'audiooutput', deviceId: 'speaker-1', label: '' },
  ]);
  const chosen = { microphone: 'mic-headset', speaker: 'speaker-1', camera: null };
  const labels = { microphone: labelOf(before.microphone, 'mic-headset'), speaker: labelOf(before.speaker, 'speaker-1'), camera: null };

  it('keeps a real label, not one made up for a device the browser did not name', () => {
    expect(labels).toEqual({ microphone: 'Headset', speaker: null, camera: null });
  });

  it('is known again by its label once the browser gives it a new id, and the choice follows it', () => {
    const renamed = deviceListsFrom([
      { kind: 'audioinput', deviceId: 'new-laptop', label: 'Laptop microphone' },
      { kind: 'audioinput', deviceId: 'new-headset', label: 'Headset' },
      { kind: 'audiooutput', deviceId: 'new-speaker', label: '' },
    ]);
    expect(recogniseDevices(chosen, labels, renamed)).toEqual({ microphone: 'new-headset', speaker: 'speaker-1', camera: null });
  });

  it('changes nothing while the id is there, when the device is unplugged, or when two devices share the label', () => {
    expect(recogniseDevices(chosen, labels, before)).toBeNull();
    const unplugged = deviceListsFrom([{ kind: 'audioinput', deviceId: 'new-laptop', label: 'Laptop microphone' }]);
    expect(recogniseDevices(chosen, labels, unplugged)).toBeNull();
    const twins = deviceListsFrom([
      { kind: 'audioinput', deviceId: 'headset-a', label: 'Headset' },
      { kind: 'audioinput', deviceId: 'headset-b', label: 'Headset' },
    ]);
    expect(recogniseDevices(chosen, labels, twins)).toBeNull();
  });
});

describe('kept preferences', () => {
  it('keeps the labels beside the ids, and reads a choice kept before labels were', () => {
    const text = serializeDevicePreferences({ microphone: 'mic-headset', speaker: null, camera: 'cam-1' }, { microphone: 'Headset', speaker: null, camera: 'FaceTime HD' });
    expect(parseDevicePreferences(text)).toEqual({ microphone: 'mic-headset', speaker: null, camera: 'cam-1' });
    expect(parseDeviceLabels(text)).toEqual({ microphone: 'Headset', speaker: null, camera: 'FaceTime HD' });
    expect(parseDeviceLabels(JSON.stringify({ microphone: 'mic-headset', speaker: null, camera: null }))).toEqual({ microphone: null, speaker: null, camera: null });
    expect(parseDeviceLabels(JSON.stringify({ labels: { microphone: 7, speaker: 'x'.repeat(501), camera: 'Cam' } }))).toEqual({ microphone: null, speaker: null, camera: 'Cam' });
    expect(parseDeviceLabels(JSON.stringify({ labels: 'nonsense' }))).toEqual({ microphone: null, speaker: null, camera: null });
    expect(parseDeviceLabels('{not json')).toEqual({ microphone: null, speaker: null, camera: null });
  });


  it('reads what was kept, and treats anything unreadable as the system default', () => {
    expect(parseDevicePreferences(JSON.stringify({ microphone: 'mic-headset', speaker: null, camera: 'cam-1' }))).toEqual({ microphone: 'mic-headset', speaker: null, camera: 'cam-1' });
    const defaults = { microphone: null, speaker: null, camera: null };
    expect(parseDevicePreferences(null)).toEqual(defaults);
    expect(parseDevicePreferences('{not json')).toEqual(defaults);
    expect(parseDevicePreferences('[1,2]')).toEqual(defaults);
    expect(parseDevicePreferences(JSON.stringify({ microphone: 42, speaker: 'x'.repeat(501), camera: 'cam' }))).toEqual({ microphone: null, speaker: null, camera: 'cam' });
  });
});
