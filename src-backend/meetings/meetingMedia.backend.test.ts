/**
 * The meeting relay against a real Janus started by the test server (`mediaServer: 'start'`):
 * descriptions and candidates go between each client and Janus only, every client receives the
 * others' feeds, and what a client is told of a participant it does not see says nothing of them.
 * No browser here: Chromium's offer (src-backend/testing/sdpSamples.ts) is enough for Janus to
 * announce a feed; e2e/meetingMedia.spec.ts proves the media flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { findJanus } from '../media/janusProcess';
import { candidateAddresses } from '../media/sdp';
import { inboundBytes, launchPeers, publish, relayPeer, sentSdp, type Peers } from '../testing/browserPeers';
import { chromiumOffer } from '../testing/sdpSamples';
import { startServer } from '../server';
import { basicSeed, dataOf, startTestServer, TestSessionClient, waitFor, type TestClient, type TestServer } from '../testing/testServer';

type Offered = Extract<ServerEvent, { type: 'meeting:media-offered' }>['payload'];
const offers = (client: TestClient): Offered[] => client.events.filter((event) => event.type === 'meeting:media-offered').map((event) => event.payload as Offered);
const dealRoom = 'ch-ct-deal';
const janus = findJanus();

// Each test drives real Chromium peers through Janus: heavier than the suite's usual 20 s allows on a loaded machine.
describe.skipIf('missing' in janus)('meeting media through Janus', { timeout: 60_000 }, () => {
  let server: TestServer;
  let peers: Peers;
  beforeAll(async () => {
    server = await startTestServer(basicSeed(), { mediaServer: 'start' });
    peers = await launchPeers();
  });
  afterAll(async () => {
    await peers?.close();
    await server?.close();
  });

  it('says at start-up that meetings go through Janus', () => {
    expect(server.mediaServer).toMatch(/^Meetings: media through Janus \(.+\) on ws:\/\/127\.0\.0\.1:\d+\.$/);
  });

  it('relays each client to Janus and back: everyone receives the others, and an unseen participant is only UNKNOWN USER', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const meeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom }));
    expect(meeting.media).toEqual({ transport: 'sfu', notice: null });
    for (const client of [alice, bob]) dataOf(await client.request('meeting:join', { meetingId: meeting.id }));
    const clients = [bella, alice, bob];
    const pages = await Promise.all(clients.map(() => peers.page(server.url)));
    const stops = clients.map((client, index) => relayPeer(client, pages[index]!, meeting.id));
    for (const [index, client] of clients.entries()) await publish(client, pages[index]!, meeting.id);

    // Each receives the other two: audio and video of each, named as it sees them.
    const received = (client: TestClient) => {
      const latest = offers(client).at(-1);
      return latest ? latest.streams.map((stream) => `${stream.participant.displayName} ${stream.source}`).sort() : [];
    };
    await waitFor(() => received(bella).length === 4 && received(alice).length === 4 && received(bob).length === 4, 'every client to be offered the others’ audio and video', 15_000);
    expect(received(bella)).toEqual(['Alice Nguyen camera', 'Alice Nguyen microphone', 'Bob Alvarez camera', 'Bob Alvarez microphone']);
    expect(received(alice)).toEqual(['Bella Martins camera', 'Bella Martins microphone', 'UNKNOWN USER camera', 'UNKNOWN USER microphone']);
    expect(received(bob)).toEqual(['Bella Martins camera', 'Bella Martins microphone', 'UNKNOWN USER camera', 'UNKNOWN USER microphone']);

    // Media flow: every stream each page was offered brings bytes.
    const flowing = async (index: number) => {
      const first = await inboundBytes(pages[index]!);
      const mids = offers(clients[index]!).at(-1)!.streams.map((stream) => stream.mid);
      return mids.length === 4 && mids.every((mid) => (first[mid] ?? 0) > 0);
    };
    for (const index of [0, 1, 2]) await waitForAsync(() => flowing(index), `client ${index} to receive bytes on every stream`, 15_000);

    // The same participant's streams share one feed reference, given to this client only.
    const aliceStreams = offers(alice).at(-1)!.streams;
    const unknownFeeds = new Set(aliceStreams.filter((stream) => stream.participant.displayName === 'UNKNOWN USER').map((stream) => stream.feed));
    expect(unknownFeeds.size).toBe(1);
    const bellaFeedsOfBob = offers(bella).at(-1)!.streams.filter((stream) => stream.participant.displayName === 'Bob Alvarez').map((stream) => stream.feed);
    expect(bellaFeedsOfBob).not.toContain([...unknownFeeds][0]);

    // Everything Alice was sent about the meeting's media says nothing of Bob: not his name, id,
    // stream or track ids, Janus's ids, and no address but Janus's own.
    const bobSdp = await sentSdp(pages[2]!);
    const bobIds = [...bobSdp.matchAll(/a=msid:(\S+) (\S+)/g)].flatMap((match) => [match[1]!, match[2]!]).concat([...bobSdp.matchAll(/a=ssrc:(\d+)/g)].map((match) => match[1]!)).filter((id) => id.length > 3);
    expect(bobIds.length).toBeGreaterThan(0);
    const sentToAlice = JSON.stringify(alice.events);
    for (const secret of ['Bob', 'fb-bob', 'Alvarez', 'VideoRoom', 'feed_id', '"display"', 'private_id', '"room"', ...bobIds]) expect(sentToAlice).not.toContain(secret);
    const janusAddresses = new Set(offers(alice).flatMap((offer) => candidateAddresses(offer.offer.sdp)));
    for (const address of candidateAddresses(bobSdp)) if (!janusAddresses.has(address)) expect(sentToAlice).not.toContain(` ${address} `);
    for (const offer of offers(alice)) {
      expect(offer.offer.sdp).not.toMatch(/a=msid:(?!meridian meridian)/);
      expect(offer.offer.sdp).not.toMatch(/a=ssrc:\d+ (msid|mslabel|label):/);
      expect(offer.offer.sdp).toMatch(/\ns=-\r\n/);
    }

    // Bob leaves: the others stop receiving him.
    stops[2]!();
    dataOf(await bob.request('meeting:leave', { meetingId: meeting.id }));
    await waitFor(() => received(bella).length === 2 && received(alice).length === 2, 'Bob’s streams to be taken away', 15_000);
    expect(received(alice)).toEqual(['Bella Martins camera', 'Bella Martins microphone']);
    for (const stop of stops) stop();
    for (const client of [bella, alice]) dataOf(await client.request('meeting:leave', { meetingId: meeting.id }));
    for (const page of pages) await page.close();
  });

  it('a muted participant shows as muted to everyone in the meeting', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const meeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom }));
    dataOf(await alice.request('meeting:join', { meetingId: meeting.id }));
    dataOf(await bella.request('meeting:media-state', { meetingId: meeting.id, muted: true, camera: true, screen: false }));
    await waitFor(
      () =>
        alice.events.some(
          (event) => event.type === 'meeting:updated' && event.payload.meeting.id === meeting.id && event.payload.meeting.participants.some((person) => person.displayName === 'Bella Martins' && person.media.muted && person.media.camera),
        ),
      'Alice to see Bella muted, camera on',
    );
    for (const client of [bella, alice]) dataOf(await client.request('meeting:leave', { meetingId: meeting.id }));
  });

  it('refuses media of a meeting to a client that is not in it, and descriptions that do not say what they carry', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const meeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom }));
    const offer = { type: 'offer' as const, sdp: chromiumOffer };
    expect(await alice.request('meeting:publish', { meetingId: meeting.id, offer, tracks: [] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await bella.request('meeting:publish', { meetingId: meeting.id, offer, tracks: [{ mid: '1', source: 'microphone' }] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await bella.request('meeting:publish', { meetingId: meeting.id, offer, tracks: [{ mid: '7', source: 'camera' }] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await bella.request('meeting:publish', { meetingId: meeting.id, offer: { type: 'offer', sdp: 'v=0\r\n'.padEnd(70_000, 'x') }, tracks: [] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await bella.request('meeting:candidate', { meetingId: meeting.id, connection: 'publish', candidate: { candidate: 'a=candidate:1 1 udp 1 127.0.0.1 1 typ host\r\n' } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    dataOf(await bella.request('meeting:leave', { meetingId: meeting.id }));
  });

  it('a client whose connection blinks keeps sending and takes up its place again; nobody else can', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const carl = await server.signIn('carl@contoso.example');
    const meeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom }));
    dataOf(await alice.request('meeting:join', { meetingId: meeting.id }));
    const [bellaPage, alicePage] = [await peers.page(server.url), await peers.page(server.url)];
    const stops = [relayPeer(bella, bellaPage, meeting.id), relayPeer(alice, alicePage, meeting.id)];
    await publish(bella, bellaPage, meeting.id);
    const bytes = async () => Object.values(await inboundBytes(alicePage)).reduce((sum, value) => sum + value, 0);
    await waitForAsync(async () => (await bytes()) > 0, 'Alice to receive Bella');

    // Only a client that is in the meeting takes up a place in it: Carl's (not in it) is refused.
    expect(await carl.request('meeting:resume', { meetingId: meeting.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const seenBefore = alice.events.length;
    bella.dropConnection();
    await waitFor(() => bella.connectionState !== 'connected', 'Bella to notice the drop');
    await waitFor(() => bella.connectionState === 'connected', 'Bella to reconnect', 10_000);
    const before = await bytes();
    const resumed = dataOf(await bella.request('meeting:resume', { meetingId: meeting.id }));
    expect(resumed.meeting.joined).toBe(true);
    // This process carried her media on meanwhile: nothing starts over.
    expect(resumed.renewed).toBe(false);
    await waitForAsync(async () => (await bytes()) > before + 5_000, 'Bella’s media to keep flowing to Alice');
    // Nobody saw her leave: the participants never changed.
    expect(alice.events.slice(seenBefore).filter((event) => event.type === 'meeting:updated' && event.payload.meeting.id === meeting.id && event.payload.meeting.participants.length < 2)).toEqual([]);
    for (const stop of stops) stop();
    for (const client of [bella, alice]) dataOf(await client.request('meeting:leave', { meetingId: meeting.id }));
    await bellaPage.close();
    await alicePage.close();
  });

  it('a federation change mid-meeting relabels a participant, streams included; once unseen again, no frame names them', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const framesToAlice = captureFrames(alice);
    const meeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom }));
    for (const client of [alice, bob]) dataOf(await client.request('meeting:join', { meetingId: meeting.id }));
    const clients = [bella, alice, bob];
    const pages = await Promise.all(clients.map(() => peers.page(server.url)));
    const stops = clients.map((client, index) => relayPeer(client, pages[index]!, meeting.id));
    for (const [index, client] of clients.entries()) await publish(client, pages[index]!, meeting.id);

    // Alice's labels of what she receives: the latest of an offer or a relabelling, by mid.
    const labels = (): Map<string, { name: string; feed: string }> => {
      const latest = alice.events.filter((event) => (event.type === 'meeting:media-offered' || event.type === 'meeting:streams-changed') && event.payload.meetingId === meeting.id).at(-1);
      const streams = latest && (latest.type === 'meeting:media-offered' || latest.type === 'meeting:streams-changed') ? latest.payload.streams : [];
      return new Map(streams.map((stream) => [stream.mid, { name: `${stream.participant.displayName} ${stream.source}`, feed: stream.feed }]));
    };
    const names = () => [...labels().values()].map((label) => label.name).sort();
    const aliceSeesInMeeting = () => {
      const updates = alice.events.flatMap((event) => (event.type === 'meeting:updated' && event.payload.meeting.id === meeting.id ? [event.payload.meeting] : []));
      return updates.at(-1)?.participants.map((person) => person.displayName).sort();
    };
    await waitFor(() => names().length === 4, 'Alice to be offered Bella’s and Bob’s audio and video', 15_000);
    expect(names()).toEqual(['Bella Martins camera', 'Bella Martins microphone', 'UNKNOWN USER camera', 'UNKNOWN USER microphone']);
    const unknownFeed = [...labels().values()].find((label) => label.name.startsWith('UNKNOWN USER'))!.feed;
    const aliceBytes = async () => Object.values(await inboundBytes(pages[1]!)).filter((bytes) => bytes > 0).length;
    await waitForAsync(async () => (await aliceBytes()) === 4, 'Alice to receive bytes on all four streams', 15_000);

    // Northwind and Fabrikam federate: Alice sees Bob now, in the participants and on his streams, without a new offer.
    const offersBefore = offers(alice).length;
    const federation = await server.federations.create({ name: 'nw-fb', accountIds: ['100100', '300300'], consents: [{ accountId: '100100', who: 'A', form: 'written' }, { accountId: '300300', who: 'B', form: 'written' }], confirmAllSeeAll: true });
    await waitFor(() => names().includes('Bob Alvarez microphone'), 'Alice’s streams of Bob to be named', 10_000);
    expect(names()).toEqual(['Bella Martins camera', 'Bella Martins microphone', 'Bob Alvarez camera', 'Bob Alvarez microphone']);
    await waitFor(() => aliceSeesInMeeting()?.includes('Bob Alvarez') === true, 'Alice to see Bob among the participants');
    expect(offers(alice).length).toBe(offersBefore);
    // A person shown as someone else gets a new reference: nothing links the UNKNOWN USER to Bob.
    const bobFeed = [...labels().values()].find((label) => label.name.startsWith('Bob'))!.feed;
    expect(bobFeed).not.toBe(unknownFeed);

    // The federation ends: Bob is UNKNOWN USER to Alice again, and from then on no frame to her holds anything of his.
    await server.settled(alice);
    const from = framesToAlice.length;
    if (!('id' in federation)) throw new Error('the federation was not created');
    await server.federations.delete({ federationId: federation.id, ackChannelCleanup: true });
    await waitFor(() => names().filter((name) => name.startsWith('UNKNOWN USER')).length === 2, 'Alice’s streams of Bob to be UNKNOWN USER again', 10_000);
    await waitFor(() => aliceSeesInMeeting()?.includes('UNKNOWN USER') === true, 'Alice to see Bob as UNKNOWN USER among the participants');
    expect(aliceSeesInMeeting()).toEqual(['Alice Nguyen', 'Bella Martins', 'UNKNOWN USER']);
    // The meeting goes on for him and for her: he mutes, the media server offers Alice anew, she hears him still.
    dataOf(await bob.request('meeting:media-state', { meetingId: meeting.id, muted: true, camera: true, screen: false }));
    dataOf(await alice.request('meeting:restart-ice', { meetingId: meeting.id }));
    await waitFor(() => offers(alice).length > offersBefore, 'a new offer to Alice after her ICE restart', 10_000);
    expect(offers(alice).at(-1)!.offer.sdp).not.toBe(offers(alice)[offersBefore - 1]!.offer.sdp);
    const before = await inboundBytes(pages[1]!);
    await waitForAsync(async () => {
      const now = await inboundBytes(pages[1]!);
      return Object.keys(before).length === 4 && Object.entries(before).every(([mid, bytes]) => (now[mid] ?? 0) > bytes);
    }, 'every stream to keep arriving at Alice', 15_000);
    dataOf(await alice.request('meeting:list', { conversationId: dealRoom }));
    await server.settled(alice);
    const after = framesToAlice.slice(from);
    expect(after.some((frame) => frame.includes('meeting:streams-changed'))).toBe(true);
    expect(after.some((frame) => frame.includes('meeting:media-offered'))).toBe(true);
    const bobSdp = await sentSdp(pages[2]!);
    const bobIds = [...bobSdp.matchAll(/a=msid:(\S+) (\S+)|a=ice-ufrag:(\S+)|a=ssrc:(\d+)/g)].flatMap((match) => match.slice(1)).filter((id): id is string => !!id && id.length > 3);
    for (const secret of ['Bob Alvarez', 'fb-bob', 'bob@fabrikam', bobFeed, ...bobIds]) expect(after.join('\n'), `a frame to Alice held ${secret}`).not.toContain(secret);

    for (const stop of stops) stop();
    for (const client of clients) dataOf(await client.request('meeting:leave', { meetingId: meeting.id }));
    for (const page of pages) await page.close();
  });
});

describe.skipIf('missing' in janus)('a backend restart mid-meeting', { timeout: 90_000 }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'meridian-meetings-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps the meeting: its people take up their places, their media start over through the new media server; one who never comes back is taken out', async () => {
    const db = path.join(folder, 'meridian.db');
    const graceMs = 4_000;
    let running = await startServer({ db, seed: basicSeed(), port: 0, webRoot: null, mediaServer: 'start', meetingResumeGraceMs: graceMs });
    const port = running.port;
    const peers = await launchPeers();
    const clients: TestClient[] = [];
    const signIn = async (email: string) => {
      const client = new TestSessionClient({ serverUrl: running.url, requestTimeoutMs: 5_000 }) as TestClient;
      client.events = [];
      client.onServerEvent((event) => client.events.push(event));
      clients.push(client);
      dataOf(await client.signIn({ email, password: 'demo' }));
      await waitFor(() => client.connectionState === 'connected', `${email} connected`);
      return client;
    };
    try {
      const bella = await signIn('bella@contoso.example');
      const alice = await signIn('alice@northwind.example');
      const carl = await signIn('carl@contoso.example');
      // Carl, who sees both, is in deal-room for this test too (a fresh database of its own).
      dataOf(await bella.request('channel:invite', { channelId: dealRoom, userIds: ['ct-carl'] }));
      const dealMeeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom }));
      for (const client of [alice, carl]) dataOf(await client.request('meeting:join', { meetingId: dealMeeting.id }));
      const [bellaPage, alicePage] = [await peers.page(running.url), await peers.page(running.url)];
      const stops = [relayPeer(bella, bellaPage, dealMeeting.id), relayPeer(alice, alicePage, dealMeeting.id)];
      for (const [client, page] of [[bella, bellaPage], [alice, alicePage]] as const) await publish(client, page, dealMeeting.id);
      const receiving = async (page: typeof alicePage) => Object.values(await inboundBytes(page)).filter((bytes) => bytes > 0).length;
      await waitForAsync(async () => (await receiving(alicePage)) === 2 && (await receiving(bellaPage)) === 2, 'Alice and Bella to receive each other', 15_000);

      // Down for a while: Carl's client goes away meanwhile and never comes back.
      await running.close();
      carl.signOut();
      // Down until Alice and Bella have lost it (not for a time): what they do next is reconnect to the new one.
      await waitFor(() => alice.connectionState !== 'connected' && bella.connectionState !== 'connected', 'both to lose the backend');
      running = await startServer({ db, port, webRoot: null, mediaServer: 'start', meetingResumeGraceMs: graceMs });
      await waitFor(() => alice.connectionState === 'connected' && bella.connectionState === 'connected', 'both back', 15_000);

      // Each takes up its place; this backend carried none of their media, so they start over.
      for (const [client, page] of [[bella, bellaPage], [alice, alicePage]] as const) {
        const resumed = dataOf(await client.request('meeting:resume', { meetingId: dealMeeting.id }));
        expect(resumed.meeting.joined).toBe(true);
        expect(resumed.renewed).toBe(true);
        expect(resumed.meeting.participants.map((person) => person.displayName).sort()).toEqual(['Alice Nguyen', 'Bella Martins', 'Carl Jensen']);
        await publish(client, page, dealMeeting.id);
      }
      // A new receiving connection each, and each other's audio and video arrive on it.
      const subscriptions = (client: TestClient) => new Set(client.events.flatMap((event) => (event.type === 'meeting:media-offered' ? [event.payload.subscription] : []))).size;
      await waitFor(() => subscriptions(alice) === 2 && subscriptions(bella) === 2, 'a receiving connection of the new media server for each', 15_000);
      await waitForAsync(async () => (await receiving(alicePage)) === 2 && (await receiving(bellaPage)) === 2, 'Alice and Bella to receive each other after the restart', 20_000);

      // Carl never came back: once his grace ran out he is out of the meeting.
      const seen = (client: TestClient, meetingId: string) =>
        client.events.flatMap((event) => (event.type === 'meeting:updated' && event.payload.meeting.id === meetingId ? [event.payload.meeting] : [])).at(-1);
      await waitFor(() => seen(alice, dealMeeting.id)?.participants.length === 2, 'Carl to be taken out of deal-room’s meeting', graceMs + 10_000);
      expect(seen(alice, dealMeeting.id)!.participants.map((person) => person.displayName).sort()).toEqual(['Alice Nguyen', 'Bella Martins']);
      // Someone who was never in it cannot take a place in it after the restart.
      const stranger = await signIn('carl@contoso.example');
      expect(await stranger.request('meeting:resume', { meetingId: dealMeeting.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      for (const stop of stops) stop();
    } finally {
      for (const client of clients) client.signOut();
      await peers.close();
      await running.close();
    }
  });
});

/** Records every packet the client's connection receives: events and acknowledgements alike. */
function captureFrames(client: TestClient): string[] {
  const frames: string[] = [];
  const socket = (client as unknown as { socket: { io: { engine: { on(event: 'packet', listener: (packet: { data?: unknown }) => void): void } } } }).socket;
  socket.io.engine.on('packet', (packet) => frames.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data ?? '')));
  return frames;
}

/** As waitFor, for a condition that must be asked asynchronously (a page's getStats). */
async function waitForAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
