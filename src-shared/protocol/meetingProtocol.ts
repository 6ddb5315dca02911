/** Meetings (SPEC 1 rule 10): meet now in a 1:1 chat or a channel, scheduled channel meetings. */
import { z } from 'zod';
import type { Ack } from './ack';
import { nameText } from './validate';
import type { ApiTransport } from './api';
import { pageRequestShape, type ConversationKind, type Page, type PersonRef } from './model';

const id = z.string().min(1).max(200);

/** Scheduled meetings open this long before their start. */
export const MEETING_JOIN_EARLY_MINUTES = 5;

/** One meeting as a member of its conversation sees it. */
export interface MeetingView {
  id: string;
  /** The chat or channel it belongs to: its members may join. */
  conversationId: string;
  conversationKind: ConversationKind;
  /** The channel's name, the other person's name, or a group chat's members' names. */
  conversationTitle: string;
  title: string;
  kind: 'instant' | 'scheduled';
  startsAt: string;
  durationMinutes: number;
  /** `scheduled` until someone joins, `ongoing` while anyone is in it, `ended` once the last one left. */
  state: 'scheduled' | 'ongoing' | 'ended';
  /** Whether the viewer may join now (ongoing, or a scheduled one within its window). */
  joinable: boolean;
  /** Who is in it now, each as the viewer may see them. */
  participants: PersonRef[];
  /** Whether the viewer is in it. */
  joined: boolean;
  startedBy: PersonRef;
}

export const meetingCommands = {
  /** Meet now: with one person (their 1:1 chat) or in a conversation; the viewer joins at once. */
  'meeting:start': z.union([z.object({ userId: id }).strict(), z.object({ conversationId: id }).strict()]),
  /** Joins a meeting of a conversation the viewer is in. */
  'meeting:join': z.object({ meetingId: id }).strict(),
  /** Leaves a meeting; it ends when its last participant leaves. */
  'meeting:leave': z.object({ meetingId: id }).strict(),
  /** Schedules a meeting in a channel the viewer is a member of, and posts it there. */
  'meeting:schedule': z
    .object({
      conversationId: id,
      title: nameText(z.string().trim().min(1, 'A meeting needs a title.').max(120)),
      startsAt: z.iso.datetime({ offset: true, message: 'Choose when the meeting starts.' }),
      durationMinutes: z.number().int().min(5, 'A meeting lasts at least 5 minutes.').max(480, 'A meeting lasts at most 8 hours.'),
    })
    .strict(),
  /** Upcoming and ongoing meetings of the viewer's conversations (or of one), soonest first, a page at a time. */
  'meeting:list': z.object({ conversationId: id.optional(), ...pageRequestShape }).strict(),
} as const;

export interface MeetingResults {
  'meeting:start': MeetingView;
  'meeting:join': MeetingView;
  'meeting:leave': MeetingView;
  'meeting:schedule': MeetingView;
  'meeting:list': Page<MeetingView>;
}

export interface MeetingEvents {
  /** A meeting of one of the viewer's conversations was created, scheduled, joined, left or ended. */
  'meeting:updated': { meeting: MeetingView };
  /** Someone started a meeting with the viewer and invites them to join. */
  'meeting:invited': { meeting: MeetingView; invitedBy: PersonRef };
}

type Payload<C extends keyof typeof meetingCommands> = z.input<(typeof meetingCommands)[C]>;
type Result<C extends keyof MeetingResults> = Promise<Ack<MeetingResults[C]>>;

export interface MeetingApi {
  startMeeting(payload: Payload<'meeting:start'>): Result<'meeting:start'>;
  joinMeeting(payload: Payload<'meeting:join'>): Result<'meeting:join'>;
  leaveMeeting(payload: Payload<'meeting:leave'>): Result<'meeting:leave'>;
  scheduleMeeting(payload: Payload<'meeting:schedule'>): Result<'meeting:schedule'>;
  listMeetings(payload: Payload<'meeting:list'>): Result<'meeting:list'>;
}

export function createMeetingApi(transport: ApiTransport): MeetingApi {
  return {
    startMeeting: (payload) => transport.invoke('meeting:start', payload),
    joinMeeting: (payload) => transport.invoke('meeting:join', payload),
    leaveMeeting: (payload) => transport.invoke('meeting:leave', payload),
    scheduleMeeting: (payload) => transport.invoke('meeting:schedule', payload),
    listMeetings: (payload) => transport.invoke('meeting:list', payload),
  };
}
