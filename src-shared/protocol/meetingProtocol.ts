/** Meetings (SPEC 1 rule 10): meet now in a 1:1 chat or a channel, scheduled channel meetings. */
import { z } from 'zod';
import type { Ack } from './ack';
import { nameText } from './validate';
import type { ApiTransport } from './api';
import { pageRequestShape, type ConversationKind, type Page, type PersonRef } from './model';

const id = z.string().min(1).max(200);

/** The longest session description accepted (a meeting of 10 with screens is about 20 KB). */
export const MAX_SDP_LENGTH = 64 * 1024;

/** A session description for the media server: bounded, and nothing but an offer or an answer. */
const sessionDescription = <T extends 'offer' | 'answer'>(type: T) =>
  z.object({ type: z.literal(type), sdp: z.string().min(10).max(MAX_SDP_LENGTH).startsWith('v=0') }).strict();

/** An ICE candidate of the client's own (null: it has no more). */
const iceCandidate = z
  .object({
    candidate: z.string().max(512).regex(/^(candidate:[\x20-\x7e]+)?$/, 'An ICE candidate starts with "candidate:".'),
    sdpMid: z.string().max(32).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(63).nullable().optional(),
  })
  .strict()
  .nullable();

/** What a published track carries. */
export type TrackSource = 'microphone' | 'camera' | 'screen';

/** One stream the viewer receives through the media server: whose it is as the viewer sees them, never who they are elsewhere. */
export interface ReceivedStream {
  /** The transceiver's mid in the viewer's receiving connection. */
  mid: string;
  kind: 'audio' | 'video';
  source: TrackSource;
  /** The participant as the viewer sees them (UNKNOWN USER otherwise). */
  participant: PersonRef;
  /** Tells this participant's streams apart from others' in this meeting, for this viewer only (random). */
  feed: string;
}

/** Scheduled meetings open this long before their start. */
export const MEETING_JOIN_EARLY_MINUTES = 5;

/** What a participant sends, shown to everyone in the meeting (`muted` in `Participants`). */
export interface ParticipantMedia {
  muted: boolean;
  camera: boolean;
  screen: boolean;
}

/** A participant as the viewer may see them (UNKNOWN USER otherwise), with what they send. */
export type MeetingParticipant = PersonRef & { media: ParticipantMedia };

/**
 * How a meeting's media travel here: through the media server (`sfu`); where there is none,
 * voice only, directly between at most `MEETING_MESH_LIMIT` people who all see each other
 * (`mesh`); or not at all (`none`). `notice` says so in one line when it is not `sfu`.
 */
export interface MeetingMediaMode {
  transport: 'sfu' | 'mesh' | 'none';
  notice: string | null;
}

/** Without a media server, meetings of up to this many people who all see each other still carry voice. */
export const MEETING_MESH_LIMIT = 4;

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
  /** Who is in it now, each as the viewer may see them, with what they send. */
  participants: MeetingParticipant[];
  /** How its media travel (set while the viewer is in it; null otherwise). */
  media: MeetingMediaMode | null;
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
  /**
   * Sends this client's media to the meeting through the media server: the first offer joins, later
   * ones renegotiate (camera, screen, ICE restart). `tracks` says what each sending mid carries.
   */
  'meeting:publish': z
    .object({
      meetingId: id,
      offer: sessionDescription('offer'),
      tracks: z.array(z.object({ mid: z.string().min(1).max(32), source: z.enum(['microphone', 'camera', 'screen']) }).strict()).max(8),
    })
    .strict(),
  /** The client's answer to the media server's latest offer of what it receives (`meeting:media-offered`). */
  'meeting:subscribed': z.object({ meetingId: id, version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), answer: sessionDescription('answer') }).strict(),
  /** One ICE candidate of the client's sending (`publish`) or receiving (`subscribe`) connection, for the media server only. */
  'meeting:candidate': z.object({ meetingId: id, connection: z.enum(['publish', 'subscribe']), candidate: iceCandidate }).strict(),
  /** What the viewer sends now: shown to everyone in the meeting. */
  'meeting:media-state': z.object({ meetingId: id, muted: z.boolean(), camera: z.boolean(), screen: z.boolean() }).strict(),
  /**
   * After a reconnection (or a restart of the backend): this client, which was in the meeting, takes
   * up its place; `renewed` in the answer says its media start over (send and receive anew).
   */
  'meeting:resume': z.object({ meetingId: id }).strict(),
  /** The receiving connection lost its path (a network change): the media server offers again with new ICE credentials. */
  'meeting:restart-ice': z.object({ meetingId: id }).strict(),
  /** Without a media server: a description or candidate for one other participant's client (voice mesh). */
  'meeting:mesh-signal': z
    .object({
      meetingId: id,
      to: z.string().min(1).max(200),
      description: z.union([sessionDescription('offer'), sessionDescription('answer')]).optional(),
      candidate: iceCandidate.optional(),
    })
    .strict(),
} as const;

export interface MeetingResults {
  'meeting:start': MeetingView;
  'meeting:join': MeetingView;
  'meeting:leave': MeetingView;
  'meeting:schedule': MeetingView;
  'meeting:list': Page<MeetingView>;
  'meeting:publish': { answer: { type: 'answer'; sdp: string } };
  'meeting:subscribed': null;
  'meeting:candidate': null;
  'meeting:media-state': MeetingView;
  'meeting:resume': { meeting: MeetingView; renewed: boolean };
  'meeting:restart-ice': null;
  'meeting:mesh-signal': null;
}

export interface MeetingEvents {
  /** A meeting of one of the viewer's conversations was created, scheduled, joined, left or ended. */
  'meeting:updated': { meeting: MeetingView };
  /** Someone started a meeting with the viewer and invites them to join. */
  'meeting:invited': { meeting: MeetingView; invitedBy: PersonRef };
  /**
   * The media server offers this client what it now receives (someone joined, left, or turned a
   * camera or screen on): the client answers with `meeting:subscribed` and the same version. A
   * new `subscription` (random) is a new receiving connection: the client starts one afresh.
   */
  'meeting:media-offered': { meetingId: string; subscription: string; version: number; offer: { type: 'offer'; sdp: string }; streams: ReceivedStream[] };
  /**
   * Whose the streams this client receives are, told again without a new offer: who sees whom
   * changed (a participant the viewer no longer sees is UNKNOWN USER from now on).
   */
  'meeting:streams-changed': { meetingId: string; subscription: string; streams: ReceivedStream[] };
  /** Voice mesh (no media server): another participant's client sends this one a description or candidate. */
  'meeting:mesh-signalled': {
    meetingId: string;
    from: string;
    description?: { type: 'offer' | 'answer'; sdp: string };
    candidate?: z.output<typeof iceCandidate>;
  };
}

type Payload<C extends keyof typeof meetingCommands> = z.input<(typeof meetingCommands)[C]>;
type Result<C extends keyof MeetingResults> = Promise<Ack<MeetingResults[C]>>;

export interface MeetingApi {
  startMeeting(payload: Payload<'meeting:start'>): Result<'meeting:start'>;
  joinMeeting(payload: Payload<'meeting:join'>): Result<'meeting:join'>;
  leaveMeeting(payload: Payload<'meeting:leave'>): Result<'meeting:leave'>;
  scheduleMeeting(payload: Payload<'meeting:schedule'>): Result<'meeting:schedule'>;
  listMeetings(payload: Payload<'meeting:list'>): Result<'meeting:list'>;
  publishMeetingMedia(payload: Payload<'meeting:publish'>): Result<'meeting:publish'>;
  answerMeetingMedia(payload: Payload<'meeting:subscribed'>): Result<'meeting:subscribed'>;
  sendMeetingCandidate(payload: Payload<'meeting:candidate'>): Result<'meeting:candidate'>;
  setMeetingMediaState(payload: Payload<'meeting:media-state'>): Result<'meeting:media-state'>;
  resumeMeeting(payload: Payload<'meeting:resume'>): Result<'meeting:resume'>;
  restartMeetingIce(payload: Payload<'meeting:restart-ice'>): Result<'meeting:restart-ice'>;
  sendMeshSignal(payload: Payload<'meeting:mesh-signal'>): Result<'meeting:mesh-signal'>;
}

export function createMeetingApi(transport: ApiTransport): MeetingApi {
  return {
    startMeeting: (payload) => transport.invoke('meeting:start', payload),
    joinMeeting: (payload) => transport.invoke('meeting:join', payload),
    leaveMeeting: (payload) => transport.invoke('meeting:leave', payload),
    scheduleMeeting: (payload) => transport.invoke('meeting:schedule', payload),
    listMeetings: (payload) => transport.invoke('meeting:list', payload),
    publishMeetingMedia: (payload) => transport.invoke('meeting:publish', payload),
    answerMeetingMedia: (payload) => transport.invoke('meeting:subscribed', payload),
    sendMeetingCandidate: (payload) => transport.invoke('meeting:candidate', payload),
    setMeetingMediaState: (payload) => transport.invoke('meeting:media-state', payload),
    resumeMeeting: (payload) => transport.invoke('meeting:resume', payload),
    restartMeetingIce: (payload) => transport.invoke('meeting:restart-ice', payload),
    sendMeshSignal: (payload) => transport.invoke('meeting:mesh-signal', payload),
  };
}
