/**
 * No message lost or duplicated: several clients send through their outboxes while their
 * connections are dropped again and again and the backend (on a file database) restarts;
 * at the end every acknowledged message, thread replies included, is stored once and shown
 * once, in order, by every member's client, and the thread counts every reply once.
 *
 * The chaos (which client drops, when, which sends are cut off) comes from a seeded generator:
 * a failure prints its seed, and `MERIDIAN_CHAOS_SEED=<seed> npx vitest run src-backend/faultTolerance.backend.test.ts`
 * replays the same choices (timings on a loaded machine still vary).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, onTestFailed, onTestFinished } from 'vitest';
import type { MessageView } from '../src-shared/protocol/model';
import { applyMissed, fetchMissed, receiveMessage, type SyncedMessages } from '../src-shared/session/catchUp';
import type { SessionClient } from '../src-shared/session/sessionClient';
import { SessionHost } from '../src-shared/session/sessionHost';
import { startServer, type RunningServer } from './server';
import { seededRandom } from './testing/seededRandom';
import { basicSeed, TestSessionClient, testDatabase, waitFor } from './testing/testServer';
import type { MessageRecord } from './store/records';
import type { Store } from './store/repositories';

const chaos = seededRandom(process.env.MERIDIAN_CHAOS_SEED);
const random = chaos.random;

const folder = mkdtempSync(path.join(tmpdir(), 'meridian-fault-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A client as the app has it: session, outbox, and the messages it shows per conversation. */
class ModelClient {
  readonly session: TestSessionClient;
  readonly host: SessionHost;
  readonly shown = new Map<string, SyncedMessages>();
  drops = 0;
  /** Sends cut off right after they left: the backend may store them while the ack is lost. */
  cutOffSends = 0;

  constructor(
    serverUrl: string,
    readonly email: string,
  ) {
    this.session = new TestSessionClient({ serverUrl, requestTimeoutMs: 2_000 });
    this.host = new SessionHost(this.session, { openExternal: () => undefined });
    this.session.onServerEvent((event) => {
      if (event.type !== 'message:created') return;
      const { message } = event.payload;
      const received = receiveMessage(this.shown.get(message.conversationId) ?? { messages: [], syncedSeq: 0 }, message);
      this.shown.set(message.conversationId, received);
      if (received.gap) void this.catchUp();
    });
    // Now and then the connection drops right after a message leaves, before its ack returns.
    const request = this.session.request.bind(this.session);
    this.session.request = ((command, payload) => {
      const answer = request(command, payload);
      if (command === 'message:send' && random() < 0.2) {
        this.cutOffSends += 1;
        setTimeout(() => this.session.dropConnection(), 0);
      }
      return answer;
    }) as SessionClient['request'];
    let previous = this.session.connectionState;
    this.session.onConnectionChanged((state) => {
      if (state === 'connected' && previous === 'reconnecting') void this.catchUp();
      previous = state;
    });
  }

  show(conversationId: string, messages: MessageView[]): void {
    this.shown.set(conversationId, applyMissed(this.shown.get(conversationId) ?? { messages: [], syncedSeq: 0 }, messages));
  }

  async catchUp(): Promise<void> {
    // Where each conversation is complete up to, read before any await: live messages may land meanwhile.
    const from = [...this.shown].map(([conversationId, synced]) => [conversationId, synced.syncedSeq] as const);
    for (const [conversationId, syncedSeq] of from) {
      const missed = await fetchMissed((request) => this.session.request('conversation:history', request), conversationId, syncedSeq);
      if (missed) this.show(conversationId, missed);
    }
  }
}

it('loses and duplicates nothing across dropped connections and a backend restart', { timeout: 60_000 }, async () => {
  onTestFailed(() => console.log(`fault test failed with chaos seed ${chaos.seed}: replay with MERIDIAN_CHAOS_SEED=${chaos.seed}`));
  // A file for SQLite, a database of its own on PostgreSQL: the restarted backend opens the same one.
  const db = path.join(folder, 'meridian.db');
  const database = await testDatabase();
  onTestFinished(() => database.drop());
  const where = { db, ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}) };
  let server: RunningServer = await startServer({ ...where, seed: basicSeed(), port: 0, webRoot: null });
  const port = server.port;
  const people = ['alice@northwind.example', 'brian@northwind.example', 'bella@contoso.example'];
  const clients = people.map((email) => new ModelClient(server.url, email));
  for (const client of clients) {
    const signedIn = await client.session.signIn({ email: client.email, password: 'demo' });
    expect(signedIn.ok).toBe(true);
  }
  await waitFor(() => clients.every((client) => client.session.connectionState === 'connected'), 'all connected');

  // One channel of all three (Northwind owns it; Bella is federated) and the Alice–Bella chat.
  const channel = await clients[0]!.session.request('channel:create', { name: 'fault-room', visibility: 'private', memberIds: ['nw-brian', 'ct-bella'] });
  if (!channel.ok) throw new Error(channel.error.message);
  const chat = await clients[0]!.session.request('chat:open', { userId: 'ct-bella' });
  if (!chat.ok) throw new Error(chat.error.message);
  // A thread in the channel: a third of what goes to the channel are replies in it. The chaos may
  // cut this send off too: sent again with the same client id until acknowledged, it is stored once.
  let root = await clients[0]!.session.request('message:send', { conversationId: channel.data.id, clientId: 'fault-thread-root', text: 'The thread everyone answers' });
  while (!root.ok && (root.error.code === 'timeout' || root.error.code === 'offline')) {
    await waitFor(() => clients[0]!.session.connectionState === 'connected', 'Alice back');
    root = await clients[0]!.session.request('message:send', { conversationId: channel.data.id, clientId: 'fault-thread-root', text: 'The thread everyone answers' });
  }
  if (!root.ok) throw new Error(root.error.message);
  for (const client of clients) {
    for (const conversationId of [channel.data.id, chat.data.id]) {
      const history = await client.session.request('conversation:history', { conversationId });
      if (history.ok) client.show(conversationId, history.data.messages);
    }
  }

  const perClient = 80;
  let restarts = 0;
  let replies = 0;
  /**
   * Until the client's outbox holds at most `pending` messages, the others acknowledged: each
   * client sends as fast as the backend takes its messages (a few always in flight), paced by
   * acknowledgements, not by a timer.
   */
  const drained = (client: ModelClient, pending: number) =>
    new Promise<void>((resolve) => {
      const done = () => client.host.outbox.list().length <= pending;
      if (done()) return resolve();
      const stop = client.host.outbox.onChanged(() => {
        if (!done()) return;
        stop();
        resolve();
      });
    });

  const sending = clients.map(async (client, index) => {
    for (let number = 0; number < perClient; number++) {
      const conversationId = index === 1 || number % 2 === 0 ? channel.data.id : chat.data.id;
      const threadId = conversationId === channel.data.id && number % 3 === 0 ? root.data.id : undefined;
      client.host.outbox.enqueue({ conversationId, text: `${client.email} #${number}`, ...(threadId ? { threadId } : {}) });
      if (threadId) replies += 1;
      // The chaos: after a send now and then, one of the clients (any) loses its connection, with messages in flight.
      if (random() < 0.15) {
        const victim = clients[Math.floor(random() * clients.length)]!;
        if (victim.session.connectionState === 'connected') {
          victim.session.dropConnection();
          victim.drops += 1;
        }
      }
      await drained(client, 2);
      if (index === 0 && number === perClient / 2) {
        // The backend goes down and comes back on the same port and database.
        await server.close();
        server = await startServer({ ...where, port, webRoot: null });
        restarts += 1;
      }
    }
  });
  await Promise.all(sending);

  await waitFor(() => clients.every((client) => client.session.connectionState === 'connected' && client.host.outbox.list().length === 0), 'every outbox empty', 30_000);
  for (const client of clients) await client.catchUp();

  // What the store holds, read through its repositories (either engine).
  const logs = new Map(await Promise.all([channel.data.id, chat.data.id].map(async (conversationId) => [conversationId, await everyMessage(server.context.store, conversationId)] as const)));
  const copies = new Map<string, number>();
  for (const message of [...logs.values()].flat()) if (message.text.includes('#')) copies.set(`${message.conversationId} ${message.text}`, (copies.get(`${message.conversationId} ${message.text}`) ?? 0) + 1);
  const stored = [...copies].map(([key, count]) => ({ key, copies: count }));
  expect(stored).toHaveLength(perClient * clients.length);
  expect(stored.filter((row) => row.copies !== 1)).toEqual([]);
  expect(clients.every((client) => client.host.outbox.list().length === 0)).toBe(true);

  for (const conversationId of [channel.data.id, chat.data.id]) {
    const inOrder = logs.get(conversationId)!.filter((message) => !message.deleted).map((message) => message.id);
    for (const client of clients) {
      if (!client.shown.has(conversationId)) continue;
      const shown = client.shown.get(conversationId)!.messages.map((message) => message.id);
      expect(shown, `${client.email} in ${conversationId}`).toEqual(inOrder);
    }
  }
  // Every reply is in its thread once, and the thread counts each once.
  const thread = { stored: logs.get(channel.data.id)!.filter((message) => message.threadId === root.data.id).length, counted: (await server.context.store.messages.message(root.data.id))?.thread?.replyCount };
  expect(replies).toBeGreaterThan(20);
  expect(thread).toEqual({ stored: replies, counted: replies });
  const drops = clients.reduce((total, client) => total + client.drops, 0);
  const cutOff = clients.reduce((total, client) => total + client.cutOffSends, 0);
  const resent = [...copies.values()].reduce((total, count) => total + count, 0);
  console.log(`fault test (chaos seed ${chaos.seed}): ${stored.length} messages (${replies} of them thread replies) from ${clients.length} clients, ${drops} random drops + ${cutOff} sends cut off before their ack, ${restarts} backend restart; stored ${resent}, lost 0, duplicated 0`);
  expect(drops + cutOff).toBeGreaterThanOrEqual(10);
  expect(cutOff).toBeGreaterThanOrEqual(5);
  expect(restarts).toBe(1);

  for (const client of clients) client.session.signOut();
  await server.close();
});

/** Every message of a conversation's log, replies included, oldest first. */
async function everyMessage(store: Store, conversationId: string): Promise<MessageRecord[]> {
  const messages: MessageRecord[] = [];
  for (let page = await store.messages.after(conversationId, 0, 500); ; page = await store.messages.after(conversationId, messages.at(-1)!.seq, 500)) {
    messages.push(...page.messages);
    if (!page.hasMore || page.messages.length === 0) return messages;
  }
}
