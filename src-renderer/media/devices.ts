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
  /** The browser gave no label (before media permission): `label` is made up from kind and number. */
  unnamed?: true;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

/** The chosen device of each kind, by id; null follows the system's default. */
export type DevicePreferences = Record<DeviceKind, string | null>;

/** The label each chosen device had when chosen (null when it had none), kept to know it again under a new id. */
export type DeviceLabels = Record<DeviceKind, string | null>;

export const noDevices: DeviceLists = { microphone: [], speaker: [], camera: [] };
export const systemDefaults: DevicePreferences = { microphone: null, speaker: null, camera: null };
export const noLabels: DeviceLabels = { microphone: null, speaker: null, camera: null };

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
    const label = device.label.trim();
    lists[kind].push(label ? { id: device.deviceId, label } : { id: device.deviceId, label: `${unnamed[kind]} ${lists[kind].length + 1}`, unnamed: true });
  }
  return lists;
}

/** The device a preference means now: the chosen one while present, else null (the system's default). */
export function effectiveDevice(list: readonly DeviceOption[], preferred: string | null): string | null {
  return preferred !== null && list.some((device) => device.id === preferred) ? preferred : null;
}

/** The label to keep beside a choice: the device's own, or null when the browser gave none. */
export function labelOf(list: readonly DeviceOption[], id: string | null): string | null {
  const device = id === null ? undefined : list.find((candidate) => candidate.id === id);
  return device && !device.unnamed ? device.label : null;
}

/**
 * The choices again after the browser's devices changed: a chosen device that is not listed by
 * its id but is by its label (one device of that kind with that label, as Teams knows a headset)
 * is the same device under a new id. Browsers give new ids when a site's cookies are cleared, and
 * some headless ones on every load. Null when nothing changed; an unplugged device keeps its id.
 */
export function recogniseDevices(preferences: DevicePreferences, labels: DeviceLabels, lists: DeviceLists): DevicePreferences | null {
  let changed: DevicePreferences | null = null;
  for (const kind of deviceKinds) {
    const id = preferences[kind];
    const label = labels[kind];
    if (id === null || label === null || lists[kind].some((device) => device.id === id)) continue;
    const same = lists[kind].filter((device) => !device.unnamed && device.label === label);
    if (same.length === 1) changed = { ...(changed ?? preferences), [kind]: same[0]!.id };
  }
  return changed;
}

/** Where the choice is kept: per machine (the browser's or the app's storage), not per person. */
export const devicePreferencesKey = 'meridian.devices';

/** One value per kind (an id or a label) of at most 500 characters; anything else is null. */
const perKind = z.object({
  microphone: z.string().max(500).nullable().catch(null),
  speaker: z.string().max(500).nullable().catch(null),
  camera: z.string().max(500).nullable().catch(null),
});

/** What is kept: the choices by id, and their labels (missing from a choice kept before labels were). */
const stored = perKind.extend({ labels: perKind.catch({ ...noLabels }) });

/** The choices and their labels, as kept. */
export interface KeptDevices {
  preferences: DevicePreferences;
  labels: DeviceLabels;
}

/** What is kept, as text. */
export function serializeDevicePreferences(preferences: DevicePreferences, labels: DeviceLabels): string {
  return JSON.stringify({ ...preferences, labels });
}

/** Reads what was kept; anything unreadable is the system's default, with no labels. */
export function parseKeptDevices(text: string | null): KeptDevices {
  const nothing = { preferences: { ...systemDefaults }, labels: { ...noLabels } };
  if (!text) return nothing;
  try {
    const parsed = stored.safeParse(JSON.parse(text));
    if (!parsed.success) return nothing;
    const { labels, ...preferences } = parsed.data;
    return { preferences, labels };
  } catch {
    return nothing;
  }
}
