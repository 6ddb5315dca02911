/**
 * Calling (SPEC 3): every dial is parsed again here with the shared parser, every number shown
 * is resolved for its viewer, and every record and voicemail belongs to one person only.
 */
import { DIAL_HINT, parseDialString } from '../../src-shared/domain/dialString';
import { fail, ok, type Ack } from '../../src-shared/protocol/ack';
import type { CallOutcome, CallRecordView, CallView, VoicemailView } from '../../src-shared/protocol/callProtocol';
import { isoNow } from '../domain/clock';
import { CallService, type CallListener, type CallRefusal, type LiveCall } from '../calls/callService';
import { callerIdOf, ownerOfExtension, ownerOfNumber, partyFor } from '../calls/numberResolution';
import { rooms, type ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import type { CallRecord, VoicemailRecord } from '../store/records';
import type { CallRepository } from '../store/repositories';
import { onCommand, type CommandTable } from './command';

/** The call machine and records of one server (`context.calls`); it tells parties through `context.io`. */
export function createCallRuntime(context: ServerContext, options: { ringTimeoutMs?: number } = {}): ServerContext['calls'] {
  const store = context.store.calls;
  const service: CallService = new CallService({
    clock: () => context.clock,
    store: context.store.liveCalls,
    listener: createListener(context, store, () => service),
    reachable: (userId) => context.directory.isConnected(userId),
    // Asked of the adapter, so a client reconnected to another process counts too (SPEC 10).
    clientPresent: async (userId, clientId) => (await context.io.in(rooms.client(userId, clientId)).fetchSockets()).length > 0,
    ...(options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
  });
  return { service, store };
}

/** One call as one of its parties sees it. */
export function callViewFor(context: ServerContext, service: CallService, call: LiveCall, viewer: Viewer, activeHere: boolean): CallView {
  const outgoing = viewer.id === call.callerId;
  const otherId = outgoing ? call.calleeId : call.callerId;
  return {
    id: call.id,
    direction: outgoing ? 'out' : 'in',
    party: outgoing ? partyFor(context, viewer, { userId: call.calleeId, number: call.calleeNumber }) : partyFor(context, viewer, { userId: call.callerId, number: call.callerNumber }),
    state: call.state,
    outcome: call.outcome === null ? null : outgoing ? call.outcome : calleeOutcome(call.outcome),
    startedAt: new Date(call.startedAt).toISOString(),
    connectedAt: call.connectedAt === null ? null : new Date(call.connectedAt).toISOString(),
    endedAt: call.endedAt === null ? null : new Date(call.endedAt).toISOString(),
    activeHere,
    muted: call.mutedBy.includes(viewer.id),
    remoteMuted: otherId !== null && call.mutedBy.includes(otherId),
    held: call.heldBy !== null,
    heldByMe: call.heldBy === viewer.id,
    simulated: call.calleeId === null,
    voicemailAllowed: outgoing && service.voicemailAllowed(call),
  };
}

/** The callee's side of an outcome: a call they did not take is missed. */
function calleeOutcome(outcome: CallOutcome): CallOutcome {
  return outcome === 'answered' || outcome === 'declined' || outcome === 'failed' ? outcome : 'missed';
}

function recordView(context: ServerContext, viewer: Viewer, record: CallRecord): CallRecordView {
  return {
    id: record.id,
    callId: record.callId,
    direction: record.direction,
    party: partyFor(context, viewer, { userId: record.peerUserId, number: record.number }),
    at: record.at,
    outcome: record.outcome,
    durationSec: record.durationSec,
  };
}

function voicemailView(context: ServerContext, viewer: Viewer, voicemail: VoicemailRecord): VoicemailView {
  return {
    id: voicemail.id,
    from: partyFor(context, viewer, { userId: voicemail.fromUserId, number: voicemail.fromNumber }),
    at: voicemail.at,
    durationSec: voicemail.durationSec,
    transcript: voicemail.transcript,
    note: voicemail.note,
    audio: voicemail.audioFileId ? { fileId: voicemail.audioFileId } : null,
    listened: voicemail.listened,
  };
}

/** Tells each party what changed, and writes both records when a call ends. */
function createListener(context: ServerContext, store: CallRepository, service: () => CallService): CallListener {
  const { io, directory } = context;
  return {
    changed(call: LiveCall, ringing: boolean) {
      const caller = directory.user(call.callerId);
      if (caller) io.to(rooms.client(caller.id, call.callerClientId)).emit('call:updated', { call: callViewFor(context, service(), call, caller, true) });
      const callee = call.calleeId ? directory.user(call.calleeId) : undefined;
      if (!callee || call.state === 'dialing') return;
      const room = rooms.user(callee.id);
      if (ringing) {
        io.to(room).emit('call:ringing', { call: callViewFor(context, service(), call, callee, false) });
      } else if (call.answeredClientId) {
        const answered = rooms.client(callee.id, call.answeredClientId);
        io.to(answered).emit('call:updated', { call: callViewFor(context, service(), call, callee, true) });
        io.to(room).except(answered).emit('call:updated', { call: callViewFor(context, service(), call, callee, false) });
      } else {
        io.to(room).emit('call:updated', { call: callViewFor(context, service(), call, callee, false) });
      }
    },
    // The records are written after the call's last state went out; the machine awaits them before answering.
    async ended(call: LiveCall) {
      const at = new Date(call.startedAt).toISOString();
      const durationSec = call.connectedAt !== null && call.endedAt !== null ? Math.round((call.endedAt - call.connectedAt) / 1000) : 0;
      const outcome = call.outcome ?? 'failed';
      const records: CallRecord[] = [
        await store.addRecord({ callId: call.id, userId: call.callerId, direction: 'out', number: call.calleeNumber, peerUserId: call.calleeId, at, outcome, durationSec }),
      ];
      if (call.calleeId) {
        records.push(
          await store.addRecord({ callId: call.id, userId: call.calleeId, direction: 'in', number: call.callerNumber, peerUserId: call.callerId, at, outcome: calleeOutcome(outcome), durationSec }),
        );
      }
      for (const record of records) {
        const owner = directory.user(record.userId);
        if (owner) io.to(rooms.user(owner.id)).emit('call:recorded', { record: recordView(context, owner, record) });
      }
    },
  };
}

const refused = <T>(refusal: CallRefusal): Ack<T> => fail(refusal.code, refusal.message);
const isRefusal = (value: LiveCall | CallRefusal): value is CallRefusal => 'code' in value;

/** Roughly how long a note of this text would take to say. */
function spokenSeconds(text: string): number {
  return Math.max(1, Math.round(text.split(/\s+/).filter(Boolean).length / 2.5));
}

export function registerCallHandlers(context: ServerContext, commands: CommandTable): void {
  const { directory, io } = context;
  const { service, store } = context.calls;
  const view = (call: LiveCall, viewer: Viewer) => callViewFor(context, service, call, viewer, true);

  onCommand(context, commands, 'call:dial', async (viewer, { dial }, socket) => {
    // The same rule as the dialer: a client that skips it gains nothing.
    const parsed = parseDialString(dial, { findOwnExtension: (extension) => ownerOfExtension(context, viewer.accountId, extension)?.id ?? null });
    if (!parsed.ok) return fail('refused', parsed.message);
    const { target } = parsed;
    const callee = target.kind === 'number' ? ownerOfNumber(context, target.e164) : target.userId ? directory.user(target.userId) : undefined;
    // The lookup above refused unknown extensions; this is someone removed a moment ago.
    if (target.kind === 'extension' && !callee) return fail('refused', `No one in your account has extension ${target.extension}. ${DIAL_HINT}`);
    if (callee?.id === viewer.id) return fail('bad_request', 'That is your own number.');
    // SPEC 1 rule 7: the number of someone the caller does not see is dialed exactly like an outside
    // number (same states, timings and events); ringing, busy or no answer would say a Meridian
    // user owns it, and how they are. They are never rung and get no record of it.
    const reachable = callee && directory.sees(viewer, callee) ? callee : undefined;
    const callerNumber = target.kind === 'extension' ? (viewer.extension ?? callerIdOf(viewer)) : callerIdOf(viewer);
    const calleeNumber = target.kind === 'number' ? target.e164 : target.extension;
    const call = await service.dial({ id: viewer.id, number: callerNumber, clientId: socket.data.clientId }, { id: reachable?.id ?? null, number: calleeNumber });
    return isRefusal(call) ? refused(call) : ok(view(call, viewer));
  });

  onCommand(context, commands, 'call:answer', async (viewer, { callId }, socket) => {
    const call = await service.answer(callId, viewer.id, socket.data.clientId);
    return isRefusal(call) ? refused(call) : ok(view(call, viewer));
  });

  onCommand(context, commands, 'call:decline', async (viewer, { callId }) => {
    const call = await service.decline(callId, viewer.id);
    return isRefusal(call) ? refused(call) : ok(null);
  });

  onCommand(context, commands, 'call:hangup', async (viewer, { callId }) => {
    const call = await service.hangUp(callId, viewer.id);
    return isRefusal(call) ? refused(call) : ok(view(call, viewer));
  });

  onCommand(context, commands, 'call:mute', async (viewer, { callId, muted }) => {
    const call = await service.setMuted(callId, viewer.id, muted);
    return isRefusal(call) ? refused(call) : ok(view(call, viewer));
  });

  onCommand(context, commands, 'call:hold', async (viewer, { callId, held }) => {
    const call = await service.setHeld(callId, viewer.id, held);
    return isRefusal(call) ? refused(call) : ok(view(call, viewer));
  });

  onCommand(context, commands, 'call:signal', async (viewer, { callId, signal }, socket) => {
    const peer = await service.peerOf(callId, viewer.id, socket.data.clientId);
    if ('code' in peer) return refused(peer);
    // Media goes only between people who see each other (SPEC 3): after a federation change
    // ends that, not one more address or description passes, whichever way.
    const other = directory.user(peer.userId);
    if (!other || !directory.sees(viewer, other)) return fail('forbidden', 'This call can no longer carry media: you no longer see each other.');
    io.to(rooms.client(peer.userId, peer.clientId)).emit('call:signal', { callId, signal });
    return ok(null);
  });

  onCommand(context, commands, 'call:active', async (viewer, _payload, socket) => {
    const { carried, ringing } = await service.callsOf(viewer.id, socket.data.clientId);
    return ok({
      current: carried ? callViewFor(context, service, carried, viewer, true) : null,
      ringing: ringing.map((call) => callViewFor(context, service, call, viewer, false)),
    });
  });

  onCommand(context, commands, 'call:history', async (viewer, { limit }) => ok((await store.history(viewer.id, limit ?? 100)).map((record) => recordView(context, viewer, record))));

  onCommand(context, commands, 'voicemail:list', async (viewer) => ok((await store.voicemails(viewer.id)).map((voicemail) => voicemailView(context, viewer, voicemail))));

  onCommand(context, commands, 'voicemail:leave', async (viewer, { callId, audioFileId, durationMs, note }) => {
    const call = await service.get(callId);
    if (!call || call.callerId !== viewer.id || !call.calleeId) return fail('not_found', 'This call is not yours.');
    const tooLate = () => fail('conflict', 'A voicemail can be left only once, after a call that was declined or not answered.');
    if (!service.voicemailAllowed(call)) return tooLate();
    // The recording must be this caller's own upload, for a voicemail, not taken yet.
    if (audioFileId !== undefined) {
      const file = await context.files.get(audioFileId);
      if (!file || file.uploaderId !== viewer.id || file.conversationId !== null || (await context.files.isAttached(audioFileId))) {
        return fail('not_found', 'This recording is not yours.');
      }
    }
    if (!(await service.voicemailLeft(call))) return tooLate();
    // The claim above won: the recording is taken by this voicemail alone.
    if (audioFileId !== undefined && !(await context.files.attachVoicemailAudio(audioFileId, viewer.id))) return fail('conflict', 'This recording was already sent.');
    const text = note ?? '';
    const voicemail = await store.addVoicemail({
      userId: call.calleeId,
      fromNumber: call.callerNumber,
      fromUserId: call.callerId,
      at: isoNow(context.clock),
      durationSec: audioFileId !== undefined ? Math.max(1, Math.round((durationMs ?? 0) / 1000)) : spokenSeconds(text),
      transcript: '',
      note: text,
      audioFileId: audioFileId ?? null,
    });
    const owner = directory.user(call.calleeId);
    if (owner) io.to(rooms.user(owner.id)).emit('voicemail:received', { voicemail: voicemailView(context, owner, voicemail) });
    return ok({ voicemailId: voicemail.id });
  });

  onCommand(context, commands, 'voicemail:markListened', async (viewer, { voicemailId, listened }) => {
    if (!(await store.voicemail(viewer.id, voicemailId))) return fail('not_found', 'This voicemail is not yours.');
    await store.setListened(voicemailId, listened);
    const updated = voicemailView(context, viewer, (await store.voicemail(viewer.id, voicemailId))!);
    io.to(rooms.user(viewer.id)).emit('voicemail:updated', { voicemail: updated });
    return ok(updated);
  });

  onCommand(context, commands, 'voicemail:delete', async (viewer, { voicemailId }) => {
    const voicemail = await store.voicemail(viewer.id, voicemailId);
    if (!voicemail) return fail('not_found', 'This voicemail is not yours.');
    await store.deleteVoicemail(voicemailId);
    // Its recording goes with it (and no longer counts against the caller's storage).
    if (voicemail.audioFileId) await context.files.remove(voicemail.audioFileId);
    io.to(rooms.user(viewer.id)).emit('voicemail:deleted', { voicemailId });
    return ok({ voicemailId });
  });

  onCommand(context, commands, 'number:resolve', (viewer, { number }) => {
    const parsed = parseDialString(number, { findOwnExtension: (extension) => ownerOfExtension(context, viewer.accountId, extension)?.id ?? null });
    if (!parsed.ok) return fail('refused', parsed.message);
    const { target } = parsed;
    return ok(target.kind === 'number' ? partyFor(context, viewer, { userId: null, number: target.e164 }) : partyFor(context, viewer, { userId: target.userId, number: target.extension }));
  });

  commands.onDisconnect('calls of a client that went', (socket, reason) => {
    // The backend closing (a restart): the calls stay stored and go on when it is back.
    if (reason === 'server shutting down') return;
    // This socket is still counted while the hook runs: the person stays reachable if another is left.
    const stillReachable = directory.connectionCount(socket.data.userId) > 1;
    // Signed out, here or by the server (session over): what it carried ends now. Lost: it may come back.
    const left = reason === 'client namespace disconnect' || reason === 'server namespace disconnect';
    return service.clientGone(socket.data.userId, socket.data.clientId, stillReachable, left ? 'left' : 'lost');
  });
}
