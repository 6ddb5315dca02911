/**
 * The leak test and the authorization matrix on one server (./testing/securityScenarios.ts, the
 * same scenarios the multi-process suite runs with clients spread over processes:
 * ./cluster/security.cluster.test.ts), and more of what a viewer must not learn.
 */
import { onTestFinished, describe, expect, it } from 'vitest';
import { defineSecurityScenarios } from './testing/securityScenarios';
import { richSeed } from './testing/richSeed';
import { basicSeed, dataOf, relaxedLimits, startTestServer } from './testing/testServer';

defineSecurityScenarios({
  // Read marks are written at once here (readBatchMs): this is about who may read, not how marks are gathered (readState.backend.test.ts is).
  start: async () => {
    const server = await startTestServer(richSeed(), { supportToken: 'matrix-support-token', limits: relaxedLimits, readBatchMs: 1 });
    return { ...server, urls: [server.url] };
  },
});

describe('issue 18 #5: the order of members says nothing of the people a viewer does not see', () => {
  it('lists the people the viewer sees by name, then UNKNOWN USER by reference number, references made in a random order', { timeout: 60_000 }, async () => {
    // Four more people of Fabrikam, whom Alice (Northwind) does not see; Bella (Contoso) sees everyone.
    const manySeed = basicSeed() as ReturnType<typeof basicSeed> & { users: Array<Record<string, unknown>> };
    for (const index of [1, 2, 3, 4]) {
      manySeed.users.push({ id: `fb-p${index}`, accountId: '300300', displayName: `Fabrikam Person ${index}`, email: `p${index}@fabrikam.example`, password: 'demo', title: 'Staff' });
    }
    const server = await startTestServer(manySeed, { limits: relaxedLimits });
    onTestFinished(() => server.close());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const unknownIds = ['fb-bob', 'fb-p1', 'fb-p2', 'fb-p3', 'fb-p4'];
    const orders: string[] = [];
    for (let room = 0; room < 12; room++) {
      // Everyone added at once: one joining time for all of them.
      const channel = dataOf(await bella.request('channel:create', { name: `order ${room}`, visibility: 'private', memberIds: ['nw-alice', 'nw-brian', 'ct-carl', ...unknownIds], confirmSplit: true }));
      const members = dataOf(await alice.request('channel:members', { channelId: channel.id }));
      const known = members.filter((member) => member.kind === 'person').map((member) => member.displayName);
      expect(known).toEqual(['Alice Nguyen', 'Bella Martins', 'Brian Okafor', 'Carl Jensen']);
      const unknown = members.slice(known.length) as Array<{ kind: string; token: string; number: number }>;
      expect(unknown.map((member) => member.kind)).toEqual(unknownIds.map(() => 'unknown'));
      expect(unknown.map((member) => member.number)).toEqual([1, 2, 3, 4, 5]);
      // Whose each reference is, asked of the store (the references already made for Alice's account in this room).
      const whose = new Map<string, string>();
      for (const userId of unknownIds) whose.set((await server.context.store.unknownPeople.reference(channel.id, '100100', userId)).token, userId);
      orders.push(unknown.map((member) => whose.get(member.token)).join(' '));
    }
    // Ordered by id (as they were), every room would give the same order; at random, twelve rooms all alike would be a 1 in 120^11 chance.
    expect(new Set(orders).size).toBeGreaterThan(1);
    expect(orders.every((order) => order === [...unknownIds].sort().join(' '))).toBe(false);
  });
});


describe('issue 18 #8: names, channel names and status messages show what they are', () => {
  it('drops zero-width and direction characters from what people type as names and statuses; a name of nothing else is empty', async () => {
    const server = await startTestServer(basicSeed(), { limits: relaxedLimits });
    onTestFinished(() => server.close());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    expect(await alice.request('channel:create', { name: '\u200b\u200d\u2060\u3164', visibility: 'public', memberIds: [] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const channel = dataOf(await alice.request('channel:create', { name: 'ward\u200b-\u202eupdates', topic: 'rota\u00ad for\nnights', visibility: 'public', memberIds: [] }));
    expect(channel).toMatchObject({ title: 'ward-updates' });
    expect(await server.context.conversations.get(channel.id)).toMatchObject({ name: 'ward-updates', topic: 'rota for nights' });
    dataOf(await alice.request('presence:set', { presence: 'busy', statusMessage: 'In \u200bsurgery\u2066 till 3\n' }));
    dataOf(await bella.request('presence:watch', { userIds: ['nw-alice'] }));
    expect(dataOf(await bella.request('person:card', { userId: 'nw-alice' }))).toMatchObject({ statusMessage: 'In surgery till 3' });
    // A status message of invisible characters only is no status message.
    dataOf(await alice.request('presence:set', { presence: 'available', statusMessage: '\u200b\u200b' }));
    expect(dataOf(await bella.request('person:card', { userId: 'nw-alice' }))).toMatchObject({ statusMessage: null });
  });
});
