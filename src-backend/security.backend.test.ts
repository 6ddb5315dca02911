/**
 * The backend never tells a client about a person it does not see (leak test), and every
 * socket command and HTTP endpoint answers each kind of caller exactly as SPEC allows
 * (authorization matrix).
 */
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandName } from '../src-shared/protocol/events';
import { directConversationId } from './domain/conversationIds';
import { basicSeed, dataOf, startTestServer, waitFor, type TestClient, type TestServer } from './testing/testServer';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { supportToken: 'matrix-support-token' });
});
afterEach(async () => {
  await server.close();
});

const seed = basicSeed();
const everyone = seed.users;

/** Every string that would identify a person: id, name, email, numbers in any stored form. */
function identifiers(userId: string): string[] {
  const user = everyone.find((candidate) => candidate.id === userId)!;
  const numbers = [user.phone, 'mobile' in user ? user.mobile : undefined].filter((number): number is string => !!number);
  return [user.id, user.displayName, user.email, ...numbers, ...numbers.map((number) => number.slice(2))];
}

/** Records every packet the client's engine receives: events and acknowledgements alike. */
function captureFrames(client: TestClient): string[] {
  const frames: string[] = [];
  const socket = (client as unknown as { socket: { io: { engine: { on(event: 'packet', listener: (packet: { data?: unknown }) => void): void } } } }).socket;
  socket.io.engine.on('packet', (packet) => frames.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data ?? '')));
  return frames;
}

describe('leak test', () => {
  it('no client receives a name, email, phone or id of a person it does not see, across a scripted session', async () => {
    const accounts = { 'nw-alice': 'alice@northwind.example', 'ct-bella': 'bella@contoso.example', 'fb-bob': 'bob@fabrikam.example', 'ts-dana': 'dana@tailspin.example' } as const;
    const clients = new Map<string, TestClient>();
    const frames = new Map<string, string[]>();
    for (const [userId, email] of Object.entries(accounts)) {
      const client = await server.signIn(email);
      clients.set(userId, client);
      frames.set(userId, captureFrames(client));
    }
    const conversationIds = ['ch-nw-general', 'ch-ct-public', 'ch-ct-deal', directConversationId('nw-alice', 'ct-bella')];
    const queries = [...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''), '555', '1201', '2125550141', 'fabrikam', 'northwind', '@'];

    /** Everything a curious client could ask, from every account. */
    const exercise = async () => {
      for (const [userId, client] of clients) {
        for (const query of queries) await client.request('directory:search', { query });
        for (const target of everyone) {
          await client.request('person:card', { userId: target.id });
          await client.request('chat:open', { userId: target.id });
        }
        await client.request('conversation:list', {});
        for (const conversationId of conversationIds) {
          await client.request('conversation:history', { conversationId });
          await client.request('channel:members', { channelId: conversationId });
          await client.request('message:send', { conversationId, clientId: `${userId}-${conversationId}-${Math.random()}`, text: `hello from a client` });
        }
      }
    };

    // Who sees whom in each phase; a phase's frames may only name people seen before or after its change.
    const phases: Array<{ name: string; change: () => unknown }> = [
      { name: 'as seeded', change: () => undefined },
      { name: 'presence changes', change: async () => {
        const carl = await server.signIn('carl@contoso.example');
        carl.signOut();
      } },
      { name: 'federation Northwind–Contoso deleted', change: () => server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true }) },
      { name: 'federation Northwind–Fabrikam created', change: () => server.federations.create({ name: 'nw-fb', accountIds: ['100100', '300300'], consents: [{ accountId: '100100', who: 'A', form: 'written' }, { accountId: '300300', who: 'B', form: 'written' }], confirmAllSeeAll: true }) },
      { name: 'user added to Contoso', change: () => server.federations.addUser({ accountId: '200200', name: 'Zara Okonkwo', email: 'zara@contoso.example', password: 'pw', phone: '(212) 555-0199' }) },
    ];

    let scanned = 0;
    for (const phase of phases) {
      const seenBefore = new Map([...clients.keys()].map((userId) => [userId, seesNow(userId)]));
      for (const list of frames.values()) list.length = 0;
      await phase.change();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await exercise();
      for (const [userId, received] of frames) {
        const seenAfter = seesNow(userId);
        const neverSeen = everyone.map((user) => user.id).filter((id) => !seenBefore.get(userId)!.has(id) && !seenAfter.has(id));
        const forbidden = neverSeen.flatMap(identifiers);
        for (const raw of received) {
          scanned += 1;
          // A search answer echoes the client's own query; what it typed is not a leak.
          const frame = raw.replace(/"query":"[^"]*"/g, '');
          for (const text of forbidden) {
            if (frame.includes(text)) throw new Error(`${phase.name}: ${userId} received "${text}" in ${frame.slice(0, 300)}`);
          }
        }
      }
    }
    console.log(`leak test: ${scanned} frames scanned across ${phases.length} phases and ${clients.size} clients`);
    expect(scanned).toBeGreaterThan(1000);
  });
});

function seesNow(userId: string): Set<string> {
  const viewer = server.context.directory.user(userId)!;
  return new Set(everyone.filter((user) => server.context.directory.sees(viewer, user)).map((user) => user.id));
}

describe('authorization matrix', () => {
  type Role = 'does not see' | 'sees, not a member' | 'member';
  type Expectation = 'ok' | 'not_found';
  const dealRoom = 'ch-ct-deal';
  const chat = directConversationId('nw-alice', 'ct-bella');
  /** Per command: the payload, and who plays each role with what answer. */
  const matrix: Array<{ command: CommandName; payload: Record<string, unknown>; roles: Partial<Record<Role, [string, Expectation]>> }> = [
    { command: 'directory:search', payload: { query: 'alice' }, roles: { member: ['nw-brian', 'ok'] } },
    { command: 'conversation:list', payload: {}, roles: { member: ['nw-brian', 'ok'] } },
    { command: 'person:card', payload: { userId: 'nw-alice' }, roles: { 'does not see': ['fb-bob', 'not_found'], 'sees, not a member': ['ct-carl', 'ok'] } },
    { command: 'chat:open', payload: { userId: 'nw-alice' }, roles: { 'does not see': ['fb-bob', 'not_found'], 'sees, not a member': ['ct-carl', 'ok'] } },
    { command: 'conversation:history', payload: { conversationId: dealRoom }, roles: { 'does not see': ['ts-dana', 'not_found'], 'sees, not a member': ['ct-carl', 'not_found'], member: ['fb-bob', 'ok'] } },
    { command: 'channel:members', payload: { channelId: dealRoom }, roles: { 'does not see': ['ts-dana', 'not_found'], 'sees, not a member': ['ct-carl', 'not_found'], member: ['nw-alice', 'ok'] } },
    { command: 'message:send', payload: { conversationId: dealRoom, clientId: 'matrix-message-1', text: 'hi' }, roles: { 'does not see': ['ts-dana', 'not_found'], 'sees, not a member': ['ct-carl', 'not_found'], member: ['nw-alice', 'ok'] } },
    { command: 'conversation:history', payload: { conversationId: chat }, roles: { 'does not see': ['fb-bob', 'not_found'], 'sees, not a member': ['ct-carl', 'not_found'], member: ['ct-bella', 'ok'] } },
    { command: 'message:send', payload: { conversationId: chat, clientId: 'matrix-message-2', text: 'hi' }, roles: { 'does not see': ['fb-bob', 'not_found'], 'sees, not a member': ['nw-brian', 'not_found'], member: ['nw-alice', 'ok'] } },
  ];
  const emails: Record<string, string> = Object.fromEntries(everyone.map((user) => [user.id, user.email]));
  const cases = matrix.flatMap(({ command, payload, roles }) => Object.entries(roles).map(([role, [userId, expected]]) => ({ command, payload, role, userId, expected })));

  it.each(cases)('$command as "$role" ($userId) → $expected', async ({ command, payload, userId, expected }) => {
    const client = await server.signIn(emails[userId]!);
    const answer = await client.request(command, payload as never);
    if (expected === 'ok') expect(answer.ok).toBe(true);
    else expect(answer).toMatchObject({ ok: false, error: { code: expected } });
  });

  it.each(matrix.map(({ command, payload }) => ({ command, payload })))('$command unauthenticated → no connection, nothing answered', async ({ command, payload }) => {
    const socket = io(server.url, { auth: { token: 'forged-token-forged-token' }, transports: ['websocket'], reconnection: false });
    let answered = false;
    socket.emit(command, payload, () => (answered = true));
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    socket.close();
  });

  const http = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  const admin = (token: string | null) =>
    http('/api/admin', { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ command: 'federation list', arguments: {} }) });

  it.each([
    ['GET /health, anyone', () => http('/health'), 200],
    ['GET /api/demo-people, anyone (empty unless demo data)', () => http('/api/demo-people'), 200],
    ['POST /api/session, wrong password', () => http('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example', password: 'x' }) }), 401],
    ['POST /api/admin, no token', () => admin(null), 401],
    ['POST /api/admin, a user’s session token', async () => {
      const signedIn = (await (await http('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example', password: 'demo' }) })).json()) as { data: { token: string } };
      return admin(signedIn.data.token);
    }, 401],
    ['POST /api/admin, the support token', () => admin('matrix-support-token'), 200],
    ['GET /api/unknown', () => http('/api/unknown'), 404],
  ] as const)('%s → %i', async (_name, request, status) => {
    expect((await request()).status).toBe(status);
  });

  it('a removed member loses access at once', async () => {
    const bob = await server.signIn('bob@fabrikam.example');
    expect((await bob.request('conversation:history', { conversationId: dealRoom })).ok).toBe(true);
    server.federations.removeChannelMember({ channelId: dealRoom, userId: 'fb-bob' });
    await waitFor(() => bob.events.some((event) => event.type === 'conversation:changed'), 'Bob told');
    expect(await bob.request('conversation:history', { conversationId: dealRoom })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(dataOf(await bob.request('conversation:list', {}))).toEqual([]);
  });
});
