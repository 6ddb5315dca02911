import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/clock';
import { openDatabase } from '../store/database';
import { LiveCallStore } from '../store/liveCallStore';
import { CallService, OUTSIDE_ANSWER_MS, RECONNECT_GRACE_MS, RING_TIMEOUT_MS, type LiveCall } from './callService';

/** A machine on a real (in-memory) store with a fake clock; it records every state it announces. */
function machine(options: { reachable?: (userId: string) => boolean; present?: Set<string>; db?: ReturnType<typeof openDatabase>; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const db = options.db ?? openDatabase(':memory:');
  const states: string[] = [];
  const ended: LiveCall[] = [];
  const present = options.present ?? new Set<string>();
  const service = new CallService({
    clock: () => clock,
    store: new LiveCallStore(db),
    listener: { changed: (call) => states.push(call.state), ended: (call) => ended.push(call) },
    reachable: options.reachable ?? (() => true),
    clientPresent: async (_userId, clientId) => present.has(clientId),
  });
  const dial = (callerId = 'alice', calleeId: string | null = 'bella') => {
    const call = service.dial({ id: callerId, number: '+14155550101', clientId: `${callerId}-client` }, { id: calleeId, number: '+12125550141' });
    if ('code' in call) throw new Error(call.message);
    return call;
  };
  /** The call as stored now. */
  const now = (call: LiveCall) => service.get(call.id)!;
  return { clock, db, states, ended, service, dial, now, present };
}

/** Lets the grace check's promise settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CallService', () => {
  it('goes dialing → ringing → connected → ended, timing the connected part', () => {
    const { clock, states, ended, service, dial } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-client');
    clock.advance(42_000);
    service.hangUp(call.id, 'bella');
    expect(states).toEqual(['dialing', 'ringing', 'connected', 'ended']);
    expect(ended[0]).toMatchObject({ outcome: 'answered' });
    expect(ended[0]!.endedAt! - ended[0]!.connectedAt!).toBe(42_000);
  });

  it('ends as no answer after exactly 30 s of ringing', () => {
    const { clock, dial, now } = machine();
    const call = dial();
    clock.advance(RING_TIMEOUT_MS - 1);
    expect(now(call).state).toBe('ringing');
    clock.advance(1);
    expect(now(call)).toMatchObject({ state: 'ended', outcome: 'no answer' });
  });

  it('answering cancels the ring timeout', () => {
    const { clock, service, dial, now } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-client');
    clock.advance(RING_TIMEOUT_MS * 2);
    expect(now(call).state).toBe('connected');
  });

  it('declined, cancelled, busy and an unreachable callee', () => {
    const { service, dial, now } = machine({ reachable: (userId) => userId !== 'dana' });
    const declined = dial();
    service.decline(declined.id, 'bella');
    expect(now(declined).outcome).toBe('declined');
    expect(service.voicemailAllowed(now(declined))).toBe(true);
    const cancelled = dial();
    service.hangUp(cancelled.id, 'alice');
    expect(now(cancelled).outcome).toBe('cancelled');
    expect(service.voicemailAllowed(now(cancelled))).toBe(false);
    const connected = dial();
    service.answer(connected.id, 'bella', 'bella-client');
    expect(dial('carl', 'bella').outcome).toBe('busy');
    expect(dial('carl', 'dana').outcome).toBe('no answer');
    expect(service.dial({ id: 'alice', number: '', clientId: 'c' }, { id: 'carl', number: '' })).toMatchObject({ code: 'conflict' });
  });

  it('an outside number answers by itself and has nobody to connect media to', () => {
    const { clock, service, dial, now } = machine();
    const outside = dial('alice', null);
    expect(service.answer(outside.id, 'bella', 'bella-client')).toMatchObject({ code: 'not_found' });
    clock.advance(OUTSIDE_ANSWER_MS);
    expect(now(outside).state).toBe('connected');
    expect(service.voicemailAllowed(now(outside))).toBe(false);
    expect(service.peerOf(outside.id, 'alice', 'alice-client')).toMatchObject({ code: 'conflict' });
  });

  it('signalling goes between the two clients that carry the call, and from nowhere else', () => {
    const { service, dial } = machine();
    const call = dial();
    expect(service.peerOf(call.id, 'alice', 'alice-client')).toMatchObject({ code: 'conflict' }); // still ringing
    service.answer(call.id, 'bella', 'bella-laptop');
    expect(service.peerOf(call.id, 'alice', 'alice-client')).toEqual({ userId: 'bella', clientId: 'bella-laptop' });
    expect(service.peerOf(call.id, 'bella', 'bella-laptop')).toEqual({ userId: 'alice', clientId: 'alice-client' });
    expect(service.peerOf(call.id, 'bella', 'bella-desk')).toMatchObject({ code: 'conflict' });
    expect(service.peerOf(call.id, 'alice', 'alice-other-window')).toMatchObject({ code: 'conflict' });
    expect(service.peerOf(call.id, 'carl', 'carl-client')).toMatchObject({ code: 'not_found' });
    service.hangUp(call.id, 'alice');
    expect(service.peerOf(call.id, 'alice', 'alice-client')).toMatchObject({ code: 'conflict' });
  });

  it('holding stops the call for both; only who held it resumes it', () => {
    const { service, dial, now } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-client');
    service.setHeld(call.id, 'bella', true);
    expect(now(call).heldBy).toBe('bella');
    expect(service.setHeld(call.id, 'alice', false)).toMatchObject({ code: 'conflict' });
    service.setHeld(call.id, 'bella', false);
    expect(now(call).heldBy).toBeNull();
    service.setMuted(call.id, 'alice', true);
    expect(now(call).mutedBy).toEqual(['alice']);
  });

  it('a client that goes away has a grace period: back in time, the call goes on; not back, it ends', async () => {
    const { clock, service, dial, now, present } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-client');
    present.add('alice-client');
    service.clientGone('bella', 'bella-client', false);
    clock.advance(RECONNECT_GRACE_MS - 1);
    expect(now(call).state).toBe('connected');
    present.add('bella-client'); // reconnected
    clock.advance(1);
    await settle();
    expect(now(call).state).toBe('connected');

    present.delete('bella-client');
    service.clientGone('bella', 'bella-client', false);
    clock.advance(RECONNECT_GRACE_MS);
    await settle();
    expect(now(call)).toMatchObject({ state: 'ended', outcome: 'answered' });
  });

  it('survives a restart: a new machine on the same store finds the call, sets its timers again and waits for its clients', async () => {
    const first = machine();
    const ringing = first.dial('carl', 'dana');
    const call = first.dial();
    first.service.answer(call.id, 'bella', 'bella-client');
    first.service.setMuted(call.id, 'bella', true);
    first.service.stop();

    const present = new Set(['alice-client', 'bella-client']);
    const second = machine({ db: first.db, clock: first.clock, present });
    second.service.resume();
    expect(second.now(call)).toMatchObject({ state: 'connected', mutedBy: ['bella'], answeredClientId: 'bella-client' });
    expect(second.service.peerOf(call.id, 'alice', 'alice-client')).toEqual({ userId: 'bella', clientId: 'bella-client' });
    second.clock.advance(RING_TIMEOUT_MS);
    expect(second.now(ringing)).toMatchObject({ state: 'ended', outcome: 'no answer' });
    second.clock.advance(RECONNECT_GRACE_MS);
    await settle();
    expect(second.now(call).state).toBe('connected');
    // A client that never came back ends the call when its grace is over.
    present.delete('alice-client');
    second.service.stop();
    const third = machine({ db: first.db, clock: first.clock, present });
    third.service.resume();
    third.clock.advance(RECONNECT_GRACE_MS);
    await settle();
    expect(third.now(call)).toMatchObject({ state: 'ended', outcome: 'answered' });
  });
});
