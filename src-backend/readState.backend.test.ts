/**
 * Read state lives on the backend (SPEC 9): a mark made on one client reaches every client of
 * that person, only moves forward, and reading as messages arrive does not write once per message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { directConversationId } from './domain/conversationIds';
import { basicSeed, dataOf, relaxedLimits, startTestServer, waitFor, type TestClient, type TestServer } from './testing/testServer';

const chat = directConversationId('nw-alice', 'ct-bella');

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/** Counts every read mark the store moves from now on, on either engine (marks asked to move but already there are not written). */
function countReadWrites(target: TestServer): () => number {
  const repository = target.context.store.readState;
  const advance = repository.advance.bind(repository);
  const set = repository.set.bind(repository);
  let written = 0;
  repository.advance = async (marks) => {
    const moved = await advance(marks);
    written += moved.length;
    return moved;
  };
  repository.set = async (mark) => {
    const stored = await set(mark);
    if (stored) written += 1;
    return stored;
  };
  return () => written;
}

const summaryOf = async (client: TestClient, conversationId: string) => dataOf(await client.request('conversation:list', {})).items.find((conversation) => conversation.id === conversationId)!;
const readChanges = (client: TestClient, conversationId: string) =>
  client.events.flatMap((event) => (event.type === 'conversation:readChanged' && event.payload.conversationId === conversationId ? [event.payload] : []));

describe('read state', () => {
  it('a conversation read on one client is read on every client of that person, and in the list after', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bellaDesk = await server.signIn('bella@contoso.example');
    const bellaLaptop = await server.signIn('bella@contoso.example');
    for (const text of ['one', 'two']) dataOf(await alice.request('message:send', { conversationId: chat, clientId: `read-${text}-id`, text }));
    expect(await summaryOf(bellaLaptop, chat)).toMatchObject({ unreadCount: 2, lastSeq: 3 });

    dataOf(await bellaDesk.request('conversation:read', { conversationId: chat, seq: 3 }));
    await waitFor(() => readChanges(bellaLaptop, chat).length > 0, 'the laptop to hear of it');
    expect(readChanges(bellaLaptop, chat)).toEqual([{ conversationId: chat, lastReadSeq: 3, unreadCount: 0, unreadMentions: 0 }]);
    expect(readChanges(bellaDesk, chat)).toHaveLength(1);
    // Nobody else hears of Bella's reading.
    expect(readChanges(alice, chat)).toEqual([]);
    // A fresh client (a reload, the next sign-in) is told the same.
    const bellaAgain = await server.signIn('bella@contoso.example');
    expect(await summaryOf(bellaAgain, chat)).toMatchObject({ unreadCount: 0, lastReadSeq: 3 });
  });

  it('reading as messages arrive writes a handful of times, not once per message, and ends at the newest', async () => {
    server = await startTestServer(basicSeed(), { limits: relaxedLimits });
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const writes = countReadWrites(server);
    const count = 40;
    // Bella has the chat open at its newest message: each message that arrives is read at once, as her client does.
    const reads: Array<Promise<unknown>> = [];
    bella.onServerEvent((event) => {
      if (event.type === 'message:created' && event.payload.message.conversationId === chat) reads.push(bella.request('conversation:read', { conversationId: chat, seq: event.payload.message.seq }));
    });
    for (let index = 0; index < count; index++) dataOf(await alice.request('message:send', { conversationId: chat, clientId: `burst-${index}-id`, text: `message ${index}` }));
    await waitFor(() => reads.length === count, 'every message to arrive');
    for (const answer of await Promise.all(reads)) expect(answer).toEqual({ ok: true, data: null });
    expect(await summaryOf(bella, chat)).toMatchObject({ unreadCount: 0, lastReadSeq: count + 1 });
    console.log(`read state: ${count} messages read as they arrived, ${writes()} writes`);
    expect(writes()).toBeGreaterThan(0);
    expect(writes()).toBeLessThanOrEqual(count / 4);
  });

  it('a read mark never moves back, never past the newest message, and is refused where the person may not read', async () => {
    server = await startTestServer(basicSeed());
    const bella = await server.signIn('bella@contoso.example');
    const dana = await server.signIn('dana@tailspin.example');
    const writes = countReadWrites(server);
    dataOf(await bella.request('conversation:read', { conversationId: chat, seq: 1 }));
    // Read again, or an older message: nothing written, nobody told again.
    dataOf(await bella.request('conversation:read', { conversationId: chat, seq: 1 }));
    dataOf(await bella.request('conversation:read', { conversationId: chat, seq: 0 }));
    expect(writes()).toBe(1);
    // Ahead of the newest message: read up to the newest, no further.
    dataOf(await bella.request('conversation:read', { conversationId: chat, seq: 1_000_000 }));
    expect(await summaryOf(bella, chat)).toMatchObject({ lastReadSeq: 1, unreadCount: 0 });
    await waitFor(() => readChanges(bella, chat).length === 1, 'one change told');
    // Someone else's conversation: refused, nothing changes.
    expect(await dana.request('conversation:read', { conversationId: chat, seq: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dana.request('conversation:read', { conversationId: chat, seq: -1 } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(writes()).toBe(1);
    expect(readChanges(dana, chat)).toEqual([]);
  });

  it('Mark unread puts the mark before a message on every client of the person, and is refused to anyone who may not read it', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bellaDesk = await server.signIn('bella@contoso.example');
    const bellaLaptop = await server.signIn('bella@contoso.example');
    const dana = await server.signIn('dana@tailspin.example');
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(dataOf(await alice.request('message:send', { conversationId: chat, clientId: `unread-${text}-id`, text })));
    dataOf(await bellaDesk.request('conversation:read', { conversationId: chat, seq: sent[2]!.seq }));
    await waitFor(() => readChanges(bellaLaptop, chat).length === 1, 'the read to be told');

    // Unread from "two": two messages unread, on both of Bella's clients and after a reload.
    expect(dataOf(await bellaDesk.request('conversation:markUnread', { messageId: sent[1]!.id }))).toEqual({ conversationId: chat, lastReadSeq: sent[1]!.seq - 1, unreadCount: 2, unreadMentions: 0 });
    await waitFor(() => readChanges(bellaLaptop, chat).length === 2, 'the laptop to hear of it');
    expect(readChanges(bellaLaptop, chat)[1]).toEqual({ conversationId: chat, lastReadSeq: sent[1]!.seq - 1, unreadCount: 2, unreadMentions: 0 });
    expect(await summaryOf(await server.signIn('bella@contoso.example'), chat)).toMatchObject({ unreadCount: 2, lastReadSeq: sent[1]!.seq - 1 });
    // Alice's own read state is hers: untouched, and she hears nothing of Bella's.
    expect(readChanges(alice, chat)).toEqual([]);

    // Dana is in neither side of the chat: the same answer as for a message that does not exist, nothing told.
    expect(await dana.request('conversation:markUnread', { messageId: sent[1]!.id })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This message is not available to you.' } });
    expect(await dana.request('conversation:markUnread', { messageId: 'no-such-message' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This message is not available to you.' } });
    expect(await bellaDesk.request('conversation:markUnread', { messageId: '' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await bellaDesk.request('conversation:markUnread', { messageId: sent[1]!.id, seq: 0 } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(readChanges(dana, chat)).toEqual([]);
    expect(await summaryOf(bellaDesk, chat)).toMatchObject({ unreadCount: 2 });
  });
});
