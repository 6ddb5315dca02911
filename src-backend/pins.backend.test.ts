/**
 * Pinned messages (SPEC 9 `Pin`): a member pins a message for every member, each sees the list as
 * they see its authors (SPEC 1 rule 7), and nobody outside the conversation pins, unpins or reads it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { maxPinnedMessages } from '../src-shared/protocol/conversationProtocol';
import { basicSeed, dataOf, relaxedLimits, startTestServer, waitFor, type TestClient, type TestServer } from './testing/testServer';

const dealRoom = 'ch-ct-deal';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const pinsChanged = (client: TestClient) => client.events.filter((event) => event.type === 'conversation:pinsChanged').map((event) => event.payload);

describe('pinned messages', () => {
  it('a member pins a message for every member, each sees its author as they may, and unpins it', async () => {
    server = await startTestServer(basicSeed());
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const carl = await server.signIn('carl@contoso.example');
    const draft = dataOf(await bella.request('conversation:history', { conversationId: dealRoom })).messages.find((message) => message.text === 'Draft is in the folder.')!;
    expect(dataOf(await bella.request('conversation:pinned', { conversationId: dealRoom }))).toEqual([]);

    expect(dataOf(await bella.request('message:pin', { messageId: draft.id, pinned: true }))).toEqual({ messageId: draft.id, pinned: true });
    await waitFor(() => pinsChanged(alice).length === 1 && pinsChanged(bob).length === 1, 'members told');
    expect(pinsChanged(alice)).toEqual([{ conversationId: dealRoom }]);
    // Bella sees Bob; Alice does not, so his message is UNKNOWN USER's to her, as in the log.
    expect(dataOf(await bella.request('conversation:pinned', { conversationId: dealRoom })).map((message) => [message.text, message.author.displayName])).toEqual([['Draft is in the folder.', 'Bob Alvarez']]);
    const forAlice = dataOf(await alice.request('conversation:pinned', { conversationId: dealRoom }));
    expect(forAlice.map((message) => [message.text, message.author.displayName])).toEqual([['Draft is in the folder.', 'UNKNOWN USER']]);
    expect(JSON.stringify(forAlice)).not.toMatch(/Bob|fb-bob|Fabrikam/);

    // Carl is not in deal-room: he hears nothing, and may neither read nor change the list.
    expect(pinsChanged(carl)).toEqual([]);
    expect(await carl.request('conversation:pinned', { conversationId: dealRoom })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('message:pin', { messageId: draft.id, pinned: false })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This message is not available to you.' } });
    expect(await carl.request('message:pin', { messageId: 'no-such-message', pinned: true })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This message is not available to you.' } });
    expect(await bella.request('message:pin', { messageId: draft.id } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(dataOf(await bella.request('conversation:pinned', { conversationId: dealRoom }))).toHaveLength(1);

    // Pinning again changes nothing and tells nobody; Alice unpins it for everyone.
    dataOf(await bella.request('message:pin', { messageId: draft.id, pinned: true }));
    dataOf(await alice.request('message:pin', { messageId: draft.id, pinned: false }));
    await waitFor(() => pinsChanged(bob).length === 2, 'Bob told of the unpin');
    expect(pinsChanged(bella)).toHaveLength(2);
    expect(dataOf(await bob.request('conversation:pinned', { conversationId: dealRoom }))).toEqual([]);
  });

  it('a deleted message leaves the list, and a conversation keeps at most so many pinned', async () => {
    server = await startTestServer(basicSeed(), { limits: relaxedLimits });
    const bella = await server.signIn('bella@contoso.example');
    const sent = [];
    for (let index = 0; index <= maxPinnedMessages; index++) {
      sent.push(dataOf(await bella.request('message:send', { conversationId: dealRoom, clientId: `pin-${index}-client`, text: `note ${index}` })));
    }
    for (const message of sent.slice(0, maxPinnedMessages)) dataOf(await bella.request('message:pin', { messageId: message.id, pinned: true }));
    expect(await bella.request('message:pin', { messageId: sent[maxPinnedMessages]!.id, pinned: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    dataOf(await bella.request('message:delete', { messageId: sent[0]!.id }));
    const pinned = dataOf(await bella.request('conversation:pinned', { conversationId: dealRoom }));
    expect(pinned).toHaveLength(maxPinnedMessages - 1);
    expect(pinned.map((message) => message.id)).not.toContain(sent[0]!.id);
    // Room again for one more.
    dataOf(await bella.request('message:pin', { messageId: sent[maxPinnedMessages]!.id, pinned: true }));
  });
});
