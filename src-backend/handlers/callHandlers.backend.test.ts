import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-shared/protocol/callProtocol';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { OUTSIDE_ANSWER_MS } from '../calls/callService';
import type { FakeClock } from '../domain/clock';
import { basicSeed, dataOf, startTestServerWithClock, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
let clock: FakeClock;
beforeEach(async () => {
  ({ server, clock } = await startTestServerWithClock(basicSeed()));
});
afterEach(async () => {
  await server.close();
});

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** The calls a client heard about (ringing or updated), newest last. */
function callEvents(client: TestClient, callId?: string): CallView[] {
  return client.events
    .filter((event): event is EventOf<'call:ringing' | 'call:updated'> => event.type === 'call:ringing' || event.type === 'call:updated')
    .map((event) => event.payload.call)
    .filter((call) => callId === undefined || call.id === callId);
}
const lastCall = (client: TestClient, callId?: string) => callEvents(client, callId).at(-1);
const waitForState = (client: TestClient, callId: string, state: CallView['state'], what: string) => waitFor(() => lastCall(client, callId)?.state === state, what);

describe('calls', () => {
  it('rings every client of the callee; answering on one stops the others; both get a record', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bellaDesk = await server.signIn('bella@contoso.example');
    const bellaLaptop = await server.signIn('bella@contoso.example');

    const dialed = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
    expect(dialed).toMatchObject({ direction: 'out', state: 'ringing', party: { person: { displayName: 'Bella Martins', federated: true }, number: '(212) 555-0141' } });
    expect(callEvents(alice, dialed.id).map((call) => call.state)).toEqual(['dialing', 'ringing']);
    await waitFor(() => !!lastCall(bellaDesk, dialed.id) && !!lastCall(bellaLaptop, dialed.id), 'both of Bella’s clients to ring');
    expect(bellaDesk.events.find((event) => event.type === 'call:ringing')?.payload).toMatchObject({
      call: { direction: 'in', state: 'ringing', party: { person: { displayName: 'Alice Nguyen', federated: true } } },
    });

    const answered = dataOf(await bellaDesk.request('call:answer', { callId: dialed.id }));
    expect(answered).toMatchObject({ state: 'connected', activeHere: true });
    await waitForState(bellaLaptop, dialed.id, 'connected', 'the laptop to hear it was answered');
    expect(lastCall(bellaLaptop, dialed.id)?.activeHere).toBe(false);
    await waitForState(alice, dialed.id, 'connected', 'Alice to be connected');
    expect(await bellaLaptop.request('call:answer', { callId: dialed.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    clock.advance(65_000);
    expect(dataOf(await alice.request('call:hangup', { callId: dialed.id }))).toMatchObject({ state: 'ended', outcome: 'answered' });
    await waitForState(bellaDesk, dialed.id, 'ended', 'Bella to hear the hang-up');

    const aliceHistory = dataOf(await alice.request('call:history', {}));
    expect(aliceHistory[0]).toMatchObject({ callId: dialed.id, direction: 'out', outcome: 'answered', durationSec: 65, party: { person: { displayName: 'Bella Martins' } } });
    const bellaHistory = dataOf(await bellaDesk.request('call:history', {}));
    expect(bellaHistory[0]).toMatchObject({ callId: dialed.id, direction: 'in', outcome: 'answered', durationSec: 65, party: { person: { displayName: 'Alice Nguyen' } } });
  });

  it('rings for 30 s, then ends as no answer and lets the caller leave one voicemail', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const call = dataOf(await alice.request('call:dial', { dial: '+1 212 555 0141' }));
    await waitForState(bella, call.id, 'ringing', 'Bella to ring');

    clock.advance(29_999);
    expect(lastCall(alice, call.id)?.state).toBe('ringing');
    clock.advance(1);
    await waitForState(alice, call.id, 'ended', 'the timeout');
    expect(lastCall(alice, call.id)).toMatchObject({ outcome: 'no answer', voicemailAllowed: true });
    await waitForState(bella, call.id, 'ended', 'Bella’s ringing to stop');
    expect(lastCall(bella, call.id)?.outcome).toBe('missed');

    dataOf(await alice.request('voicemail:leave', { callId: call.id, note: 'Hi Bella, the contract is signed. Call me back.' }));
    await waitFor(() => bella.events.some((event) => event.type === 'voicemail:received'), 'the voicemail to arrive');
    const voicemails = dataOf(await bella.request('voicemail:list', {}));
    expect(voicemails[0]).toMatchObject({ note: 'Hi Bella, the contract is signed. Call me back.', transcript: '', audio: null, listened: false, from: { person: { displayName: 'Alice Nguyen' } } });
    expect(voicemails[0]!.durationSec).toBeGreaterThan(0);
    expect(await alice.request('voicemail:leave', { callId: call.id, note: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(dataOf(await bella.request('call:history', {}))[0]).toMatchObject({ direction: 'in', outcome: 'missed' });
  });

  it('ends as declined when the callee declines, and as cancelled when the caller hangs up first', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const declined = dataOf(await alice.request('call:dial', { dial: '2125550141' }));
    await waitForState(bella, declined.id, 'ringing', 'Bella to ring');
    dataOf(await bella.request('call:decline', { callId: declined.id }));
    await waitForState(alice, declined.id, 'ended', 'the decline');
    expect(lastCall(alice, declined.id)).toMatchObject({ outcome: 'declined', voicemailAllowed: true });

    const cancelled = dataOf(await alice.request('call:dial', { dial: '2125550141' }));
    await waitForState(bella, cancelled.id, 'ringing', 'Bella to ring again');
    expect(dataOf(await alice.request('call:hangup', { callId: cancelled.id }))).toMatchObject({ outcome: 'cancelled', voicemailAllowed: false });
    await waitForState(bella, cancelled.id, 'ended', 'the ringing to stop');
    const outcomes = dataOf(await bella.request('call:history', {})).slice(0, 2).map((record) => record.outcome);
    expect(outcomes.sort()).toEqual(['declined', 'missed']);
  });

  it('gives busy when the callee is already in a call', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const carl = await server.signIn('carl@contoso.example');
    const first = dataOf(await alice.request('call:dial', { dial: '2125550141' }));
    await waitForState(bella, first.id, 'ringing', 'Bella to ring');
    dataOf(await bella.request('call:answer', { callId: first.id }));
    const second = dataOf(await carl.request('call:dial', { dial: '212-555-0141' }));
    expect(second).toMatchObject({ state: 'ended', outcome: 'busy' });
    expect(dataOf(await carl.request('call:history', {}))[0]).toMatchObject({ outcome: 'busy', direction: 'out' });
    expect(await alice.request('call:dial', { dial: '2125550142' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('treats a number nobody owns as an outside party that answers', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const call = dataOf(await alice.request('call:dial', { dial: '1 800 555 0199' }));
    expect(call).toMatchObject({ state: 'ringing', party: { person: null, number: '(800) 555-0199' } });
    clock.advance(2_000);
    await waitForState(alice, call.id, 'connected', 'the outside party to answer');
    dataOf(await alice.request('call:hold', { callId: call.id, held: true }));
    await waitFor(() => lastCall(alice, call.id)?.held === true, 'the hold');
    clock.advance(10_000);
    expect(dataOf(await alice.request('call:hangup', { callId: call.id }))).toMatchObject({ outcome: 'answered' });
    expect(dataOf(await alice.request('call:history', {}))[0]).toMatchObject({ direction: 'out', outcome: 'answered', durationSec: 10, party: { number: '(800) 555-0199' } });
  });

  it('dials own-account extensions only, and refuses what is not a 10-digit number, again on the server', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    const call = dataOf(await alice.request('call:dial', { dial: '1202' }));
    expect(call).toMatchObject({ state: 'ringing', party: { person: { displayName: 'Brian Okafor', federated: false } } });
    await waitForState(brian, call.id, 'ringing', 'Brian to ring');
    dataOf(await alice.request('call:hangup', { callId: call.id }));

    // 2202 is Carl's extension in Contoso, a federated account: never resolved.
    for (const dial of ['2202', '3301', '5550101', '+44 20 7946 0958', 'CALL-ME', '', '24155550101']) {
      const refused = await alice.request('call:dial', { dial });
      expect(refused, dial).toMatchObject({ ok: false, error: { code: 'refused' } });
      expect(refused.ok ? '' : refused.error.message).toContain('10-digit');
    }
    expect(await alice.request('call:dial', { dial: '1201' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('ends at once as no answer when the callee has no client connected', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const call = dataOf(await alice.request('call:dial', { dial: '212 555 0142' }));
    expect(call).toMatchObject({ state: 'ended', outcome: 'no answer', voicemailAllowed: true });
  });

  it('a client that goes away ends the call it carried', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const call = dataOf(await alice.request('call:dial', { dial: '2125550141' }));
    dataOf(await bella.request('call:answer', { callId: call.id }));
    alice.signOut();
    await waitForState(bella, call.id, 'ended', 'the call to end');
  });
});

describe('number resolution', () => {
  it('resolves a number to its owner only for viewers who see them', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const forAlice = dataOf(await alice.request('number:resolve', { number: '617-555-0161' }));
    expect(forAlice).toEqual({ person: null, number: '(617) 555-0161', dial: '+16175550161' });
    expect(JSON.stringify(forAlice)).not.toMatch(/Bob|fb-bob|fabrikam/i);
    expect(dataOf(await bella.request('number:resolve', { number: '617-555-0161' }))).toMatchObject({ person: { displayName: 'Bob Alvarez', federated: true } });
    expect(dataOf(await alice.request('number:resolve', { number: '(212) 555-0141' }))).toMatchObject({ person: { displayName: 'Bella Martins' } });
    expect(await alice.request('number:resolve', { number: '2202' })).toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('a number whose owner the caller does not see is an outside number: shown as the number, never rung, no record for its owner', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const historyBefore = dataOf(await alice.request('call:history', {}));
    const call = dataOf(await bob.request('call:dial', { dial: '415 555 0101' }));
    expect(call.party).toEqual({ person: null, number: '(415) 555-0101', dial: '+14155550101' });
    clock.advance(OUTSIDE_ANSWER_MS);
    await waitForState(bob, call.id, 'connected', 'the outside party to answer');
    dataOf(await bob.request('call:hangup', { callId: call.id }));
    await waitForState(bob, call.id, 'ended', 'the hang-up');
    expect(await bob.request('voicemail:leave', { callId: call.id, note: 'About the lab results.' })).toMatchObject({ ok: false });

    // Alice was never rung and has no trace of it; Bob learned nothing of her.
    expect(alice.events.filter((event) => event.type.startsWith('call:') || event.type.startsWith('voicemail:'))).toEqual([]);
    expect(dataOf(await alice.request('call:history', {}))).toEqual(historyBefore);
    expect(JSON.stringify(bob.events)).not.toMatch(/Alice|nw-alice|Nguyen|Northwind/);
  });

  it('a call under way follows a federation change: the other party turns into a number on both sides', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const dialed = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
    await waitFor(() => !!lastCall(bella, dialed.id), 'Bella rung');
    dataOf(await bella.request('call:answer', { callId: dialed.id }));
    await waitForState(alice, dialed.id, 'connected', 'connected for Alice');
    expect(lastCall(alice, dialed.id)?.party.person?.displayName).toBe('Bella Martins');
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    await waitFor(() => lastCall(alice, dialed.id)?.party.person === null, 'Alice’s call to show a number');
    expect(lastCall(alice, dialed.id)).toMatchObject({ state: 'connected', party: { number: '(212) 555-0141' } });
    await waitFor(() => lastCall(bella, dialed.id)?.party.person === null, 'Bella’s call to show a number');
    expect(JSON.stringify(lastCall(bella, dialed.id))).not.toMatch(/Alice|Nguyen|nw-alice/);
  });

  it('follows federation changes: a federation ended turns names back into numbers', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const before = dataOf(await alice.request('call:history', {}));
    expect(before.find((record) => record.party.number === '(212) 555-0141')?.party.person?.displayName).toBe('Bella Martins');
    expect(dataOf(await alice.request('voicemail:list', {}))[0]?.from.person?.displayName).toBe('Bella Martins');
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    const after = dataOf(await alice.request('call:history', {}));
    expect(after.find((record) => record.party.number === '(212) 555-0141')?.party.person).toBeNull();
    // (the seeded transcript itself says "it's Bella": that is what the caller said, not a lookup)
    expect(JSON.stringify([after, dataOf(await alice.request('voicemail:list', {}))])).not.toMatch(/Martins|ct-bella|Contoso/);
  });
});

describe('an unseen number is dialed exactly like an outside number', () => {
  const outsideNumber = '(800) 555-0199';
  const aliceNumber = '(415) 555-0101';

  /**
   * Everything the caller hears while dialing, as a timeline: each event with its time since the
   * dial (fake clock), its state, outcome and party, the call and record ids and the number
   * itself left out (they differ by nature). Steps: dial; 1.999 s; 2 s; 10 s later hang up.
   */
  async function timeline(caller: TestClient, dial: string): Promise<unknown[]> {
    const start = clock.now();
    const heard: unknown[] = [];
    let seen = caller.events.length;
    const settle = async (label: string) => {
      // What the clock's timers started is done (the store answers in its own time), and a request
      // answered after the events already sent to this socket: they have all arrived.
      await server.context.calls.service.whenIdle();
      dataOf(await caller.request('call:history', { limit: 1 }));
      for (const event of caller.events.slice(seen)) heard.push({ step: label, at: clock.now() - start, ...normalize(event, start) });
      seen = caller.events.length;
    };
    const answer = dataOf(await caller.request('call:dial', { dial }));
    heard.push({ step: 'ack', ...normalize({ type: 'ack', payload: { call: answer } }, start) });
    await settle('dial');
    clock.advance(OUTSIDE_ANSWER_MS - 1);
    await settle('1.999 s');
    clock.advance(1);
    await settle('2 s');
    clock.advance(10_000);
    const hungUp = await caller.request('call:hangup', { callId: answer.id });
    heard.push({ step: 'hang-up ack', ...normalize({ type: 'ack', payload: { call: dataOf(hungUp) } }, start) });
    await settle('hang up');
    return heard;
  }

  /** An event as compared: ids and numbers blanked, times as milliseconds since the dial. */
  function normalize(event: { type: string; payload: unknown }, start: number) {
    const text = JSON.stringify(event.payload)
      .replace(/"(id|callId)":"[^"]+"/g, '"$1":"…"')
      .replace(/"(number|dial)":"[^"]+"/g, '"$1":"…"')
      .replace(/"(startedAt|connectedAt|endedAt|at)":"([^"]+)"/g, (_match, key: string, value: string) => `"${key}":${Date.parse(value) - start}`);
    return { type: event.type, payload: JSON.parse(text) as unknown };
  }

  it.each<[string, (alice: () => Promise<TestClient>) => Promise<void>]>([
    ['signed in and free', async (signInAlice) => void (await signInAlice())],
    ['offline (no client connected)', async () => undefined],
    [
      'busy in another call',
      async (signInAlice) => {
        const alice = await signInAlice();
        const brian = await server.signIn('brian@northwind.example');
        const call = dataOf(await alice.request('call:dial', { dial: '1202' }));
        await waitForState(brian, call.id, 'ringing', 'Brian rung');
        dataOf(await brian.request('call:answer', { callId: call.id }));
        await waitForState(alice, call.id, 'connected', 'Alice in a call');
      },
    ],
  ])('when its owner is %s: the same states, timings and events', async (_situation, prepare) => {
    let alice: TestClient | undefined;
    await prepare(async () => (alice = await server.signIn('alice@northwind.example')));
    const aliceEventsBefore = alice?.events.length ?? 0;
    const bob = await server.signIn('bob@fabrikam.example');
    const outside = await timeline(bob, outsideNumber);
    const unseen = await timeline(bob, aliceNumber);
    expect(unseen).toEqual(outside);
    expect(outside.map((entry) => `${(entry as { step: string }).step}: ${(entry as { type: string }).type}`)).toEqual([
      'ack: ack',
      'dial: call:updated',
      'dial: call:updated',
      '2 s: call:updated',
      'hang-up ack: ack',
      // The records are written once the call's last state went out.
      'hang up: call:updated',
      'hang up: call:recorded',
    ]);
    // The owner of the number heard nothing of it, whatever they were doing.
    if (alice) expect(alice.events.slice(aliceEventsBefore).filter((event) => event.type === 'call:ringing' || event.type === 'call:recorded')).toEqual([]);
  });
});

describe('voicemail', () => {
  it('is only its owner’s: marked listened and deleted by them, by nobody else', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const carl = await server.signIn('carl@contoso.example');
    const [voicemail] = dataOf(await alice.request('voicemail:list', {}));
    expect(voicemail?.listened).toBe(false);
    expect(await carl.request('voicemail:markListened', { voicemailId: voicemail!.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('voicemail:delete', { voicemailId: voicemail!.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(dataOf(await alice.request('voicemail:markListened', { voicemailId: voicemail!.id }))).toMatchObject({ listened: true });
    dataOf(await alice.request('voicemail:delete', { voicemailId: voicemail!.id }));
    expect(dataOf(await alice.request('voicemail:list', {}))).toEqual([]);
  });
});

describe('voicemail as audio', () => {
  /** Bytes that start as a WebM file does (EBML), as MediaRecorder's do. */
  const webm = (size = 2_000) => Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(size - 4, 7)]);
  const upload = (client: TestClient, callId: string, body: Buffer, contentType = 'audio/webm') =>
    fetch(`${server.url}/api/files?callId=${encodeURIComponent(callId)}`, { method: 'POST', headers: { authorization: `Bearer ${client.sessionToken}`, 'content-type': contentType }, body });
  const download = (client: TestClient, fileId: string) => fetch(`${server.url}/api/files/${fileId}`, { headers: { authorization: `Bearer ${client.sessionToken}` } });

  /** Alice calls Bella, who declines: Alice may leave a voicemail. */
  async function declinedCall() {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const carl = await server.signIn('carl@contoso.example');
    const call = dataOf(await alice.request('call:dial', { dial: '2125550141' }));
    await waitForState(bella, call.id, 'ringing', 'Bella to ring');
    return { alice, bella, carl, call };
  }

  it('is recorded audio stored like a file: uploaded by the caller alone, played by the callee alone, gone with the voicemail', async () => {
    const { alice, bella, carl, call } = await declinedCall();
    // Not before the call is over, and never by someone else.
    expect((await upload(alice, call.id, webm())).status).toBe(409);
    dataOf(await bella.request('call:decline', { callId: call.id }));
    await waitForState(alice, call.id, 'ended', 'the decline');
    expect((await upload(carl, call.id, webm())).status).toBe(404);
    expect((await upload(bella, call.id, webm())).status).toBe(404);
    // Only Opus recordings: the type declared, and the bytes that say so.
    expect((await upload(alice, call.id, webm(), 'text/html')).status).toBe(415);
    const before = await server.context.files.usedBytes('nw-alice');
    expect((await upload(alice, call.id, Buffer.from('<html><script>alert(1)</script></html>'))).status).toBe(415);
    expect(await server.context.files.usedBytes('nw-alice')).toBe(before);

    const uploaded = (await (await upload(alice, call.id, webm(3_000))).json()) as { ok: true; data: { id: string } };
    const fileId = uploaded.data.id;
    // Nobody else may use it, nor may it be sent twice.
    expect(await carl.request('voicemail:leave', { callId: call.id, audioFileId: fileId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    dataOf(await alice.request('voicemail:leave', { callId: call.id, audioFileId: fileId, durationMs: 7_400, note: 'Call me back' }));
    expect(await alice.request('voicemail:leave', { callId: call.id, audioFileId: fileId })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await waitFor(() => bella.events.some((event) => event.type === 'voicemail:received'), 'the voicemail to arrive');
    const [voicemail] = dataOf(await bella.request('voicemail:list', {}));
    expect(voicemail).toMatchObject({ audio: { fileId }, durationSec: 7, note: 'Call me back', from: { person: { displayName: 'Alice Nguyen' } } });
    const played = await download(bella, fileId);
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/webm');
    expect(Buffer.from(await played.arrayBuffer()).equals(webm(3_000))).toBe(true);
    for (const other of [carl, alice]) expect((await download(other, fileId)).status).toBe(404);
    // It counts against the caller's storage until the callee deletes the voicemail.
    expect(await server.context.files.usedBytes('nw-alice')).toBe(before + 3_000);
    dataOf(await bella.request('voicemail:delete', { voicemailId: voicemail!.id }));
    expect((await download(bella, fileId)).status).toBe(404);
    expect(await server.context.files.usedBytes('nw-alice')).toBe(before);
  });

  it('is refused past its size limit or the caller’s quota, keeping nothing', async () => {
    await server.close();
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { storageQuotaBytes: 10_000 }));
    const { alice, bella, call } = await declinedCall();
    dataOf(await bella.request('call:decline', { callId: call.id }));
    await waitForState(alice, call.id, 'ended', 'the decline');
    expect((await upload(alice, call.id, webm(12_000))).status).toBe(413);
    expect(await server.context.files.usedBytes('nw-alice')).toBe(0);
    expect((await upload(alice, call.id, webm(5 * 1024 * 1024))).status).toBe(413);
  });

  it('is left once even when two leaves arrive at the same moment, each with its own recording', async () => {
    const { alice, bella, call } = await declinedCall();
    dataOf(await bella.request('call:decline', { callId: call.id }));
    await waitForState(alice, call.id, 'ended', 'the decline');
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) ids.push(((await (await upload(alice, call.id, webm())).json()) as { data: { id: string } }).data.id);
    const results = await Promise.all(ids.map((audioFileId) => alice.request('voicemail:leave', { callId: call.id, audioFileId, durationMs: 2_000 })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toMatchObject([{ error: { code: 'conflict' } }]);
    expect(dataOf(await bella.request('voicemail:list', {}))).toHaveLength(1);
  });
});
