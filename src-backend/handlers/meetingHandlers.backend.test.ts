import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import type { MeetingView } from '../../src-shared/protocol/meetingProtocol';
import type { FakeClock } from '../domain/clock';
import { basicSeed, dataOf, startTestServerWithClock, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
let clock: FakeClock;
beforeEach(async () => {
  ({ server, clock } = await startTestServerWithClock(basicSeed()));
});
afterEach(async () => {
  await server.close();
});

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;
const latest = (client: TestClient, meetingId: string): MeetingView | undefined =>
  client.events
    .filter((event): event is EventOf<'meeting:updated'> => event.type === 'meeting:updated')
    .map((event) => event.payload.meeting)
    .filter((meeting) => meeting.id === meetingId)
    .at(-1);
const names = (meeting: MeetingView | undefined) => meeting?.participants.map((person) => person.displayName).sort();

describe('meetings', () => {
  it('Meet now invites the other person, who joins; it ends when the last one leaves', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const started = dataOf(await alice.request('meeting:start', { userId: 'ct-bella' }));
    // Named by the chat, as each side sees the other.
    expect(started).toMatchObject({ state: 'ongoing', joined: true, conversationKind: 'direct', conversationTitle: 'Bella Martins', title: 'Meeting with Bella Martins' });
    await waitFor(() => bella.events.some((event) => event.type === 'meeting:invited'), 'the invitation');
    expect(bella.events.find((event) => event.type === 'meeting:invited')?.payload).toMatchObject({
      meeting: { id: started.id, conversationTitle: 'Alice Nguyen', title: 'Meeting with Alice Nguyen', joinable: true },
      invitedBy: { displayName: 'Alice Nguyen', federated: true },
    });

    const joined = dataOf(await bella.request('meeting:join', { meetingId: started.id }));
    expect(names(joined)).toEqual(['Alice Nguyen', 'Bella Martins']);
    await waitFor(() => names(latest(alice, started.id))?.length === 2, 'Alice to see Bella join');

    dataOf(await alice.request('meeting:leave', { meetingId: started.id }));
    await waitFor(() => names(latest(bella, started.id))?.join() === 'Bella Martins', 'Bella to see Alice leave');
    expect(dataOf(await bella.request('meeting:leave', { meetingId: started.id }))).toMatchObject({ state: 'ended', participants: [] });
    expect(await alice.request('meeting:join', { meetingId: started.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('nobody joins a meeting of a conversation they are not in, nor meets someone they do not see', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const carl = await server.signIn('carl@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const started = dataOf(await alice.request('meeting:start', { userId: 'ct-bella' }));
    expect(await carl.request('meeting:join', { meetingId: started.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('meeting:leave', { meetingId: started.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(dataOf(await carl.request('meeting:list', {})).items).toEqual([]);
    expect(await bob.request('meeting:start', { userId: 'nw-alice' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('meeting:start', { conversationId: 'ch-ct-deal' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await carl.request('meeting:schedule', { conversationId: 'ch-nw-general', title: 'x', startsAt: new Date(clock.now()).toISOString(), durationMinutes: 30 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(carl.events.some((event) => event.type.startsWith('meeting:'))).toBe(false);
  });

  it('a scheduled channel meeting is posted in the channel, opens 5 minutes early, and federated members join', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const startsAt = new Date(clock.now() + 10 * 60_000).toISOString();
    const scheduled = dataOf(await bella.request('meeting:schedule', { conversationId: 'ch-ct-deal', title: 'Contract review', startsAt, durationMinutes: 30 }));
    expect(scheduled).toMatchObject({ state: 'scheduled', joinable: false, title: 'Contract review', conversationTitle: 'deal-room' });

    await waitFor(() => !!latest(alice, scheduled.id), 'Alice to hear of it');
    expect(dataOf(await alice.request('meeting:list', {})).items.map((meeting) => meeting.title)).toEqual(['Contract review']);
    // Posted as a notice with the moment itself (each client says it in its own time zone), counted as unread.
    const history = dataOf(await alice.request('conversation:history', { conversationId: 'ch-ct-deal' }));
    expect(history.messages.at(-1)).toMatchObject({ author: { displayName: 'Bella Martins' }, notice: { kind: 'meeting-scheduled', title: 'Contract review', startsAt, durationMinutes: 30 } });
    expect(dataOf(await alice.request('conversation:list', {})).items.find((conversation) => conversation.id === 'ch-ct-deal')?.unreadCount).toBe(2);
    expect(await alice.request('meeting:join', { meetingId: scheduled.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    clock.advance(6 * 60_000);
    expect(dataOf(await alice.request('meeting:join', { meetingId: scheduled.id }))).toMatchObject({ state: 'ongoing', joined: true });
    dataOf(await bob.request('meeting:join', { meetingId: scheduled.id }));
    await waitFor(() => names(latest(alice, scheduled.id))?.length === 2, 'Alice to see Bob join');
    expect(names(latest(alice, scheduled.id))).toEqual(['Alice Nguyen', 'UNKNOWN USER']);
    await waitFor(() => names(latest(bella, scheduled.id))?.length === 2, 'Bella to see both');
    expect(names(latest(bella, scheduled.id))).toEqual(['Alice Nguyen', 'Bob Alvarez']);
    expect(JSON.stringify(alice.events)).not.toMatch(/Bob|fb-bob|Alvarez/);
  });

  it('takes a client that disconnects out of its meeting', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const started = dataOf(await alice.request('meeting:start', { conversationId: 'ch-ct-deal' }));
    expect(started.title).toBe('Meeting in #deal-room');
    dataOf(await bella.request('meeting:join', { meetingId: started.id }));
    alice.signOut();
    await waitFor(() => names(latest(bella, started.id))?.join() === 'Bella Martins', 'Alice to drop out');
    expect(dataOf(await bella.request('meeting:start', { conversationId: 'ch-ct-deal' })).id).toBe(started.id);
  });
});
