import { Mic, MicOff, ScreenShare, ScreenShareOff, Settings2, Video, VideoOff } from 'lucide-react';
import { useState } from 'react';
import { DevicesDialog } from './DevicesDialog';
import type { LocalMedia } from './localMedia';
import { useLocalMedia } from './useLocalMedia';

export interface MediaTogglesProps {
  media: LocalMedia | null;
  /** Told after the microphone was muted or unmuted here (a call tells the other side). */
  onMutedChange?: (muted: boolean) => void;
  /** Everything but `Devices` waits (a call on hold, a call not connected yet). */
  disabled?: boolean;
  /** Without a screen to share (a phone), the toggle is left out. */
  screenShare?: boolean;
}

/**
 * The toggle buttons `Mute`, `Camera` and `Share screen` (each `aria-pressed`, names that never
 * change: SPEC 6) and the button `Devices`, for any LocalMedia: a call's or a meeting's.
 */
export function MediaToggles({ media, onMutedChange, disabled = false, screenShare = true }: MediaTogglesProps) {
  const state = useLocalMedia(media);
  const [devicesOpen, setDevicesOpen] = useState(false);
  const cameraOn = state.camera !== null;
  const sharing = state.screen !== null;
  const off = disabled || media === null;
  return (
    <>
      <button
        type="button"
        className={`button media-toggle${state.muted ? ' media-toggle--off' : ''}`}
        aria-pressed={state.muted}
        disabled={off}
        title={state.muted ? 'Unmute' : 'Mute'}
        onClick={() => {
          media?.setMuted(!state.muted);
          onMutedChange?.(!state.muted);
        }}
      >
        {state.muted ? <MicOff size={16} aria-hidden /> : <Mic size={16} aria-hidden />}
        <span className="media-toggle__label">Mute</span>
      </button>
      <button
        type="button"
        className={`button media-toggle${cameraOn ? ' media-toggle--on' : ''}`}
        aria-pressed={cameraOn}
        aria-busy={state.starting === 'camera'}
        disabled={off || state.starting === 'camera'}
        title={cameraOn ? 'Turn camera off' : 'Turn camera on'}
        onClick={() => void media?.setCamera(!cameraOn)}
      >
        {cameraOn ? <Video size={16} aria-hidden /> : <VideoOff size={16} aria-hidden />}
        <span className="media-toggle__label">Camera</span>
      </button>
      {screenShare && (
        <button
          type="button"
          className={`button media-toggle${sharing ? ' media-toggle--on' : ''}`}
          aria-pressed={sharing}
          aria-busy={state.starting === 'screen'}
          disabled={off || state.starting === 'screen'}
          title={sharing ? 'Stop sharing your screen' : 'Share your screen'}
          onClick={() => void media?.setScreenShare(!sharing)}
        >
          {sharing ? <ScreenShareOff size={16} aria-hidden /> : <ScreenShare size={16} aria-hidden />}
          <span className="media-toggle__label">Share screen</span>
        </button>
      )}
      <button type="button" className="button media-toggle" aria-haspopup="dialog" title="Microphone, speaker and camera" onClick={() => setDevicesOpen(true)}>
        <Settings2 size={16} aria-hidden />
        <span className="media-toggle__label">Devices</span>
      </button>
      {state.problem && (
        <p role="alert" className="media-problem">
          {state.problem}
        </p>
      )}
      {devicesOpen && <DevicesDialog media={media} onClose={() => setDevicesOpen(false)} />}
    </>
  );
}
