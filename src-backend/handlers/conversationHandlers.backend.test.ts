import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicSeed, dataOf, startTestServer, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed());
});
afterEach(async () => {
  await server.close();
});

const titles = (list: Array<{ title: string }>) => list.map((conversation) => conversation.title).sort();

describe('conversations', () => {
  it('lists the viewer’s channels and chats', async () => {
    const alice = await server.signIn('alice@northwind.example');
    expect(titles(dataOf(await alice.request('conversation:list', {})).items)).toEqual(['Bella Martins', 'deal-room', 'general']);
    const bob = await server.signIn('bob@fabrikam.example');
    expect(titles(dataOf(await bob.request('conversation:list', {})).items)).toEqual(['deal-room']);
  });

  it('shows authors and members the viewer does not see as UNKNOWN USER, and nothing else of them', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const history = dataOf(await alice.request('conversation:history', { conversationId: 'ch-ct-deal' }));
    expect(history.messages[0]?.author).toMatchObject({ kind: 'unknown', displayName: 'UNKNOWN USER' });
    expect(JSON.stringify(history)).not.toMatch(/fb-bob|Bob|Alvarez|fabrikam|6175550161/);
    const members = dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' }));
    expect(members.map((member) => member.displayName).sort()).toEqual(['Alice Nguyen', 'Bella Martins', 'UNKNOWN USER']);

    const bella = await server.signIn('bella@contoso.example');
    const bellasView = dataOf(await bella.request('conversation:history', { conversationId: 'ch-ct-deal' }));
    expect(bellasView.messages[0]?.author).toMatchObject({ displayName: 'Bob Alvarez', federated: true });
  });

  it('gives different unknown people different, stable tokens', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const first = dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })).find((member) => member.kind === 'unknown');
    const again = dataOf(await alice.request('channel:members', { channelId: 'ch-ct-deal' })).find((member) => member.kind === 'unknown');
    expect(first).toEqual(again);
    expect(first && 'token' in first ? first.token : '').toMatch(/^[\w-]{16}$/);
  });

  it('delivers a message to every member in real time, each seeing the author as they may', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const sent = dataOf(await bob.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'client-id-0001', text: 'New draft uploaded' }));
    expect(sent.seq).toBe(2);
    const received = (client: typeof alice) => client.events.find((event) => event.type === 'message:created');
    await waitFor(() => !!received(alice) && !!received(bella), 'delivery');
    expect(received(alice)?.payload).toMatchObject({ message: { text: 'New draft uploaded', author: { displayName: 'UNKNOWN USER' } } });
    expect(received(bella)?.payload).toMatchObject({ message: { author: { displayName: 'Bob Alvarez' } } });
  });

  it('delivers to the members as they are now: a leave, a removal by support and an invitation count from the next message', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const carl = await server.signIn('carl@contoso.example');
    let sent = 0;
    const say = async (text: string) => dataOf(await bella.request('message:send', { conversationId: 'ch-ct-deal', clientId: `client-id-${String(++sent).padStart(4, '0')}`, text }));
    const heard = (client: TestClient, text: string) => client.events.some((event) => event.type === 'message:created' && event.payload.message.text === text);

    // Carl joins Bella (Contoso), Brian joins Alice (Northwind): each leaver below has someone of their account staying.
    dataOf(await bella.request('channel:invite', { channelId: 'ch-ct-deal', userIds: ['ct-carl', 'nw-brian'], confirmSplit: true }));
    await say('one');
    await waitFor(() => [alice, brian, bob, carl].every((client) => heard(client, 'one')), 'the first message');

    dataOf(await carl.request('channel:leave', { channelId: 'ch-ct-deal' }));
    await say('two');
    await waitFor(() => heard(alice, 'two') && heard(bob, 'two'), 'the second message');
    await server.settled(carl);
    expect(heard(carl, 'two')).toBe(false);

    await server.federations.removeChannelMember({ channelId: 'ch-ct-deal', member: 'nw-alice', force: true, operator: 'Test', reason: 'test' });
    dataOf(await bella.request('channel:invite', { channelId: 'ch-ct-deal', userIds: ['ct-carl'] }));
    await say('three');
    await waitFor(() => heard(carl, 'three') && heard(brian, 'three'), 'the third message to reach Carl, invited again, and Brian');
    await server.settled(alice);
    expect(heard(alice, 'three')).toBe(false);
    expect(dataOf(await bella.request('channel:members', { channelId: 'ch-ct-deal' })).map((member) => member.displayName).sort()).toEqual(['Bella Martins', 'Bob Alvarez', 'Brian Okafor', 'Carl Jensen']);
  });

  it('catching up gives everyone of an account the same page, each with their own client ids, and shows reactions and federation changes made since', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    dataOf(await bella.request('channel:invite', { channelId: 'ch-ct-deal', userIds: ['nw-brian'], confirmSplit: true }));
    const mine = dataOf(await alice.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'client-id-alice', text: 'from Alice' }));
    dataOf(await bella.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'client-id-bella', text: 'the counter-offer' }));
    const catchUp = async (client: TestClient) => dataOf(await client.request('conversation:history', { conversationId: 'ch-ct-deal', afterSeq: 0 })).messages;
    const byText = (messages: Awaited<ReturnType<typeof catchUp>>, text: string) => messages.find((message) => message.text === text)!;

    // The same page for Alice and Brian (Northwind): each sees only their own client ids.
    const alices = await catchUp(alice);
    const brians = await catchUp(brian);
    expect(byText(alices, 'from Alice').clientId).toBe('client-id-alice');
    expect(byText(brians, 'from Alice').clientId).toBeNull();
    expect(byText(alices, 'the counter-offer').clientId).toBeNull();
    expect(byText((await catchUp(bella)), 'the counter-offer').clientId).toBe('client-id-bella');
    expect(byText(brians, 'the counter-offer').author).toMatchObject({ kind: 'person', displayName: 'Bella Martins' });

    // A reaction since shows on the same page asked again.
    dataOf(await bella.request('reaction:add', { messageId: mine.id, emoji: '👍' }));
    expect(byText(await catchUp(brian), 'from Alice').reactions).toMatchObject([{ emoji: '👍', count: 1, people: [{ displayName: 'Bella Martins' }] }]);

    // Northwind and Contoso stop seeing each other: Bella is UNKNOWN USER on that page now.
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    const after = await catchUp(brian);
    expect(byText(after, 'the counter-offer').author).toMatchObject({ kind: 'unknown', displayName: 'UNKNOWN USER' });
    expect(byText(after, 'from Alice').reactions).toMatchObject([{ emoji: '👍', count: 1, people: [{ kind: 'unknown' }] }]);
    expect(JSON.stringify(after)).not.toMatch(/Bella|ct-bella/);
  });

  it('passes typing on to the other members at most once every 2 seconds per conversation', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    for (let index = 0; index < 5; index++) expect((await alice.request('typing:start', { conversationId: 'ch-nw-general' })).ok).toBe(true);
    await server.settled(brian, alice);
    expect(brian.events.filter((event) => event.type === 'typing:started')).toHaveLength(1);
    expect(alice.events.filter((event) => event.type === 'typing:started')).toHaveLength(0);
  });

  it('stores a resent message once', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const first = dataOf(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'same-client-id', text: 'Hello' }));
    const again = dataOf(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'same-client-id', text: 'Hello' }));
    expect(again).toEqual(first);
    const history = dataOf(await alice.request('conversation:history', { conversationId: 'ch-nw-general' }));
    expect(history.messages.filter((message) => message.text === 'Hello')).toHaveLength(1);
  });

  it('pages history, oldest first within a page', async () => {
    const alice = await server.signIn('alice@northwind.example');
    for (let index = 0; index < 5; index++) await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `paging-${index}-id`, text: `m${index}` });
    const newest = dataOf(await alice.request('conversation:history', { conversationId: 'ch-nw-general', limit: 3 }));
    expect(newest.messages.map((message) => message.text)).toEqual(['m2', 'm3', 'm4']);
    expect(newest.hasMore).toBe(true);
    const older = dataOf(await alice.request('conversation:history', { conversationId: 'ch-nw-general', limit: 3, beforeSeq: newest.messages[0]!.seq }));
    expect(older.messages.map((message) => message.text)).toEqual(['Welcome to Meridian.', 'm0', 'm1']);
    expect(older.hasMore).toBe(false);
  });

  it('a non-member can neither read nor write nor list members', async () => {
    const carl = await server.signIn('carl@contoso.example');
    expect(await carl.request('conversation:history', { conversationId: 'ch-ct-deal' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'carl-tries-0', text: 'hi' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('channel:members', { channelId: 'ch-ct-deal' })).toMatchObject({ ok: false });
  });

  it('opens a chat only with someone the viewer sees', async () => {
    const alice = await server.signIn('alice@northwind.example');
    expect(dataOf(await alice.request('chat:open', { userId: 'ct-carl' }))).toMatchObject({ kind: 'direct', title: 'Carl Jensen', peer: { federated: true } });
    expect(await alice.request('chat:open', { userId: 'fb-bob' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a chat between people who no longer see each other disappears, and returns with its history', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    expect(titles(dataOf(await alice.request('conversation:list', {})).items)).toEqual(['deal-room', 'general']);
    expect(titles(dataOf(await bella.request('conversation:list', {})).items)).not.toContain('Alice Nguyen');
    // Channel members stay members and can still write; they now show as UNKNOWN USER.
    const members = dataOf(await bella.request('channel:members', { channelId: 'ch-ct-deal' }));
    expect(members.map((member) => member.displayName).sort()).toEqual(['Bella Martins', 'Bob Alvarez', 'UNKNOWN USER']);
    expect((await alice.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'still-a-member', text: 'still here' })).ok).toBe(true);

    await server.federations.create({ name: 'again', accountIds: ['100100', '200200'], consents: [{ accountId: '100100', who: 'A', form: 'written' }, { accountId: '200200', who: 'B', form: 'verbal' }], confirmAllSeeAll: true });
    const list = dataOf(await alice.request('conversation:list', {})).items;
    const chat = list.find((conversation) => conversation.title === 'Bella Martins');
    expect(chat).toBeDefined();
    const history = dataOf(await alice.request('conversation:history', { conversationId: chat!.id }));
    expect(history.messages.map((message) => message.text)).toEqual(['Hi Alice, can we talk today?']);
  });

  it('L2: direction overrides and other bidi controls are stripped from channel names and topics, meeting titles and people’s names', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const created = dataOf(await alice.request('channel:create', { name: 'pay\u202eroll\u2066', topic: '\u202dquarterly\u200f', visibility: 'private', memberIds: [] }));
    expect(created).toMatchObject({ title: 'payroll', topic: 'quarterly' });
    const renamed = dataOf(await alice.request('channel:update', { channelId: created.id, name: '\u202egpj.exe' }));
    expect(renamed.title).toBe('gpj.exe');
    expect(await alice.request('channel:update', { channelId: created.id, name: '\u202e\u202c' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const meeting = dataOf(await alice.request('meeting:schedule', { conversationId: created.id, title: 'Review \u202enoitazilanif', startsAt: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 30 }));
    expect(meeting.title).toBe('Review noitazilanif');
    await server.federations.addUser({ accountId: '100100', name: 'Eve \u202eenilno', email: 'eve@northwind.example', password: 'a long passphrase' });
    const found = dataOf(await alice.request('directory:search', { query: 'eve' })).people;
    expect(found.map((person) => person.displayName)).toEqual(['Eve enilno']);
  });

  it('records joins, leaves, invitations and renames as notices in the sequence, each viewer seeing the people as they may', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const carl = await server.signIn('carl@contoso.example');
    // Bella invites Carl (and Alice again, already a member: no notice for her).
    dataOf(await bella.request('channel:invite', { channelId: 'ch-ct-deal', userIds: ['ct-carl', 'nw-alice'] }));
    await waitFor(() => alice.events.some((event) => event.type === 'message:created' && event.payload.message.notice?.kind === 'added'), 'Alice to hear of it');
    const notice = (client: TestClient, kind: string) =>
      client.events.flatMap((event) => (event.type === 'message:created' && event.payload.message.notice?.kind === kind ? [event.payload.message] : [])).at(-1);
    expect(notice(alice, 'added')).toMatchObject({ author: { displayName: 'Bella Martins' }, text: '', notice: { kind: 'added', people: [{ displayName: 'Carl Jensen' }] } });

    // Bob (Fabrikam) is unseen by Alice: his leaving reaches her as UNKNOWN USER, and nothing else of him.
    const bob = await server.signIn('bob@fabrikam.example');
    dataOf(await bob.request('channel:leave', { channelId: 'ch-ct-deal' }));
    await waitFor(() => !!notice(alice, 'left') && !!notice(bella, 'left'), 'the leave notice');
    expect(notice(alice, 'left')).toMatchObject({ author: { kind: 'unknown', displayName: 'UNKNOWN USER' }, notice: { kind: 'left' } });
    expect(notice(bella, 'left')).toMatchObject({ author: { displayName: 'Bob Alvarez' } });
    expect(JSON.stringify(alice.events)).not.toMatch(/Bob|fb-bob|Alvarez|fabrikam/i);

    dataOf(await bella.request('channel:update', { channelId: 'ch-ct-deal', name: 'deal-room-2', topic: 'Signed' }));
    // Carl leaves and joins his own account's public channel.
    dataOf(await carl.request('channel:leave', { channelId: 'ch-ct-public' }));
    dataOf(await carl.request('channel:join', { channelId: 'ch-ct-public' }));

    // Catching up from before them brings every notice back, in order, in the viewer's own view.
    const missed = dataOf(await alice.request('conversation:history', { conversationId: 'ch-ct-deal', afterSeq: 1 }));
    expect(missed.messages.map((message) => message.notice)).toEqual([
      { kind: 'added', people: [expect.objectContaining({ displayName: 'Carl Jensen' })] },
      { kind: 'left' },
      { kind: 'renamed', from: 'deal-room', to: 'deal-room-2' },
      { kind: 'topic', topic: 'Signed' },
    ]);
    const news = dataOf(await bella.request('conversation:history', { conversationId: 'ch-ct-public' }));
    expect(news.messages.map((message) => [message.author.displayName, message.notice?.kind])).toEqual([
      ['Carl Jensen', 'left'],
      ['Carl Jensen', 'joined'],
    ]);

    // Notices are not unread messages (the one unread is the seeded message), and nobody can edit or delete them.
    const dealRoom = dataOf(await alice.request('conversation:list', {})).items.find((conversation) => conversation.id === 'ch-ct-deal');
    expect(dealRoom).toMatchObject({ unreadCount: 1, lastReadSeq: 0, lastSeq: 5 });
    const added = missed.messages[0]!;
    expect(await bella.request('message:edit', { messageId: added.id, text: 'changed' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bella.request('message:delete', { messageId: added.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('tells each viewer where they have read up to', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    for (let index = 0; index < 3; index++) dataOf(await brian.request('message:send', { conversationId: 'ch-nw-general', clientId: `unread-${index}-id`, text: `u${index}` }));
    const general = () => alice.request('conversation:list', {}).then((list) => dataOf(list).items.find((conversation) => conversation.id === 'ch-nw-general'));
    expect(await general()).toMatchObject({ lastSeq: 4, lastReadSeq: 0, unreadCount: 4 });
    dataOf(await alice.request('conversation:read', { conversationId: 'ch-nw-general', seq: 2 }));
    expect(await general()).toMatchObject({ lastReadSeq: 2, unreadCount: 2 });
  });
});
