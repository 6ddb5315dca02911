/**
 * The media module: what a call (features/calling) and a meeting (features/meetings) need of
 * microphones, cameras, screens and speakers, whatever carries the media (a peer connection to
 * the other party, or connections to the media server).
 *
 *   import { createLocalMedia, MediaToggles, RemoteAudio, MediaVideo, ConnectionQualityNotice, iceConfiguration } from '../../media';
 *
 *   const media = createLocalMedia();               // one per call or meeting
 *   await media.startMicrophone();                  // the device chosen in Devices, else the default
 *   const pc = new RTCPeerConnection(await iceConfiguration());   // TURN credentials from the backend
 *   const sender = pc.addTransceiver('audio', { direction: 'sendrecv' }).sender;
 *   await sender.replaceTrack(media.track('audio'));
 *   media.onTrack((kind, track) => { … replaceTrack on that kind's sender … });  // devices switched, camera, screen
 *   // in the region:  <MediaToggles media={media} onMutedChange={tellOthers} />   (Mute, Camera, Share screen, Devices)
 *   //                 <RemoteAudio stream={remote} />  <MediaVideo stream={remote} label="…" />
 *   //                 <ConnectionQualityNotice connection={pc} />             (says `Poor connection`)
 *   media.stop();                                   // every track ends when the call or meeting does
 *
 * Mount <ScreenSharePicker /> once where calls and meetings show: in the desktop app it is the
 * `Share screen` picker of screens and windows (the browser build uses the browser's own).
 *
 * Device choices live in the app store (store/mediaDevicesSlice.ts), kept per machine; a device
 * unplugged mid-call falls back to the default and comes back when plugged in again.
 */
import { useAppStore } from '../store/appStore';
import { LocalMedia, type DeviceSource } from './localMedia';
import './media.css';

export { LocalMedia, type LocalMediaState, type LocalTrackKind } from './localMedia';
export { MediaToggles } from './MediaToggles';
export { DevicesDialog } from './DevicesDialog';
export { ScreenSharePicker } from './ScreenSharePicker';
export { RemoteAudio, MediaVideo } from './RemoteMedia';
export { ConnectionQualityNotice, useConnectionQuality } from './ConnectionQuality';
export { useLocalMedia } from './useLocalMedia';
export { iceConfiguration, forgetIceConfiguration } from './iceConfiguration';

/** The app store as LocalMedia's source of device choices. */
export const appDeviceSource: DeviceSource = {
  preferences: () => useAppStore.getState().devicePreferences,
  available: () => useAppStore.getState().availableDevices,
  devicesEnumerated: (devices) => useAppStore.getState().devicesEnumerated(devices),
};

/** A LocalMedia for one call or meeting, following the devices chosen in `Devices`. */
export function createLocalMedia(): LocalMedia {
  return new LocalMedia(appDeviceSource);
}
