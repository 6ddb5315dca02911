/**
 * Federation made visible (SPEC 1 rules 6 and 7): invitations warn and need a confirmation,
 * shared channels name the other accounts the viewer sees, unknown people get references of
 * their conversation only, and directory events reach only the accounts whose view changed.
 * People of four accounts (federation-basic.json): Northwind–Contoso and Contoso–Fabrikam are
 * federated; Northwind and Fabrikam are not; Tailspin is federated with nobody.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationSummary, PersonRef, UnknownPerson } from '../../src-shared/protocol/model';
import { basicSeed, dataOf, startTestServer, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed());
});
afterEach(async () => {
  await server.close();
});

const consents = (...accountIds: string[]) => accountIds.map((accountId) => ({ accountId, who: 'Someone', form: 'written' as const }));
const unknownOf = (people: PersonRef[]) => people.filter((person): person is UnknownPerson => person.kind === 'unknown');
const conversation = async (client: TestClient, id: string) => dataOf(await client.request('conversation:list', {})).items.find((candidate) => candidate.id === id);

/** Bella (Contoso) makes a private channel with Alice and Brian (Northwind): everyone sees everyone. */
async function northwindRoom(bella: TestClient): Promise<string> {
  return dataOf(await bella.request('channel:create', { name: 'northwind-room', visibility: 'private', memberIds: ['nw-alice', 'nw-brian'] })).id;
}

describe('invitation warnings (SPEC 1 rule 6)', () => {
  it('Bella inviting Bob (Fabrikam) where two Northwind members are: told by account, refused until she confirms', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const channelId = await northwindRoom(bella);
    const preview = dataOf(await bella.request('channel:previewInvite', { channelId, userIds: ['fb-bob'] }));
    expect(preview.warnings).toEqual([
      {
        personId: 'fb-bob',
        displayName: 'Bob Alvarez',
        accountName: 'Fabrikam Labs',
        hiddenFrom: [{ accountName: 'Northwind Health', count: 2 }],
        unknownMembers: { count: 0, certain: false },
        text: 'Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 2 members from Northwind Health.',
      },
    ]);

    const refused = await bella.request('channel:invite', { channelId, userIds: ['fb-bob'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!refused.ok && refused.error.message).toContain('Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 2 members from Northwind Health.');
    expect(await server.context.conversations.isMember(channelId, 'fb-bob')).toBe(false);

    const members = dataOf(await bella.request('channel:invite', { channelId, userIds: ['fb-bob'], confirmSplit: true }));
    expect(members.map((member) => member.displayName)).toContain('Bob Alvarez');
  });

  it('an inviter is told about members they do not see only by number, and whether it is sure or not', async () => {
    // Alice does not see Bob in deal-room: Brian, of her own account, will not see him either.
    const alice = await server.signIn('alice@northwind.example');
    const brian = dataOf(await alice.request('channel:previewInvite', { channelId: 'ch-ct-deal', userIds: ['nw-brian'] }));
    expect(brian.warnings.map((warning) => warning.text)).toEqual(['Brian Okafor (Northwind Health) will show as UNKNOWN USER to 1 member you do not see.']);
    expect(JSON.stringify(brian)).not.toMatch(/Fabrikam|Bob|fb-bob/);

    // Carl (Contoso) might see Bob or not: Alice cannot know, and is not told.
    const carl = dataOf(await alice.request('channel:previewInvite', { channelId: 'ch-ct-deal', userIds: ['ct-carl'] }));
    expect(carl.warnings.map((warning) => warning.text)).toEqual(['Carl Jensen (Contoso Legal) may show as UNKNOWN USER to 1 member you do not see.']);
    expect(await alice.request('channel:invite', { channelId: 'ch-ct-deal', userIds: ['ct-carl'] })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Bella sees everyone in deal-room, and so does Carl: no warning, no confirmation needed.
    const bella = await server.signIn('bella@contoso.example');
    expect(dataOf(await bella.request('channel:previewInvite', { channelId: 'ch-ct-deal', userIds: ['ct-carl'] })).warnings).toEqual([]);
    expect((await bella.request('channel:invite', { channelId: 'ch-ct-deal', userIds: ['ct-carl'] })).ok).toBe(true);
  });

  it('a new channel with members who do not see each other is made only once confirmed; the warning names both sides', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const before = dataOf(await bella.request('conversation:list', {})).items.length;
    const preview = dataOf(await bella.request('channel:previewInvite', { userIds: ['nw-alice', 'fb-bob', 'ct-carl'] }));
    expect(preview.warnings.map((warning) => warning.text)).toEqual([
      'Alice Nguyen (Northwind Health) will show as UNKNOWN USER to 1 member from Fabrikam Labs.',
      'Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 1 member from Northwind Health.',
    ]);
    const payload = { name: 'three-companies', visibility: 'private' as const, memberIds: ['nw-alice', 'fb-bob', 'ct-carl'] };
    expect(await bella.request('channel:create', payload)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(dataOf(await bella.request('conversation:list', {})).items).toHaveLength(before);
    expect(dataOf(await bella.request('channel:create', { ...payload, confirmSplit: true })).title).toBe('three-companies');
  });

  it('refuses to preview people the inviter does not see, or a channel they are not in, exactly like the invitation', async () => {
    const alice = await server.signIn('alice@northwind.example');
    expect(await alice.request('channel:previewInvite', { userIds: ['fb-bob'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await alice.request('channel:previewInvite', { channelId: 'ch-ct-public', userIds: ['nw-brian'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('shared channels (SPEC 6 "shared channel")', () => {
  const shared = (summary: ConversationSummary | undefined) => summary && { sharedWith: summary.sharedWith, hasUnknownMembers: summary.hasUnknownMembers };

  it('name the other accounts each viewer sees, and only those', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    expect(shared(await conversation(alice, 'ch-ct-deal'))).toEqual({ sharedWith: ['Contoso Legal'], hasUnknownMembers: true });
    expect(shared(await conversation(bella, 'ch-ct-deal'))).toEqual({ sharedWith: ['Fabrikam Labs', 'Northwind Health'], hasUnknownMembers: false });
    expect(shared(await conversation(bob, 'ch-ct-deal'))).toEqual({ sharedWith: ['Contoso Legal'], hasUnknownMembers: true });
    expect(JSON.stringify(await conversation(alice, 'ch-ct-deal'))).not.toContain('Fabrikam');
    expect(shared(await conversation(alice, 'ch-nw-general'))).toEqual({ sharedWith: [], hasUnknownMembers: false });
    expect(shared(dataOf(await alice.request('chat:open', { userId: 'ct-bella' })))).toEqual({ sharedWith: [], hasUnknownMembers: false });

    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    expect(shared(await conversation(alice, 'ch-ct-deal'))).toEqual({ sharedWith: [], hasUnknownMembers: true });
    expect(shared(await conversation(bella, 'ch-ct-deal'))).toEqual({ sharedWith: ['Fabrikam Labs'], hasUnknownMembers: true });
  });
});

describe('references to unknown people (SPEC 1 rule 7)', () => {
  it('number the unknown people of a conversation 1, 2…, distinct and stable, the same for colleagues of one account', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const channelId = dataOf(await bella.request('channel:create', { name: 'four-companies', visibility: 'private', memberIds: ['nw-alice', 'fb-bob'], confirmSplit: true })).id;
    // Dana (Tailspin) is seen by nobody else here; she joins when Tailspin and Contoso federate for a day.
    await server.federations.create({ name: 'ct-ts', accountIds: ['200200', '400400'], consents: consents('200200', '400400'), confirmAllSeeAll: true });
    dataOf(await bella.request('channel:invite', { channelId, userIds: ['ts-dana', 'nw-brian'], confirmSplit: true }));

    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    const forAlice = unknownOf(dataOf(await alice.request('channel:members', { channelId })));
    expect(forAlice.map((person) => person.number).sort()).toEqual([1, 2]);
    expect(new Set(forAlice.map((person) => person.token)).size).toBe(2);
    expect(unknownOf(dataOf(await alice.request('channel:members', { channelId })))).toEqual(forAlice);
    // Brian, of Alice's account, talks about the same "unknown 1" and "unknown 2".
    expect(unknownOf(dataOf(await brian.request('channel:members', { channelId })))).toEqual(forAlice);
    // Bob sees two unknown people too (Alice and Brian), with references of his own account.
    const bob = await server.signIn('bob@fabrikam.example');
    const forBob = unknownOf(dataOf(await bob.request('channel:members', { channelId })));
    expect(forBob).toHaveLength(3);
    expect(forBob.map((person) => person.token).some((token) => forAlice.some((other) => other.token === token))).toBe(false);
  });

  it('typing, messages, members and meetings of one conversation carry its reference; another conversation carries another', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const bella = await server.signIn('bella@contoso.example');
    const second = dataOf(await bella.request('channel:create', { name: 'second-room', visibility: 'private', memberIds: ['nw-alice', 'fb-bob'], confirmSplit: true })).id;

    const inDeal = unknownOf(dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })))[0]!;
    const inSecond = unknownOf(dataOf(await alice.request('channel:members', { channelId: second })))[0]!;
    expect(inDeal.token).not.toBe(inSecond.token);

    for (const [conversationId, reference] of [['ch-ct-deal', inDeal], [second, inSecond]] as const) {
      dataOf(await bob.request('typing:start', { conversationId }));
      await waitFor(() => alice.events.some((event) => event.type === 'typing:started' && event.payload.conversationId === conversationId), `typing in ${conversationId}`);
      const typing = alice.events.find((event) => event.type === 'typing:started' && event.payload.conversationId === conversationId);
      expect(typing?.type === 'typing:started' && typing.payload.person).toEqual(reference);

      const sent = dataOf(await bob.request('message:send', { conversationId, clientId: `from-bob-${conversationId}`, text: 'hello' }));
      const history = dataOf(await alice.request('conversation:history', { conversationId }));
      expect(history.messages.find((message) => message.id === sent.id)?.author).toEqual(reference);

      const meeting = dataOf(await bob.request('meeting:start', { conversationId }));
      const listed = dataOf(await alice.request('meeting:list', { conversationId })).items.find((candidate) => candidate.id === meeting.id);
      expect(listed?.participants).toEqual([{ ...reference, media: { muted: false, camera: false, screen: false } }]);
      expect(listed?.startedBy).toEqual(reference);
      dataOf(await bob.request('meeting:leave', { meetingId: meeting.id }));
    }
  });

  it('end when the viewer’s account sees the person again; a person unknown again gets a new reference', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const before = unknownOf(dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })))[0]!;
    expect(before.number).toBe(1);
    const federation = await server.federations.create({ name: 'nw-fb', accountIds: ['100100', '300300'], consents: consents('100100', '300300'), confirmAllSeeAll: true });
    expect(unknownOf(dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })))).toEqual([]);
    await server.federations.delete({ federationId: (federation as { id: string }).id, ackChannelCleanup: true });
    const after = unknownOf(dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })))[0]!;
    expect(after.token).not.toBe(before.token);
    expect(after.number).toBe(2);
    // An unrelated change leaves references as they are.
    await server.federations.delete({ federationId: 'fed-ct-fb', ackChannelCleanup: true });
    expect(unknownOf(dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })))[0]).toEqual(after);
  });
});

describe('directory:changed reaches only the accounts whose view changed', () => {
  async function everyone() {
    return {
      alice: await server.signIn('alice@northwind.example'),
      bella: await server.signIn('bella@contoso.example'),
      bob: await server.signIn('bob@fabrikam.example'),
      dana: await server.signIn('dana@tailspin.example'),
    };
  }
  /** Who heard `directory:changed` after `change`, once a later change everyone hears has arrived. */
  async function told(clients: Record<string, TestClient>, change: () => unknown): Promise<string[]> {
    const before = new Map(Object.entries(clients).map(([name, client]) => [name, client.events.length]));
    await change();
    // A barrier every account hears: a person added to each account is news to that account.
    for (const accountId of ['100100', '200200', '300300', '400400']) {
      await server.federations.addUser({ accountId, name: `Barrier ${accountId}`, email: `barrier-${accountId}-${Math.random()}@example.com`, password: 'a long passphrase' });
    }
    const heard = (name: string, client: TestClient) => client.events.slice(before.get(name)).flatMap((event) => (event.type === 'directory:changed' ? [event.payload.reason] : []));
    await waitFor(() => Object.entries(clients).every(([name, client]) => heard(name, client).includes('user-added')), 'the barrier');
    return Object.entries(clients)
      .filter(([name, client]) => heard(name, client).some((reason) => reason !== 'user-added'))
      .map(([name]) => name)
      .sort();
  }

  it('a federation deleted: Northwind and Contoso only', async () => {
    expect(await told(await everyone(), () => server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true }))).toEqual(['alice', 'bella']);
  });

  it('a federation of accounts that already see each other: nobody', async () => {
    const clients = await everyone();
    expect(await told(clients, () => server.federations.create({ name: 'again', accountIds: ['200200', '300300'], consents: consents('200200', '300300'), confirmAllSeeAll: true }))).toEqual([]);
  });

  it('Tailspin added to Contoso–Fabrikam: Contoso, Fabrikam and Tailspin; Northwind sees no one new', async () => {
    const clients = await everyone();
    expect(
      await told(clients, () => server.federations.addAccounts({ federationId: 'fed-ct-fb', accountIds: ['400400'], consents: consents('200200', '300300', '400400'), confirmAllSeeAll: true })),
    ).toEqual(['bella', 'bob', 'dana']);
  });
});
