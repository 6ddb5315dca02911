import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/clock';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqliteStore';
import { CallService, OUTSIDE_ANSWER_MS, RECONNECT_GRACE_MS, RING_TIMEOUT_MS, type LiveCall } from './callService';

/** A machine on a real (in-memory) store with a fake clock; it records every state it announces. */
function machine(options: { reachable?: (userId: string) => boolean; present?: Set<string>; store?: SqliteStore; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const store = options.store ?? openSqliteStore(':memory:');
  const states: string[] = [];
  const ended: LiveCall[] = [];
  const present = options.present ?? new Set<string>();
  const service = new CallService({
    clock: () => clock,
    store: store.liveCalls,
    listener: { changed: (call) => states.push(call.state), ended: async (call) => void ended.push(call) },
    reachable: options.reachable ?? (() => true),
    clientPresent: async (_userId, clientId) => present.has(clientId),
  });
  const dial = async (callerId = 'alice', calleeId: string | null = 'bella') => {
    const call = await service.dial({ id: callerId, number: '+14155550101', clientId: `${callerId}-client` }, { id: calleeId, number: '+12125550141' });
    if ('code' in call) throw new Error(call.message);
    return call;
  };
  /** The call as stored now. */
  const now = async (call: LiveCall) => (await service.get(call.id))!;
  return { clock, store, states, ended, service, dial, now, present };
}

/** Lets the grace check's promise settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CallService', () => {
  it('goes dialing → ringing → connected → ended, timing the connected part', async () => {
    const { clock, states, ended, service, dial } = machine();
    const call = await dial();
    await service.answer(call.id, 'bella', 'bella-client');
    clock.advance(42_000);
    await settle();
    await service.hangUp(call.id, 'bella');
    expect(states).toEqual(['dialing', 'ringing', 'connected', 'ended']);
    expect(ended[0]).toMatchObject({ outcome: 'answered' });
    expect(ended[0]!.endedAt! - ended[0]!.connectedAt!).toBe(42_000);
  });

  it('ends as no answer after exactly 30 s of ringing', async () => {
    const { clock, dial, now } = machine();
    const call = await dial();
    clock.advance(RING_TIMEOUT_MS - 1);
    await settle();
    expect((await now(call)).state).toBe('ringing');
    clock.advance(1);
    await settle();
    expect(await now(call)).toMatchObject({ state: 'ended', outcome: 'no answer' });
  });

  it('answering cancels the ring timeout', async () => {
    const { clock, service, dial, now } = machine();
    const call = await dial();
    await service.answer(call.id, 'bella', 'bella-client');
    clock.advance(RING_TIMEOUT_MS * 2);
    await settle();
    expect((await now(call)).state).toBe('connected');
  });

  it('declined, cancelled, busy and an unreachable callee', async () => {
    const { service, dial, now } = machine({ reachable: (userId) => userId !== 'dana' });
    const declined = await dial();
    await service.decline(declined.id, 'bella');
    expect((await now(declined)).outcome).toBe('declined');
    expect(service.voicemailAllowed(await now(declined))).toBe(true);
    const cancelled = await dial();
    await service.hangUp(cancelled.id, 'alice');
    expect((await now(cancelled)).outcome).toBe('cancelled');
    expect(service.voicemailAllowed(await now(cancelled))).toBe(false);
    const connected = await dial();
    await service.answer(connected.id, 'bella', 'bella-client');
    expect((await dial('carl', 'bella')).outcome).toBe('busy');
    expect((await dial('carl', 'dana')).outcome).toBe('no answer');
    expect(await service.dial({ id: 'alice', number: '', clientId: 'c' }, { id: 'carl', number: '' })).toMatchObject({ code: 'conflict' });
  });

  it('an outside number answers by itself and has nobody to connect media to', async () => {
    const { clock, service, dial, now } = machine();
    const outside = await dial('alice', null);
    expect(await service.answer(outside.id, 'bella', 'bella-client')).toMatchObject({ code: 'not_found' });
    clock.advance(OUTSIDE_ANSWER_MS);
    await settle();
    expect((await now(outside)).state).toBe('connected');
    expect(service.voicemailAllowed(await now(outside))).toBe(false);
    expect(await service.peerOf(outside.id, 'alice', 'alice-client')).toMatchObject({ code: 'conflict' });
  });

  it('signalling goes between the two clients that carry the call, and from nowhere else', async () => {
    const { service, dial } = machine();
    const call = await dial();
    expect(await service.peerOf(call.id, 'alice', 'alice-client')).toMatchObject({ code: 'conflict' }); // still ringing
    await service.answer(call.id, 'bella', 'bella-laptop');
    expect(await service.peerOf(call.id, 'alice', 'alice-client')).toEqual({ userId: 'bella', clientId: 'bella-laptop' });
    expect(await service.peerOf(call.id, 'bella', 'bella-laptop')).toEqual({ userId: 'alice', clientId: 'alice-client' });
    expect(await service.peerOf(call.id, 'bella', 'bella-desk')).toMatchObject({ code: 'conflict' });
    expect(await service.peerOf(call.id, 'alice', 'alice-other-window')).toMatchObject({ code: 'conflict' });
    expect(await service.peerOf(call.id, 'carl', 'carl-client')).toMatchObject({ code: 'not_found' });
    await service.hangUp(call.id, 'alice');
    expect(await service.peerOf(call.id, 'alice', 'alice-client')).toMatchObject({ code: 'conflict' });
  });

  it('holding stops the call for both; only who held it resumes it', async () => {
    const { service, dial, now } = machine();
    const call = await dial();
    await service.answer(call.id, 'bella', 'bella-client');
    await service.setHeld(call.id, 'bella', true);
    expect((await now(call)).heldBy).toBe('bella');
    expect(await service.setHeld(call.id, 'alice', false)).toMatchObject({ code: 'conflict' });
    await service.setHeld(call.id, 'bella', false);
    expect((await now(call)).heldBy).toBeNull();
    await service.setMuted(call.id, 'alice', true);
    expect((await now(call)).mutedBy).toEqual(['alice']);
  });

  it('a client that goes away has a grace period: back in time, the call goes on; not back, it ends', async () => {
    const { clock, service, dial, now, present } = machine();
    const call = await dial();
    await service.answer(call.id, 'bella', 'bella-client');
    present.add('alice-client');
    await service.clientGone('bella', 'bella-client', false);
    clock.advance(RECONNECT_GRACE_MS - 1);
    await settle();
    expect((await now(call)).state).toBe('connected');
    present.add('bella-client'); // reconnected
    clock.advance(1);
    await settle();
    expect((await now(call)).state).toBe('connected');

    present.delete('bella-client');
    await service.clientGone('bella', 'bella-client', false);
    clock.advance(RECONNECT_GRACE_MS);
    await settle();
    expect(await now(call)).toMatchObject({ state: 'ended', outcome: 'answered' });
  });

  it('survives a restart: a new machine on the same store finds the call, sets its timers again and waits for its clients', async () => {
    const first = machine();
    const ringing = await first.dial('carl', 'dana');
    const call = await first.dial();
    await first.service.answer(call.id, 'bella', 'bella-client');
    await first.service.setMuted(call.id, 'bella', true);
    first.service.stop();

    const present = new Set(['alice-client', 'bella-client']);
    const second = machine({ store: first.store, clock: first.clock, present });
    await second.service.resume();
    expect(await second.now(call)).toMatchObject({ state: 'connected', mutedBy: ['bella'], answeredClientId: 'bella-client' });
    expect(await second.service.peerOf(call.id, 'alice', 'alice-client')).toEqual({ userId: 'bella', clientId: 'bella-client' });
    second.clock.advance(RING_TIMEOUT_MS);
    await settle();
    expect(await second.now(ringing)).toMatchObject({ state: 'ended', outcome: 'no answer' });
    second.clock.advance(RECONNECT_GRACE_MS);
    await settle();
    expect((await second.now(call)).state).toBe('connected');
    // A client that never came back ends the call when its grace is over.
    present.delete('alice-client');
    second.service.stop();
    const third = machine({ store: first.store, clock: first.clock, present });
    await third.service.resume();
    third.clock.advance(RECONNECT_GRACE_MS);
    await settle();
    expect(await third.now(call)).toMatchObject({ state: 'ended', outcome: 'answered' });
  });

  it('on several processes sharing one store: a timeout both timers reach ends the call once, and a sweep ends one whose process died', async () => {
    const first = machine();
    const call = await first.dial();
    // A second process starts while it rings: it sets the stored call's timer too.
    const second = machine({ store: first.store, clock: first.clock });
    await second.service.resume();
    first.clock.advance(RING_TIMEOUT_MS);
    await first.service.whenIdle();
    await second.service.whenIdle();
    await second.service.sweepDue();
    expect(await first.now(call)).toMatchObject({ state: 'ended', outcome: 'no answer' });
    // Told and recorded once in all, by whichever process got there first.
    expect([...first.ended, ...second.ended]).toHaveLength(1);
    expect([...first.states, ...second.states].filter((state) => state === 'ended')).toHaveLength(1);

    // The process that placed the next call dies (its timers with it): the other's sweep ends it at its deadline, not before.
    const orphan = await first.dial('carl', 'dana');
    first.service.stop();
    first.clock.advance(RING_TIMEOUT_MS - 1);
    expect(await second.service.sweepDue()).toBe(0);
    expect((await second.now(orphan)).state).toBe('ringing');
    first.clock.advance(1);
    expect(await second.service.sweepDue()).toBe(1);
    expect(await second.now(orphan)).toMatchObject({ state: 'ended', outcome: 'no answer' });
    expect(second.ended.map((ended) => ended.id)).toContain(orphan.id);
  });

  it('an answer and a timeout on two processes at once: one wins, and the loser is told so', async () => {
    const first = machine();
    const call = await first.dial();
    const second = machine({ store: first.store, clock: first.clock });
    first.clock.advance(RING_TIMEOUT_MS);
    // The timeout has ended it on the first process; the answer reaches the second a moment later.
    await first.service.whenIdle();
    expect(await second.service.answer(call.id, 'bella', 'bella-client')).toMatchObject({ code: 'conflict', message: 'This call has ended.' });
    expect(await first.now(call)).toMatchObject({ state: 'ended', outcome: 'no answer', answeredClientId: null });

    const next = await first.dial();
    const [answered, hungUp] = await Promise.all([second.service.answer(next.id, 'bella', 'bella-client'), first.service.hangUp(next.id, 'alice')]);
    const stored = await first.now(next);
    // Either the answer came first and the hang-up ended a connected call, or the hang-up cancelled it and the answer was refused.
    if ('code' in answered) expect(stored).toMatchObject({ state: 'ended', outcome: 'cancelled' });
    else expect(stored).toMatchObject({ state: 'ended', outcome: 'answered' });
    expect(hungUp).toMatchObject({ state: 'ended' });
    expect([...first.ended, ...second.ended].filter((ended) => ended.id === next.id)).toHaveLength(1);
  });
});
