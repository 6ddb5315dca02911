import { Pause, Play } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { VoicemailView } from '../../../src-shared/protocol/callProtocol';
import { effectiveDevice } from '../../media/devices';
import { useAppStore } from '../../store/appStore';
import { formatDuration } from './format';

/**
 * `Play` for a voicemail's recording (a toggle: pressed while it plays), on the speaker chosen in
 * Devices. Its bytes are fetched on the first press; playing it marks it listened.
 */
export function VoicemailPlayer({ voicemail }: { voicemail: VoicemailView & { audio: { fileId: string } } }) {
  const voicemailAudioUrl = useAppStore((state) => state.voicemailAudioUrl);
  const markListened = useAppStore((state) => state.markVoicemailListened);
  const speaker = useAppStore((state) => effectiveDevice(state.availableDevices.speaker, state.devicePreferences.speaker));
  const audio = useRef<HTMLAudioElement>(null);
  const url = useRef<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => {
    if (url.current) URL.revokeObjectURL(url.current);
  }, []);
  useEffect(() => {
    const element = audio.current;
    if (element && typeof element.setSinkId === 'function') void element.setSinkId(speaker ?? '').catch(() => undefined);
  }, [speaker]);

  const toggle = async () => {
    const element = audio.current;
    if (!element) return;
    if (playing) return element.pause();
    if (!url.current) {
      const answer = await voicemailAudioUrl(voicemail.audio.fileId);
      if ('error' in answer) return setError(answer.error);
      url.current = answer.url;
      element.src = answer.url;
    }
    setError(null);
    await element.play().catch(() => setError('The recording could not be played.'));
    if (!voicemail.listened) void markListened(voicemail.id, true);
  };

  return (
    <>
      <button type="button" className="button" aria-pressed={playing} onClick={() => void toggle()}>
        {playing ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />}
        Play
      </button>
      {(playing || position > 0) && (
        <span className="muted voicemail__position">
          {formatDuration(position)} / {formatDuration(voicemail.durationSec)}
        </span>
      )}
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
      <audio
        ref={audio}
        hidden
        preload="none"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => {
          setPlaying(false);
          setPosition(0);
        }}
        onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
      />
    </>
  );
}
