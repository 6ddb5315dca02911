import { useEffect, useId } from 'react';
import { useAppStore } from '../store/appStore';
import { Dialog } from '../features/shell/Dialog';
import type { DeviceKind } from './devices';
import type { LocalMedia } from './localMedia';

const labels: Record<DeviceKind, string> = { microphone: 'Microphone', speaker: 'Speaker', camera: 'Camera' };

/** Whether this browser can send audio to a chosen speaker (HTMLMediaElement.setSinkId). */
export const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * `Devices`: comboboxes `Microphone`, `Speaker` and `Camera`. A choice is kept for this machine
 * and applies at once to the call or meeting under way (`media`).
 */
export function DevicesDialog({ media, onClose }: { media: LocalMedia | null; onClose: () => void }) {
  const preferences = useAppStore((state) => state.devicePreferences);
  const available = useAppStore((state) => state.availableDevices);
  const chooseDevice = useAppStore((state) => state.chooseDevice);
  const devicesEnumerated = useAppStore((state) => state.devicesEnumerated);
  const idPrefix = useId();

  // Devices plugged in since the call started show at once.
  useEffect(() => {
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then(devicesEnumerated)
      .catch(() => undefined);
  }, [devicesEnumerated]);

  const choose = (kind: DeviceKind, value: string) => {
    chooseDevice(kind, value === '' ? null : value);
    if (kind !== 'speaker') void media?.followDevices();
  };

  return (
    <Dialog title="Devices" onClose={onClose} className="devices-dialog">
      <div className="devices-dialog__fields">
        {(['microphone', 'speaker', 'camera'] as const).map((kind) => {
          const id = `${idPrefix}-${kind}`;
          const chosen = preferences[kind];
          const list = available[kind];
          // A chosen device that is unplugged stays chosen (it is used again when it returns).
          const missing = chosen !== null && !list.some((device) => device.id === chosen);
          const unavailable = kind === 'speaker' && !canChooseSpeaker;
          return (
            <div className="field" key={kind}>
              <label htmlFor={id}>{labels[kind]}</label>
              <select id={id} value={unavailable ? '' : (chosen ?? '')} disabled={unavailable} onChange={(event) => choose(kind, event.target.value)}>
                <option value="">System default</option>
                {list.map((device) => (
                  <option key={device.id} value={device.id}>
                    {device.label}
                  </option>
                ))}
                {missing && <option value={chosen}>Not connected (using the default)</option>}
              </select>
              {unavailable && <span className="muted field__hint">This browser plays calls on the system's speaker.</span>}
            </div>
          );
        })}
      </div>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
