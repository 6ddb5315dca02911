/**
 * Group chats (SPEC 7): Northwind (Alice, Brian) and Contoso (Bella, Carl) are federated, as are
 * Contoso and Fabrikam (Bob); Northwind and Fabrikam are not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicSeed, dataOf, relaxedLimits, startTestServer, waitFor, type TestServer } from '../testing/testServer';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { limits: relaxedLimits });
});
afterEach(async () => {
  await server.close();
});

/** Adds people to Northwind (as the console does); their ids. */
async function addNurses(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) ids.push((await server.federations.addUser({ accountId: '100100', name: `Nurse ${index}`, email: `nurse${index}@northwind.example`, password: 'a long passphrase' })).id);
  return ids;
}

describe('group chats', () => {
  it('starts a group of people who all see each other, titled for each member by the others as they see them', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const group = dataOf(await alice.request('group:create', { memberIds: ['nw-brian', 'ct-bella'] }));
    expect(group).toMatchObject({ kind: 'group', title: 'Bella Martins, Brian Okafor', accountId: null, visibility: null, canEdit: false, sharedWith: ['Contoso Legal'] });
    await waitFor(() => bella.events.some((event) => event.type === 'conversation:changed' && event.payload.conversationId === group.id), 'Bella told');
    expect(dataOf(await bella.request('conversation:list', {})).items.find((conversation) => conversation.id === group.id)?.title).toBe('Alice Nguyen, Brian Okafor');
    const members = dataOf(await bella.request('channel:members', { channelId: group.id }));
    expect(members.map((member) => member.displayName).sort()).toEqual(['Alice Nguyen', 'Bella Martins', 'Brian Okafor']);

    // Messages reach every member; the same people again open the same group.
    dataOf(await bella.request('message:send', { conversationId: group.id, clientId: 'group-test-0001', text: 'Hello all' }));
    await waitFor(() => alice.events.some((event) => event.type === 'message:created' && event.payload.message.conversationId === group.id), 'Alice gets it');
    expect(dataOf(await bella.request('group:create', { memberIds: ['nw-alice', 'nw-brian'] })).id).toBe(group.id);
  });

  it('is refused, naming who cannot see whom, when two of its people do not see each other', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const refused = await bella.request('group:create', { memberIds: ['nw-alice', 'fb-bob', 'nw-brian'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });
    if (refused.ok) return;
    expect(refused.error.message).toContain('Alice Nguyen (Northwind Health) and Bob Alvarez (Fabrikam Labs)');
    expect(refused.error.message).toContain('Bob Alvarez (Fabrikam Labs) and Brian Okafor (Northwind Health)');
    expect(refused.error.message).toMatch(/these people cannot see each other/);
    // Someone the creator does not see is refused without a word about who they see.
    const alice = await server.signIn('alice@northwind.example');
    const unseen = await alice.request('group:create', { memberIds: ['ct-bella', 'fb-bob'] });
    expect(unseen).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(unseen)).not.toMatch(/Bob|Alvarez|Fabrikam/);
    expect(await alice.request('group:create', { memberIds: ['nw-brian'] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(dataOf(await alice.request('conversation:list', {})).items.some((conversation) => conversation.kind === 'group')).toBe(false);
  });

  it('takes 3 to 10 people: adding past 10 is refused', async () => {
    const nurses = await addNurses(9);
    const alice = await server.signIn('alice@northwind.example');
    expect(await alice.request('group:create', { memberIds: [...nurses, 'nw-brian'] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const group = dataOf(await alice.request('group:create', { memberIds: nurses }));
    expect(dataOf(await alice.request('channel:members', { channelId: group.id }))).toHaveLength(10);
    expect(await alice.request('channel:invite', { channelId: group.id, userIds: ['nw-brian'] })).toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('adds people with the same warning as a channel invitation, and members may leave', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const brian = await server.signIn('brian@northwind.example');
    const group = dataOf(await alice.request('group:create', { memberIds: ['nw-brian', 'ct-bella'] }));
    const preview = dataOf(await bella.request('channel:previewInvite', { channelId: group.id, userIds: ['fb-bob'] }));
    expect(preview.warnings.map((warning) => warning.text)).toEqual(['Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 2 members from Northwind Health.']);
    expect(await bella.request('channel:invite', { channelId: group.id, userIds: ['fb-bob'] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    dataOf(await bella.request('channel:invite', { channelId: group.id, userIds: ['fb-bob'], confirmSplit: true }));

    // Bob is UNKNOWN USER to Alice in the title, the members and the notice, and nothing of his reaches her.
    const aliceSees = dataOf(await alice.request('conversation:list', {})).items.find((conversation) => conversation.id === group.id)!;
    expect(aliceSees.title).toBe('Bella Martins, Brian Okafor, UNKNOWN USER');
    expect(aliceSees.hasUnknownMembers).toBe(true);
    const history = dataOf(await alice.request('conversation:history', { conversationId: group.id }));
    expect(history.messages.at(-1)?.notice).toMatchObject({ kind: 'added', people: [{ kind: 'unknown', displayName: 'UNKNOWN USER' }] });
    expect(JSON.stringify([aliceSees, history, alice.events])).not.toMatch(/fb-bob|Bob|Alvarez|Fabrikam/);

    dataOf(await brian.request('channel:leave', { channelId: group.id }));
    expect(await brian.request('conversation:history', { conversationId: group.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(dataOf(await alice.request('conversation:list', {})).items.find((conversation) => conversation.id === group.id)?.title).toBe('Bella Martins, UNKNOWN USER');
  });

  it('after a federation change behaves like a private channel: members stay, people no longer seen are UNKNOWN USER', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const group = dataOf(await alice.request('group:create', { memberIds: ['nw-brian', 'ct-bella'] }));
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    const aliceList = dataOf(await alice.request('conversation:list', {})).items;
    // The 1:1 chat with Bella is hidden; the group chat stays, with Bella unknown to Alice.
    expect(aliceList.map((conversation) => conversation.title).sort()).toEqual(['Brian Okafor, UNKNOWN USER', 'deal-room', 'general']);
    expect(dataOf(await bella.request('conversation:list', {})).items.find((conversation) => conversation.id === group.id)?.title).toBe('UNKNOWN USER, UNKNOWN USER');
    dataOf(await bella.request('message:send', { conversationId: group.id, clientId: 'group-test-after-change', text: 'Still here' }));
    const history = dataOf(await alice.request('conversation:history', { conversationId: group.id }));
    expect(history.messages.at(-1)).toMatchObject({ text: 'Still here', author: { kind: 'unknown' } });
    expect(JSON.stringify(history)).not.toMatch(/ct-bella|Bella|Martins|Contoso/);
  });
});
