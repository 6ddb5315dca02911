/**
 * The call state machine (SPEC 3): dialing → ringing → connected → ended, or ended early as
 * declined, no answer (after 30 s), busy, cancelled or failed. Every step is read from and
 * written to the store (`LiveCallRepository`), so a call survives a restart of the backend: its
 * timers are set again from the stored deadlines (`resume`), and the two clients that carry it
 * reconnect under the same client ids. Media goes peer to peer between those two clients;
 * this machine says who they are (`peerOf`). Time comes from an injectable clock; what the
 * parties hear goes through `CallListener`, so the machine knows nothing of sockets.
 *
 * Several processes (SPEC 10): every step after a call's creation is a compare-and-set in the
 * store (`LiveCallRepository.transition`), so whichever process's timer, sweep or command moves a
 * call first wins and the others find it moved: a timeout ends a call once, records it once, and
 * cannot overtake an answer. The timers are this process's (a replica of the stored deadlines,
 * set again by `resume`); a deadline whose process died is caught by `sweepDue`, which the server
 * runs every few seconds in every process (the transition, not a lock, makes it fire once).
 */
import { randomUUID } from 'node:crypto';
import { voicemailWindowMs, type CallOutcome } from '../../src-shared/protocol/callProtocol';
import type { Clock, TimerHandle } from '../domain/clock';
import type { LiveCall } from '../store/records';
import type { LiveCallRepository } from '../store/repositories';

export type { LiveCall } from '../store/records';

/** How long a call rings before it ends as `no answer`, unless configured (`ringTimeoutMs`, `--ring-timeout`). */
export const RING_TIMEOUT_MS = 30_000;
/** How long an outside number rings before its (simulated) party answers. */
export const OUTSIDE_ANSWER_MS = 2_000;
/** How long after a call ends its caller may still leave a voicemail. */
export const VOICEMAIL_WINDOW_MS = voicemailWindowMs;
/**
 * How long a client that carries a call may be gone before the call ends: long enough for a
 * backend restart or a network change (the media keeps flowing peer to peer meanwhile), short
 * enough that the other side is not left talking to nobody.
 */
export const RECONNECT_GRACE_MS = 30_000;

export interface CallListener {
  /** The call changed state (or mute/hold); `ringing` is true the moment the callee starts ringing. */
  changed(call: LiveCall, ringing: boolean): void;
  /**
   * The call ended: write the records. Awaited before the command that ended the call is answered,
   * so a client that asks for its history after the acknowledgement finds the record (on any engine).
   */
  ended(call: LiveCall): Promise<void>;
}

export type CallRefusal = { code: 'conflict' | 'not_found' | 'forbidden'; message: string };

/** The other client of a connected call, to which one party's signalling goes. */
export interface CallPeer {
  userId: string;
  clientId: string;
}

export interface CallServiceDependencies {
  clock: () => Clock;
  store: LiveCallRepository;
  listener: CallListener;
  /** Whether a person has a client connected that could ring. */
  reachable: (userId: string) => boolean;
  /** Whether a client (by its lasting id) is connected now, to any process. */
  clientPresent: (userId: string, clientId: string) => Promise<boolean>;
  /** How long a call rings before it ends as `no answer` (RING_TIMEOUT_MS by default). */
  ringTimeoutMs?: number;
}

const live = (call: LiveCall) => call.state !== 'ended';
/** Most overdue calls one sweep ends (the next sweep takes the rest). */
const dueBatch = 200;

export class CallService {
  /** This process's timers: ring timeouts and outside answers by call, reconnection grace by call and client. */
  private readonly timers = new Map<string, TimerHandle>();
  /** What timers started and the store has not finished yet (`whenIdle`). */
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly deps: CallServiceDependencies) {}

  private get clock(): Clock {
    return this.deps.clock();
  }

  get(callId: string): Promise<LiveCall | undefined> {
    return this.deps.store.get(callId);
  }

  /** Tells every party of every live call its state again (after visibility changed: names may have too). */
  async announceLiveCalls(): Promise<void> {
    for (const call of await this.deps.store.liveCalls()) this.deps.listener.changed(call, false);
  }

  /** The live call a person is part of, if any. */
  liveCallOf(userId: string): Promise<LiveCall | undefined> {
    return this.deps.store.liveCallOf(userId);
  }

  /** The latest call a client placed or answered, and the calls ringing for its person: what a client reconnecting asks. */
  async callsOf(userId: string, clientId: string): Promise<{ carried: LiveCall | undefined; ringing: LiveCall[] }> {
    return { carried: await this.deps.store.carriedBy(userId, clientId), ringing: await this.deps.store.ringingFor(userId) };
  }

  async dial(caller: { id: string; number: string; clientId: string }, callee: { id: string | null; number: string }): Promise<LiveCall | CallRefusal> {
    await this.forgetOld();
    if (await this.liveCallOf(caller.id)) return { code: 'conflict', message: 'You are already in a call. Hang up first.' };
    const call: LiveCall = {
      id: randomUUID(),
      callerId: caller.id,
      callerClientId: caller.clientId,
      callerNumber: caller.number,
      calleeId: callee.id,
      calleeNumber: callee.number,
      state: 'dialing',
      outcome: null,
      startedAt: this.clock.now(),
      connectedAt: null,
      endedAt: null,
      answeredClientId: null,
      mutedBy: [],
      heldBy: null,
      voicemailLeft: false,
      deadline: null,
    };
    await this.save(call);
    this.deps.listener.changed(call, false);

    if (callee.id === null) {
      await this.ring(call, OUTSIDE_ANSWER_MS);
      return (await this.get(call.id)) ?? call;
    }
    if (await this.deps.store.liveCallOf(callee.id, call.id)) return this.end(call, 'busy');
    // Nobody can pick up on a person with no client connected: straight to "no answer".
    if (!this.deps.reachable(callee.id)) return this.end(call, 'no answer');
    await this.ring(call, this.deps.ringTimeoutMs ?? RING_TIMEOUT_MS);
    return (await this.get(call.id)) ?? call;
  }

  async answer(callId: string, userId: string, clientId: string): Promise<LiveCall | CallRefusal> {
    const call = await this.get(callId);
    if (!call || call.calleeId !== userId) return { code: 'not_found', message: 'This call is not ringing for you.' };
    if (call.state === 'connected') return { code: 'conflict', message: 'This call was answered on another device.' };
    if (call.state !== 'ringing') return { code: 'conflict', message: 'This call has ended.' };
    const connected = await this.connect(call, clientId);
    if (connected) return connected;
    // Another process (or the ring timeout) moved it first.
    const now = await this.get(callId);
    return { code: 'conflict', message: now?.state === 'connected' ? 'This call was answered on another device.' : 'This call has ended.' };
  }

  async decline(callId: string, userId: string): Promise<LiveCall | CallRefusal> {
    const call = await this.get(callId);
    if (!call || call.calleeId !== userId) return { code: 'not_found', message: 'This call is not ringing for you.' };
    if (call.state !== 'ringing') return { code: 'conflict', message: 'This call is no longer ringing.' };
    return this.end(call, 'declined');
  }

  /** Either party hangs up: a ringing call is cancelled (or declined by the callee), a connected one ends. */
  async hangUp(callId: string, userId: string): Promise<LiveCall | CallRefusal> {
    // Again while another process moves the call meanwhile (answered as it was cancelled): the outcome follows what it was.
    for (let attempt = 0; ; attempt += 1) {
      const call = await this.get(callId);
      if (!call || (call.callerId !== userId && call.calleeId !== userId)) return { code: 'not_found', message: 'This call is not yours.' };
      if (call.state === 'ended') return call;
      const ended = await this.end(call, call.state === 'connected' ? 'answered' : call.callerId === userId ? 'cancelled' : 'declined');
      if (ended.state === 'ended' || attempt >= 3) return ended;
    }
  }

  async setMuted(callId: string, userId: string, muted: boolean): Promise<LiveCall | CallRefusal> {
    const call = await this.ownLiveCall(callId, userId);
    if ('code' in call) return call;
    const from = call.state;
    call.mutedBy = muted ? [...new Set([...call.mutedBy, userId])] : call.mutedBy.filter((id) => id !== userId);
    if (!(await this.deps.store.transition(call, [from]))) return this.movedMeanwhile(callId);
    this.deps.listener.changed(call, false);
    return call;
  }

  /** Holds or resumes a connected call: both sides stop sending while it is held; only who held it resumes it. */
  async setHeld(callId: string, userId: string, held: boolean): Promise<LiveCall | CallRefusal> {
    const call = await this.ownLiveCall(callId, userId);
    if ('code' in call) return call;
    if (call.state !== 'connected') return { code: 'conflict', message: 'Only a connected call can be held.' };
    if (!held && call.heldBy !== null && call.heldBy !== userId) return { code: 'conflict', message: 'The other party put this call on hold: they resume it.' };
    call.heldBy = held ? (call.heldBy ?? userId) : null;
    if (!(await this.deps.store.transition(call, ['connected']))) return this.movedMeanwhile(callId);
    this.deps.listener.changed(call, false);
    return call;
  }

  /**
   * Where one party's signalling (offer, answer, ICE candidates) may go: the other party's one
   * client that carries the call. Only from the client that carries it on this side, only while
   * connected, and never for a call with nobody at the other end.
   */
  async peerOf(callId: string, userId: string, clientId: string): Promise<CallPeer | CallRefusal> {
    const call = await this.get(callId);
    if (!call || (call.callerId !== userId && call.calleeId !== userId)) return { code: 'not_found', message: 'This call is not yours.' };
    if (call.state !== 'connected') return { code: 'conflict', message: call.state === 'ended' ? 'This call has ended.' : 'This call is not connected yet.' };
    if (call.calleeId === null || call.answeredClientId === null) return { code: 'conflict', message: 'This call has nobody to connect media to.' };
    const isCaller = call.callerId === userId;
    if ((isCaller ? call.callerClientId : call.answeredClientId) !== clientId) return { code: 'conflict', message: 'This call is carried by another of your devices.' };
    return isCaller ? { userId: call.calleeId, clientId: call.answeredClientId } : { userId: call.callerId, clientId: call.callerClientId };
  }

  /**
   * A socket went away. A call its client carries goes on for a while when the connection was
   * lost (the client may be reconnecting: the media does not need the backend) and ends if the
   * client is not back in time; one that left on purpose (signed out) hangs up at once. A call
   * ringing for a person with no client left ends as no answer.
   */
  async clientGone(userId: string, clientId: string, userStillReachable: boolean, how: 'left' | 'lost' = 'lost'): Promise<void> {
    if (this.stopped) return;
    const carried = await this.deps.store.carriedBy(userId, clientId);
    if (carried && live(carried)) {
      if (how === 'left') await this.hangUp(carried.id, userId);
      else this.awaitReturn(carried, userId, clientId);
    }
    if (!userStillReachable) for (const call of await this.deps.store.ringingFor(userId)) await this.end(call, 'no answer');
  }

  /**
   * After a start: the stored calls' timers are set again, and every client that carries a call
   * has a grace period to reconnect, as if it had just gone.
   */
  async resume(): Promise<void> {
    const now = this.clock.now();
    for (const call of await this.deps.store.liveCalls()) {
      if (call.deadline !== null && call.state !== 'connected') this.schedule(call.id, Math.max(0, call.deadline - now), () => this.deadlinePassed(call.id));
      this.awaitReturn(call, call.callerId, call.callerClientId);
      if (call.calleeId && call.answeredClientId) this.awaitReturn(call, call.calleeId, call.answeredClientId);
    }
  }

  /**
   * Ends (or, for an outside number, answers) every ringing call whose deadline passed: the timers
   * of a process that died included. Run by the server every few seconds in every process; each
   * call moves once, whoever gets there first.
   */
  async sweepDue(): Promise<number> {
    if (this.stopped) return 0;
    const due = await this.deps.store.due(this.clock.now(), dueBatch);
    for (const call of due) await this.deadlinePassed(call.id);
    return due.length;
  }

  /** Resolves once what the timers due so far started is done (a timer's work waits for the store; tests that move a FakeClock wait for it). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Cancels this process's timers (the server is closing; the stored calls stay). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  /** Whether the caller may leave a voicemail after this call. */
  voicemailAllowed(call: LiveCall): boolean {
    return (
      call.state === 'ended' &&
      call.calleeId !== null &&
      !call.voicemailLeft &&
      (call.outcome === 'declined' || call.outcome === 'no answer' || call.outcome === 'busy') &&
      this.clock.now() - (call.endedAt ?? 0) <= VOICEMAIL_WINDOW_MS
    );
  }

  /**
   * The caller leaves their voicemail: there is no second. Claimed in the store at once, so two
   * leaves at the same moment (or in two processes) cannot both pass; false for the one that lost.
   */
  async voicemailLeft(call: LiveCall): Promise<boolean> {
    if (!(await this.deps.store.claimVoicemail(call.id))) return false;
    call.voicemailLeft = true;
    this.deps.listener.changed(call, false);
    return true;
  }

  /** Ends a call once; `failed` is for anything that made the call impossible midway. */
  async end(call: LiveCall, outcome: CallOutcome): Promise<LiveCall> {
    const current = (await this.get(call.id)) ?? call;
    if (current.state === 'ended') return current;
    // The outcome was chosen for the state the caller saw: moved since (answered meanwhile), it lost.
    if (current.state !== call.state) return current;
    const from = current.state;
    current.state = 'ended';
    current.outcome = outcome;
    current.endedAt = this.clock.now();
    current.deadline = null;
    // Only from the state the outcome was chosen for: a call answered meanwhile is not ended as
    // no answer. A process (or timer) that moved it first did the telling (and, for an end, the recording).
    if (!(await this.deps.store.transition(current, [from]))) return (await this.get(call.id)) ?? current;
    this.cancelTimers(current.id);
    // The parties learn at once that it ended; the records follow, and the answer waits for them.
    this.deps.listener.changed(current, false);
    try {
      await this.deps.listener.ended(current);
    } catch (error) {
      // The call has ended either way; a record that could not be written is logged, not a failed hang-up.
      console.error('[meridian] recording a call failed:', error);
    }
    return current;
  }

  private async ownLiveCall(callId: string, userId: string): Promise<LiveCall | CallRefusal> {
    const call = await this.get(callId);
    if (!call || (call.callerId !== userId && call.calleeId !== userId)) return { code: 'not_found', message: 'This call is not yours.' };
    if (!live(call)) return { code: 'conflict', message: 'This call has ended.' };
    return call;
  }

  private async ring(call: LiveCall, forMs: number): Promise<void> {
    call.state = 'ringing';
    call.deadline = this.clock.now() + forMs;
    // Hung up while it was dialing: it stays ended.
    if (!(await this.deps.store.transition(call, ['dialing']))) return;
    this.schedule(call.id, forMs, () => this.deadlinePassed(call.id));
    this.deps.listener.changed(call, true);
  }

  /** A ringing call's time is up: an outside number answers, anyone else did not. */
  private async deadlinePassed(callId: string): Promise<void> {
    const call = await this.get(callId);
    if (!call || call.state !== 'ringing') return;
    if (call.calleeId === null) await this.connect(call, null);
    else await this.end(call, 'no answer');
  }

  /** Connects a ringing call; null when it was not ringing any more (answered, timed out or hung up first, here or elsewhere). */
  private async connect(call: LiveCall, clientId: string | null): Promise<LiveCall | null> {
    call.state = 'connected';
    call.connectedAt = this.clock.now();
    call.answeredClientId = clientId;
    call.deadline = null;
    if (!(await this.deps.store.transition(call, ['ringing']))) return null;
    this.timers.get(call.id)?.cancel();
    this.timers.delete(call.id);
    this.deps.listener.changed(call, false);
    return call;
  }

  /** What a step that lost its compare-and-set answers: the call moved meanwhile (ended, most likely). */
  private async movedMeanwhile(callId: string): Promise<CallRefusal> {
    const call = await this.get(callId);
    return { code: 'conflict', message: !call || call.state === 'ended' ? 'This call has ended.' : 'This call changed meanwhile: try again.' };
  }

  /** Ends the call if this client is not back within the grace period. */
  private awaitReturn(call: LiveCall, userId: string, clientId: string): void {
    this.schedule(`${call.id}\n${clientId}`, RECONNECT_GRACE_MS, () => {
      return this.deps
        .clientPresent(userId, clientId)
        .then(async (present) => {
          if (present) return;
          const current = await this.get(call.id);
          if (current && live(current)) await this.hangUp(current.id, userId);
        })
        .catch((error: unknown) => console.error('[meridian] checking a call’s client failed:', error));
    });
  }

  private schedule(key: string, delayMs: number, callback: () => unknown): void {
    if (this.stopped) return;
    this.timers.get(key)?.cancel();
    const timer = this.clock.after(delayMs, () => {
      if (this.timers.get(key) === timer) this.timers.delete(key);
      const work = Promise.resolve(callback())
        .catch((error: unknown) => console.error('[meridian] a call timer failed:', error))
        .finally(() => this.running.delete(work));
      this.running.add(work);
    });
    this.timers.set(key, timer);
  }

  private cancelTimers(callId: string): void {
    for (const [key, timer] of this.timers) {
      if (key === callId || key.startsWith(`${callId}\n`)) {
        timer.cancel();
        this.timers.delete(key);
      }
    }
  }

  private save(call: LiveCall): Promise<void> {
    return this.deps.store.save(call);
  }

  /** Ended calls are kept a while for their voicemail, then forgotten. */
  private forgetOld(): Promise<void> {
    return this.deps.store.forgetEndedBefore(this.clock.now() - VOICEMAIL_WINDOW_MS);
  }
}
