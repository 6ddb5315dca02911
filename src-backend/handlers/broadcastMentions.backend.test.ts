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

describe('@here and @channel are bounded (limits broadcastMentionReach)', () => {
  // deal-room has three members: past the writer, @channel reaches two, @here (Bob offline) one.
  let small: TestServer;
  afterEach(async () => {
    await small.close();
  });

  it('a message whose @channel would mention more people than the limit is refused, saying why, and writes nothing; @here within it goes through', async () => {
    small = await startTestServer(richSeed(), { limits: { broadcastMentionReach: 1 } });
    const writer = await small.signIn('bella@contoso.example');
    const reader = await small.signIn('alice@northwind.example');
    const history = async () => dataOf(await writer.request('conversation:history', { conversationId: deal })).messages.map((message) => message.text);
    const before = await history();

    const refused = await writer.request('message:send', { conversationId: deal, clientId: 'bound-0001', text: '@channel all hands' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(!refused.ok && refused.error.message).toBe('@channel would notify 2 people here; at most 1 can be notified at once. Mention people by name, or write without @channel.');
    // Nothing stored: no message, no mention of anyone.
    expect(await history()).toEqual(before);
    expect(await mentionTexts(reader)).not.toContain('@channel all hands');

    // An edit that would add @channel is refused the same way and leaves the message as it was.
    const sent = dataOf(await writer.request('message:send', { conversationId: deal, clientId: 'bound-0002', text: 'notes' }));
    expect(await writer.request('message:edit', { messageId: sent.id, text: 'notes @channel' })).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect((await history()).at(-1)).toBe('notes');

    // @here reaches only Alice (Bob is offline): within the limit, it is sent and mentions her.
    dataOf(await writer.request('message:send', { conversationId: deal, clientId: 'bound-0003', text: '@here quick one' }));
    await waitFor(() => eventsOf(reader, 'mention:received').length === 1, 'Alice told');
    await small.settled(reader);
    expect(eventsOf(reader, 'mention:received').map((event) => event.payload.message.text)).toEqual(['@here quick one']);
  });

  it('a limit of 0 turns @here and @channel off; a message naming people still mentions them', async () => {
    small = await startTestServer(richSeed(), { limits: { broadcastMentionReach: 0 } });
    const writer = await small.signIn('bella@contoso.example');
    const reader = await small.signIn('alice@northwind.example');
    const refused = await writer.request('message:send', { conversationId: deal, clientId: 'bound-0004', text: '@here anyone?' });
    expect(!refused.ok && refused.error.message).toBe('@here is turned off on this server: mention people by name.');
    dataOf(await writer.request('message:send', { conversationId: deal, clientId: 'bound-0005', text: '@Alice Nguyen anyone?' }));
    await waitFor(() => eventsOf(reader, 'mention:received').length === 1, 'Alice told');
  });
});
