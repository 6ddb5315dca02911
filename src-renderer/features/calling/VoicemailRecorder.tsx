import { Circle } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { maxVoicemailSeconds, type VoicemailAudioType } from '../../../src-shared/protocol/callProtocol';
import { createLocalMedia } from '../../media';
import { useAppStore } from '../../store/appStore';
import type { VoicemailRecording } from '../../store/callsSlice';
import { formatDuration } from './format';

/** What MediaRecorder records a voicemail as: Opus in WebM (Chromium, Electron) or in Ogg (Firefox). */
const recordingTypes: Array<{ mimeType: string; contentType: VoicemailAudioType }> = [
  { mimeType: 'audio/webm;codecs=opus', contentType: 'audio/webm' },
  { mimeType: 'audio/ogg;codecs=opus', contentType: 'audio/ogg' },
];

/** Speech is clear at 32 kbit/s of Opus; three minutes take about 720 KB. */
const bitsPerSecond = 32_000;

type Recorder = { recorder: MediaRecorder; contentType: VoicemailAudioType; chunks: Blob[]; startedAt: number; stopped: Promise<void> };

/**
 * `Leave voicemail`: records from the microphone chosen in Devices as soon as it opens (up to
 * three minutes), with an optional typed note; `Stop and send` sends it, `Cancel` throws it away.
 * Without a microphone the note alone can be sent.
 */
export function VoicemailRecorder({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const leaveVoicemail = useAppStore((state) => state.leaveVoicemail);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [recordingState, setRecordingState] = useState<'starting' | 'recording' | 'stopped' | 'unavailable'>('starting');
  const [elapsed, setElapsed] = useState(0);
  const [sending, setSending] = useState(false);
  const recorder = useRef<Recorder | null>(null);

  useEffect(() => {
    const media = createLocalMedia();
    let cancelled = false;
    let ticker: ReturnType<typeof setInterval> | null = null;
    void media.startMicrophone().then((started) => {
      const track = media.track('audio');
      const type = recordingTypes.find((candidate) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(candidate.mimeType));
      if (cancelled) return;
      if (!started || !track || !type) {
        setError(media.getSnapshot().problem ?? 'This browser cannot record audio: type a note instead.');
        setRecordingState('unavailable');
        return;
      }
      const mediaRecorder = new MediaRecorder(new MediaStream([track]), { mimeType: type.mimeType, audioBitsPerSecond: bitsPerSecond });
      const chunks: Blob[] = [];
      mediaRecorder.ondataavailable = (event) => {
        if (event.data.size > 0) chunks.push(event.data);
      };
      const stopped = new Promise<void>((resolve) => mediaRecorder.addEventListener('stop', () => resolve(), { once: true }));
      recorder.current = { recorder: mediaRecorder, contentType: type.contentType, chunks, startedAt: performance.now(), stopped };
      mediaRecorder.start(1_000);
      setRecordingState('recording');
      ticker = setInterval(() => {
        const seconds = (performance.now() - (recorder.current?.startedAt ?? 0)) / 1000;
        setElapsed(seconds);
        // Three minutes at most: the recording stops there and waits to be sent.
        if (seconds >= maxVoicemailSeconds && mediaRecorder.state === 'recording') {
          mediaRecorder.stop();
          media.stop();
          setRecordingState('stopped');
        }
      }, 250);
    });
    return () => {
      cancelled = true;
      if (ticker) clearInterval(ticker);
      if (recorder.current?.recorder.state === 'recording') recorder.current.recorder.stop();
      media.stop();
    };
  }, []);

  const finish = async (): Promise<VoicemailRecording | null> => {
    const current = recorder.current;
    if (!current) return null;
    const durationMs = Math.min(maxVoicemailSeconds * 1000, performance.now() - current.startedAt);
    if (current.recorder.state === 'recording') current.recorder.stop();
    await current.stopped;
    const blob = new Blob(current.chunks, { type: current.contentType });
    return blob.size > 0 ? { contentType: current.contentType, bytes: await blob.arrayBuffer(), durationMs } : null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    const recording = await finish();
    setRecordingState('stopped');
    const problem = await leaveVoicemail({ recording, note });
    setSending(false);
    if (problem) setError(problem);
    else onDone();
  };

  const canSend = !sending && (recordingState === 'recording' || recordingState === 'stopped' || note.trim() !== '');
  return (
    <form aria-label="Leave voicemail" className="voicemail-form" onSubmit={(event) => void submit(event)}>
      <p className="voicemail-form__status" role="status">
        {recordingState === 'starting' && 'Starting the microphone…'}
        {recordingState === 'recording' && (
          <>
            <Circle size={10} className="voicemail-form__dot" aria-hidden /> Recording {formatDuration(elapsed)} of {formatDuration(maxVoicemailSeconds)}
          </>
        )}
        {recordingState === 'stopped' && `Recorded ${formatDuration(elapsed)}`}
      </p>
      <label className="field">
        <span>Note (optional)</span>
        <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={2} maxLength={1000} />
      </label>
      {error && <p role="alert">{error}</p>}
      <div className="dock-item__controls">
        <button type="submit" className="button button--primary" disabled={!canSend}>
          Stop and send
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
