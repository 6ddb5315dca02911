/**
 * `@here` and `@channel` (SPEC 9) on a real server: in deal-room (Bella, Alice and Bob, where
 * Alice and Bob do not see each other), `@here` mentions the members online and `@channel` all of
 * them: each is told, it counts in their unread mentions and their Mentions view, and nobody is
 * named to anyone. In a chat the words are plain text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { richSeed } from '../testing/richSeed';
import { dataOf, startTestServer, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
let alice: TestClient;
let bella: TestClient;
beforeEach(async () => {
  server = await startTestServer(richSeed());
  // Bob is not signed in: offline.
  alice = await server.signIn('alice@northwind.example');
  bella = await server.signIn('bella@contoso.example');
});
afterEach(async () => {
  await server.close();
});

const deal = 'ch-ct-deal';
const bobsTraces = /fb-bob|Bob|Alvarez|fabrikam|6175550161|Fabrikam/;
const eventsOf = <T extends ServerEvent['type']>(client: TestClient, type: T) => client.events.filter((event): event is Extract<ServerEvent, { type: T }> => event.type === type);
const unreadMentions = async (client: TestClient, conversationId = deal) => dataOf(await client.request('conversation:list', {})).items.find((conversation) => conversation.id === conversationId)?.unreadMentions;
const mentionTexts = async (client: TestClient) => dataOf(await client.request('mention:list', {})).items.map((item) => item.message.text);

describe('@here and @channel in a channel', () => {
  it('@here mentions the members online, not those offline; @channel mentions every member; the writer is not told', async () => {
    const aliceBefore = (await unreadMentions(alice))!;
    const here = dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'here-0001', text: '@here standup in 5' }));
    // The text keeps the word, and names nobody.
    expect(here).toMatchObject({ text: '@here standup in 5' });
    expect(here.mentions ?? []).toEqual([]);
    await waitFor(() => eventsOf(alice, 'mention:received').length === 1, 'Alice (online) told');
    expect(eventsOf(alice, 'mention:received')[0]!.payload.message.text).toBe('@here standup in 5');
    expect(await unreadMentions(alice)).toBe(aliceBefore + 1);
    expect(await mentionTexts(alice)).toContain('@here standup in 5');

    // Bob was offline: the @here is not his mention.
    const bob = await server.signIn('bob@fabrikam.example');
    const bobBefore = (await unreadMentions(bob))!;
    expect(await mentionTexts(bob)).not.toContain('@here standup in 5');

    dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'here-0002', text: 'Heads up @Channel: the deal closes Friday' }));
    await waitFor(() => eventsOf(alice, 'mention:received').length === 2 && eventsOf(bob, 'mention:received').length === 1, 'every member told');
    expect(await unreadMentions(bob)).toBe(bobBefore + 1);
    expect(await mentionTexts(bob)).toContain('Heads up @Channel: the deal closes Friday');
    await server.settled(bella);
    expect(eventsOf(bella, 'mention:received')).toEqual([]);
    // Alice, who does not see Bob, learns nothing of him from a mention that reached him too.
    expect(JSON.stringify(alice.events)).not.toMatch(bobsTraces);
  });

  it('an address or a longer word is not a channel-wide mention', async () => {
    dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'here-0003', text: 'write to team@here.example, @heres and @channels' }));
    await server.settled(alice);
    expect(eventsOf(alice, 'mention:received')).toEqual([]);
  });

  it('an edit that adds @channel tells the members, once', async () => {
    const sent = dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'here-0004', text: 'Deal notes' }));
    dataOf(await bella.request('message:edit', { messageId: sent.id, text: 'Deal notes @channel' }));
    await waitFor(() => eventsOf(alice, 'mention:received').length === 1, 'Alice told of the edit');
    dataOf(await bella.request('message:edit', { messageId: sent.id, text: 'Deal notes, @channel' }));
    await server.settled(alice);
    expect(eventsOf(alice, 'mention:received')).toHaveLength(1);
  });
});

describe('@here and @channel outside channels', () => {
  it('are plain words in a 1:1 chat: nobody is told, nothing counts', async () => {
    const chat = dataOf(await bella.request('chat:open', { userId: 'nw-alice' }));
    dataOf(await bella.request('message:send', { conversationId: chat.id, clientId: 'here-0005', text: '@here @channel hello' }));
    await server.settled(alice);
    expect(eventsOf(alice, 'mention:received')).toEqual([]);
    expect(await unreadMentions(alice, chat.id)).toBe(0);
  });
});
