import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/appStore';
import { effectiveDevice } from './devices';

/** Plays a stream's audio on the speaker chosen in `Devices` (setSinkId), else the system's. */
export function RemoteAudio({ stream, paused = false }: { stream: MediaStream | null; paused?: boolean }) {
  const element = useRef<HTMLAudioElement>(null);
  const speaker = useAppStore((state) => effectiveDevice(state.availableDevices.speaker, state.devicePreferences.speaker));
  useEffect(() => {
    const audio = element.current;
    if (!audio) return;
    if (audio.srcObject !== stream) audio.srcObject = stream;
    if (stream && !paused) void audio.play().catch(() => undefined);
    else audio.pause();
  }, [stream, paused]);
  useEffect(() => {
    const audio = element.current;
    if (!audio || typeof audio.setSinkId !== 'function') return;
    void audio.setSinkId(speaker ?? '').catch(() => undefined);
  }, [speaker]);
  return <audio ref={element} autoPlay hidden />;
}

/** A video (the other party's camera or screen, or one's own preview, mirrored). */
export function MediaVideo({ stream, label, mirrored = false, className = '' }: { stream: MediaStream | null; label: string; mirrored?: boolean; className?: string }) {
  const element = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = element.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
  }, [stream]);
  // Sound goes through RemoteAudio alone: a video element never plays it twice.
  return <video ref={element} className={`media-video${mirrored ? ' media-video--mirrored' : ''} ${className}`} aria-label={label} autoPlay playsInline muted />;
}
