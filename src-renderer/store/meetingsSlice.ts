import type { StateCreator } from 'zustand';
import type { PersonRef } from '../../src-shared/protocol/model';
import { MEETING_JOIN_EARLY_MINUTES, type MeetingView } from '../../src-shared/protocol/meetingProtocol';
import { collectPages } from '../../src-shared/session/pages';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

/** Someone asked the viewer to join a meeting. */
export interface MeetingInvitation {
  meeting: MeetingView;
  invitedBy: PersonRef;
}

export type MeetingTarget = { userId: string } | { conversationId: string };

export interface MeetingsSlice {
  /** Upcoming and ongoing meetings of the viewer's conversations, soonest first. */
  meetings: MeetingView[];
  /** Whether the list has come from the server at least once. */
  meetingsLoaded: boolean;
  /** The meeting this client is in. */
  currentMeetingId: string | null;
  invitations: MeetingInvitation[];
  meetingError: string | null;
  /** Counts the times this client's meeting media had to start over (the backend restarted): the media controller follows it. */
  meetingMediaRenewals: number;
  loadMeetings(): Promise<void>;
  /** Meet now: with a person, or in a chat or channel. */
  startMeeting(target: MeetingTarget): Promise<void>;
  joinMeeting(meetingId: string): Promise<void>;
  leaveMeeting(): Promise<void>;
  /** Returns an error message, or null when scheduled. */
  scheduleMeeting(meeting: { conversationId: string; title: string; startsAt: string; durationMinutes: number }): Promise<string | null>;
  dismissInvitation(meetingId: string): void;
  clearMeetingError(): void;
  resetMeetings(): void;
  /** Written by the bridge only. */
  meetingUpdated(meeting: MeetingView): void;
  meetingInvited(meeting: MeetingView, invitedBy: PersonRef): void;
  /** Who the viewer sees changed: participants may now be UNKNOWN USER (or no longer). */
  meetingsStale(): Promise<void>;
  /**
   * (Re)connected: a client whose media flowed resumes its place (the backend keeps it a while);
   * otherwise the server took the lost connection out of its meeting. Then the list is loaded again.
   */
  meetingsReconnected(): Promise<void>;
}

const initial = { meetings: [], meetingsLoaded: false, currentMeetingId: null, invitations: [], meetingError: null, meetingMediaRenewals: 0 };

function upsert(meetings: MeetingView[], meeting: MeetingView): MeetingView[] {
  const others = meetings.filter((other) => other.id !== meeting.id);
  if (meeting.state === 'ended') return others;
  return [...others, meeting].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export const createMeetingsSlice: StateCreator<AppState, [], [], MeetingsSlice> = (set, get) => {
  /** Enters a meeting the server says this client is now in. */
  const entered = (meeting: MeetingView) =>
    set((state) => ({
      meetings: upsert(state.meetings, meeting),
      currentMeetingId: meeting.id,
      meetingError: null,
      invitations: state.invitations.filter((invitation) => invitation.meeting.id !== meeting.id),
    }));

  return {
    ...initial,
    async loadMeetings() {
      const result = await collectPages((cursor) => getApi().listMeetings(cursor ? { cursor } : {}));
      if (!result.ok) return;
      const current = get().currentMeetingId;
      // The meeting this client is in stays, even when a newer list has not caught up with it.
      const mine = get().meetings.find((meeting) => meeting.id === current);
      set({ meetingsLoaded: true, meetings: mine && !result.data.some((meeting) => meeting.id === mine.id) ? upsert(result.data, mine) : result.data });
    },
    async startMeeting(target) {
      const result = await getApi().startMeeting(target);
      if (result.ok) entered(result.data);
      else set({ meetingError: result.error.message });
    },
    async joinMeeting(meetingId) {
      const result = await getApi().joinMeeting({ meetingId });
      if (result.ok) entered(result.data);
      else set({ meetingError: result.error.message });
    },
    async leaveMeeting() {
      const meetingId = get().currentMeetingId;
      if (!meetingId) return;
      set({ currentMeetingId: null });
      const result = await getApi().leaveMeeting({ meetingId });
      if (result.ok) get().meetingUpdated(result.data);
    },
    async scheduleMeeting(meeting) {
      const result = await getApi().scheduleMeeting(meeting);
      if (!result.ok) return result.error.message;
      get().meetingUpdated(result.data);
      return null;
    },
    dismissInvitation(meetingId) {
      set((state) => ({ invitations: state.invitations.filter((invitation) => invitation.meeting.id !== meetingId) }));
    },
    clearMeetingError: () => set({ meetingError: null }),
    resetMeetings: () => set(initial),
    meetingUpdated(meeting) {
      set((state) => ({
        meetings: upsert(state.meetings, meeting),
        currentMeetingId: state.currentMeetingId === meeting.id && (meeting.state === 'ended' || !meeting.joined) ? null : state.currentMeetingId,
        invitations:
          meeting.state === 'ended' ? state.invitations.filter((invitation) => invitation.meeting.id !== meeting.id) : state.invitations.map((invitation) => (invitation.meeting.id === meeting.id ? { ...invitation, meeting } : invitation)),
      }));
    },
    meetingInvited(meeting, invitedBy) {
      set((state) => ({
        meetings: upsert(state.meetings, meeting),
        invitations: [...state.invitations.filter((invitation) => invitation.meeting.id !== meeting.id), { meeting, invitedBy }],
      }));
    },
    async meetingsStale() {
      await get().loadMeetings();
    },
    async meetingsReconnected() {
      const meetingId = get().currentMeetingId;
      const resumed = meetingId ? await getApi().resumeMeeting({ meetingId }) : null;
      if (resumed?.ok) {
        entered(resumed.data.meeting);
        if (resumed.data.renewed) set((state) => ({ meetingMediaRenewals: state.meetingMediaRenewals + 1 }));
      } else set({ currentMeetingId: null });
      await get().loadMeetings();
    },
  };
};

/** The meeting this client is in, as last heard. */
export const selectCurrentMeeting = (state: MeetingsSlice) => state.meetings.find((meeting) => meeting.id === state.currentMeetingId) ?? null;

/** Whether a meeting may be joined at this moment (scheduled ones open a few minutes early). */
export function isJoinable(meeting: MeetingView, now: number): boolean {
  if (meeting.state === 'ongoing') return true;
  if (meeting.state !== 'scheduled') return false;
  const start = Date.parse(meeting.startsAt);
  return now >= start - MEETING_JOIN_EARLY_MINUTES * 60_000 && now < start + meeting.durationMinutes * 60_000;
}
