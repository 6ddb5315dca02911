import type { StateCreator } from 'zustand';
import { devicePreferencesKey, deviceListsFrom, noDevices, parseDevicePreferences, type DeviceKind, type DeviceLists, type DevicePreferences, type EnumeratedDevice } from '../media/devices';
import type { AppState } from './appStore';

/**
 * The microphone, speaker and camera chosen in `Devices` (kept per machine, for calls and
 * meetings alike), and the devices present now (refreshed when one is plugged in or out).
 */
export interface MediaDevicesSlice {
  devicePreferences: DevicePreferences;
  availableDevices: DeviceLists;
  chooseDevice(kind: DeviceKind, deviceId: string | null): void;
  /** Written by the media module whenever the browser's list of devices may have changed. */
  devicesEnumerated(devices: readonly EnumeratedDevice[]): void;
}

function loadPreferences(): DevicePreferences {
  try {
    return parseDevicePreferences(globalThis.localStorage?.getItem(devicePreferencesKey) ?? null);
  } catch {
    return parseDevicePreferences(null);
  }
}

function savePreferences(preferences: DevicePreferences): void {
  try {
    globalThis.localStorage?.setItem(devicePreferencesKey, JSON.stringify(preferences));
  } catch {
    // Storage full or refused: the choice holds for this run.
  }
}

export const createMediaDevicesSlice: StateCreator<AppState, [], [], MediaDevicesSlice> = (set, get) => ({
  devicePreferences: loadPreferences(),
  availableDevices: noDevices,
  chooseDevice(kind, deviceId) {
    const devicePreferences = { ...get().devicePreferences, [kind]: deviceId };
    savePreferences(devicePreferences);
    set({ devicePreferences });
  },
  devicesEnumerated(devices) {
    set({ availableDevices: deviceListsFrom(devices) });
  },
});
