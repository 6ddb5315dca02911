/**
 * A status message that clears itself (SPEC 9 `Clear after`): `presence:set` stores when, the
 * server's sweep clears it at that time, and every client watching the person sees it go; a
 * time in the past, too far ahead or not a time is refused and changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import type { FakeClock } from '../domain/clock';
import { basicSeed, dataOf, startTestServerWithClock, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
let clock: FakeClock;
let alice: TestClient;
let bella: TestClient;
beforeEach(async () => {
  ({ server, clock } = await startTestServerWithClock(basicSeed()));
  alice = await server.signIn('alice@northwind.example');
  bella = await server.signIn('bella@contoso.example');
  dataOf(await bella.request('presence:watch', { userIds: ['nw-alice'] }));
});
afterEach(async () => {
  await server.close();
});

const minutes = (count: number) => count * 60_000;
const at = (fromNowMs: number) => new Date(clock.now() + fromNowMs).toISOString();
/** Alice as Bella was last told of her. */
const aliceAsBellaSees = () =>
  bella.events
    .filter((event): event is Extract<ServerEvent, { type: 'presence:changed' }> => event.type === 'presence:changed')
    .flatMap((event) => event.payload.people)
    .filter((person) => person.id === 'nw-alice')
    .at(-1);
const cardOfAlice = async () => dataOf(await bella.request('person:card', { userId: 'nw-alice' }));

describe('Clear after', () => {
  it('clears the status message when its time comes, for every client, and keeps the presence', async () => {
    dataOf(await alice.request('presence:set', { presence: 'busy', statusMessage: 'At lunch', statusClearsAt: at(minutes(30)) }));
    await waitFor(() => aliceAsBellaSees()?.statusMessage === 'At lunch', 'Bella sees the status');
    clock.advance(minutes(29));
    await server.settled(bella);
    expect((await cardOfAlice()).statusMessage).toBe('At lunch');

    clock.advance(minutes(2));
    await waitFor(() => aliceAsBellaSees()?.statusMessage === null, 'Bella sees it go');
    expect(aliceAsBellaSees()).toMatchObject({ presence: 'busy', statusMessage: null });
    expect((await cardOfAlice()).statusMessage).toBeNull();
    // Alice's own client hears of it too (her header).
    await waitFor(() => alice.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'nw-alice' && person.statusMessage === null)), 'Alice told');
  });

  it('a status set again without Clear after stays', async () => {
    dataOf(await alice.request('presence:set', { presence: 'available', statusMessage: 'At lunch', statusClearsAt: at(minutes(30)) }));
    dataOf(await alice.request('presence:set', { presence: 'available', statusMessage: 'Back at my desk' }));
    clock.advance(minutes(90));
    await server.settled(bella, alice);
    expect((await cardOfAlice()).statusMessage).toBe('Back at my desk');
  });

  it('refuses a time past, more than eight days ahead, or not a time, and changes nothing', async () => {
    for (const statusClearsAt of [at(-minutes(1)), at(minutes(9 * 24 * 60)), 'tomorrow', 12]) {
      const answer = await alice.request('presence:set', { presence: 'dnd', statusMessage: 'Nope', statusClearsAt } as never);
      expect(answer.ok).toBe(false);
    }
    expect((await cardOfAlice()).statusMessage).toBe('On the ward until 3');
  });
});
