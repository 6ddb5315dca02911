/**
 * Notifications you control and naming a group chat (SPEC 9): a member's own `Mute` and
 * `Notifications` level, kept in the store and told to all their clients, and a group chat's name
 * given by its members, told to each in their own view. Runs on SQLite and on PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { directConversationId } from './domain/conversationIds';
import { basicSeed, dataOf, startTestServer, waitFor, type TestClient, type TestServer } from './testing/testServer';

const dealRoom = 'ch-ct-deal';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const eventsOf = (client: TestClient, type: string) => client.events.filter((event) => event.type === type).map((event) => event.payload);
const listed = async (client: TestClient, conversationId: string) => dataOf(await client.request('conversation:list', {})).items.find((item) => item.id === conversationId);

describe('conversation settings', () => {
  it('a member mutes a conversation and picks its notifications: stored, told to every client of theirs and to nobody else', async () => {
    server = await startTestServer(basicSeed());
    const bella = await server.signIn('bella@contoso.example');
    const bellaTab = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    expect(await listed(bella, dealRoom)).toMatchObject({ muted: false, notify: 'all' });

    expect(dataOf(await bella.request('conversation:settings', { conversationId: dealRoom, muted: true }))).toEqual({ conversationId: dealRoom, muted: true, notify: 'all' });
    await waitFor(() => eventsOf(bellaTab, 'conversation:settingsChanged').length === 1, 'the other tab told');
    expect(eventsOf(bellaTab, 'conversation:settingsChanged')).toEqual([{ conversationId: dealRoom, muted: true, notify: 'all' }]);
    // Only the fields asked for change.
    expect(dataOf(await bellaTab.request('conversation:settings', { conversationId: dealRoom, notify: 'nothing' }))).toEqual({ conversationId: dealRoom, muted: true, notify: 'nothing' });
    await waitFor(() => eventsOf(bella, 'conversation:settingsChanged').length === 2, 'the first tab told');

    // In the store: a fresh sign-in lists it so; Alice, a member too, keeps her own settings and heard nothing.
    const later = await server.signIn('bella@contoso.example');
    expect(await listed(later, dealRoom)).toMatchObject({ muted: true, notify: 'nothing' });
    expect(await listed(alice, dealRoom)).toMatchObject({ muted: false, notify: 'all' });
    expect(eventsOf(alice, 'conversation:settingsChanged')).toEqual([]);

    // Unmuted: back to counting.
    dataOf(await bella.request('conversation:settings', { conversationId: dealRoom, muted: false, notify: 'mentions' }));
    expect(await listed(later, dealRoom)).toMatchObject({ muted: false, notify: 'mentions' });
  });

  it('refuses bad settings and non-members, changing nothing', async () => {
    server = await startTestServer(basicSeed());
    const bella = await server.signIn('bella@contoso.example');
    const carl = await server.signIn('carl@contoso.example');
    const dana = await server.signIn('dana@tailspin.example');
    for (const payload of [
      { conversationId: dealRoom },
      { conversationId: dealRoom, notify: 'loud' },
      { conversationId: dealRoom, muted: 'yes' },
      { conversationId: dealRoom, muted: true, extra: 1 },
      { conversationId: '', muted: true },
    ]) {
      expect(await bella.request('conversation:settings', payload as never), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    for (const [client, conversationId] of [
      [carl, dealRoom],
      [dana, dealRoom],
      [carl, 'no-such-conversation'],
      // A 1:1 chat of two others.
      [dana, directConversationId('nw-alice', 'ct-bella')],
    ] as const) {
      expect(await client.request('conversation:settings', { conversationId, muted: true })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This conversation is not available to you.' } });
    }
    expect(await listed(bella, dealRoom)).toMatchObject({ muted: false, notify: 'all' });
    expect(eventsOf(bella, 'conversation:settingsChanged')).toEqual([]);
  });
});

describe('naming a group chat', () => {
  it('a member names it for every member, each told who did as they see them; clearing brings back the members as title', async () => {
    server = await startTestServer(basicSeed());
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const carl = await server.signIn('carl@contoso.example');
    const brian = await server.signIn('brian@northwind.example');
    const group = dataOf(await bella.request('group:create', { memberIds: ['nw-alice', 'ct-carl'] }));
    expect(group).toMatchObject({ title: 'Alice Nguyen, Carl Jensen', named: false });

    const named = dataOf(await alice.request('group:rename', { conversationId: group.id, name: '  Launch  ' }));
    expect(named).toMatchObject({ id: group.id, title: 'Launch', named: true });
    await waitFor(() => eventsOf(carl, 'conversation:changed').some((payload) => (payload as { conversationId: string }).conversationId === group.id), 'Carl told');
    expect(await listed(carl, group.id)).toMatchObject({ title: 'Launch', named: true });
    expect(await listed(bella, group.id)).toMatchObject({ title: 'Launch', named: true });
    const notice = dataOf(await carl.request('conversation:history', { conversationId: group.id })).messages.at(-1)!;
    expect(notice).toMatchObject({ author: { displayName: 'Alice Nguyen' }, notice: { kind: 'named', name: 'Launch' } });
    // Naming it the same again changes nothing and posts nothing.
    dataOf(await bella.request('group:rename', { conversationId: group.id, name: 'Launch' }));
    expect(dataOf(await carl.request('conversation:history', { conversationId: group.id })).messages.filter((message) => message.notice?.kind === 'named')).toHaveLength(1);
    // Message search names the conversation by its name too.
    dataOf(await bella.request('message:send', { conversationId: group.id, clientId: 'named-group-1', text: 'kickoff agenda' }));
    const results = dataOf(await carl.request('message:search', { query: 'kickoff' })).items;
    expect(results.map((result) => result.conversation.title)).toEqual(['Launch']);

    // Brian is no member: he may not name it and hears nothing.
    expect(await brian.request('group:rename', { conversationId: group.id, name: 'Mine' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(eventsOf(brian, 'conversation:changed')).toEqual([]);
    // Names follow the rules of channel names.
    for (const name of ['', '   ', 'x'.repeat(81), 'a\u0000b', 42]) {
      expect(await bella.request('group:rename', { conversationId: group.id, name } as never), JSON.stringify(name)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    // Not a 1:1 chat, nor a channel.
    expect(await bella.request('group:rename', { conversationId: directConversationId('nw-alice', 'ct-bella'), name: 'Us' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await bella.request('group:rename', { conversationId: dealRoom, name: 'Ours' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await listed(bella, dealRoom)).toMatchObject({ title: 'deal-room' });

    // Cleared: titled by its members again, each as they see them.
    expect(dataOf(await carl.request('group:rename', { conversationId: group.id, name: null }))).toMatchObject({ title: 'Alice Nguyen, Bella Martins', named: false });
    expect(await listed(bella, group.id)).toMatchObject({ title: 'Alice Nguyen, Carl Jensen', named: false });
    expect(dataOf(await alice.request('conversation:history', { conversationId: group.id })).messages.at(-1)).toMatchObject({ author: { displayName: 'Carl Jensen' }, notice: { kind: 'named', name: null } });
  });

  it('a member no longer seen is UNKNOWN USER in the notice of their naming', async () => {
    server = await startTestServer(basicSeed());
    const bella = await server.signIn('bella@contoso.example');
    const alice = await server.signIn('alice@northwind.example');
    const group = dataOf(await bella.request('group:create', { memberIds: ['nw-alice', 'ct-carl'] }));
    dataOf(await alice.request('group:rename', { conversationId: group.id, name: 'Launch' }));
    // Bob joins the group (Bella sees him); Alice and Bob do not see each other.
    dataOf(await bella.request('channel:invite', { channelId: group.id, userIds: ['fb-bob'], confirmSplit: true }));
    const bob = await server.signIn('bob@fabrikam.example');
    const history = dataOf(await bob.request('conversation:history', { conversationId: group.id }));
    const notice = history.messages.find((message) => message.notice?.kind === 'named')!;
    expect(notice.author.displayName).toBe('UNKNOWN USER');
    expect(JSON.stringify(history)).not.toMatch(/Alice|nw-alice|Northwind/);
    expect(await listed(bob, group.id)).toMatchObject({ title: 'Launch' });
  });
});
