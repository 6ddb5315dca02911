/**
 * Starts and stops the media of the meeting this client is in (./meetingMediaSession.ts) as the
 * store says, and hands it the backend's media events. The bridge (../../bridge/connectStore.ts)
 * connects it once; components read the session with `useMeetingMediaSession`.
 */
import { useSyncExternalStore } from 'react';
import type { MeridianApi } from '../../../src-shared/protocol/api';
import type { ServerEvents } from '../../../src-shared/protocol/events';
import { useAppStore } from '../../store/appStore';
import { selectCurrentMeeting } from '../../store/meetingsSlice';
import { MeetingMediaSession } from './meetingMediaSession';

let session: MeetingMediaSession | null = null;
/** Mesh signals that came before this client's session for their meeting began (an offer right after joining). */
let early: Array<ServerEvents['meeting:mesh-signalled']> = [];
const listeners = new Set<() => void>();

function setSession(next: MeetingMediaSession | null): void {
  session = next;
  for (const listener of listeners) listener();
}

/** The media of the meeting this client is in, or null. */
export function useMeetingMediaSession(): MeetingMediaSession | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => session,
  );
}

/** Follows the store's current meeting: its media start when the client is in one and stop when it leaves. */
export function connectMeetingMedia(api: MeridianApi): () => void {
  const follow = () => {
    const state = useAppStore.getState();
    const meeting = selectCurrentMeeting(state);
    if (session && (!meeting || meeting.id !== session.meetingId)) {
      session.stop();
      setSession(null);
    }
    if (!meeting?.media || !state.me) return;
    if (!session) {
      const started = new MeetingMediaSession(api, meeting.id, meeting.media);
      started.setSelf(state.me.id);
      setSession(started);
      const waiting = early.filter((signal) => signal.meetingId === meeting.id);
      early = [];
      void started.start().then(() => {
        if (session !== started) return;
        started.setMode(meeting.media!, meeting.participants);
        for (const signal of waiting) meetingMeshSignalled(signal);
      });
    } else {
      session.setMode(meeting.media, meeting.participants);
    }
  };
  const unsubscribe = useAppStore.subscribe((state, previous) => {
    if (state.meetings !== previous.meetings || state.currentMeetingId !== previous.currentMeetingId || state.me !== previous.me) follow();
    // Back after a restart of the backend: this client's media start over.
    if (state.meetingMediaRenewals !== previous.meetingMediaRenewals) session?.renew();
  });
  follow();
  return () => {
    unsubscribe();
    session?.stop();
    setSession(null);
  };
}

/** `meeting:media-offered`: what this client receives through the media server changed. */
export function meetingMediaOffered(payload: ServerEvents['meeting:media-offered']): void {
  if (session?.meetingId === payload.meetingId) void session.offered(payload.subscription, payload.version, payload.offer, payload.streams);
}

/** `meeting:streams-changed`: whose the streams this client receives are, told again (who sees whom changed). */
export function meetingStreamsChanged(payload: ServerEvents['meeting:streams-changed']): void {
  if (session?.meetingId === payload.meetingId) session.streamsChanged(payload.subscription, payload.streams);
}

/** `meeting:mesh-signalled`: another participant's client, in a meeting without a media server. */
export function meetingMeshSignalled(payload: ServerEvents['meeting:mesh-signalled']): void {
  if (!session) early = [...early.slice(-50), payload];
  if (session?.meetingId === payload.meetingId) void session.meshSignalled(payload.from, { ...(payload.description ? { description: payload.description } : {}), ...(payload.candidate !== undefined ? { candidate: payload.candidate } : {}) });
}

