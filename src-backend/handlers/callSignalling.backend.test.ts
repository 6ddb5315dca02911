/**
 * Media signalling of 1:1 calls (SPEC 3): offers, answers and ICE candidates go through the
 * backend from the client that placed the call to the one client that answered it, and back;
 * to no other client, to nobody a party does not see, and not at all for a call with nobody at
 * the other end. A call and its signalling go on through a restart of the backend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CallSignal, CallView } from '../../src-shared/protocol/callProtocol';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { SessionClient } from '../../src-shared/session/sessionClient';
import { OUTSIDE_ANSWER_MS } from '../calls/callService';
import { startServer } from '../server';
import { basicSeed, dataOf, startTestServer, startTestServerWithClock, waitFor, type TestClient, type TestServer } from '../testing/testServer';

const offer: CallSignal = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n' } };
const answer: CallSignal = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n' } };
const candidate = (address: string): CallSignal => ({ kind: 'candidate', candidate: { candidate: `candidate:842163049 1 udp 2122260223 ${address} 46154 typ host generation 0 ufrag EEtu network-id 1`, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'EEtu' } });

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;
const signalsOf = (client: TestClient) => client.events.filter((event): event is EventOf<'call:signal'> => event.type === 'call:signal').map((event) => event.payload);
const lastCall = (client: TestClient, callId: string): CallView | undefined =>
  client.events
    .filter((event): event is EventOf<'call:updated' | 'call:ringing'> => event.type === 'call:updated' || event.type === 'call:ringing')
    .map((event) => event.payload.call)
    .filter((call) => call.id === callId)
    .at(-1);

/** Everything the server sent a client before this returns has arrived: its answers come in order with its events. */
const settled = async (...clients: TestClient[]) => {
  for (const client of clients) dataOf(await client.request('call:active', {}));
};

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/** Alice (two clients) calls Bella (two clients); Bella answers on her desk. */
async function connectedCall() {
  server = await startTestServer(basicSeed());
  const aliceDesk = await server.signIn('alice@northwind.example');
  const aliceLaptop = await server.signIn('alice@northwind.example');
  const bellaDesk = await server.signIn('bella@contoso.example');
  const bellaPhone = await server.signIn('bella@contoso.example');
  const carl = await server.signIn('carl@contoso.example');
  const bob = await server.signIn('bob@fabrikam.example');
  const call = dataOf(await aliceDesk.request('call:dial', { dial: '(212) 555-0141' }));
  await waitFor(() => lastCall(bellaDesk, call.id)?.state === 'ringing', 'Bella rung');
  dataOf(await bellaDesk.request('call:answer', { callId: call.id }));
  await waitFor(() => lastCall(aliceDesk, call.id)?.state === 'connected', 'Alice connected');
  return { call, aliceDesk, aliceLaptop, bellaDesk, bellaPhone, carl, bob };
}

describe('call signalling', () => {
  it('goes from the calling client to the answering one and back, and to no other client', async () => {
    const { call, aliceDesk, aliceLaptop, bellaDesk, bellaPhone, carl, bob } = await connectedCall();
    expect(lastCall(aliceDesk, call.id)).toMatchObject({ simulated: false, activeHere: true });

    dataOf(await aliceDesk.request('call:signal', { callId: call.id, signal: offer }));
    dataOf(await aliceDesk.request('call:signal', { callId: call.id, signal: candidate('192.0.2.10') }));
    await waitFor(() => signalsOf(bellaDesk).length === 2, 'the offer and candidate at Bella’s desk');
    expect(signalsOf(bellaDesk)).toEqual([
      { callId: call.id, signal: offer },
      { callId: call.id, signal: candidate('192.0.2.10') },
    ]);
    dataOf(await bellaDesk.request('call:signal', { callId: call.id, signal: answer }));
    dataOf(await bellaDesk.request('call:signal', { callId: call.id, signal: candidate('192.0.2.20') }));
    await waitFor(() => signalsOf(aliceDesk).length === 2, 'the answer and candidate at Alice’s desk');
    expect(signalsOf(aliceDesk).map((payload) => payload.signal)).toEqual([answer, candidate('192.0.2.20')]);

    // Their other clients, and everyone else, got nothing: not one address.
    await settled(aliceLaptop, bellaPhone, carl, bob);
    for (const other of [aliceLaptop, bellaPhone, carl, bob]) {
      expect(signalsOf(other)).toEqual([]);
      expect(JSON.stringify(other.events)).not.toMatch(/192\.0\.2\.(10|20)/);
    }
    // Nor may they signal: another client of either party, or someone not in the call.
    expect(await aliceLaptop.request('call:signal', { callId: call.id, signal: offer })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await bellaPhone.request('call:signal', { callId: call.id, signal: answer })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await carl.request('call:signal', { callId: call.id, signal: offer })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // Once hung up, nothing more passes.
    dataOf(await bellaDesk.request('call:hangup', { callId: call.id }));
    expect(await aliceDesk.request('call:signal', { callId: call.id, signal: candidate('192.0.2.11') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses signalling that is not SDP or an ICE candidate, or too big', async () => {
    const { call, aliceDesk, bellaDesk } = await connectedCall();
    const refusals = [
      { kind: 'description', description: { type: 'offer', sdp: `v=0\r\n${'a=x\r\n'.repeat(14_000)}` } },
      { kind: 'description', description: { type: 'rollback', sdp: 'v=0\r\n' } },
      { kind: 'description', description: { type: 'offer', sdp: '<script>alert(1)</script>' } },
      { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\na=\u0000\r\n' } },
      { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host; rm -rf /', sdpMid: '0', sdpMLineIndex: 0 } },
      { kind: 'candidate', candidate: { candidate: 'hello', sdpMid: '0', sdpMLineIndex: 0 } },
      { kind: 'candidate', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0, extra: 'x' } },
      { kind: 'candidate', candidate: { candidate: '', sdpMid: '<b>', sdpMLineIndex: 0 } },
      { kind: 'bye' },
    ];
    for (const signal of refusals) {
      expect(await aliceDesk.request('call:signal', { callId: call.id, signal } as never), JSON.stringify(signal).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    // An mDNS host candidate and the end of candidates pass.
    dataOf(await aliceDesk.request('call:signal', { callId: call.id, signal: { kind: 'candidate', candidate: { candidate: 'candidate:3 1 udp 2122260223 3f6a1c2e-0c1b-4a6e-9a8e-2f1d2c3b4a5f.local 54400 typ host generation 0', sdpMid: '0', sdpMLineIndex: 0 } } }));
    dataOf(await aliceDesk.request('call:signal', { callId: call.id, signal: { kind: 'candidate', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } } }));
    await waitFor(() => signalsOf(bellaDesk).length === 2, 'the two good ones');
  });

  it('stops at once when a federation change means the parties no longer see each other', async () => {
    const { call, aliceDesk, bellaDesk } = await connectedCall();
    dataOf(await aliceDesk.request('call:signal', { callId: call.id, signal: offer }));
    await waitFor(() => signalsOf(bellaDesk).length === 1, 'the offer');
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    expect(await aliceDesk.request('call:signal', { callId: call.id, signal: candidate('192.0.2.12') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bellaDesk.request('call:signal', { callId: call.id, signal: candidate('192.0.2.21') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await settled(bellaDesk, aliceDesk);
    expect(signalsOf(bellaDesk)).toHaveLength(1);
    expect(signalsOf(aliceDesk)).toHaveLength(0);
  });

  it('tells each side when the other mutes, and holds both until the one who held resumes', async () => {
    const { call, aliceDesk, bellaDesk } = await connectedCall();
    expect(dataOf(await aliceDesk.request('call:mute', { callId: call.id, muted: true }))).toMatchObject({ muted: true, remoteMuted: false });
    await waitFor(() => lastCall(bellaDesk, call.id)?.remoteMuted === true, 'Bella to see Alice muted');
    expect(lastCall(bellaDesk, call.id)?.muted).toBe(false);
    dataOf(await bellaDesk.request('call:hold', { callId: call.id, held: true }));
    await waitFor(() => lastCall(aliceDesk, call.id)?.held === true, 'Alice to see the hold');
    expect(lastCall(aliceDesk, call.id)).toMatchObject({ heldByMe: false });
    expect(await aliceDesk.request('call:hold', { callId: call.id, held: false })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    dataOf(await bellaDesk.request('call:hold', { callId: call.id, held: false }));
    await waitFor(() => lastCall(aliceDesk, call.id)?.held === false, 'the call resumed');
  });
});

describe('a call with nobody in Meridian at the other end', () => {
  it('an outside number, or the number of someone the caller does not see, is simulated: no peer, no signalling, nothing for its owner', async () => {
    const started = await startTestServerWithClock(basicSeed());
    server = started.server;
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    for (const dial of ['(800) 555-0199', '(415) 555-0101']) {
      const call = dataOf(await bob.request('call:dial', { dial }));
      expect(call).toMatchObject({ simulated: true, party: { person: null } });
      started.clock.advance(OUTSIDE_ANSWER_MS);
      await waitFor(() => lastCall(bob, call.id)?.state === 'connected', 'the outside party to answer');
      expect(await bob.request('call:signal', { callId: call.id, signal: offer })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      dataOf(await bob.request('call:hangup', { callId: call.id }));
    }
    await settled(alice);
    expect(alice.events.filter((event) => event.type.startsWith('call:'))).toEqual([]);
  });
});

describe('a backend restart mid-call', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'meridian-calls-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps the call: both clients reconnect as the ones that carry it, and signalling goes on', async () => {
    const db = path.join(folder, 'meridian.db');
    let running = await startServer({ db, seed: basicSeed(), port: 0, webRoot: null });
    const port = running.port;
    const clients: SessionClient[] = [];
    const signIn = async (email: string) => {
      const client = new SessionClient({ serverUrl: running.url, requestTimeoutMs: 3_000 }) as TestClient;
      client.events = [];
      client.onServerEvent((event) => client.events.push(event));
      clients.push(client);
      dataOf(await client.signIn({ email, password: 'demo' }));
      await waitFor(() => client.connectionState === 'connected', `${email} connected`);
      return client;
    };
    try {
      const alice = await signIn('alice@northwind.example');
      const bella = await signIn('bella@contoso.example');
      const call = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
      await waitFor(() => lastCall(bella, call.id)?.state === 'ringing', 'Bella rung');
      dataOf(await bella.request('call:answer', { callId: call.id }));
      dataOf(await alice.request('call:mute', { callId: call.id, muted: true }));

      await running.close();
      // Down until both clients have lost it (not for a time): what they do next is reconnect to the new one.
      await waitFor(() => alice.connectionState !== 'connected' && bella.connectionState !== 'connected', 'both to lose the backend');
      running = await startServer({ db, port, webRoot: null });
      await waitFor(() => alice.connectionState === 'connected' && bella.connectionState === 'connected', 'both back', 15_000);

      const aliceNow = dataOf(await alice.request('call:active', {}));
      expect(aliceNow.current).toMatchObject({ id: call.id, state: 'connected', activeHere: true, muted: true });
      expect(dataOf(await bella.request('call:active', {})).current).toMatchObject({ id: call.id, state: 'connected', activeHere: true, remoteMuted: true });
      dataOf(await alice.request('call:signal', { callId: call.id, signal: offer }));
      await waitFor(() => signalsOf(bella as TestClient).some((payload) => payload.callId === call.id), 'the offer after the restart');
      dataOf(await bella.request('call:hangup', { callId: call.id }));
      await waitFor(() => lastCall(alice as TestClient, call.id)?.state === 'ended', 'the hang-up after the restart');
      expect(dataOf(await alice.request('call:history', {}))[0]).toMatchObject({ callId: call.id, outcome: 'answered' });
    } finally {
      for (const client of clients) client.signOut();
      await running.close();
    }
  });
});
