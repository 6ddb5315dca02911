import type { StateCreator } from 'zustand';
import { parseDialString } from '../../src-shared/domain/dialString';
import type { CallParty, CallRecordView, CallState, CallView, VoicemailAudioType, VoicemailView } from '../../src-shared/protocol/callProtocol';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export type CallingView = 'history' | 'voicemail';

/** A voicemail as recorded (MediaRecorder's Opus). */
export interface VoicemailRecording {
  contentType: VoicemailAudioType;
  bytes: ArrayBuffer;
  durationMs: number;
}

export interface CallsSlice {
  /** The call this client carries: placed here or answered here (kept once ended, to offer voicemail). */
  currentCall: CallView | null;
  /** Calls ringing on this client. */
  incomingCalls: CallView[];
  callHistory: CallRecordView[] | null;
  voicemails: VoicemailView[] | null;
  /** Why the last call could not be placed. */
  callError: string | null;
  callingView: CallingView;
  /** Places a call; false (with `callError`) when refused. */
  dial(input: string): Promise<boolean>;
  answerCall(callId: string): Promise<void>;
  declineCall(callId: string): Promise<void>;
  hangUp(): Promise<void>;
  setCallMuted(muted: boolean): Promise<void>;
  setCallHeld(held: boolean): Promise<void>;
  /** Uploads the recording (if any) and leaves the voicemail; an error message, or null when left. */
  leaveVoicemail(voicemail: { recording: VoicemailRecording | null; note: string }): Promise<string | null>;
  /** Puts away an ended call. */
  closeCall(): void;
  clearCallError(): void;
  showCallingView(view: CallingView): void;
  loadCallHistory(): Promise<void>;
  loadVoicemails(): Promise<void>;
  markVoicemailListened(voicemailId: string, listened: boolean): Promise<void>;
  /** A voicemail's recording as a blob: URL to play (the caller revokes it), or why it cannot be had. */
  voicemailAudioUrl(fileId: string): Promise<{ url: string } | { error: string }>;
  deleteVoicemail(voicemailId: string): Promise<void>;
  resetCalls(): void;
  /** Written by the bridge only. */
  callRinging(call: CallView): void;
  callUpdated(call: CallView): void;
  callRecorded(record: CallRecordView): void;
  voicemailReceived(voicemail: VoicemailView): void;
  voicemailUpdated(voicemail: VoicemailView): void;
  voicemailDeleted(voicemailId: string): void;
  /** Who the viewer sees changed: names in history and voicemail may now be numbers (or back). */
  callsStale(): Promise<void>;
  /** (Re)connected: where the call this client carries stands now, what rings, and what may have changed. */
  callsReconnected(): Promise<void>;
}

const stateOrder: Record<CallState, number> = { dialing: 0, ringing: 1, connected: 2, ended: 3 };

/** Keeps the later of two views of one call: events and acknowledgements may cross. */
function later(current: CallView | null, next: CallView): CallView {
  if (!current || current.id !== next.id) return next;
  return stateOrder[next.state] >= stateOrder[current.state] ? next : current;
}

const initial = { currentCall: null, incomingCalls: [], callHistory: null, voicemails: null, callError: null, callingView: 'history' as CallingView };

export const createCallsSlice: StateCreator<AppState, [], [], CallsSlice> = (set, get) => ({
  ...initial,
  async dial(input) {
    // The same parser the backend runs: a refusal shows before anything is dialed.
    const parsed = parseDialString(input);
    if (!parsed.ok) {
      set({ callError: parsed.message });
      return false;
    }
    const current = get().currentCall;
    if (current && current.state !== 'ended') {
      set({ callError: 'You are already in a call. Hang up first.' });
      return false;
    }
    set({ callError: null, currentCall: null });
    const result = await getApi().dial({ dial: input.trim() });
    if (!result.ok) {
      set({ callError: result.error.message });
      return false;
    }
    set({ currentCall: later(get().currentCall, result.data) });
    return true;
  },
  async answerCall(callId) {
    const current = get().currentCall;
    if (current && current.state !== 'ended') await get().hangUp();
    const result = await getApi().answerCall({ callId });
    set((state) => ({ incomingCalls: state.incomingCalls.filter((call) => call.id !== callId) }));
    if (result.ok) set({ currentCall: later(get().currentCall, result.data), callError: null });
    else set({ callError: result.error.message });
  },
  async declineCall(callId) {
    set((state) => ({ incomingCalls: state.incomingCalls.filter((call) => call.id !== callId) }));
    await getApi().declineCall({ callId });
  },
  async hangUp() {
    const call = get().currentCall;
    if (!call || call.state === 'ended') return;
    const result = await getApi().hangUp({ callId: call.id });
    if (result.ok) set({ currentCall: later(get().currentCall, result.data) });
  },
  async setCallMuted(muted) {
    const call = get().currentCall;
    if (!call) return;
    const result = await getApi().muteCall({ callId: call.id, muted });
    if (result.ok && get().currentCall?.id === call.id) set({ currentCall: result.data });
  },
  async setCallHeld(held) {
    const call = get().currentCall;
    if (!call) return;
    const result = await getApi().holdCall({ callId: call.id, held });
    if (result.ok && get().currentCall?.id === call.id) set({ currentCall: result.data });
  },
  async leaveVoicemail({ recording, note }) {
    const call = get().currentCall;
    if (!call) return 'There is no call to leave a voicemail after.';
    let audioFileId: string | undefined;
    if (recording) {
      const uploaded = await getApi().uploadVoicemailAudio({ callId: call.id, contentType: recording.contentType, bytes: recording.bytes });
      if (!uploaded.ok) return uploaded.error.message;
      audioFileId = uploaded.data.fileId;
    }
    const text = note.trim();
    const result = await getApi().leaveVoicemail({ callId: call.id, ...(audioFileId ? { audioFileId, durationMs: Math.round(recording!.durationMs) } : {}), ...(text ? { note: text } : {}) });
    if (!result.ok) return result.error.message;
    set({ currentCall: { ...call, voicemailAllowed: false } });
    return null;
  },
  closeCall() {
    if (get().currentCall?.state === 'ended') set({ currentCall: null });
  },
  clearCallError: () => set({ callError: null }),
  showCallingView: (callingView) => set({ callingView }),
  async loadCallHistory() {
    const result = await getApi().getCallHistory({});
    if (result.ok) set({ callHistory: result.data });
  },
  async loadVoicemails() {
    const result = await getApi().listVoicemails();
    if (result.ok) set({ voicemails: result.data });
  },
  async markVoicemailListened(voicemailId, listened) {
    const result = await getApi().markVoicemailListened({ voicemailId, listened });
    if (result.ok) get().voicemailUpdated(result.data);
  },
  async voicemailAudioUrl(fileId) {
    const answer = await getApi().voicemailAudio(fileId);
    if (!answer.ok) return { error: answer.error.message };
    return { url: URL.createObjectURL(new Blob([answer.data.bytes], { type: answer.data.contentType })) };
  },
  async deleteVoicemail(voicemailId) {
    const result = await getApi().deleteVoicemail({ voicemailId });
    if (result.ok) get().voicemailDeleted(voicemailId);
  },
  resetCalls: () => set(initial),

  callRinging(call) {
    set((state) => ({ incomingCalls: [...state.incomingCalls.filter((other) => other.id !== call.id), call] }));
  },
  callUpdated(call) {
    const { currentCall, incomingCalls } = get();
    if (call.direction === 'in' && call.state === 'ringing') return get().callRinging(call);
    // Answered on another client, declined, or ended: it stops ringing here.
    if (incomingCalls.some((other) => other.id === call.id)) set({ incomingCalls: incomingCalls.filter((other) => other.id !== call.id) });
    if (call.activeHere || currentCall?.id === call.id) set({ currentCall: later(currentCall, call) });
  },
  callRecorded(record) {
    const history = get().callHistory;
    if (history && !history.some((other) => other.id === record.id)) set({ callHistory: [record, ...history] });
  },
  voicemailReceived(voicemail) {
    const voicemails = get().voicemails ?? [];
    if (!voicemails.some((other) => other.id === voicemail.id)) set({ voicemails: [voicemail, ...voicemails] });
  },
  voicemailUpdated(voicemail) {
    set((state) => ({ voicemails: state.voicemails?.map((other) => (other.id === voicemail.id ? voicemail : other)) ?? null }));
  },
  voicemailDeleted(voicemailId) {
    set((state) => ({ voicemails: state.voicemails?.filter((other) => other.id !== voicemailId) ?? null }));
  },
  async callsStale() {
    await Promise.all([get().callHistory ? get().loadCallHistory() : undefined, get().loadVoicemails()]);
  },
  async callsReconnected() {
    // The call this client carries goes on through a lost connection (its media does not need
    // the backend): ask where it stands now, and what rings.
    const answer = await getApi().activeCalls();
    const current = get().currentCall;
    if (answer.ok) {
      const { current: now, ringing } = answer.data;
      if (now && (now.id === current?.id || now.state !== 'ended')) set({ currentCall: now });
      else if (current && current.state !== 'ended') set({ currentCall: { ...current, state: 'ended', outcome: 'failed', voicemailAllowed: false } });
      set({ incomingCalls: ringing });
    } else if (current && current.state !== 'ended') {
      set({ currentCall: { ...current, state: 'ended', outcome: 'failed', voicemailAllowed: false } });
      set({ incomingCalls: [] });
    }
    await get().callsStale();
  },
});

/** Voicemails not yet listened to, for the Calling tab's badge. */
export const selectUnreadVoicemailCount = (state: CallsSlice) => state.voicemails?.filter((voicemail) => !voicemail.listened).length ?? 0;

/** The first call ringing here, for the Incoming call dialog. */
export const selectRingingCall = (state: CallsSlice) => state.incomingCalls[0] ?? null;

/** How a party reads in one line: the person's name, or the number. */
export function partyLabel(party: CallParty): string {
  return party.person ? party.person.displayName : party.number;
}
