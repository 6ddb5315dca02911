/**
 * Threads (SPEC 7) with people of three accounts in deal-room: Alice (Northwind) and Bob
 * (Fabrikam) do not see each other; Bella (Contoso) sees both; Carl (Contoso) is not a member.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import type { MessageView } from '../../src-shared/protocol/model';
import { SessionHost } from '../../src-shared/session/sessionHost';
import { basicSeed, dataOf, relaxedLimits, startTestServer, TestSessionClient, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { limits: relaxedLimits });
});
afterEach(async () => {
  await server.close();
});

const dealRoom = 'ch-ct-deal';
let sent = 0;
const send = async (client: TestClient, text: string, threadId?: string, conversationId = dealRoom) =>
  dataOf(await client.request('message:send', { conversationId, clientId: `thread-test-${++sent}`, text, ...(threadId ? { threadId } : {}) }));
const repliesHeard = (client: TestClient) =>
  client.events.flatMap((event: ServerEvent) => (event.type === 'thread:replied' ? [event.payload.message] : []));

describe('threads', () => {
  it('keeps replies out of the log, counts them on their first message, and gives the thread in order', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const root = await send(alice, 'Shall we sign on Friday?');
    const first = await send(bella, 'Friday works for us.', root.id);
    expect(first).toMatchObject({ threadId: root.id, thread: { replyCount: 1, lastReplyAt: first.createdAt } });
    const second = await send(bob, 'Fine by Fabrikam.', root.id);
    expect(second.seq).toBeGreaterThan(first.seq);

    const log = dataOf(await alice.request('conversation:history', { conversationId: dealRoom }));
    expect(log.messages.map((message) => message.text)).toEqual(['Draft is in the folder.', 'Shall we sign on Friday?']);
    expect(log.messages.at(-1)?.thread).toEqual({ replyCount: 2, lastReplyAt: second.createdAt });

    const thread = dataOf(await alice.request('thread:history', { messageId: root.id }));
    expect(thread.root.id).toBe(root.id);
    expect(thread.replies.map((reply) => [reply.text, reply.author.displayName])).toEqual([
      ['Friday works for us.', 'Bella Martins'],
      ['Fine by Fabrikam.', 'UNKNOWN USER'],
    ]);
    expect(JSON.stringify(thread)).not.toMatch(/fb-bob|Bob|Alvarez|Fabrikam Labs/);
    expect(thread.hasMore).toBe(false);

    const carl = await server.signIn('carl@contoso.example');
    expect(await carl.request('thread:history', { messageId: root.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Replies are not unread in the conversation (they notify their thread's people instead): Bella
    // has the seeded message and Alice's question unread, not Bob's reply.
    const bellasList = dataOf(await bella.request('conversation:list', {})).items;
    expect(bellasList.find((conversation) => conversation.id === dealRoom)?.unreadCount).toBe(2);
  });

  it('tells the people of a thread about each new reply, each seeing its author as they may; nobody else', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const carl = await server.signIn('carl@contoso.example');
    const root = await send(alice, 'Who reviews clause 7?');
    await send(bob, 'I can.', root.id);
    await waitFor(() => repliesHeard(alice).length === 1, 'Alice told of Bob’s reply');
    expect(repliesHeard(alice)[0]).toMatchObject({ text: 'I can.', author: { kind: 'unknown', displayName: 'UNKNOWN USER' } });
    // Bella has not written in it: she gets the reply as a member (message:created), not as one of its people.
    expect(repliesHeard(bella)).toEqual([]);

    await send(bella, 'Thanks Bob.', root.id);
    await waitFor(() => repliesHeard(alice).length === 2 && repliesHeard(bob).length === 1, 'Alice and Bob told of Bella’s reply');
    expect(repliesHeard(bob)[0]).toMatchObject({ author: { displayName: 'Bella Martins' } });

    await send(alice, 'Great.', root.id);
    await waitFor(() => repliesHeard(bob).length === 2 && repliesHeard(bella).length === 1, 'Bob and Bella told of Alice’s reply');
    expect(repliesHeard(bob)[1]).toMatchObject({ author: { kind: 'unknown' } });
    expect(JSON.stringify(bob.events)).not.toMatch(/nw-alice|Alice|Nguyen|Northwind/);
    // The writer hears nothing of their own reply as one of its people; a non-member hears nothing at all.
    expect(repliesHeard(alice)).toHaveLength(2);
    expect(carl.events.filter((event) => event.type === 'thread:replied' || event.type === 'message:created')).toEqual([]);
    // Every member got every reply, live.
    await waitFor(() => bella.events.filter((event) => event.type === 'message:created').length === 4, 'members get each reply');
  });

  it('answers only messages of the same conversation that are not replies or notices; a resend is stored and counted once', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    const root = await send(alice, 'A question');
    const reply = await send(alice, 'An answer', root.id);
    const refused = (answer: { ok: boolean; error?: { code: string } }) => expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
    refused(await alice.request('message:send', { conversationId: dealRoom, clientId: 'thread-test-reply-to-reply', text: 'x', threadId: reply.id }));
    refused(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'thread-test-elsewhere', text: 'x', threadId: root.id }));
    refused(await brian.request('message:send', { conversationId: dealRoom, clientId: 'thread-test-not-member', text: 'x', threadId: root.id }));
    refused(await alice.request('message:send', { conversationId: dealRoom, clientId: 'thread-test-no-such', text: 'x', threadId: 'm-no-such-message' }));
    // A notice (Carl joining a public channel) starts no thread.
    const carl = await server.signIn('carl@contoso.example');
    const bella = await server.signIn('bella@contoso.example');
    dataOf(await bella.request('channel:invite', { channelId: 'ch-ct-public', userIds: ['nw-alice'] }));
    const notice = dataOf(await carl.request('conversation:history', { conversationId: 'ch-ct-public' })).messages.find((message) => message.notice !== null)!;
    refused(await carl.request('message:send', { conversationId: 'ch-ct-public', clientId: 'thread-test-notice', text: 'x', threadId: notice.id }));

    const again = dataOf(await alice.request('message:send', { conversationId: dealRoom, clientId: `thread-test-${sent}`, text: 'An answer', threadId: root.id }));
    expect(again.id).toBe(reply.id);
    expect(dataOf(await alice.request('thread:history', { messageId: root.id })).root.thread?.replyCount).toBe(1);
  });

  it('a deleted reply leaves the count; a deleted first message stays, emptied, while it has replies', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const root = await send(alice, 'Root to delete');
    const keep = await send(bella, 'Stays', root.id);
    const drop = await send(bella, 'Goes', root.id);
    const updatedRoot = () => alice.events.flatMap((event) => (event.type === 'message:updated' && event.payload.message.id === root.id ? [event.payload.message] : []));

    dataOf(await bella.request('message:delete', { messageId: drop.id }));
    await waitFor(() => updatedRoot().length === 1, 'the first message’s new count');
    expect(updatedRoot()[0]?.thread).toEqual({ replyCount: 1, lastReplyAt: keep.createdAt });

    dataOf(await alice.request('message:delete', { messageId: root.id }));
    await waitFor(() => updatedRoot().length === 2, 'the emptied first message');
    expect(updatedRoot()[1]).toMatchObject({ deleted: true, text: '', file: null, thread: { replyCount: 1 } });
    expect(alice.events.some((event) => event.type === 'message:deleted' && event.payload.messageId === root.id)).toBe(false);
    const log = dataOf(await bella.request('conversation:history', { conversationId: dealRoom })).messages;
    expect(log.find((message) => message.id === root.id)).toMatchObject({ deleted: true, text: '' });
    expect(dataOf(await bella.request('thread:history', { messageId: root.id })).replies.map((reply) => reply.text)).toEqual(['Stays']);
    // Its replies can still be answered; with the last reply gone, the emptied message goes too.
    await send(alice, 'Still here', root.id);
    const stillHere = dataOf(await alice.request('thread:history', { messageId: root.id })).replies.at(-1)!;
    dataOf(await bella.request('message:delete', { messageId: keep.id }));
    dataOf(await alice.request('message:delete', { messageId: stillHere.id }));
    await waitFor(() => alice.events.some((event) => event.type === 'message:deleted' && event.payload.messageId === root.id), 'the first message gone');
    expect(dataOf(await bella.request('conversation:history', { conversationId: dealRoom })).messages.some((message) => message.id === root.id)).toBe(false);
  });

  it('catching up brings the replies sent meanwhile, each with its thread’s count', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const root = await send(alice, 'Before the drop');
    const { seq } = root;
    await send(bella, 'Reply one', root.id);
    await send(bella, 'Reply two', root.id);
    const missed = dataOf(await alice.request('conversation:history', { conversationId: dealRoom, afterSeq: seq })).messages;
    expect(missed.map((message: MessageView) => [message.text, message.threadId, message.thread?.replyCount])).toEqual([
      ['Reply one', root.id, 2],
      ['Reply two', root.id, 2],
    ]);
  });

  it('sends a reply through the outbox: kept while offline, sent once when the connection returns', async () => {
    const session = new TestSessionClient({ serverUrl: server.url, requestTimeoutMs: 2_000 });
    const host = new SessionHost(session, { openExternal: () => undefined });
    dataOf(await session.signIn({ email: 'alice@northwind.example', password: 'demo' }));
    await waitFor(() => session.connectionState === 'connected', 'connected');
    const root = dataOf(await session.request('message:send', { conversationId: dealRoom, clientId: 'outbox-root-0001', text: 'Root' }));
    session.dropConnection();
    host.outbox.enqueue({ conversationId: dealRoom, text: 'Written offline', threadId: root.id });
    await waitFor(() => session.connectionState === 'connected' && host.outbox.list().length === 0, 'the outbox empty', 10_000);
    const bella = await server.signIn('bella@contoso.example');
    const thread = dataOf(await bella.request('thread:history', { messageId: root.id }));
    expect(thread.replies.map((reply) => reply.text)).toEqual(['Written offline']);
    session.signOut();
  });
});
