/** Calling (SPEC 3): dialing, the call's states, history, voicemail and number resolution. */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import type { PersonSummary } from './model';

const id = z.string().min(1).max(200);

/** How long after a call ends its caller may still leave a voicemail. */
export const voicemailWindowMs = 10 * 60_000;

/** A voicemail lasts at most this long: the recorder stops there. */
export const maxVoicemailSeconds = 180;
/** The most a voicemail's audio may take (three minutes of Opus at 32 kbit/s is about 720 KB). */
export const maxVoicemailBytes = 4 * 1024 * 1024;
/** What voicemails are recorded as: MediaRecorder's Opus, in WebM (Chromium) or Ogg (Firefox). */
export const voicemailAudioTypes = ['audio/webm', 'audio/ogg'] as const;
export type VoicemailAudioType = (typeof voicemailAudioTypes)[number];

/** The longest session description relayed (an offer with audio, camera and screen is about 10 KB). */
export const maxSdpLength = 65_536;

/**
 * One ICE candidate line as browsers write it (RFC 8839): foundation, component, transport,
 * priority, address (IPv4, IPv6 or an mDNS `.local` name), port, type, then extensions. The
 * empty string is the end of candidates.
 */
const candidateLine = /^(candidate:[A-Za-z0-9+/]{1,32} \d{1,3} (?:udp|tcp|UDP|TCP) \d{1,10} [A-Za-z0-9.:-]{1,255} \d{1,5} typ (?:host|srflx|prflx|relay)(?: [A-Za-z-]{1,32} [A-Za-z0-9.:/+=-]{1,255}){0,16})?$/;

/** A session description: printable text only, starting as SDP does. */
const sessionDescription = z
  .string()
  .max(maxSdpLength, `A session description is at most ${maxSdpLength} characters.`)
  .regex(/^v=0\r?\n[\x20-\x7e\r\n\t]*$/, 'Not a session description.');

/**
 * What one party's client sends the other's to set up and keep up the media (perfect
 * negotiation: the caller's client offers first; either may renegotiate for camera, screen or
 * an ICE restart). The backend checks the shape and relays it to the other client only.
 */
export const callSignalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: z.object({ type: z.enum(['offer', 'answer']), sdp: sessionDescription }).strict() }).strict(),
  z
    .object({
      kind: z.literal('candidate'),
      candidate: z
        .object({
          candidate: z.string().max(1024).regex(candidateLine, 'Not an ICE candidate.'),
          sdpMid: z.string().max(32).regex(/^[A-Za-z0-9_-]*$/).nullable(),
          sdpMLineIndex: z.number().int().min(0).max(63).nullable(),
          usernameFragment: z.string().max(256).regex(/^[A-Za-z0-9+/=_-]*$/).nullable().optional(),
        })
        .strict(),
    })
    .strict(),
]);

export type CallSignal = z.output<typeof callSignalSchema>;

/** Renderer API channels served by the session host: a voicemail's bytes go over HTTP with the session's token. */
export const voicemailLocalChannelSchemas = {
  /** Uploads a recorded voicemail for a call the viewer placed; the voicemail is left after (`voicemail:leave`). */
  'voicemail:uploadAudio': z
    .object({
      callId: id,
      contentType: z.enum(voicemailAudioTypes),
      bytes: z.instanceof(ArrayBuffer).refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= maxVoicemailBytes, 'A voicemail recording must be between 1 byte and 4 MB.'),
    })
    .strict(),
  /** The recording of one of the viewer's voicemails, for playing. */
  'voicemail:audio': z.object({ fileId: id }).strict(),
} as const;

export interface VoicemailLocalChannelResults {
  'voicemail:uploadAudio': Ack<{ fileId: string }>;
  'voicemail:audio': Ack<{ contentType: VoicemailAudioType; bytes: ArrayBuffer }>;
}

/** Where a call stands; `ended` carries its outcome. */
export type CallState = 'dialing' | 'ringing' | 'connected' | 'ended';

/** How a call ended, from the viewer's side ('missed' is the callee's record of a call nobody answered). */
export type CallOutcome = 'answered' | 'missed' | 'declined' | 'no answer' | 'busy' | 'cancelled' | 'failed' | 'voicemail';

/**
 * The other end of a call or voicemail as the viewer may know it: the person who owns the number
 * when the viewer sees them, otherwise only the number.
 */
export interface CallParty {
  /** Set only when the viewer sees the owner of the number. */
  person: PersonSummary | null;
  /** The number for display: `(415) 555-0101`, `Ext. 1201`, or `Unknown number`. */
  number: string;
  /** What to dial to call back; null when there is nothing to dial. */
  dial: string | null;
}

/** One call as one side of it sees it. */
export interface CallView {
  id: string;
  direction: 'in' | 'out';
  party: CallParty;
  state: CallState;
  /** Set once the call has ended. */
  outcome: CallOutcome | null;
  startedAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  /** Whether this client carries the call (placed it, or answered it here): its media is here. */
  activeHere: boolean;
  /** The viewer muted their microphone. */
  muted: boolean;
  /** The other party muted theirs (SPEC 6: the other side sees `muted`). */
  remoteMuted: boolean;
  /** On hold: neither side sends anything until it is resumed. */
  held: boolean;
  /** The viewer put it on hold (and so may resume it). */
  heldByMe: boolean;
  /**
   * Nobody in Meridian to connect media to: an outside number (answered by a simulated party),
   * or the number of someone the caller does not see (dialed exactly like one). Shows as
   * `Simulated outside line`.
   */
  simulated: boolean;
  /** The caller may leave a voicemail (declined or unanswered, none left yet). */
  voicemailAllowed: boolean;
}

/** A line of call history. */
export interface CallRecordView {
  id: string;
  callId: string | null;
  direction: 'in' | 'out';
  party: CallParty;
  at: string;
  outcome: CallOutcome;
  durationSec: number;
}

/** A voicemail as its owner sees it. */
export interface VoicemailView {
  id: string;
  from: CallParty;
  at: string;
  durationSec: number;
  /** What was said, where known (seeded voicemails); empty for a recording. */
  transcript: string;
  /** The caller's typed note, if any. */
  note: string;
  /** The recording, played with `voicemailAudio`; null for a voicemail of text alone. */
  audio: { fileId: string } | null;
  listened: boolean;
}

export const callCommands = {
  /** Places a call; the backend parses the dial string again with the shared parser. */
  'call:dial': z.object({ dial: z.string().max(100) }).strict(),
  /** Answers a call ringing on this client; the others stop ringing. */
  'call:answer': z.object({ callId: id }).strict(),
  /** Declines a call ringing on the viewer's clients. */
  'call:decline': z.object({ callId: id }).strict(),
  /** Ends a call: cancels it while ringing, hangs up once connected. */
  'call:hangup': z.object({ callId: id }).strict(),
  /** Mutes or unmutes the viewer's microphone: the other side is told. */
  'call:mute': z.object({ callId: id, muted: z.boolean() }).strict(),
  /** Holds or resumes a connected call: neither side sends while it is held; who held it resumes it. */
  'call:hold': z.object({ callId: id, held: z.boolean() }).strict(),
  /** Relays media signalling to the other party's one client that carries the call. */
  'call:signal': z.object({ callId: id, signal: callSignalSchema }).strict(),
  /** The call this client carries (ended ones too, while kept) and those ringing for the viewer: what a client asks after reconnecting. */
  'call:active': z.object({}).strict(),
  /** The viewer's call history, newest first. */
  'call:history': z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
  /** The viewer's voicemails, newest first. */
  'voicemail:list': z.object({}).strict(),
  /**
   * Leaves a voicemail after a declined or unanswered call: the recording uploaded before
   * (`voicemail:uploadAudio`), its length, and an optional typed note (a note alone where there
   * is no microphone).
   */
  'voicemail:leave': z
    .object({
      callId: id,
      audioFileId: id.optional(),
      durationMs: z.number().int().min(0).max((maxVoicemailSeconds + 5) * 1000).optional(),
      note: z.string().trim().max(1000).optional(),
    })
    .strict()
    .refine((voicemail) => voicemail.audioFileId !== undefined || (voicemail.note ?? '') !== '', { message: 'A voicemail needs a recording or a note.', path: ['note'] }),
  /** Marks one of the viewer's voicemails listened (or not). */
  'voicemail:markListened': z.object({ voicemailId: id, listened: z.boolean().default(true) }).strict(),
  /** Deletes one of the viewer's voicemails. */
  'voicemail:delete': z.object({ voicemailId: id }).strict(),
  /** Who a number belongs to, as the viewer may know it (SPEC 3, number resolution). */
  'number:resolve': z.object({ number: z.string().min(1).max(100) }).strict(),
} as const;

export interface CallResults {
  'call:dial': CallView;
  'call:answer': CallView;
  'call:decline': null;
  'call:hangup': CallView;
  'call:mute': CallView;
  'call:hold': CallView;
  'call:signal': null;
  'call:active': { current: CallView | null; ringing: CallView[] };
  'call:history': CallRecordView[];
  'voicemail:list': VoicemailView[];
  'voicemail:leave': { voicemailId: string };
  'voicemail:markListened': VoicemailView;
  'voicemail:delete': { voicemailId: string };
  'number:resolve': CallParty;
}

export interface CallEvents {
  /** A call started ringing on the viewer's clients. */
  'call:ringing': { call: CallView };
  /** A call the viewer is part of changed state (answered, held, ended, …). */
  'call:updated': { call: CallView };
  /** Media signalling from the other party's client, for this client only. */
  'call:signal': { callId: string; signal: CallSignal };
  /** A call was written to the viewer's history. */
  'call:recorded': { record: CallRecordView };
  /** Someone left the viewer a voicemail. */
  'voicemail:received': { voicemail: VoicemailView };
  /** One of the viewer's voicemails was marked listened or not (on another client, too). */
  'voicemail:updated': { voicemail: VoicemailView };
  /** One of the viewer's voicemails was deleted. */
  'voicemail:deleted': { voicemailId: string };
}

type Payload<C extends keyof typeof callCommands> = z.input<(typeof callCommands)[C]>;
type Result<C extends keyof CallResults> = Promise<Ack<CallResults[C]>>;

export interface CallApi {
  dial(payload: Payload<'call:dial'>): Result<'call:dial'>;
  answerCall(payload: Payload<'call:answer'>): Result<'call:answer'>;
  declineCall(payload: Payload<'call:decline'>): Result<'call:decline'>;
  hangUp(payload: Payload<'call:hangup'>): Result<'call:hangup'>;
  muteCall(payload: Payload<'call:mute'>): Result<'call:mute'>;
  holdCall(payload: Payload<'call:hold'>): Result<'call:hold'>;
  sendCallSignal(payload: Payload<'call:signal'>): Result<'call:signal'>;
  activeCalls(): Result<'call:active'>;
  getCallHistory(payload: Payload<'call:history'>): Result<'call:history'>;
  listVoicemails(): Result<'voicemail:list'>;
  leaveVoicemail(payload: Payload<'voicemail:leave'>): Result<'voicemail:leave'>;
  uploadVoicemailAudio(upload: z.input<(typeof voicemailLocalChannelSchemas)['voicemail:uploadAudio']>): Promise<VoicemailLocalChannelResults['voicemail:uploadAudio']>;
  voicemailAudio(fileId: string): Promise<VoicemailLocalChannelResults['voicemail:audio']>;
  markVoicemailListened(payload: Payload<'voicemail:markListened'>): Result<'voicemail:markListened'>;
  deleteVoicemail(payload: Payload<'voicemail:delete'>): Result<'voicemail:delete'>;
  resolveNumber(payload: Payload<'number:resolve'>): Result<'number:resolve'>;
}

export function createCallApi(transport: ApiTransport): CallApi {
  return {
    dial: (payload) => transport.invoke('call:dial', payload),
    answerCall: (payload) => transport.invoke('call:answer', payload),
    declineCall: (payload) => transport.invoke('call:decline', payload),
    hangUp: (payload) => transport.invoke('call:hangup', payload),
    muteCall: (payload) => transport.invoke('call:mute', payload),
    holdCall: (payload) => transport.invoke('call:hold', payload),
    sendCallSignal: (payload) => transport.invoke('call:signal', payload),
    activeCalls: () => transport.invoke('call:active', {}),
    getCallHistory: (payload) => transport.invoke('call:history', payload),
    listVoicemails: () => transport.invoke('voicemail:list', {}),
    leaveVoicemail: (payload) => transport.invoke('voicemail:leave', payload),
    uploadVoicemailAudio: (upload) => transport.invoke('voicemail:uploadAudio', upload),
    voicemailAudio: (fileId) => transport.invoke('voicemail:audio', { fileId }),
    markVoicemailListened: (payload) => transport.invoke('voicemail:markListened', payload),
    deleteVoicemail: (payload) => transport.invoke('voicemail:delete', payload),
    resolveNumber: (payload) => transport.invoke('number:resolve', payload),
  };
}
