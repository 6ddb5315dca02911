/**
 * Reactions and mentions (SPEC 7) end to end on a real server: three people of three accounts in
 * deal-room, where Alice (Northwind) and Bob (Fabrikam) do not see each other and Bella (Contoso)
 * sees both. Each must see the other's reactions and mentions as UNKNOWN USER, and nothing more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import type { MessageView } from '../../src-shared/protocol/model';
import { planMessageId, richSeed } from '../testing/richSeed';
import { dataOf, relaxedLimits, startTestServer, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
let alice: TestClient;
let bella: TestClient;
let bob: TestClient;
beforeEach(async () => {
  server = await startTestServer(richSeed());
  alice = await server.signIn('alice@northwind.example');
  bella = await server.signIn('bella@contoso.example');
  bob = await server.signIn('bob@fabrikam.example');
});
afterEach(async () => {
  await server.close();
});

const deal = 'ch-ct-deal';
const bobsTraces = /fb-bob|Bob|Alvarez|fabrikam|6175550161|Fabrikam/;
const aliceTraces = /nw-alice|Alice|Nguyen|northwind|4155550101|Northwind/;
const names = (message: { reactions: Array<{ emoji: string; people: Array<{ displayName: string }> }> }) =>
  Object.fromEntries(message.reactions.map((reaction) => [reaction.emoji, reaction.people.map((person) => person.displayName)]));
const eventsOf = <T extends ServerEvent['type']>(client: TestClient, type: T) => client.events.filter((event): event is Extract<ServerEvent, { type: T }> => event.type === type);
const history = async (client: TestClient, conversationId = deal) => dataOf(await client.request('conversation:history', { conversationId })).messages;
const plan = async (client: TestClient) => (await history(client)).find((message) => message.id === planMessageId)!;

describe('reactions', () => {
  it('a page of history carries each message’s reactions, people the viewer does not see as UNKNOWN USER', async () => {
    expect(names(await plan(bella))).toEqual({ '👍': ['Bob Alvarez', 'Alice Nguyen'], '🎉': ['Bella Martins'] });
    const alicesView = await plan(alice);
    expect(names(alicesView)).toEqual({ '👍': ['UNKNOWN USER', 'Alice Nguyen'], '🎉': ['Bella Martins'] });
    expect(alicesView.reactions[0]).toMatchObject({ emoji: '👍', count: 2, people: [{ kind: 'unknown' }, { kind: 'person', id: 'nw-alice' }] });
    expect(JSON.stringify(alicesView)).not.toMatch(bobsTraces);
    expect(JSON.stringify(await plan(bob))).not.toMatch(aliceTraces);
  });

  it('adding and taking back a reaction reaches every member live, each in their own view', async () => {
    const added = dataOf(await bob.request('reaction:add', { messageId: 'seed-1', emoji: '🎉' }));
    expect(names(added)).toEqual({ '🎉': ['Bob Alvarez'] });
    for (const client of [alice, bella, bob]) await waitFor(() => eventsOf(client, 'reaction:changed').length === 1, 'the reaction to reach everyone');
    expect(eventsOf(bella, 'reaction:changed')[0]!.payload).toMatchObject({ conversationId: deal, messageId: 'seed-1', reactions: [{ emoji: '🎉', count: 1, people: [{ displayName: 'Bob Alvarez' }] }] });
    const alicesEvent = eventsOf(alice, 'reaction:changed')[0]!.payload;
    expect(alicesEvent.reactions[0]!.people).toEqual([expect.objectContaining({ kind: 'unknown', displayName: 'UNKNOWN USER' })]);
    expect(JSON.stringify(alicesEvent)).not.toMatch(bobsTraces);

    // The same reaction again changes nothing, and tells nobody.
    expect(dataOf(await bob.request('reaction:add', { messageId: 'seed-1', emoji: '🎉' })).reactions[0]!.count).toBe(1);
    dataOf(await alice.request('reaction:add', { messageId: 'seed-1', emoji: '🎉' }));
    await waitFor(() => eventsOf(bella, 'reaction:changed').length === 2, 'Alice’s reaction');
    expect(names(eventsOf(bella, 'reaction:changed')[1]!.payload)).toEqual({ '🎉': ['Bob Alvarez', 'Alice Nguyen'] });

    expect(names(dataOf(await bob.request('reaction:remove', { messageId: 'seed-1', emoji: '🎉' })))).toEqual({ '🎉': ['UNKNOWN USER'] });
    await waitFor(() => eventsOf(bella, 'reaction:changed').length === 3, 'the removal');
    expect(names(await (async () => (await history(bella)).find((message) => message.id === 'seed-1')!)())).toEqual({ '🎉': ['Alice Nguyen'] });
    // Taking back what one never gave changes nothing.
    expect(dataOf(await bob.request('reaction:remove', { messageId: 'seed-1', emoji: '🎉' })).reactions[0]!.count).toBe(1);
  });

  it('keeps one key per emoji however it is spelled, and refuses what is not one emoji', async () => {
    // U+FE0F after 👍 is not part of its recommended form; after ❤ it is.
    dataOf(await alice.request('reaction:add', { messageId: 'seed-1', emoji: '👍\uFE0F' }));
    dataOf(await bella.request('reaction:add', { messageId: 'seed-1', emoji: '👍' }));
    const hearts = dataOf(await bella.request('reaction:add', { messageId: 'seed-1', emoji: '❤' }));
    expect(hearts.reactions.map((reaction) => [reaction.emoji, reaction.count])).toEqual([['👍', 2], ['❤️', 1]]);
    for (const emoji of ['', 'x', ':+1:', '👍👍', '<b>', 'a'.repeat(65)]) {
      expect(await alice.request('reaction:add', { messageId: 'seed-1', emoji })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('only members react, only to what someone wrote, and a message carries at most 50 different emoji', async () => {
    const carl = await server.signIn('carl@contoso.example');
    expect(await carl.request('reaction:add', { messageId: 'seed-1', emoji: '👍' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await alice.request('reaction:add', { messageId: 'no-such-message', emoji: '👍' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const created = dataOf(await bella.request('channel:create', { name: 'notices', visibility: 'private', memberIds: ['ct-carl'] }));
    dataOf(await bella.request('channel:update', { channelId: created.id, topic: 'A topic' }));
    const notice = (await history(bella, created.id)).find((message) => message.notice)!;
    expect(await bella.request('reaction:add', { messageId: notice.id, emoji: '👍' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const faces = [...'😀😁😂😃😄😅😆😇😈😉😊😋😌😍😎😏😐😑😒😓😔😕😖😗😘😙😚😛😜😝😞😟😠😡😢😣😤😥😦😧😨😩😪😫😬😭😮😯😰😱😲'].slice(0, 50);
    for (const face of faces) dataOf(await bella.request('reaction:add', { messageId: 'seed-1', emoji: face }));
    expect(await bella.request('reaction:add', { messageId: 'seed-1', emoji: '🙂' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('at most 50') } });
    // One it has already still counts.
    expect(dataOf(await alice.request('reaction:add', { messageId: 'seed-1', emoji: '😀' })).reactions[0]!.count).toBe(2);
  });

  it('a deleted message takes its reactions and mentions with it', async () => {
    dataOf(await bella.request('message:delete', { messageId: planMessageId }));
    expect((await server.context.reactions.forMessages([planMessageId])).size).toBe(0);
    const list = dataOf(await alice.request('conversation:list', {})).items;
    expect(list.find((conversation) => conversation.id === deal)?.unreadMentions).toBe(0);
  });
});

describe('a page of history costs the same number of queries however many messages it holds', () => {
  it('reads files, reactions and mentions of a page in a fixed number of statements', async () => {
    const statements: string[] = [];
    const traced = await startTestServer(richSeed(), { sqlTrace: (sql) => statements.push(sql), limits: relaxedLimits });
    try {
      const writer = await traced.signIn('bella@contoso.example');
      const reader = await traced.signIn('alice@northwind.example');
      // 60 messages, each with a file, a reaction and a mention.
      for (let index = 0; index < 60; index++) {
        const url = new URL('/api/files', traced.url);
        url.searchParams.set('conversationId', deal);
        url.searchParams.set('name', `note-${index}.txt`);
        const upload = (await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${writer.sessionToken}`, 'content-type': 'text/plain' }, body: 'x' })).json()) as { data: { id: string } };
        const sent = dataOf(await writer.request('message:send', { conversationId: deal, clientId: `many-${index}-0000`, text: `@Alice Nguyen #${index}`, fileId: upload.data.id }));
        dataOf(await writer.request('reaction:add', { messageId: sent.id, emoji: '👍' }));
      }
      const cost = async (limit: number) => {
        statements.length = 0;
        const page = dataOf(await reader.request('conversation:history', { conversationId: deal, limit }));
        expect(page.messages).toHaveLength(limit);
        expect(page.messages.every((message: MessageView) => message.file && message.reactions.length === 1 && message.mentions.length === 1)).toBe(true);
        return statements.length;
      };
      const small = await cost(5);
      const large = await cost(50);
      console.log(`history page: ${small} statements for 5 messages, ${large} for 50`);
      expect(large).toBe(small);
    } finally {
      await traced.close();
    }
  });
});

describe('mentions', () => {
  it('@Name of members the writer sees becomes a mention; each reader sees the person, or @UNKNOWN USER', async () => {
    const sent = dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'mention-0001', text: 'Thanks @alice nguyen and @Bob Alvarez! (cc carl@contoso.example, @Carl Jensen)' }));
    expect(sent.text).toBe('Thanks @Alice Nguyen and @Bob Alvarez! (cc carl@contoso.example, @Carl Jensen)');
    expect(sent.mentions.map((person) => person.displayName)).toEqual(['Alice Nguyen', 'Bob Alvarez']);
    await waitFor(() => eventsOf(alice, 'message:created').length === 1 && eventsOf(bob, 'message:created').length === 1, 'delivery');
    const alicesCopy = eventsOf(alice, 'message:created')[0]!.payload.message;
    expect(alicesCopy.text).toBe('Thanks @Alice Nguyen and @UNKNOWN USER! (cc carl@contoso.example, @Carl Jensen)');
    expect(alicesCopy.mentions).toEqual([expect.objectContaining({ kind: 'person', id: 'nw-alice' }), expect.objectContaining({ kind: 'unknown' })]);
    expect(JSON.stringify(alice.events)).not.toMatch(bobsTraces);
    expect(eventsOf(bob, 'message:created')[0]!.payload.message.text).toBe('Thanks @UNKNOWN USER and @Bob Alvarez! (cc carl@contoso.example, @Carl Jensen)');
    expect(JSON.stringify(bob.events)).not.toMatch(aliceTraces);
  });

  it('the people mentioned, and only they, are told in their own view, and their unread mentions are counted until read', async () => {
    const carl = await server.signIn('carl@contoso.example');
    dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'mention-0002', text: '@Alice Nguyen @Bob Alvarez @Bella Martins see this' }));
    await waitFor(() => eventsOf(alice, 'mention:received').length === 1 && eventsOf(bob, 'mention:received').length === 1, 'the mentioned told');
    expect(eventsOf(alice, 'mention:received')[0]!.payload.message.text).toBe('@Alice Nguyen @UNKNOWN USER @Bella Martins see this');
    // The author mentioning herself is not news to her; Carl is not a member.
    expect(eventsOf(bella, 'mention:received')).toEqual([]);
    expect(eventsOf(carl, 'mention:received')).toEqual([]);

    const unreadMentions = async (client: TestClient) => dataOf(await client.request('conversation:list', {})).items.find((conversation) => conversation.id === deal)?.unreadMentions;
    // The seed's plan message mentions Alice and Bob too, unread.
    expect(await unreadMentions(alice)).toBe(2);
    expect(await unreadMentions(bella)).toBe(0);
    const newest = (await history(alice)).at(-1)!;
    dataOf(await alice.request('conversation:read', { conversationId: deal, seq: newest.seq }));
    expect(await unreadMentions(alice)).toBe(0);
    expect(await unreadMentions(bob)).toBe(2);
  });

  it('@ reaches only members the writer sees: Alice cannot mention Bob, nor Carl who is not a member', async () => {
    const sent = dataOf(await alice.request('message:send', { conversationId: deal, clientId: 'mention-0003', text: '@Bob Alvarez and @Carl Jensen and @Bella Martins' }));
    expect(sent.mentions.map((person) => person.displayName)).toEqual(['Bella Martins']);
    await server.settled(bella, bob);
    expect(eventsOf(bella, 'mention:received')).toHaveLength(1);
    expect(eventsOf(bob, 'mention:received')).toEqual([]);
    // What Alice typed of people she may not mention stays as she typed it.
    expect(eventsOf(bob, 'message:created')[0]!.payload.message).toMatchObject({ text: '@Bob Alvarez and @Carl Jensen and @Bella Martins', mentions: [{ displayName: 'Bella Martins' }] });
  });

  it('a mention of someone who later becomes unseen reads @UNKNOWN USER, and an edit keeps it', async () => {
    expect((await plan(bella)).text).toBe('Plan for Thursday: @Alice Nguyen reviews, @Bob Alvarez drafts.');
    await server.federations.delete({ federationId: 'fed-ct-fb', ackChannelCleanup: true });
    await waitFor(() => bella.events.some((event) => event.type === 'directory:changed'), 'Bella told of the change');
    const after = await plan(bella);
    expect(after.text).toBe('Plan for Thursday: @Alice Nguyen reviews, @UNKNOWN USER drafts.');
    expect(JSON.stringify(after)).not.toMatch(bobsTraces);

    // Bella edits the message as she reads it: Bob stays mentioned, and is not told again.
    const edited = dataOf(await bella.request('message:edit', { messageId: planMessageId, text: 'Plan for Friday: @Alice Nguyen reviews, @UNKNOWN USER drafts.' }));
    expect(edited.mentions).toHaveLength(2);
    const bobsView = (await plan(bob)).text;
    expect(bobsView).toBe('Plan for Friday: @UNKNOWN USER reviews, @Bob Alvarez drafts.');
    expect(eventsOf(bob, 'mention:received')).toEqual([]);
  });

  it('an edit that adds a mention tells only the person newly mentioned', async () => {
    const sent = dataOf(await bella.request('message:send', { conversationId: deal, clientId: 'mention-0004', text: 'Draft ready' }));
    dataOf(await bella.request('message:edit', { messageId: sent.id, text: 'Draft ready, @Alice Nguyen' }));
    await waitFor(() => eventsOf(alice, 'mention:received').length === 1, 'Alice told');
    dataOf(await bella.request('message:edit', { messageId: sent.id, text: 'Draft ready, @Alice Nguyen!' }));
    await server.settled(alice);
    expect(eventsOf(alice, 'mention:received')).toHaveLength(1);
  });

  it('private-use characters people type cannot forge a mention', async () => {
    const sent = dataOf(await alice.request('message:send', { conversationId: deal, clientId: 'mention-0005', text: 'hi \uE000fb-bob\uE001 there' }));
    expect(sent.text).toBe('hi fb-bob there');
    expect(sent.mentions).toEqual([]);
  });
});
