/**
 * The call state machine (SPEC 3): dialing → ringing → connected → ended, or ended early as
 * declined, no answer (after 30 s), busy, cancelled or failed. Media is simulated; states,
 * timers and records are real. Time comes from an injectable clock; what the parties hear
 * goes through `CallListener`, so the machine knows nothing of sockets or SQL.
 */
import { randomUUID } from 'node:crypto';
import type { CallOutcome, CallState } from '../../src-shared/protocol/callProtocol';
import type { Clock, TimerHandle } from '../domain/clock';

/** How long a call rings before it ends as `no answer`. */
export const RING_TIMEOUT_MS = 30_000;
/** How long an outside number rings before its (simulated) party answers. */
export const OUTSIDE_ANSWER_MS = 2_000;
/** How long after a call ends its caller may still leave a voicemail. */
export const VOICEMAIL_WINDOW_MS = 10 * 60_000;

export interface LiveCall {
  id: string;
  callerId: string;
  /** The one client that placed the call: it carries the call. */
  callerSocketId: string;
  /** What the callee sees as the caller's number. */
  callerNumber: string;
  /** Null for an outside number (nobody in Meridian). */
  calleeId: string | null;
  /** What the caller reached: an E.164 number or an extension. */
  calleeNumber: string;
  state: CallState;
  /** The caller's outcome, once ended. */
  outcome: CallOutcome | null;
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  /** The callee's client that answered. */
  answeredSocketId: string | null;
  mutedBy: Set<string>;
  held: boolean;
  voicemailLeft: boolean;
  timer: TimerHandle | null;
}

export interface CallListener {
  /** The call changed state (or mute/hold); `ringing` is true the moment the callee starts ringing. */
  changed(call: LiveCall, ringing: boolean): void;
  /** The call ended: write the records. */
  ended(call: LiveCall): void;
}

export type CallRefusal = { code: 'conflict' | 'not_found' | 'forbidden'; message: string };

const live = (call: LiveCall) => call.state !== 'ended';

export class CallService {
  private readonly calls = new Map<string, LiveCall>();

  constructor(
    private readonly clock: () => Clock,
    private readonly listener: CallListener,
    /** Whether a person has a client connected that could ring. */
    private readonly reachable: (userId: string) => boolean,
  ) {}

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  /** Tells every party of every live call its state again (after visibility changed: names may have too). */
  announceLiveCalls(): void {
    for (const call of this.calls.values()) if (live(call)) this.listener.changed(call, false);
  }

  /** The live call a person is part of, if any. */
  liveCallOf(userId: string): LiveCall | undefined {
    for (const call of this.calls.values()) if (live(call) && (call.callerId === userId || call.calleeId === userId)) return call;
    return undefined;
  }

  dial(caller: { id: string; number: string; socketId: string }, callee: { id: string | null; number: string }): LiveCall | CallRefusal {
    this.forgetOld();
    if (this.liveCallOf(caller.id)) return { code: 'conflict', message: 'You are already in a call. Hang up first.' };
    const call: LiveCall = {
      id: randomUUID(),
      callerId: caller.id,
      callerSocketId: caller.socketId,
      callerNumber: caller.number,
      calleeId: callee.id,
      calleeNumber: callee.number,
      state: 'dialing',
      outcome: null,
      startedAt: this.clock().now(),
      connectedAt: null,
      endedAt: null,
      answeredSocketId: null,
      mutedBy: new Set(),
      held: false,
      voicemailLeft: false,
      timer: null,
    };
    this.calls.set(call.id, call);
    this.listener.changed(call, false);

    if (callee.id === null) {
      this.ring(call);
      call.timer = this.clock().after(OUTSIDE_ANSWER_MS, () => this.connect(call, null));
      return call;
    }
    const calleeBusy = this.liveCallOf(callee.id);
    if (calleeBusy && calleeBusy !== call) {
      this.end(call, 'busy');
      return call;
    }
    // Nobody can pick up on a person with no client connected: straight to "no answer".
    if (!this.reachable(callee.id)) {
      this.end(call, 'no answer');
      return call;
    }
    this.ring(call);
    call.timer = this.clock().after(RING_TIMEOUT_MS, () => this.end(call, 'no answer'));
    return call;
  }

  answer(callId: string, userId: string, socketId: string): LiveCall | CallRefusal {
    const call = this.calls.get(callId);
    if (!call || call.calleeId !== userId) return { code: 'not_found', message: 'This call is not ringing for you.' };
    if (call.state === 'connected') return { code: 'conflict', message: 'This call was answered on another device.' };
    if (call.state !== 'ringing') return { code: 'conflict', message: 'This call has ended.' };
    this.connect(call, socketId);
    return call;
  }

  decline(callId: string, userId: string): LiveCall | CallRefusal {
    const call = this.calls.get(callId);
    if (!call || call.calleeId !== userId) return { code: 'not_found', message: 'This call is not ringing for you.' };
    if (call.state !== 'ringing') return { code: 'conflict', message: 'This call is no longer ringing.' };
    this.end(call, 'declined');
    return call;
  }

  /** Either party hangs up: a ringing call is cancelled (or declined by the callee), a connected one ends. */
  hangUp(callId: string, userId: string): LiveCall | CallRefusal {
    const call = this.calls.get(callId);
    if (!call || (call.callerId !== userId && call.calleeId !== userId)) return { code: 'not_found', message: 'This call is not yours.' };
    if (call.state === 'ended') return call;
    if (call.state === 'connected') this.end(call, 'answered');
    else this.end(call, call.callerId === userId ? 'cancelled' : 'declined');
    return call;
  }

  setMuted(callId: string, userId: string, muted: boolean): LiveCall | CallRefusal {
    const call = this.ownLiveCall(callId, userId);
    if ('code' in call) return call;
    if (muted) call.mutedBy.add(userId);
    else call.mutedBy.delete(userId);
    this.listener.changed(call, false);
    return call;
  }

  setHeld(callId: string, userId: string, held: boolean): LiveCall | CallRefusal {
    const call = this.ownLiveCall(callId, userId);
    if ('code' in call) return call;
    if (call.state !== 'connected') return { code: 'conflict', message: 'Only a connected call can be held.' };
    call.held = held;
    this.listener.changed(call, false);
    return call;
  }

  /** A client went away: the calls it carried end, as if it had hung up. */
  clientGone(socketId: string, userId: string, userStillReachable: boolean): void {
    for (const call of [...this.calls.values()]) {
      if (!live(call)) continue;
      if (call.callerSocketId === socketId) this.hangUp(call.id, call.callerId);
      else if (call.answeredSocketId === socketId) this.hangUp(call.id, userId);
      else if (call.calleeId === userId && call.state === 'ringing' && !userStillReachable) this.end(call, 'no answer');
    }
  }

  /** Whether the caller may leave a voicemail after this call. */
  voicemailAllowed(call: LiveCall): boolean {
    return (
      call.state === 'ended' &&
      call.calleeId !== null &&
      !call.voicemailLeft &&
      (call.outcome === 'declined' || call.outcome === 'no answer' || call.outcome === 'busy') &&
      this.clock().now() - (call.endedAt ?? 0) <= VOICEMAIL_WINDOW_MS
    );
  }

  private ownLiveCall(callId: string, userId: string): LiveCall | CallRefusal {
    const call = this.calls.get(callId);
    if (!call || (call.callerId !== userId && call.calleeId !== userId)) return { code: 'not_found', message: 'This call is not yours.' };
    if (!live(call)) return { code: 'conflict', message: 'This call has ended.' };
    return call;
  }

  private ring(call: LiveCall): void {
    call.state = 'ringing';
    this.listener.changed(call, true);
  }

  private connect(call: LiveCall, socketId: string | null): void {
    if (call.state !== 'ringing') return;
    call.timer?.cancel();
    call.timer = null;
    call.state = 'connected';
    call.connectedAt = this.clock().now();
    call.answeredSocketId = socketId;
    this.listener.changed(call, false);
  }

  /** Ends a call once; `failed` is for anything that made the call impossible midway. */
  end(call: LiveCall, outcome: CallOutcome): void {
    if (call.state === 'ended') return;
    call.timer?.cancel();
    call.timer = null;
    call.state = 'ended';
    call.outcome = outcome;
    call.endedAt = this.clock().now();
    this.listener.ended(call);
    this.listener.changed(call, false);
  }

  /** Ended calls are kept a while for their voicemail, then forgotten. */
  private forgetOld(): void {
    const now = this.clock().now();
    for (const [id, call] of this.calls) if (call.state === 'ended' && now - (call.endedAt ?? now) > VOICEMAIL_WINDOW_MS) this.calls.delete(id);
  }
}
