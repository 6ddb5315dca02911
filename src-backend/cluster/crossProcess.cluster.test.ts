/**
 * Reactions, read state and a call's ringing across processes (SPEC 10, issue 22 item 4): two
 * backends started by the CLI on one PostgreSQL and one Redis, the people of each scenario
 * connected to different ones, each scenario checked as the person on the other process's
 * client would notice it. `npx vitest run --project cluster src-backend/cluster/crossProcess.cluster.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { startClusterDeployment, stopClusterServices, type ClusterDeployment } from '../testing/clusterDeployment';
import { planMessageId, richSeed } from '../testing/richSeed';
import { dataOf, waitFor, type TestClient } from '../testing/testServer';

let cluster: ClusterDeployment;
const A = 0;
const B = 1;

beforeAll(async () => {
  cluster = await startClusterDeployment(richSeed(), { processes: 2 });
}, 240_000);

afterAll(async () => {
  await cluster?.close();
  await stopClusterServices();
}, 120_000);

const eventsOf = <T extends ServerEvent['type']>(client: TestClient, type: T) =>
  client.events.flatMap((event) => (event.type === type ? [event.payload as Extract<ServerEvent, { type: T }>['payload']] : []));

describe('reactions across processes', () => {
  it('a reaction added on one process reaches members on the other, named as each sees the reactor; taken back, it goes', async () => {
    const bob = await cluster.signIn('bob@fabrikam.example', 'demo', A);
    const alice = await cluster.signIn('alice@northwind.example', 'demo', B);
    const bella = await cluster.signIn('bella@contoso.example', 'demo', B);
    const added = dataOf(await bob.request('reaction:add', { messageId: planMessageId, emoji: '🚀' }));
    expect(added.reactions.find((reaction) => reaction.emoji === '🚀')?.count).toBe(1);
    const rocketOf = (client: TestClient) => eventsOf(client, 'reaction:changed').filter((change) => change.messageId === planMessageId).at(-1)?.reactions.find((reaction) => reaction.emoji === '🚀');
    await waitFor(() => rocketOf(bella)?.count === 1, 'Bob’s reaction (on A) to reach Bella (on B)');
    await waitFor(() => rocketOf(alice)?.count === 1, 'Bob’s reaction (on A) to reach Alice (on B)');
    // Bella sees Bob; Alice does not: she is told someone reacted, never who.
    expect(JSON.stringify(rocketOf(bella))).toContain('Bob');
    expect(JSON.stringify(eventsOf(alice, 'reaction:changed'))).not.toMatch(/Bob|fb-bob|Alvarez/);
    expect(JSON.stringify(rocketOf(alice))).toContain('UNKNOWN USER');
    // Asked of B, the message carries the reaction too (the store, not A's memory).
    const history = dataOf(await alice.request('conversation:history', { conversationId: 'ch-ct-deal' }));
    expect(history.messages.find((message) => message.id === planMessageId)?.reactions.find((reaction) => reaction.emoji === '🚀')?.count).toBe(1);

    dataOf(await bob.request('reaction:remove', { messageId: planMessageId, emoji: '🚀' }));
    await waitFor(() => rocketOf(bella) === undefined && eventsOf(bella, 'reaction:changed').length >= 2, 'the reaction taken back (on A) to leave Bella’s screen (on B)');
    await waitFor(() => rocketOf(alice) === undefined && eventsOf(alice, 'reaction:changed').length >= 2, 'the reaction taken back (on A) to leave Alice’s screen (on B)');
  });
});

describe('read state across processes', () => {
  it('read on one client, the person’s client on the other process shows it read; Mark unread there, and the first shows it unread', async () => {
    const brian = await cluster.signIn('brian@northwind.example', 'demo', A);
    const aliceOnA = await cluster.signIn('alice@northwind.example', 'demo', A);
    const aliceOnB = await cluster.signIn('alice@northwind.example', 'demo', B);
    const conversationId = 'ch-nw-general';
    const summaryOn = async (client: TestClient) => dataOf(await client.request('conversation:list', {})).items.find((item) => item.id === conversationId)!;
    const start = (await summaryOn(aliceOnB)).unreadCount;
    const sent: Array<{ id: string; seq: number }> = [];
    for (const text of ['one', 'two', 'three']) sent.push(dataOf(await brian.request('message:send', { conversationId, clientId: `read-state-${text}-${Date.now()}`, text: `Brian says ${text}` })));
    // Brian's messages, sent on A, count as unread for Alice asked on B.
    await waitFor(async () => (await summaryOn(aliceOnB)).unreadCount === start + 3, 'three unread messages for Alice on B');

    // Alice reads on A: her client on B is told, and B answers by it.
    dataOf(await aliceOnA.request('conversation:read', { conversationId, seq: sent.at(-1)!.seq }));
    await waitFor(
      () => eventsOf(aliceOnB, 'conversation:readChanged').some((read) => read.conversationId === conversationId && read.lastReadSeq === sent.at(-1)!.seq && read.unreadCount === 0),
      'Alice’s read on A to reach her client on B',
    );
    expect(await summaryOn(aliceOnB)).toMatchObject({ unreadCount: 0, lastReadSeq: sent.at(-1)!.seq });

    // Mark unread on B, from the second message: her client on A shows two unread.
    dataOf(await aliceOnB.request('conversation:markUnread', { messageId: sent[1]!.id }));
    await waitFor(
      () => eventsOf(aliceOnA, 'conversation:readChanged').some((read) => read.conversationId === conversationId && read.lastReadSeq === sent[0]!.seq && read.unreadCount === 2),
      'Mark unread on B to reach Alice’s client on A',
    );
    expect(await summaryOn(aliceOnA)).toMatchObject({ unreadCount: 2, lastReadSeq: sent[0]!.seq });
    // Brian, whose read state it is not, heard nothing of it.
    await cluster.settled(brian);
    expect(eventsOf(brian, 'conversation:readChanged').filter((read) => read.conversationId === conversationId)).toEqual([]);
  });
});

describe('a call’s ringing across processes', () => {
  it('caller on A, callee on B: it rings on B, answered there it connects on A, media signals cross, hung up on A it ends on B', async () => {
    const alice = await cluster.signIn('alice@northwind.example', 'demo', A);
    const bella = await cluster.signIn('bella@contoso.example', 'demo', B);
    const call = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
    // A failure part way leaves no call for the next test to find Alice in.
    onTestFinished(async () => void (await alice.request('call:hangup', { callId: call.id })));
    expect(call).toMatchObject({ state: 'ringing', simulated: false });
    await waitFor(() => eventsOf(bella, 'call:ringing').some((ringing) => ringing.call.id === call.id), 'the call from Alice (on A) to ring for Bella (on B)');
    const ringing = eventsOf(bella, 'call:ringing').find((event) => event.call.id === call.id)!.call;
    expect(ringing.party).toMatchObject({ person: { displayName: 'Alice Nguyen' } });
    expect(dataOf(await bella.request('call:active', {})).ringing.map((view) => view.id)).toContain(call.id);

    dataOf(await bella.request('call:answer', { callId: call.id }));
    await waitFor(() => eventsOf(alice, 'call:updated').some((update) => update.call.id === call.id && update.call.state === 'connected'), 'Bella’s answer (on B) to connect the call for Alice (on A)');
    const candidate = { kind: 'candidate' as const, candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.9 50000 typ host generation 0', sdpMid: '0', sdpMLineIndex: 0 } };
    dataOf(await alice.request('call:signal', { callId: call.id, signal: candidate }));
    await waitFor(() => eventsOf(bella, 'call:signal').some((signal) => signal.callId === call.id), 'Alice’s media signal (on A) to reach Bella (on B)');
    dataOf(await bella.request('call:signal', { callId: call.id, signal: candidate }));
    await waitFor(() => eventsOf(alice, 'call:signal').some((signal) => signal.callId === call.id), 'Bella’s media signal (on B) to reach Alice (on A)');

    dataOf(await alice.request('call:hangup', { callId: call.id }));
    await waitFor(() => eventsOf(bella, 'call:updated').some((update) => update.call.id === call.id && update.call.state === 'ended'), 'Alice hanging up (on A) to end the call for Bella (on B)');
    expect(dataOf(await bella.request('call:active', {})).current?.state ?? 'ended').toBe('ended');
  });

  it('a person with a client on each process: both ring, answered on one the other stops ringing', async () => {
    const brian = await cluster.signIn('brian@northwind.example', 'demo', A);
    const carlOnA = await cluster.signIn('carl@contoso.example', 'demo', A);
    const carlOnB = await cluster.signIn('carl@contoso.example', 'demo', B);
    // Brian (Northwind) sees Carl (Contoso): the federation of the two.
    const call = dataOf(await brian.request('call:dial', { dial: '(212) 555-0142' }));
    onTestFinished(async () => void (await brian.request('call:hangup', { callId: call.id })));
    for (const client of [carlOnA, carlOnB]) await waitFor(() => eventsOf(client, 'call:ringing').some((ringing) => ringing.call.id === call.id), 'the call to ring on both of Carl’s clients');
    dataOf(await carlOnB.request('call:answer', { callId: call.id }));
    await waitFor(
      () => eventsOf(carlOnA, 'call:updated').some((update) => update.call.id === call.id && update.call.state === 'connected' && !update.call.activeHere),
      'Carl’s client on A to stop ringing: answered on his client on B',
    );
    // A second answer, on A, is refused: the call is carried on B.
    expect((await carlOnA.request('call:answer', { callId: call.id })).ok).toBe(false);
    dataOf(await brian.request('call:hangup', { callId: call.id }));
    await waitFor(() => eventsOf(carlOnB, 'call:updated').some((update) => update.call.id === call.id && update.call.state === 'ended'), 'the hang-up to reach Carl on B');
  });

  it('a number whose owner the caller does not see rings nobody on any process, and the caller learns nothing of them', async () => {
    const alice = await cluster.signIn('alice@northwind.example', 'demo', A);
    const bob = await cluster.signIn('bob@fabrikam.example', 'demo', B);
    const call = dataOf(await alice.request('call:dial', { dial: '(617) 555-0161' }));
    onTestFinished(async () => void (await alice.request('call:hangup', { callId: call.id })));
    // Dialed exactly like an outside number: a simulated line, no person.
    expect(call.simulated).toBe(true);
    expect(call.party.person).toBeNull();
    expect(JSON.stringify(call)).not.toMatch(/Bob|fb-bob|Alvarez/);
    const resolved = dataOf(await alice.request('number:resolve', { number: '(617) 555-0161' }));
    expect(JSON.stringify(resolved)).not.toMatch(/Bob|fb-bob|Alvarez/);
    // Everything sent to Bob until now has arrived, and none of it is a call.
    await cluster.settled(bob);
    expect(eventsOf(bob, 'call:ringing')).toEqual([]);
    expect(dataOf(await bob.request('call:active', {})).ringing).toEqual([]);
  });
});
