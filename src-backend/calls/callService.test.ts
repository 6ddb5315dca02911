import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/clock';
import { CallService, OUTSIDE_ANSWER_MS, RING_TIMEOUT_MS, type LiveCall } from './callService';

/** A machine with a fake clock that records every state it announces. */
function machine(reachable: (userId: string) => boolean = () => true) {
  const clock = new FakeClock();
  const states: string[] = [];
  const ended: LiveCall[] = [];
  const service = new CallService(() => clock, { changed: (call) => states.push(call.state), ended: (call) => ended.push(call) }, reachable);
  const dial = (callerId = 'alice', calleeId: string | null = 'bella') => {
    const call = service.dial({ id: callerId, number: '+14155550101', socketId: `${callerId}-socket` }, { id: calleeId, number: '+12125550141' });
    if ('code' in call) throw new Error(call.message);
    return call;
  };
  return { clock, states, ended, service, dial };
}

describe('CallService', () => {
  it('goes dialing → ringing → connected → ended, timing the connected part', () => {
    const { clock, states, ended, service, dial } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-socket');
    clock.advance(42_000);
    service.hangUp(call.id, 'bella');
    expect(states).toEqual(['dialing', 'ringing', 'connected', 'ended']);
    expect(ended[0]).toMatchObject({ outcome: 'answered', endedAt: (call.connectedAt ?? 0) + 42_000 });
  });

  it('ends as no answer after exactly 30 s of ringing', () => {
    const { clock, dial } = machine();
    const call = dial();
    clock.advance(RING_TIMEOUT_MS - 1);
    expect(call.state).toBe('ringing');
    clock.advance(1);
    expect(call).toMatchObject({ state: 'ended', outcome: 'no answer' });
  });

  it('answering cancels the ring timeout', () => {
    const { clock, service, dial } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-socket');
    clock.advance(RING_TIMEOUT_MS * 2);
    expect(call.state).toBe('connected');
  });

  it('declined, cancelled, busy and an unreachable callee', () => {
    const { service, dial } = machine((userId) => userId !== 'dana');
    const declined = dial();
    service.decline(declined.id, 'bella');
    expect(declined.outcome).toBe('declined');
    expect(service.voicemailAllowed(declined)).toBe(true);
    const cancelled = dial();
    service.hangUp(cancelled.id, 'alice');
    expect(cancelled.outcome).toBe('cancelled');
    expect(service.voicemailAllowed(cancelled)).toBe(false);
    const connected = dial();
    service.answer(connected.id, 'bella', 'bella-socket');
    expect(dial('carl', 'bella').outcome).toBe('busy');
    expect(dial('carl', 'dana').outcome).toBe('no answer');
    expect(service.dial({ id: 'alice', number: '', socketId: 's' }, { id: 'carl', number: '' })).toMatchObject({ code: 'conflict' });
  });

  it('an outside number answers by itself; the callee answers nothing that is not ringing for them', () => {
    const { clock, service, dial } = machine();
    const outside = dial('alice', null);
    expect(service.answer(outside.id, 'bella', 'bella-socket')).toMatchObject({ code: 'not_found' });
    clock.advance(OUTSIDE_ANSWER_MS);
    expect(outside.state).toBe('connected');
    expect(service.voicemailAllowed(outside)).toBe(false);
  });

  it('a client that goes away hangs up what it carried', () => {
    const { service, dial } = machine();
    const call = dial();
    service.answer(call.id, 'bella', 'bella-socket');
    service.clientGone('bella-socket', 'bella', false);
    expect(call).toMatchObject({ state: 'ended', outcome: 'answered' });
  });
});
