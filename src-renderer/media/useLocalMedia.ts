import { useSyncExternalStore } from 'react';
import type { LocalMedia, LocalMediaState } from './localMedia';

const idle: LocalMediaState = { microphone: null, camera: null, screen: null, muted: false, starting: null, problem: null, stopped: true };
const noSubscription = () => () => undefined;

/** The state of a LocalMedia (or of none), re-rendering on every change. */
export function useLocalMedia(media: LocalMedia | null): LocalMediaState {
  return useSyncExternalStore(media?.subscribe ?? noSubscription, media?.getSnapshot ?? (() => idle));
}
