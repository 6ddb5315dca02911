import type { StateCreator } from 'zustand';
import {
  devicePreferencesKey,
  deviceListsFrom,
  labelOf,
  noDevices,
  parseKeptDevices,
  recogniseDevices,
  serializeDevicePreferences,
  type DeviceKind,
  type DeviceLabels,
  type DeviceLists,
  type DevicePreferences,
  type EnumeratedDevice,
  type KeptDevices,
} from '../media/devices';
import type { AppState } from './appStore';

/**
 * The microphone, speaker and camera chosen in `Devices` (kept per machine, for calls and
 * meetings alike), and the devices present now (refreshed when one is plugged in or out).
 */
export interface MediaDevicesSlice {
  devicePreferences: DevicePreferences;
  /** The chosen devices' labels, to know one again when the browser gives it a new id. */
  deviceLabels: DeviceLabels;
  availableDevices: DeviceLists;
  chooseDevice(kind: DeviceKind, deviceId: string | null): void;
  /** Written by the media module whenever the browser's list of devices may have changed. */
  devicesEnumerated(devices: readonly EnumeratedDevice[]): void;
}

function kept(): KeptDevices {
  try {
    return parseKeptDevices(globalThis.localStorage?.getItem(devicePreferencesKey) ?? null);
  } catch {
    return parseKeptDevices(null);
  }
}

function savePreferences(preferences: DevicePreferences, labels: DeviceLabels): void {
  try {
    globalThis.localStorage?.setItem(devicePreferencesKey, serializeDevicePreferences(preferences, labels));
  } catch {
    // Storage full or refused: the choice holds for this run.
  }
}

export const createMediaDevicesSlice: StateCreator<AppState, [], [], MediaDevicesSlice> = (set, get) => {
  const { preferences, labels } = kept();
  return {
    devicePreferences: preferences,
    deviceLabels: labels,
    availableDevices: noDevices,
    chooseDevice(kind, deviceId) {
      const { availableDevices, devicePreferences: before, deviceLabels: labelsBefore } = get();
      const devicePreferences = { ...before, [kind]: deviceId };
      const deviceLabels = { ...labelsBefore, [kind]: labelOf(availableDevices[kind], deviceId) };
      savePreferences(devicePreferences, deviceLabels);
      set({ devicePreferences, deviceLabels });
    },
    devicesEnumerated(devices) {
      const availableDevices = deviceListsFrom(devices);
      const { devicePreferences, deviceLabels } = get();
      const recognised = recogniseDevices(devicePreferences, deviceLabels, availableDevices);
      if (recognised) savePreferences(recognised, deviceLabels);
      set({ availableDevices, ...(recognised ? { devicePreferences: recognised } : {}) });
    },
  };
};
