/**
 * Sessions end when they should (SPEC 8, issue 9's M1): sign-out ends every socket of the
 * session at once; sessions expire after 30 days, browser ones after 12 hours unused; a kept
 * token resumes a session that lasts. Time runs on a FakeClock.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionEndReason } from '../src-shared/protocol/events';
import { browserSessionIdleMs, sessionLifetimeMs } from '../src-shared/protocol/http';
import { SessionClient } from '../src-shared/session/sessionClient';
import { sessionHashOf } from './auth/sessions';
import type { FakeClock } from './domain/clock';
import { basicSeed, dataOf, startTestServerWithClock, waitFor, type TestServer } from './testing/testServer';

let server: TestServer;
let clock: FakeClock;
afterEach(async () => {
  await server?.close();
});

const hour = 60 * 60 * 1000;

/** A client that remembers why its session ended. */
function clientOf(kind: 'browser' | 'desktop') {
  const client = new SessionClient({ serverUrl: server.url, requestTimeoutMs: 5_000, client: kind });
  const ended: SessionEndReason[] = [];
  client.onServerEvent((event) => {
    if (event.type === 'session:ended') ended.push(event.payload.reason);
  });
  onTestFinished(() => client.signOut());
  return { client, ended };
}

/** Whether a token connects now ('connected', or the refusal); the socket leaves again at once. */
const connectWith = async (token: string) => {
  const socket = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const outcome = await new Promise<string>((resolve) => socket.on('connect', () => resolve('connected')).on('connect_error', (error) => resolve(error.message)));
  socket.close();
  return outcome;
};

describe('sign-out', () => {
  it('M1: signing out ends every socket of that session at once, not only the one that asked', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const { client: first } = clientOf('desktop');
    dataOf(await first.signIn({ email: 'alice@northwind.example', password: 'demo' }));
    await waitFor(() => first.connectionState === 'connected', 'the first client');
    // A second client (another tab, a copied token) on the same session.
    const { client: second, ended } = clientOf('desktop');
    dataOf(await second.resumeToken(first.sessionToken!));
    await waitFor(() => second.connectionState === 'connected', 'the second client');
    expect((await second.request('directory:search', { query: 'bel' })).ok).toBe(true);

    first.signOut();
    await waitFor(() => second.connectionState === 'signed-out', 'the second client to be signed out');
    expect(ended).toEqual(['signed-out']);
    expect(await second.request('directory:search', { query: 'bel' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(server.context.directory.connectionCount('nw-alice')).toBe(0);
  });
});

describe('expiry', () => {
  it('M1: a session older than 30 days is refused at the handshake, however it was used', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const token = await server.context.sessions.create('nw-alice', 'desktop');
    await server.context.store.sessions.insert({ hash: sessionHashOf('x'.repeat(43)), userId: 'nw-brian', client: 'desktop', createdAt: '2001-01-01T00:00:00.000Z', lastUsedAt: new Date(clock.now()).toISOString() });
    expect(await connectWith('x'.repeat(43))).toBe('session_expired');
    expect(await connectWith(token)).toBe('connected');
    clock.advance(sessionLifetimeMs);
    expect(await connectWith(token)).toBe('session_expired');
  });

  it('M1: a session that reaches 30 days while connected is ended on its clients, who hear why', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const { client, ended } = clientOf('desktop');
    dataOf(await client.signIn({ email: 'alice@northwind.example', password: 'demo' }));
    await waitFor(() => client.connectionState === 'connected', 'connected');
    clock.advance(sessionLifetimeMs + 60_000);
    await waitFor(() => client.connectionState === 'signed-out', 'the session to end');
    expect(ended).toEqual(['expired']);
  });

  it('issue 18 #4: a session found expired by any request (before the sweep) ends its sockets at once', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    // A desktop session 30 seconds short of 30 days old: connected, it has not expired yet.
    const token = 'e'.repeat(43);
    const createdAt = new Date(clock.now() - sessionLifetimeMs + 30_000).toISOString();
    await server.context.store.sessions.insert({ hash: sessionHashOf(token), userId: 'nw-alice', client: 'desktop', createdAt, lastUsedAt: createdAt });
    const { client, ended } = clientOf('desktop');
    dataOf(await client.resumeToken(token));
    await waitFor(() => client.connectionState === 'connected', 'connected');
    // 31 seconds on: expired, and no sweep has run yet (they run a minute apart). A request with the token notices first.
    clock.advance(31_000);
    const resume = await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(resume.status).toBe(401);
    await waitFor(() => client.connectionState === 'signed-out', 'the socket of the expired session to end');
    expect(ended).toEqual(['expired']);
    expect(server.context.directory.connectionCount('nw-alice')).toBe(0);
  });

  it('issue 18 #4: signing out ends every socket of the token even when its session was already deleted elsewhere', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const { client, ended } = clientOf('desktop');
    const token = dataOf(await client.signIn({ email: 'alice@northwind.example', password: 'demo' })).token;
    await waitFor(() => client.connectionState === 'connected', 'connected');
    // The row goes without anyone telling its sockets (another process, a database tool, an older server).
    await server.context.store.sessions.delete(sessionHashOf(token));
    const signOut = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(signOut.status).toBe(200);
    await waitFor(() => client.connectionState === 'signed-out', 'the socket to end at sign-out');
    expect(ended).toEqual(['signed-out']);
  });

  it('M1: a browser session unused for 12 hours expires; in use, or a desktop one, it does not', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const browserToken = await server.context.sessions.create('nw-alice', 'browser');
    const desktopToken = await server.context.sessions.create('nw-brian', 'desktop');
    // Connected for a whole day: in use, not idle.
    const { client, ended } = clientOf('browser');
    dataOf(await client.resumeToken(browserToken));
    await waitFor(() => client.connectionState === 'connected', 'connected');
    clock.advance(24 * hour);
    expect(client.connectionState).toBe('connected');
    expect(ended).toEqual([]);
    // Closed, then left 12 hours.
    client.signOut = () => undefined; // leave without revoking, as closing the tab does
    (client as unknown as { socket: { disconnect(): void } }).socket.disconnect();
    // Idle time counts once the session is no longer in use: its last use stored (on PostgreSQL a
    // moment after the socket is counted out of the directory; a check before then finds it in use).
    const browserHash = sessionHashOf(browserToken);
    await waitFor(() => !server.context.sessions.inUse(browserHash), 'the tab closed');
    clock.advance(browserSessionIdleMs - 60_000);
    expect(await connectWith(browserToken)).toBe('connected');
    await waitFor(() => !server.context.sessions.inUse(browserHash), 'that check to leave');
    // Used just now: the 12 hours start again from here.
    clock.advance(browserSessionIdleMs);
    expect(await connectWith(browserToken)).toBe('session_expired');
    expect(await connectWith(desktopToken)).toBe('connected');
  });

  it('M1: a kept token of an expired session returns a client to sign-in, saying why', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const { client, ended } = clientOf('browser');
    const token = await server.context.sessions.create('nw-alice', 'browser');
    clock.advance(browserSessionIdleMs + 1);
    const resumed = await client.resumeToken(token);
    expect(resumed).toMatchObject({ ok: false, error: { code: 'unauthorized', message: 'Your session expired. Sign in again.' } });
    expect(client.connectionState).toBe('signed-out');
    expect(ended).toEqual(['expired']);
  });
});

describe('resuming', () => {
  it('a kept token goes on with its session after a reload; a revoked one does not', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed()));
    const { client: before } = clientOf('browser');
    const signedIn = dataOf(await before.signIn({ email: 'bella@contoso.example', password: 'demo' }));
    const { client: after } = clientOf('browser');
    const resumed = dataOf(await after.resumeToken(signedIn.token));
    expect(resumed.user).toMatchObject({ id: 'ct-bella', displayName: 'Bella Martins' });
    await waitFor(() => after.connectionState === 'connected', 'the resumed client to connect');
    before.signOut();
    await waitFor(() => after.connectionState === 'signed-out', 'both to end');
    const { client: third } = clientOf('browser');
    expect(await third.resumeToken(signedIn.token)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});
