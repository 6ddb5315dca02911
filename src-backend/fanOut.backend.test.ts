/**
 * What a message or a presence change costs the server, counted, never timed (`npm run bench`
 * gives the times): a message's view is built once per distinct viewer situation (account, and
 * whether they wrote it), not once per member; presence goes only to clients that show the
 * person, gathered, so many people arriving at once reach a watcher in a few events, each once.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../src-shared/protocol/events';
import { basicSeed, dataOf, relaxedLimits, startTestServer, waitFor, type TestClient, type TestServer } from './testing/testServer';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const presenceEvents = (client: TestClient) => client.events.filter((event): event is Extract<ServerEvent, { type: 'presence:changed' }> => event.type === 'presence:changed');

/** The basic seed with `count` more Northwind people and, beside, `count` more Contoso people, all in one channel. */
function crowdedSeed(count: number) {
  const seed = basicSeed();
  const crowd: string[] = [];
  for (let index = 0; index < count; index++) {
    for (const [prefix, accountId, domain] of [['nw', '100100', 'northwind'], ['ct', '200200', 'contoso']] as const) {
      const id = `${prefix}-crowd-${index}`;
      seed.users.push({ id, accountId, displayName: `Crowd ${prefix} ${index}`, email: `crowd${index}@${domain}.example`, password: 'demo' } as (typeof seed.users)[number]);
      crowd.push(id);
    }
  }
  seed.channels.push({ id: 'ch-crowd', name: 'crowd', accountId: '100100', visibility: 'private', members: ['nw-alice', 'ct-bella', 'fb-bob', ...crowd] } as (typeof seed.channels)[number]);
  return { seed, crowd };
}

describe('a message to many members', () => {
  it('is viewed once per account and once for its author, however many members there are, and reaches every one of them', async () => {
    const { seed, crowd } = crowdedSeed(15);
    server = await startTestServer(seed, { limits: relaxedLimits });
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const members = await Promise.all(crowd.slice(0, 6).map((id) => server.signIn(`crowd${id.split('-').at(-1)}@${id.startsWith('nw') ? 'northwind' : 'contoso'}.example`)));
    const viewed = vi.spyOn(server.context.views, 'message');

    const sent = dataOf(await alice.request('message:send', { conversationId: 'ch-crowd', clientId: 'crowd-message-1', text: 'To all 33 of you' }));
    // Northwind (the author's account), Contoso, Fabrikam; the author's own view; the acknowledgement's.
    expect(viewed.mock.calls.length).toBeLessThanOrEqual(5);
    viewed.mockRestore();

    for (const member of [bob, ...members]) {
      await waitFor(() => member.events.some((event) => event.type === 'message:created' && event.payload.message.id === sent.id), 'every member to get the message');
    }
    // Each still in their own view: Bob (Fabrikam) does not see Alice (Northwind).
    const bobsView = bob.events.find((event) => event.type === 'message:created' && event.payload.message.id === sent.id) as Extract<ServerEvent, { type: 'message:created' }>;
    expect(bobsView.payload.message.author.displayName).toBe('UNKNOWN USER');
    expect(bobsView.payload.message.clientId).toBeNull();
    const contosoView = members.find((_member, index) => crowd[index]!.startsWith('ct'))!.events.find((event) => event.type === 'message:created') as Extract<ServerEvent, { type: 'message:created' }>;
    expect(contosoView.payload.message.author).toMatchObject({ displayName: 'Alice Nguyen', federated: true, accountName: 'Northwind Health' });
    // A message names its author; presence and contacts are the card's, not repeated in every message.
    expect(Object.keys(contosoView.payload.message.author).sort()).toEqual(['accountId', 'accountName', 'displayName', 'federated', 'id', 'kind']);
  });
});

describe('presence changes', () => {
  it('of many people arriving at once reach another account in a few events, each person once', async () => {
    const { seed, crowd } = crowdedSeed(20);
    server = await startTestServer(seed, { limits: relaxedLimits });
    const bella = await server.signIn('bella@contoso.example');
    const brian = await server.signIn('brian@northwind.example');
    dataOf(await bella.request('presence:watch', { userIds: crowd }));
    const before = presenceEvents(bella).length;
    // Forty people come online at once: sign-in's own wait for the arrival is skipped here.
    const tokens = await Promise.all(crowd.map((userId) => server.context.sessions.create(userId, 'desktop')));
    const sockets = tokens.map((token) => io(server.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true }));
    try {
      await waitFor(() => {
        const announced = new Set(presenceEvents(bella).slice(before).flatMap((event) => event.payload.people.map((person) => person.id)));
        return crowd.every((userId) => announced.has(userId));
      }, 'every arrival to be announced to Bella', 10_000);
      await server.settled(bella, brian);
      const events = presenceEvents(bella).slice(before);
      const announcements = events.flatMap((event) => event.payload.people.map((person) => person.id));
      // Forty arrivals in a handful of lists, not forty events; nobody twice.
      expect(events.length).toBeLessThan(crowd.length / 2);
      expect(announcements.filter((userId) => crowd.includes(userId)).sort()).toEqual([...crowd].sort());
      // Brian sees them all too, but watches none of them: he hears nothing of forty arrivals.
      expect(presenceEvents(brian).flatMap((event) => event.payload.people).filter((person) => crowd.includes(person.id))).toEqual([]);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('of one person flickering within the moment reach others once, as they ended', async () => {
    server = await startTestServer(basicSeed(), { limits: relaxedLimits });
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    dataOf(await bella.request('presence:watch', { userIds: ['nw-alice'] }));
    const before = presenceEvents(bella).length;
    await alice.request('presence:set', { presence: 'busy', statusMessage: 'In a meeting' });
    await alice.request('presence:set', { presence: 'dnd', statusMessage: 'Presenting' });
    await server.settled(bella);
    const seen = presenceEvents(bella).slice(before).flatMap((event) => event.payload.people).filter((person) => person.id === 'nw-alice');
    expect(seen.at(-1)).toMatchObject({ presence: 'dnd', statusMessage: 'Presenting' });
    expect(seen.length).toBeLessThanOrEqual(2);
  });
});
