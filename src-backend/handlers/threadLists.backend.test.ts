/**
 * The Threads and Mentions views (SPEC 9): a person's threads with the replies they have not
 * read, read state per thread on the backend, and the messages that mention them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { richSeed } from '../testing/richSeed';
import type { FakeClock } from '../domain/clock';
import { basicSeed, dataOf, startTestServer, startTestServerWithClock, waitFor, type TestServer } from '../testing/testServer';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('threads view', () => {
  it('lists the threads one is in, newest reply first, with the replies one has not read; reading one is told to every client', async () => {
    // A clock moved a second between messages: on the system clock two replies sent one after the
    // other could share a millisecond, and threads whose newest replies tie are in no set order.
    let clock: FakeClock;
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bellaLaptop = await server.signIn('bella@contoso.example');
    const send = async (client: typeof alice, message: { clientId: string; text: string; threadId?: string }) => {
      clock.advance(1_000);
      return dataOf(await client.request('message:send', { conversationId: 'ch-ct-deal', ...message }));
    };
    const root = await send(bella, { clientId: 'root-of-thread', text: 'Who reviews clause 7?' });
    const other = await send(alice, { clientId: 'root-of-other', text: 'Lunch?' });
    for (const text of ['I can', 'Tomorrow']) await send(alice, { clientId: `reply-${text}`, text, threadId: root.id });
    await send(bella, { clientId: 'reply-other', text: 'Yes', threadId: other.id });

    const bellaThreads = dataOf(await bella.request('thread:list', {}));
    // Her own reply in Alice's thread is newest; its one reply is hers, so nothing is unread there.
    expect(bellaThreads.items.map((item) => [item.root.text, item.unreadReplies, item.root.thread?.replyCount])).toEqual([
      ['Lunch?', 0, 1],
      ['Who reviews clause 7?', 2, 2],
    ]);
    expect(bellaThreads.items[1]!.conversation).toEqual({ id: 'ch-ct-deal', kind: 'channel', title: 'deal-room' });
    // Alice is in both: she wrote in one and started the other.
    expect(dataOf(await alice.request('thread:list', {})).items.map((item) => [item.root.text, item.unreadReplies])).toEqual([
      ['Lunch?', 1],
      ['Who reviews clause 7?', 0],
    ]);

    const newest = dataOf(await bella.request('thread:history', { messageId: root.id })).replies.at(-1)!;
    dataOf(await bella.request('thread:read', { messageId: root.id, seq: newest.seq }));
    await waitFor(() => bellaLaptop.events.some((event) => event.type === 'thread:readChanged'), 'the laptop to hear of it');
    expect(bellaLaptop.events.find((event) => event.type === 'thread:readChanged')?.payload).toEqual({ conversationId: 'ch-ct-deal', rootId: root.id, lastReadSeq: newest.seq, unreadReplies: 0 });
    expect(dataOf(await bella.request('thread:list', {})).items.map((item) => item.unreadReplies)).toEqual([0, 0]);
    // Not backwards; and not a thread one is not in.
    dataOf(await bella.request('thread:read', { messageId: root.id, seq: 0 }));
    expect((await server.context.threads.mark(root.id, 'ct-bella'))?.lastReadSeq).toBe(newest.seq);
    const carl = await server.signIn('carl@contoso.example');
    expect(await carl.request('thread:read', { messageId: root.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('pages through many threads with a cursor, and refuses a cursor that is not one of ours', async () => {
    // A second between threads, so their newest replies do not tie (see above).
    let clock: FakeClock;
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    for (let index = 0; index < 5; index++) {
      clock.advance(1_000);
      const root = dataOf(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `root-${index}-id`, text: `topic ${index}` }));
      dataOf(await brian.request('message:send', { conversationId: 'ch-nw-general', clientId: `reply-${index}-id`, text: 'ok', threadId: root.id }));
    }
    const first = dataOf(await alice.request('thread:list', { limit: 3 }));
    const second = dataOf(await alice.request('thread:list', { limit: 3, cursor: first.nextCursor! }));
    expect([...first.items, ...second.items].map((item) => item.root.text)).toEqual(['topic 4', 'topic 3', 'topic 2', 'topic 1', 'topic 0']);
    expect(second.nextCursor).toBeNull();
    expect(await alice.request('thread:list', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('mentions view', () => {
  it('lists the messages that mention one, newest first, as one sees their people, and whether each is unread', async () => {
    server = await startTestServer(richSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    dataOf(await bella.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'mention-two', text: '@Alice Nguyen can you sign?' }));
    const mentions = dataOf(await alice.request('mention:list', {}));
    expect(mentions.items.map((item) => [item.message.text, item.unread, item.conversation.title])).toEqual([
      ['@Alice Nguyen can you sign?', true, 'deal-room'],
      ['Plan for Thursday: @Alice Nguyen reviews, @UNKNOWN USER drafts.', true, 'deal-room'],
    ]);
    expect(JSON.stringify(mentions)).not.toContain('Bob');
    const dealRoom = dataOf(await alice.request('conversation:list', {})).items.find((conversation) => conversation.id === 'ch-ct-deal')!;
    dataOf(await alice.request('conversation:read', { conversationId: 'ch-ct-deal', seq: dealRoom.lastSeq }));
    expect(dataOf(await alice.request('mention:list', {})).items.map((item) => item.unread)).toEqual([false, false]);
    // Carl is mentioned nowhere; Dana sees none of it.
    const dana = await server.signIn('dana@tailspin.example');
    expect(dataOf(await dana.request('mention:list', {})).items).toEqual([]);
  });
});
