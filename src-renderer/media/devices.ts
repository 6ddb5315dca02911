/**
 * Microphones, speakers and cameras as the Devices dialog offers them, and which one a choice
 * means right now: the chosen device while it is plugged in, the system's default otherwise (so
 * a headset unplugged mid-call falls back to the laptop's microphone, and is used again when it
 * comes back). Pure functions: the store and LocalMedia call them; unit tests need no browser.
 */
import { z } from 'zod';

/** What the Devices dialog picks. */
export type DeviceKind = 'microphone' | 'speaker' | 'camera';

export const deviceKinds: readonly DeviceKind[] = ['microphone', 'speaker', 'camera'];

/** One device as the dialog lists it. */
export interface DeviceOption {
  id: string;
  label: string;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

/** The chosen device of each kind, by id; null follows the system's default. */
export type DevicePreferences = Record<DeviceKind, string | null>;

export const noDevices: DeviceLists = { microphone: [], speaker: [], camera: [] };
export const systemDefaults: DevicePreferences = { microphone: null, speaker: null, camera: null };

const kindOf: Partial<Record<string, DeviceKind>> = { audioinput: 'microphone', audiooutput: 'speaker', videoinput: 'camera' };
const unnamed: Record<DeviceKind, string> = { microphone: 'Microphone', speaker: 'Speaker', camera: 'Camera' };

/** What enumerateDevices() hands back, as far as it matters here. */
export interface EnumeratedDevice {
  kind: string;
  deviceId: string;
  label: string;
}

/**
 * The devices of each kind, without Chromium's pseudo-devices (`default`, `communications`: the
 * dialog's "System default" stands for them). Before media permission is granted labels are
 * empty and ids may be too: such devices are named by kind and number.
 */
export function deviceListsFrom(devices: readonly EnumeratedDevice[]): DeviceLists {
  const lists: DeviceLists = { microphone: [], speaker: [], camera: [] };
  for (const device of devices) {
    const kind = kindOf[device.kind];
    if (!kind || device.deviceId === '' || device.deviceId === 'default' || device.deviceId === 'communications') continue;
    if (lists[kind].some((known) => known.id === device.deviceId)) continue;
    lists[kind].push({ id: device.deviceId, label: device.label.trim() || `${unnamed[kind]} ${lists[kind].length + 1}` });
  }
  return lists;
}

/** The device a preference means now: the chosen one while present, else null (the system's default). */
export function effectiveDevice(list: readonly DeviceOption[], preferred: string | null): string | null {
  return preferred !== null && list.some((device) => device.id === preferred) ? preferred : null;
}

/** Where the choice is kept: per machine (the browser's or the app's storage), not per person. */
export const devicePreferencesKey = 'meridian.devices';

const storedPreferences = z.object({
  microphone: z.string().max(500).nullable().catch(null),
  speaker: z.string().max(500).nullable().catch(null),
  camera: z.string().max(500).nullable().catch(null),
});

/** Reads the kept choice; anything unreadable is the system's default. */
export function parseDevicePreferences(text: string | null): DevicePreferences {
  if (!text) return { ...systemDefaults };
  try {
    const parsed = storedPreferences.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { ...systemDefaults };
  } catch {
    return { ...systemDefaults };
  }
}
