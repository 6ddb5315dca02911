/**
 * The leak test and the authorization matrix (SPEC 1, SPEC 8, SPEC 10), written once and run
 * wherever clients connect: one server (src-backend/security.backend.test.ts, on SQLite and on
 * PostgreSQL) and a deployment of several processes on one PostgreSQL and one Redis, with clients
 * spread over them (src-backend/cluster/security.cluster.test.ts).
 *
 * The backend never tells a client about a person it does not see (leak test), and every
 * socket command and HTTP endpoint answers each kind of caller exactly as SPEC allows
 * (authorization matrix).
 *
 * One deployment serves every case that leaves it fit for the next (each person signs in once);
 * a case that changes what later cases rely on (a member leaving the channel they all use)
 * gets a deployment of its own. Rate limits are relaxed here: this is about who may, not how
 * often (limits.backend.test.ts is).
 */
import { io, Manager } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ErrorCode } from '../../src-shared/protocol/ack';
import { commandNames, type CommandName } from '../../src-shared/protocol/events';
import { uploadPhoto } from '../../src-shared/session/fileTransfer';
import { directConversationId } from '../domain/conversationIds';
import { pngImage } from './images';
import { planMessageId } from './richSeed';
import { basicSeed, dataOf, waitFor, type TestClient, type TestServer } from './testServer';

/**
 * Where the scenarios run: one server, or several processes. What a scenario asks of the whole
 * (who sees whom, a conversation's members, a support change) goes to `context` and `federations`;
 * HTTP requests go to `urls`, spread over the processes.
 */
export interface Deployment extends Pick<TestServer, 'url' | 'signIn' | 'settled' | 'context' | 'federations' | 'close'> {
  /** Every process clients and HTTP requests reach (one for a single server). */
  urls: string[];
}

export interface Where {
  /**
   * A fresh deployment of the rich seed (./richSeed.ts) with support token `matrix-support-token`
   * and relaxed limits (./testServer.ts relaxedLimits).
   */
  start(): Promise<Deployment>;
  /** The leak test's time limit (several processes take longer). */
  leakTimeoutMs?: number;
}

/** Registers the leak test and the authorization matrix (describe blocks, with their hooks) against `where`. */
export function defineSecurityScenarios(where: Where): void {
  const startMatrixServer = () => where.start();

  /** A server and its clients, one per person, signed in on first use. */
  class SharedServer {
    private readonly clients = new Map<string, Promise<TestClient>>();

    constructor(readonly server: Deployment) {}

    client(email: string): Promise<TestClient> {
      let client = this.clients.get(email);
      if (!client) this.clients.set(email, (client = this.server.signIn(email)));
      return client;
    }
  }

  let shared: SharedServer;
  let server: Deployment;
  beforeAll(async () => {
    server = await startMatrixServer();
    shared = new SharedServer(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const seed = basicSeed();
  const everyone = seed.users;

  /** Every string that would identify a person: id, name, email, numbers in any stored form, the network address their calls signal, their time zone and every photo of theirs. */
  function identifiers(userId: string): string[] {
    const user = everyone.find((candidate) => candidate.id === userId)!;
    const numbers = [user.phone, 'mobile' in user ? user.mobile : undefined].filter((number): number is string => !!number);
    return [user.id, user.displayName, user.email, ...numbers, ...numbers.map((number) => number.slice(2)), addressOf(userId), timeZoneOf(userId), ...(photosOf.get(userId) ?? [])];
  }

  /** A time zone of its own for each person, as their client reports it (SPEC 9: local time on cards). */
  function timeZoneOf(userId: string): string {
    return ['Pacific/Chatham', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Eucla', 'Asia/Pyongyang', 'Pacific/Marquesas'][everyone.findIndex((candidate) => candidate.id === userId)]!;
  }

  /** Every photo id each person has had (the leak test uploads one per round). */
  const photosOf = new Map<string, string[]>();

  /** A network address of its own for each person, as their client's ICE candidates would carry it. */
  function addressOf(userId: string): string {
    return `198.51.100.${everyone.findIndex((candidate) => candidate.id === userId) + 10} `;
  }

  /** Records every packet the client's engine receives: events and acknowledgements alike. */
  function captureFrames(client: TestClient): string[] {
    const frames: string[] = [];
    const socket = (client as unknown as { socket: { io: { engine: { on(event: 'packet', listener: (packet: { data?: unknown }) => void): void } } } }).socket;
    socket.io.engine.on('packet', (packet) => frames.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data ?? '')));
    return frames;
  }

  describe('leak test', () => {
    // Thousands of requests in five phases (calls between everyone, meetings): more than the default 20 s on a loaded 2-core machine,
    // and on PostgreSQL, whose every store call is a round trip (work, not a wait).
    it('no client receives a name, email, phone or id of a person it does not see, across a scripted session', { timeout: where.leakTimeoutMs ?? 120_000 }, async () => {
      const started = Date.now();
      // Its phases change federations: a server of its own.
      const server = await startMatrixServer();
      onTestFinished(() => server.close());
      const seesNow = (userId: string): Set<string> => {
        const viewer = server.context.directory.user(userId)!;
        return new Set(everyone.filter((user) => server.context.directory.sees(viewer, user)).map((user) => user.id));
      };
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
        // Each client asks in order; the four ask side by side (as four people would), which keeps the round short on either engine.
        await Promise.all([...clients].map(async ([userId, client]) => {
          // A profile change and a new photo reach everyone who sees the person (person:changed); the time zone shows on cards.
          await client.request('profile:setTimeZone', { timeZone: timeZoneOf(userId) });
          const person = everyone.find((candidate) => candidate.id === userId)!;
          await client.request('profile:update', { displayName: person.displayName, title: `Title of ${person.id}`, department: `Department of ${person.email}` });
          const uploaded = await uploadPhoto(client, { contentType: 'image/png', bytes: new Uint8Array(pngImage(2, 2)).buffer });
          if (uploaded.ok && uploaded.data.photoId) photosOf.set(userId, [...(photosOf.get(userId) ?? []), uploaded.data.photoId]);
          for (const query of queries) await client.request('directory:search', { query });
          for (const target of everyone) {
            await client.request('person:card', { userId: target.id });
            await client.request('chat:open', { userId: target.id });
          }
          await client.request('conversation:list', {});
          await client.request('call:history', {});
          await client.request('voicemail:list', {});
          await client.request('meeting:list', {});
          for (const target of everyone) if (target.phone) await client.request('number:resolve', { number: target.phone });
          // A meeting in the channel whose members do not all see each other: participants stream to everyone in it.
          const meeting = await client.request('meeting:start', { conversationId: 'ch-ct-deal' });
          if (meeting.ok) await client.request('meeting:leave', { meetingId: meeting.data.id });
          for (const conversationId of conversationIds) {
            // Mentions of every member the writer sees (a name typed of anyone else is the writer's own words):
            // each reader must get the members they do not see as @UNKNOWN USER.
            const members = await server.context.conversations.members(conversationId);
            const mentions = everyone.filter((user) => members.includes(user.id) && seesNow(userId).has(user.id)).map((user) => `@${user.displayName}`).join(' ');
            await client.request('conversation:history', { conversationId });
            await client.request('channel:members', { channelId: conversationId });
            const sent = await client.request('message:send', { conversationId, clientId: `${userId}-${conversationId}-${Math.random()}`, text: `hello from a client ${mentions}` });
            // Reactions by people others do not see: on the new message, and on the seed's mentioning message.
            for (const messageId of [sent.ok ? sent.data.id : 'none', planMessageId]) {
              await client.request('reaction:add', { messageId, emoji: '👍' });
              await client.request('reaction:add', { messageId, emoji: '🎉' });
              await client.request('reaction:remove', { messageId, emoji: '🎉' });
            }
            if (sent.ok) await client.request('message:edit', { messageId: sent.data.id, text: `edited ${mentions}` });
            const root = await client.request('message:send', { conversationId, clientId: `${userId}-${conversationId}-root-${Math.random()}`, text: 'a thread from a client' });
            if (root.ok) roots.push(root.data.id);
            // Pinned for every member; each member's list names authors only as that member sees them.
            if (root.ok) await client.request('message:pin', { messageId: root.data.id, pinned: true });
            await client.request('conversation:pinned', { conversationId });
            // One's own settings: told to one's own clients only.
            await client.request('conversation:settings', { conversationId, muted: true, notify: 'mentions' });
          }
          // Group chats with every two others: refusals name only people the creator sees; titles name members as seen.
          for (const [index, first] of everyone.entries()) {
            for (const second of everyone.slice(index + 1)) {
              const group = await client.request('group:create', { memberIds: [first.id, second.id] });
              // Named by a member: every member is told who named it, as they see them.
              if (group.ok) await client.request('group:rename', { conversationId: group.data.id, name: `Named by a client ${index}` });
            }
          }
          for (const query of ['hello', 'thread', 'draft', 'alvarez', 'nguyen', 'bob', 'a']) await client.request('message:search', { query });
          for (const target of everyone) await client.request('message:search', { query: 'hello', authorId: target.id });
          for (const conversationId of conversationIds) await client.request('message:search', { query: 'thread', conversationId });
        }));
        // Everyone calls everyone: who sees the other is rung and answers, and both clients signal their own address;
        // a number whose owner the caller does not see rings nobody and carries no media (SPEC 3).
        for (const [callerId, caller] of clients) {
          for (const [calleeId, callee] of clients) {
            const number = everyone.find((user) => user.id === calleeId)?.phone;
            if (callerId === calleeId || !number) continue;
            const dialed = await caller.request('call:dial', { dial: number });
            if (!dialed.ok) continue;
            if (dialed.data.state === 'ringing' && !dialed.data.simulated) await callee.request('call:answer', { callId: dialed.data.id });
            const candidate = (userId: string) => ({ kind: 'candidate' as const, candidate: { candidate: `candidate:1 1 udp 2122260223 ${addressOf(userId)}50000 typ host generation 0`, sdpMid: '0', sdpMLineIndex: 0 } });
            await caller.request('call:signal', { callId: dialed.data.id, signal: candidate(callerId) });
            await callee.request('call:signal', { callId: dialed.data.id, signal: candidate(calleeId) });
            await caller.request('call:active', {});
            await caller.request('call:hangup', { callId: dialed.data.id });
          }
          await caller.request('media:iceServers', {});
        }
        // Everyone replies in every thread of the round: each thread's people hear of replies by people they may not see.
        await Promise.all([...clients].map(async ([userId, client]) => {
          for (const messageId of roots) {
            const thread = await client.request('thread:history', { messageId });
            if (thread.ok) await client.request('message:send', { conversationId: thread.data.root.conversationId, clientId: `${userId}-reply-${Math.random()}`, text: 'a reply from a client', threadId: messageId });
            await client.request('thread:history', { messageId });
          }
        }));
        roots.length = 0;
        // The lists again, now holding group chats: titled by their members as each viewer sees them; threads and mentions.
        for (const client of clients.values()) {
          await client.request('conversation:list', {});
          await client.request('mention:list', {});
          const threads = await client.request('thread:list', {});
          if (threads.ok) await Promise.all(threads.data.items.map((thread) => client.request('thread:read', { messageId: thread.root.id, seq: thread.root.seq + 1_000 })));
        }
      };
      /** Threads started in the current round. */
      const roots: string[] = [];

      // Who sees whom in each phase; a phase's frames may only name people seen before or after its change.
      const phases: Array<{ name: string; change: () => unknown }> = [
        { name: 'as seeded', change: () => undefined },
        { name: 'presence changes', change: async () => {
          const carl = await server.signIn('carl@contoso.example');
          carl.signOut();
        } },
        { name: 'federation Northwind–Contoso deleted', change: () => server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true }) },
        { name: 'federation Northwind–Fabrikam created', change: () => server.federations.create({ name: 'nw-fb', accountIds: ['100100', '300300'], consents: [{ accountId: '100100', who: 'A', form: 'written' }, { accountId: '300300', who: 'B', form: 'written' }], confirmAllSeeAll: true }) },
        { name: 'user added to Contoso', change: () => server.federations.addUser({ accountId: '200200', name: 'Zara Okonkwo', email: 'zara@contoso.example', password: 'a long passphrase', phone: '(212) 555-0199' }) },
      ];

      let scanned = 0;
      const eventsScanned = new Set<string>();
      for (const phase of phases) {
        const seenBefore = new Map([...clients.keys()].map((userId) => [userId, seesNow(userId)]));
        for (const list of frames.values()) list.length = 0;
        await phase.change();
        await server.settled(...clients.values());
        await exercise();
        // Whatever the phase sent is scanned with it, not cleared unread at the next phase's start.
        await server.settled(...clients.values());
        for (const [userId, received] of frames) {
          const seenAfter = seesNow(userId);
          const neverSeen = everyone.map((user) => user.id).filter((id) => !seenBefore.get(userId)!.has(id) && !seenAfter.has(id));
          const forbidden = neverSeen.flatMap(identifiers);
          for (const raw of received) {
            scanned += 1;
            const event = /^\d*\["([\w:]+)"/.exec(raw)?.[1];
            if (event) eventsScanned.add(event);
            // A search answer echoes the client's own query; what it typed is not a leak. A call or
            // voicemail party nobody is shown for is only its number, as SPEC 3 wants: allowed there.
            const frame = raw.replace(/"query":"[^"]*"/g, '').replace(/"person":null,"number":"[^"]*","dial":"[^"]*"/g, '');
            for (const text of forbidden) {
              if (frame.includes(text)) throw new Error(`${phase.name}: ${userId} received "${text}" in ${frame.slice(0, 300)}`);
            }
          }
        }
      }
      console.log(`leak test: ${scanned} frames scanned across ${phases.length} phases and ${clients.size} clients in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(scanned).toBeGreaterThan(1000);
      // The new events were there to be scanned: people of threads heard of replies by people they do not see.
      const unknownRepliers = (userId: string) =>
        (clients.get(userId) as TestClient).events.filter((event) => event.type === 'thread:replied' && event.payload.message.author.kind === 'unknown').length;
      expect(unknownRepliers('fb-bob')).toBeGreaterThan(0);
      expect(unknownRepliers('nw-alice')).toBeGreaterThan(0);
      // Reactions and mentions of people others do not see were among what was scanned.
      expect([...eventsScanned]).toEqual(expect.arrayContaining(['message:created', 'message:updated', 'reaction:changed', 'mention:received', 'thread:replied', 'call:ringing', 'call:updated', 'call:signal', 'person:changed']));
      // Photos and time zones were there to leak: every person got photos, and cards of the people one sees carry their zone.
      expect([...photosOf.keys()].sort()).toEqual([...clients.keys()].sort());
      expect(dataOf(await clients.get('ct-bella')!.request('person:card', { userId: 'fb-bob' })).timeZone).toBe(timeZoneOf('fb-bob'));
    });
    it('a reference to an unknown person means nothing outside its conversation: two conversations holding the same person give two references', async () => {
      const alice = await server.signIn('alice@northwind.example');
      const received = captureFrames(alice);
      const bob = await server.signIn('bob@fabrikam.example');
      const bella = await server.signIn('bella@contoso.example');
      // Bob is the one person Alice does not see; he is in deal-room and, now, in two more channels with her.
      const rooms = ['ch-ct-deal'];
      for (const name of ['room-one', 'room-two']) {
        rooms.push(dataOf(await bella.request('channel:create', { name, visibility: 'private', memberIds: ['nw-alice', 'fb-bob'], confirmSplit: true })).id);
      }
      for (const conversationId of rooms) {
        await bob.request('typing:start', { conversationId });
        await bob.request('message:send', { conversationId, clientId: `bob-${conversationId}`, text: 'hello' });
        const meeting = dataOf(await bob.request('meeting:start', { conversationId }));
        await alice.request('meeting:list', { conversationId });
        await alice.request('conversation:history', { conversationId });
        await alice.request('channel:members', { channelId: conversationId });
        await bob.request('meeting:leave', { meetingId: meeting.id });
      }
      const referenceIn = new Map<string, string>();
      for (const conversationId of rooms) {
        const members = dataOf(await alice.request('channel:members', { channelId: conversationId }));
        const unknown = members.filter((member) => member.kind === 'unknown');
        expect(unknown).toHaveLength(1);
        referenceIn.set(conversationId, (unknown[0] as { token: string }).token);
      }
      expect(new Set(referenceIn.values()).size).toBe(rooms.length);

      // Every reference Alice ever received is one of those three, and shows only with its own conversation.
      await waitFor(() => received.some((frame) => frame.includes('meeting:updated')), 'frames');
      const tokens = new Set<string>();
      for (const frame of received) {
        for (const match of frame.matchAll(/"kind":"unknown","displayName":"UNKNOWN USER","token":"([^"]+)"/g)) {
          const token = match[1]!;
          tokens.add(token);
          const own = [...referenceIn].find(([, candidate]) => candidate === token)?.[0];
          expect(own, `a reference Alice got that belongs to no conversation: ${frame.slice(0, 200)}`).toBeDefined();
          for (const other of rooms) if (other !== own) expect(frame.includes(`"conversationId":"${other}"`) && !frame.includes(`"conversationId":"${own}"`), frame.slice(0, 200)).toBe(false);
        }
        for (const text of identifiers('fb-bob')) expect(frame).not.toContain(text);
      }
      expect([...tokens].sort()).toEqual([...referenceIn.values()].sort());
      console.log(`leak test (references): ${received.length} frames, ${tokens.size} references to one unknown person in ${rooms.length} conversations`);
    });
  });

  describe('authorization matrix', () => {
    type Expectation = 'ok' | ErrorCode;
    /** One caller: who plays the role, and what SPEC allows them. */
    interface Case {
      role: string;
      userId: string;
      expect: Expectation;
      /** Must not appear in the answer (a person the caller does not see). */
      hides?: string;
      /** The case changes what later cases rely on: it runs on a server of its own. */
      ownServer?: boolean;
      /** A payload of its own, when the command's usual one does not fit the case (a group chat rather than a channel). */
      payload?: (setup: Setup) => Record<string, unknown>;
    }
    /** Per command: how to build its payload (after any setup it needs) and every role tried. */
    interface Entry {
      payload: (setup: Setup) => Record<string, unknown>;
      cases: Case[];
    }
    interface Setup {
      /** Ringing: Alice to Brian. */
      callId: string;
      /** Connected: Bob to Carl (who see each other), for media signalling. */
      connectedCallId: string;
      meetingId: string;
      fileId: string;
      /** A message of Bob's in deal-room with a reply of Bella's: a thread Alice reads without seeing Bob. */
      threadRootId: string;
      /** A group chat of Bella, Alice and Carl. */
      groupId: string;
    }
    const dealRoom = 'ch-ct-deal';
    const sampleOffer = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n';
    const chat = directConversationId('nw-alice', 'ct-bella');
    const unseen = (userId: string, expect: Expectation = 'not_found'): Case => ({ role: 'does not see the target', userId, expect });
    const outsider = (userId: string, expect: Expectation = 'not_found'): Case => ({ role: 'sees, not a member', userId, expect });
    const member = (userId: string, expect: Expectation = 'ok'): Case => ({ role: 'member', userId, expect });
    const anyone = (userId: string, expect: Expectation = 'ok'): Case => ({ role: 'signed in', userId, expect });
    const conversationCases = [unseen('ts-dana'), outsider('ct-carl'), member('nw-alice')];

    /** Every socket command: a missing one fails to compile, and the test below checks it at run time too. */
    const matrix: Record<CommandName, Entry> = {
      'directory:search': { payload: () => ({ query: 'alice' }), cases: [{ ...anyone('fb-bob'), hides: 'Alice' }, anyone('ct-carl')] },
      'person:card': { payload: () => ({ userId: 'nw-alice' }), cases: [unseen('fb-bob'), anyone('ct-carl')] },
      'presence:set': { payload: () => ({ presence: 'busy', statusMessage: 'x' }), cases: [anyone('nw-brian')] },
      'presence:idle': { payload: () => ({ idle: true }), cases: [anyone('nw-brian')] },
      'presence:watch': { payload: () => ({ userIds: ['nw-alice', 'fb-bob'] }), cases: [anyone('nw-brian'), { ...anyone('fb-bob'), hides: 'Alice' }] },
      'conversation:list': { payload: () => ({}), cases: [{ ...anyone('fb-bob'), hides: 'Alice' }] },
      'conversation:history': { payload: () => ({ conversationId: dealRoom }), cases: [...conversationCases, { ...member('fb-bob'), hides: 'Alice' }] },
      'conversation:read': { payload: () => ({ conversationId: dealRoom, seq: 1 }), cases: conversationCases },
      'conversation:markUnread': { payload: (setup) => ({ messageId: setup.threadRootId }), cases: conversationCases },
      'conversation:settings': { payload: () => ({ conversationId: dealRoom, muted: true, notify: 'mentions' }), cases: conversationCases },
      'conversation:pinned': { payload: () => ({ conversationId: dealRoom }), cases: [...conversationCases, { ...member('fb-bob'), hides: 'Alice' }] },
      'message:pin': { payload: (setup) => ({ messageId: setup.threadRootId, pinned: true }), cases: conversationCases },
      'chat:open': { payload: () => ({ userId: 'nw-alice' }), cases: [unseen('fb-bob'), anyone('ct-carl')] },
      'message:send': { payload: () => ({ conversationId: chat, clientId: `matrix-${Math.random()}`, text: 'hi' }), cases: [unseen('fb-bob'), outsider('nw-brian'), member('nw-alice')] },
      'message:edit': { payload: () => ({ messageId: 'seed-1', text: 'edited' }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member, not the author', userId: 'nw-alice', expect: 'forbidden' }, { role: 'author', userId: 'fb-bob', expect: 'ok' }] },
      'message:delete': { payload: () => ({ messageId: 'seed-1' }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member, not the author', userId: 'nw-alice', expect: 'forbidden' }, { role: 'author', userId: 'fb-bob', expect: 'ok' }] },
      'typing:start': { payload: () => ({ conversationId: dealRoom }), cases: conversationCases },
      'channel:members': { payload: () => ({ channelId: dealRoom }), cases: [...conversationCases, { ...member('fb-bob'), hides: 'Alice' }] },
      'channel:create': { payload: () => ({ name: 'new', visibility: 'private', memberIds: ['nw-alice'] }), cases: [unseen('fb-bob', 'forbidden'), anyone('ct-carl')] },
      // Brian would be UNKNOWN USER to Bob: the invitation is carried out only with its confirmation (SPEC 1 rule 6).
      'channel:invite': { payload: () => ({ channelId: dealRoom, userIds: ['nw-brian'], confirmSplit: true }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member who does not see the invitee', userId: 'fb-bob', expect: 'forbidden' }, member('nw-alice')] },
      'channel:previewInvite': { payload: () => ({ channelId: dealRoom, userIds: ['nw-brian'] }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member who does not see the invitee', userId: 'fb-bob', expect: 'forbidden' }, { ...member('nw-alice'), hides: 'Fabrikam' }] },
      'channel:join': { payload: () => ({ channelId: 'ch-ct-public' }), cases: [unseen('ts-dana'), { role: 'sees, of another account (public channel)', userId: 'nw-brian', expect: 'not_found' }, member('ct-carl')] },
      'channel:leave': { payload: () => ({ channelId: dealRoom }), cases: [unseen('ts-dana'), outsider('ct-carl'), { ...member('nw-alice'), ownServer: true }] },
      'channel:update': { payload: () => ({ channelId: dealRoom, topic: 'new topic' }), cases: [...conversationCases.slice(0, 2), { role: 'member of another account', userId: 'nw-alice', expect: 'forbidden' }, { role: 'member of the owner account', userId: 'ct-bella', expect: 'ok' }] },
      'call:dial': { payload: () => ({ dial: '2202' }), cases: [{ role: 'extension of another account', userId: 'nw-alice', expect: 'refused' }, { role: 'own-account extension', userId: 'ct-bella', expect: 'ok' }] },
      'call:answer': { payload: (setup) => ({ callId: setup.callId }), cases: [{ role: 'not a party', userId: 'ct-carl', expect: 'not_found' }, { role: 'callee', userId: 'nw-brian', expect: 'ok' }] },
      'call:decline': { payload: (setup) => ({ callId: setup.callId }), cases: [{ role: 'not a party', userId: 'ct-carl', expect: 'not_found' }, { role: 'callee', userId: 'nw-brian', expect: 'ok' }] },
      'call:hangup': { payload: (setup) => ({ callId: setup.callId }), cases: [{ role: 'not a party', userId: 'ct-carl', expect: 'not_found' }, { role: 'caller', userId: 'nw-alice', expect: 'ok' }] },
      'call:mute': { payload: (setup) => ({ callId: setup.callId, muted: true }), cases: [{ role: 'not a party', userId: 'ct-carl', expect: 'not_found' }] },
      'call:hold': { payload: (setup) => ({ callId: setup.callId, held: true }), cases: [{ role: 'not a party', userId: 'ct-carl', expect: 'not_found' }] },
      'call:signal': {
        payload: (setup) => ({ callId: setup.connectedCallId, signal: { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host generation 0', sdpMid: '0', sdpMLineIndex: 0 } } }),
        cases: [
          { role: 'not a party', userId: 'nw-alice', expect: 'not_found' },
          { role: 'caller, on the client that carries the call', userId: 'fb-bob', expect: 'ok' },
          { role: 'callee, on the client that answered', userId: 'ct-carl', expect: 'ok' },
          { role: 'caller of a call still ringing', userId: 'nw-alice', expect: 'conflict', payload: (setup) => ({ callId: setup.callId, signal: { kind: 'candidate', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } } }) },
          { role: 'callee of a call still ringing', userId: 'nw-brian', expect: 'conflict', payload: (setup) => ({ callId: setup.callId, signal: { kind: 'candidate', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } } }) },
        ],
      },
      'call:active': { payload: () => ({}), cases: [anyone('ts-dana'), { ...anyone('nw-brian'), hides: 'Bob' }] },
      'call:history': { payload: () => ({}), cases: [{ ...anyone('nw-alice'), hides: 'Bob' }] },
      'voicemail:list': { payload: () => ({}), cases: [anyone('nw-alice')] },
      'voicemail:leave': { payload: (setup) => ({ callId: setup.callId, note: 'hello' }), cases: [{ role: 'not the caller', userId: 'ct-carl', expect: 'not_found' }] },
      'voicemail:markListened': { payload: () => ({ voicemailId: 'seed-voicemail-0' }), cases: [{ role: 'not the owner', userId: 'ct-bella', expect: 'not_found' }, { role: 'owner', userId: 'nw-alice', expect: 'ok' }] },
      'voicemail:delete': { payload: () => ({ voicemailId: 'seed-voicemail-0' }), cases: [{ role: 'not the owner', userId: 'ct-bella', expect: 'not_found' }, { role: 'owner', userId: 'nw-alice', expect: 'ok' }] },
      'number:resolve': { payload: () => ({ number: '(415) 555-0101' }), cases: [{ ...unseen('fb-bob', 'ok'), hides: 'Alice' }, anyone('ct-carl')] },
      'meeting:start': { payload: () => ({ conversationId: dealRoom }), cases: conversationCases },
      'meeting:join': { payload: (setup) => ({ meetingId: setup.meetingId }), cases: [unseen('ts-dana'), outsider('ct-carl'), member('nw-alice')] },
      'meeting:leave': { payload: (setup) => ({ meetingId: setup.meetingId }), cases: [unseen('ts-dana'), outsider('ct-carl')] },
      'meeting:schedule': { payload: () => ({ conversationId: dealRoom, title: 'Review', startsAt: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 30 }), cases: conversationCases },
      'meeting:list': { payload: () => ({ conversationId: dealRoom }), cases: conversationCases },
      // Media of a meeting: only a client that is in it (the caller of these cases is not in the meeting, whatever they may read).
      'meeting:publish': { payload: (setup) => ({ meetingId: setup.meetingId, offer: { type: 'offer', sdp: sampleOffer }, tracks: [{ mid: '0', source: 'microphone' }] }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member not in the meeting', userId: 'fb-bob', expect: 'not_found' }] },
      'meeting:subscribed': { payload: (setup) => ({ meetingId: setup.meetingId, version: 1, answer: { type: 'answer', sdp: sampleOffer } }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member not in the meeting', userId: 'fb-bob', expect: 'not_found' }] },
      'meeting:candidate': { payload: (setup) => ({ meetingId: setup.meetingId, connection: 'publish', candidate: { candidate: 'candidate:1 1 udp 2015363327 127.0.0.1 23885 typ host', sdpMid: '0', sdpMLineIndex: 0 } }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member not in the meeting', userId: 'fb-bob', expect: 'not_found' }] },
      'meeting:media-state': { payload: (setup) => ({ meetingId: setup.meetingId, muted: true, camera: false, screen: false }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member not in the meeting', userId: 'fb-bob', expect: 'not_found' }, { role: 'in the meeting', userId: 'ct-bella', expect: 'ok' }] },
      'meeting:resume': { payload: (setup) => ({ meetingId: setup.meetingId }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member whose client is not in the meeting', userId: 'fb-bob', expect: 'not_found' }, { role: 'the client in the meeting', userId: 'ct-bella', expect: 'ok' }] },
      'meeting:restart-ice': { payload: (setup) => ({ meetingId: setup.meetingId }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member not in the meeting', userId: 'fb-bob', expect: 'not_found' }] },
      'meeting:mesh-signal': { payload: (setup) => ({ meetingId: setup.meetingId, to: 'ct-bella', candidate: null }), cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member not in the meeting', userId: 'fb-bob', expect: 'not_found' }] },
      'file:downloadUrl': { payload: (setup) => ({ fileId: setup.fileId }), cases: [unseen('ts-dana'), outsider('ct-carl'), member('nw-alice')] },
      'file:limits': { payload: () => ({}), cases: [anyone('ts-dana')] },
      'group:create': {
        payload: () => ({ memberIds: ['nw-brian', 'ct-bella'] }),
        cases: [
          { role: 'does not see the people', userId: 'fb-bob', expect: 'forbidden', hides: 'Brian' },
          // Bella sees both, but Alice and Bob do not see each other: refused, naming them (Bella sees both).
          { role: 'sees them, but they do not see each other', userId: 'ct-bella', expect: 'refused', payload: () => ({ memberIds: ['nw-alice', 'fb-bob'] }) },
          anyone('nw-alice'),
        ],
      },
      'group:rename': {
        payload: (setup) => ({ conversationId: setup.groupId, name: 'Launch' }),
        cases: [
          unseen('ts-dana'),
          outsider('nw-brian'),
          // A 1:1 chat keeps the other person's name, even for one of its two people.
          { ...member('nw-alice', 'not_found'), role: 'member of a 1:1 chat', payload: () => ({ conversationId: chat, name: 'Launch' }) },
          member('ct-carl'),
        ],
      },
      'thread:history': { payload: (setup) => ({ messageId: setup.threadRootId }), cases: [unseen('ts-dana'), outsider('ct-carl'), { ...member('nw-alice'), hides: 'Bob' }] },
      // Bob started the thread and Bella replied: both are in it. Alice reads the channel, but is not in the thread.
      'thread:list': { payload: () => ({}), cases: [{ ...anyone('ts-dana'), hides: 'matrix thread' }, { ...anyone('ct-carl'), hides: 'matrix thread' }, anyone('ct-bella'), { ...anyone('nw-alice'), ownServer: true, hides: 'matrix thread' }] },
      'thread:read': {
        payload: (setup) => ({ messageId: setup.threadRootId, seq: 1_000_000 }),
        cases: [unseen('ts-dana'), outsider('ct-carl'), { role: 'member, not in the thread', userId: 'nw-alice', expect: 'not_found', ownServer: true }, { role: 'in the thread', userId: 'ct-bella', expect: 'ok' }],
      },
      // The plan mentions Alice (Bob, whom she does not see, reacted to it) and Bob: each is listed only their own.
      'mention:list': { payload: () => ({}), cases: [{ ...anyone('nw-alice'), hides: 'Bob' }, { ...anyone('fb-bob'), hides: 'Alice' }, { ...anyone('ts-dana'), hides: 'Plan for Thursday' }] },
      'message:search': {
        payload: () => ({ query: 'matrix thread' }),
        cases: [
          { ...anyone('ts-dana'), hides: 'matrix thread' },
          { ...outsider('ct-carl', 'ok'), hides: 'matrix thread' },
          { ...member('nw-alice'), hides: 'Bob' },
          { role: 'a conversation the caller cannot read', userId: 'ct-carl', expect: 'not_found', payload: () => ({ query: 'matrix', conversationId: dealRoom }) },
          { role: 'a person the caller does not see', userId: 'nw-alice', expect: 'not_found', payload: () => ({ query: 'matrix', authorId: 'fb-bob' }) },
        ],
      },
      // Bob reacted to the plan, and it mentions him: Alice, who does not see him, gets UNKNOWN USER.
      'reaction:add': { payload: () => ({ messageId: planMessageId, emoji: '👍' }), cases: [unseen('ts-dana'), outsider('ct-carl'), { ...member('nw-alice'), hides: 'Bob' }, member('ct-bella')] },
      'reaction:remove': { payload: () => ({ messageId: planMessageId, emoji: '🎉' }), cases: [unseen('ts-dana'), outsider('ct-carl'), { ...member('nw-alice'), hides: 'Bob' }, member('ct-bella')] },
      'media:iceServers': { payload: () => ({}), cases: [anyone('ts-dana')] },
      // One's own profile only: there is no way to name anyone else's.
      'profile:update': { payload: () => ({ displayName: 'Dana Brooks', title: 'Pilot', department: null }), cases: [anyone('ts-dana')] },
      'profile:removePhoto': { payload: () => ({}), cases: [anyone('ts-dana')] },
      'profile:setTimeZone': { payload: () => ({ timeZone: 'Europe/Paris' }), cases: [anyone('ts-dana')] },
    };
    /** Channel commands that take group chats too: the same roles, with a group chat. */
    const groupCases: Partial<Record<CommandName, Case[]>> = {
      'channel:members': [
        { role: 'group chat, not a member', userId: 'nw-brian', expect: 'not_found', payload: (setup) => ({ channelId: setup.groupId }) },
        { role: 'group chat, member', userId: 'nw-alice', expect: 'ok', payload: (setup) => ({ channelId: setup.groupId }) },
      ],
      'channel:previewInvite': [
        { role: 'group chat, not a member', userId: 'nw-brian', expect: 'not_found', payload: (setup) => ({ channelId: setup.groupId, userIds: ['nw-alice'] }) },
        { role: 'group chat, member', userId: 'ct-carl', expect: 'ok', payload: (setup) => ({ channelId: setup.groupId, userIds: ['nw-brian'] }) },
      ],
      'channel:invite': [
        { role: 'group chat, not a member', userId: 'nw-brian', expect: 'not_found', payload: (setup) => ({ channelId: setup.groupId, userIds: ['nw-alice'] }) },
        { role: 'group chat, member who does not see the invitee', userId: 'nw-alice', expect: 'forbidden', payload: (setup) => ({ channelId: setup.groupId, userIds: ['fb-bob'], confirmSplit: true }) },
        { role: 'group chat, member', userId: 'ct-carl', expect: 'ok', payload: (setup) => ({ channelId: setup.groupId, userIds: ['nw-brian'] }) },
      ],
      'channel:leave': [
        { role: 'group chat, not a member', userId: 'nw-brian', expect: 'not_found', payload: (setup) => ({ channelId: setup.groupId }) },
        { role: 'group chat, member', userId: 'nw-alice', expect: 'ok', ownServer: true, payload: (setup) => ({ channelId: setup.groupId }) },
      ],
      'message:send': [
        { role: 'group chat, not a member', userId: 'nw-brian', expect: 'not_found', payload: (setup) => ({ conversationId: setup.groupId, clientId: `matrix-${Math.random()}`, text: 'hi' }) },
        { role: 'group chat, member', userId: 'ct-carl', expect: 'ok', payload: (setup) => ({ conversationId: setup.groupId, clientId: `matrix-${Math.random()}`, text: 'hi' }) },
        { role: 'reply, not a member of its conversation', userId: 'ct-carl', expect: 'not_found', payload: (setup) => ({ conversationId: dealRoom, clientId: `matrix-${Math.random()}`, text: 'hi', threadId: setup.threadRootId }) },
        { role: 'reply into a thread of another conversation', userId: 'nw-alice', expect: 'not_found', payload: (setup) => ({ conversationId: chat, clientId: `matrix-${Math.random()}`, text: 'hi', threadId: setup.threadRootId }) },
        { role: 'reply, member', userId: 'nw-alice', expect: 'ok', payload: (setup) => ({ conversationId: dealRoom, clientId: `matrix-${Math.random()}`, text: 'hi', threadId: setup.threadRootId }) },
      ],
    };
    for (const [command, extra] of Object.entries(groupCases) as Array<[CommandName, Case[]]>) matrix[command].cases.push(...extra);
    const emails: Record<string, string> = Object.fromEntries(everyone.map((user) => [user.id, user.email]));
    const cases = (Object.entries(matrix) as Array<[CommandName, Entry]>).flatMap(([command, entry]) => entry.cases.map((caller) => ({ command, entry, ...caller })));

    it('covers every socket command', () => {
      expect(Object.keys(matrix).sort()).toEqual([...commandNames].sort());
      console.log(`authorization matrix: ${cases.length} socket command × role cases over ${commandNames.length} commands`);
    });

    /** Calls left from the previous case, hung up before the next one dials. */
    const liveCalls = new WeakMap<SharedServer, string>();

    /** A call ringing from Alice to Brian (extension 1202), a meeting under way in deal-room, a file shared there. */
    async function prepare(on: SharedServer): Promise<Setup> {
      const alice = await on.client('alice@northwind.example');
      await on.client('brian@northwind.example');
      const bella = await on.client('bella@contoso.example');
      const previous = liveCalls.get(on);
      if (previous) await alice.request('call:hangup', { callId: previous });
      const call = dataOf(await alice.request('call:dial', { dial: '1202' })) as { id?: string; callId?: string };
      liveCalls.set(on, (call.id ?? call.callId)!);
      // Bob calls Carl, who answers: a connected call to signal on (Carl first puts away whatever rings for him).
      const bob = await on.client('bob@fabrikam.example');
      const carl = await on.client('carl@contoso.example');
      const carlCalls = dataOf(await carl.request('call:active', {}));
      for (const ringing of carlCalls.ringing) await carl.request('call:decline', { callId: ringing.id });
      if (carlCalls.current && carlCalls.current.state !== 'ended') await carl.request('call:hangup', { callId: carlCalls.current.id });
      const bobCall = dataOf(await bob.request('call:active', {})).current;
      if (bobCall && bobCall.state !== 'ended') await bob.request('call:hangup', { callId: bobCall.id });
      const connected = dataOf(await bob.request('call:dial', { dial: '(212) 555-0142' }));
      dataOf(await carl.request('call:answer', { callId: connected.id }));
      const meeting = dataOf(await bella.request('meeting:start', { conversationId: dealRoom })) as { id?: string; meetingId?: string };
      const url = new URL('/api/files', on.server.url);
      url.searchParams.set('conversationId', dealRoom);
      url.searchParams.set('name', 'terms.txt');
      const upload = (await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${bella.sessionToken}`, 'content-type': 'text/plain' }, body: 'terms' })).json()) as { data: { id: string } };
      dataOf(await bella.request('message:send', { conversationId: dealRoom, clientId: `matrix-file-${upload.data.id}`, text: 'terms', fileId: upload.data.id } as never));
      // The same client ids every time: the thread is made once per server, and found again after.
      const root = dataOf(await bob.request('message:send', { conversationId: dealRoom, clientId: 'matrix-thread-root', text: 'matrix thread root' }));
      dataOf(await bella.request('message:send', { conversationId: dealRoom, clientId: 'matrix-thread-reply', text: 'matrix thread reply', threadId: root.id }));
      const group = dataOf(await bella.request('group:create', { memberIds: ['nw-alice', 'ct-carl'] }));
      return { callId: (call.id ?? call.callId)!, connectedCallId: connected.id, meetingId: (meeting.id ?? meeting.meetingId)!, fileId: upload.data.id, threadRootId: root.id, groupId: group.id };
    }

    it.each(cases)('$command as "$role" ($userId) → $expect', async ({ command, entry, userId, expect: expected, hides, ownServer, payload }) => {
      let on = shared;
      if (ownServer) {
        const own = await startMatrixServer();
        onTestFinished(() => own.close());
        on = new SharedServer(own);
      }
      const setup = await prepare(on);
      const client = await on.client(emails[userId]!);
      const answer = await client.request(command, (payload ?? entry.payload)(setup) as never);
      if (expected === 'ok') expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true });
      else expect(answer).toMatchObject({ ok: false, error: { code: expected } });
      if (hides) expect(JSON.stringify(answer)).not.toContain(hides);
    });

    it.each([...commandNames])('%s unauthenticated → no connection, nothing answered', async (command) => {
      const socket = io(server.url, { auth: { token: 'forged-token-forged-token' }, transports: ['websocket'], reconnection: false });
      const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
      expect(error.message).toBe('unauthorized');
      socket.close();
      // The command sent straight after the forged handshake, on the wire (socket.io-client would hold
      // it back): the server ends the connection, and until then sends nothing but the refusal.
      const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
      await new Promise<void>((resolve, reject) => manager.open((failure) => (failure ? reject(failure) : resolve())));
      const received: string[] = [];
      manager.engine.on('packet', (packet) => void (packet.type === 'message' && received.push(String(packet.data))));
      const closed = new Promise((resolve) => manager.engine.on('close', resolve));
      manager.engine.write(`40${JSON.stringify({ token: 'forged-token-forged-token' })}`);
      manager.engine.write(`421${JSON.stringify([command, {}])}`);
      await closed;
      expect(received.filter((packet) => !packet.startsWith('44'))).toEqual([]);
    });

    /** A request to one of the deployment's processes (the first unless told): what one process stored, another serves. */
    const http = (path: string, init: RequestInit = {}, on = 0) => fetch(`${server.urls[on % server.urls.length]}${path}`, init);
    const lastProcess = () => server.urls.length - 1;
    const admin = (token: string | null) =>
      http('/api/admin', { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ command: 'federation list', arguments: {} }) });

    const tokenOf = async (email: string) => (await shared.client(email)).sessionToken!;
    const uploadAs = async (email: string | null) => {
      const url = new URL('/api/files', server.url);
      url.searchParams.set('conversationId', dealRoom);
      url.searchParams.set('name', 'note.txt');
      return fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...(email ? { authorization: `Bearer ${await tokenOf(email)}` } : {}) }, body: 'note' });
    };
    const sharedFileId = async () => ((await (await uploadAs('bella@contoso.example')).json()) as { data: { id: string } }).data.id;
    const downloadAs = async (email: string) => {
      const fileId = await sharedFileId();
      const bella = await shared.client('bella@contoso.example');
      dataOf(await bella.request('message:send', { conversationId: dealRoom, clientId: `share-${fileId}`, text: 'note', fileId } as never));
      return http(`/api/files/${fileId}`, { headers: { authorization: `Bearer ${await tokenOf(email)}` } }, lastProcess());
    };

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
      ['POST /api/files, no session', () => uploadAs(null), 401],
      ['POST /api/files, a person who does not see the members', () => uploadAs('dana@tailspin.example'), 404],
      ['POST /api/files, sees them, not a member', () => uploadAs('carl@contoso.example'), 404],
      ['POST /api/files, a member', () => uploadAs('alice@northwind.example'), 201],
      ['GET /api/files/:id, no session', async () => http(`/api/files/${await sharedFileId()}`), 401],
      ['GET /api/files/:id, sees the members, not a member', async () => downloadAs('carl@contoso.example'), 404],
      ['GET /api/files/:id, a member', async () => downloadAs('alice@northwind.example'), 200],
    ] as const)('%s → %d', async (_name, request, status) => {
      expect((await request()).status).toBe(status);
    });

    it('GET /api/photos/:id: no session 401, a person who does not see its owner 404, one who does 200 (as the image type, nosniff); a replaced photo 404', async () => {
      const own = await startMatrixServer();
      onTestFinished(() => own.close());
      const bob = await own.signIn('bob@fabrikam.example');
      const alice = await own.signIn('alice@northwind.example');
      const bella = await own.signIn('bella@contoso.example');
      const upload = async () => dataOf(await uploadPhoto(bob, { contentType: 'image/png', bytes: new Uint8Array(pngImage(3, 3)).buffer })).photoId!;
      const first = await upload();
      const get = (photoId: string, token: string | null) => fetch(`${own.urls.at(-1)!}/api/photos/${photoId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await get(first, null)).status).toBe(401);
      expect((await get(first, alice.sessionToken!)).status).toBe(404);
      const seen = await get(first, bella.sessionToken!);
      expect(seen.status).toBe(200);
      expect(seen.headers.get('content-type')).toBe('image/png');
      expect(seen.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await seen.arrayBuffer()).equals(pngImage(3, 3))).toBe(true);
      const second = await upload();
      expect((await get(first, bella.sessionToken!)).status).toBe(404);
      expect((await get(second, bella.sessionToken!)).status).toBe(200);
      const post = (token: string | null) => fetch(`${own.url}/api/photos`, { method: 'POST', headers: { 'content-type': 'image/png', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: pngImage(2, 2) });
      expect((await post(null)).status).toBe(401);
      expect((await post(alice.sessionToken!)).status).toBe(201);
    });

    it('POST /api/files?callId (a voicemail’s recording): no session 401, not the caller 404, the caller of a declined call 201; GET by its owner alone', async () => {
      const own = await startMatrixServer();
      onTestFinished(() => own.close());
      const alice = await own.signIn('alice@northwind.example');
      const bella = await own.signIn('bella@contoso.example');
      const carl = await own.signIn('carl@contoso.example');
      const call = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
      await waitFor(() => bella.events.some((event) => event.type === 'call:ringing'), 'Bella rung');
      dataOf(await bella.request('call:decline', { callId: call.id }));
      const recording = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(100)]);
      const post = (token: string | null) =>
        fetch(`${own.url}/api/files?callId=${call.id}`, { method: 'POST', headers: { 'content-type': 'audio/webm', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: recording });
      expect((await post(null)).status).toBe(401);
      expect((await post(carl.sessionToken)).status).toBe(404);
      expect((await post(bella.sessionToken)).status).toBe(404);
      const created = await post(alice.sessionToken);
      expect(created.status).toBe(201);
      const fileId = ((await created.json()) as { data: { id: string } }).data.id;
      dataOf(await alice.request('voicemail:leave', { callId: call.id, audioFileId: fileId, durationMs: 2_000 }));
      const get = (token: string) => fetch(`${own.urls.at(-1)!}/api/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get(bella.sessionToken!)).status).toBe(200);
      expect((await get(carl.sessionToken!)).status).toBe(404);
      expect((await get(alice.sessionToken!)).status).toBe(404);
    });

    it('a removed member loses access at once', async () => {
      const server = await startMatrixServer();
      onTestFinished(() => server.close());
      const bob = await server.signIn('bob@fabrikam.example');
      expect((await bob.request('conversation:history', { conversationId: dealRoom })).ok).toBe(true);
      await server.federations.removeChannelMember({ channelId: dealRoom, member: 'fb-bob', force: true });
      await waitFor(() => bob.events.some((event) => event.type === 'conversation:changed'), 'Bob told');
      expect(await bob.request('conversation:history', { conversationId: dealRoom })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(dataOf(await bob.request('conversation:list', {})).items).toEqual([]);
    });
  });
}
