/**
 * No one person starves the rest (SPEC 8, issue 9's H1d, M3 and M6): every command class is
 * limited per person and says when to retry, sockets are capped per person, sign-in and the
 * support console are throttled. Time runs on a FakeClock, so what a bucket holds is exact.
 */
import http from 'node:http';
import os from 'node:os';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Ack } from '../src-shared/protocol/ack';
import type { ServerEvent } from '../src-shared/protocol/events';
import { hashPassword, legacySeedParameters, strongParameters } from './auth/passwords';
import type { FakeClock } from './domain/clock';
import { defaultLimits } from './limits/limits';
import { startServer } from './server';
import { basicSeed, dataOf, relaxedLimits, startTestServerWithClock, waitFor, type TestClient, type TestServer } from './testing/testServer';
import { sqliteDb } from './testing/sqlite';

let server: TestServer;
let clock: FakeClock;
afterEach(async () => {
  await server?.close();
});

const start = async () => ({ server, clock } = await startTestServerWithClock(basicSeed()));
const refusals = (answers: Array<Ack<unknown>>) => answers.filter((answer) => !answer.ok && answer.error.code === 'rate_limited');
const accepted = (answers: Array<Ack<unknown>>) => answers.filter((answer) => answer.ok);
const eventsOf = <T extends ServerEvent['type']>(client: TestClient, type: T) => client.events.filter((event): event is Extract<ServerEvent, { type: T }> => event.type === type);
const noWait = { waitWhenRateLimited: false } as const;

describe('per-person limits on every command class', () => {
  it('H1d: a flood of messages from one person is cut at the limit, each refusal saying when to retry', async () => {
    await start();
    const alice = await server.signIn('alice@northwind.example');
    const flood = await Promise.all(
      Array.from({ length: 300 }, (_, index) => alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `flood-message-${index}`, text: `flood ${index}` }, noWait)),
    );
    const burst = defaultLimits.commands.message.burst;
    expect(accepted(flood)).toHaveLength(burst);
    expect(refusals(flood)).toHaveLength(300 - burst);
    for (const refusal of refusals(flood)) expect(refusal).toMatchObject({ error: { retryAfterMs: expect.any(Number), message: expect.stringMatching(/Try again in \d+ s\./) } });
    const stored = (await server.context.store.messages.after('ch-nw-general', 0, 1_000)).messages.filter((message) => message.text.startsWith('flood '));
    expect(stored).toHaveLength(burst);
    // Once a token has come back (one per 1/perSecond), the next message goes.
    clock.advance(1000 / defaultLimits.commands.message.perSecond);
    expect((await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'after-waiting', text: 'patient' }, noWait)).ok).toBe(true);
  });

  it('H1d: one person at their limit does not limit another', async () => {
    await start();
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    await Promise.all(Array.from({ length: 100 }, (_, index) => alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `alice-message-${index}`, text: 'a' }, noWait)));
    expect((await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'alice-one-more', text: 'a' }, noWait)).ok).toBe(false);
    expect((await brian.request('message:send', { conversationId: 'ch-nw-general', clientId: 'brian-message-1', text: 'b' }, noWait)).ok).toBe(true);
  });

  it('M6: creating channels is limited per person', async () => {
    await start();
    const alice = await server.signIn('alice@northwind.example');
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, index) => alice.request('channel:create', { name: `spam ${index}`, visibility: 'private', memberIds: ['ct-bella'] }, noWait)),
    );
    expect(accepted(created)).toHaveLength(defaultLimits.commands.create.burst);
    expect(refusals(created)).toHaveLength(100 - defaultLimits.commands.create.burst);
  });

  it('M6: a burst of presence changes reaches another account only up to the limit, gathered into few events', async () => {
    await start();
    const bella = await server.signIn('bella@contoso.example');
    await bella.request('presence:watch', { userIds: ['nw-alice'] });
    const alice = await server.signIn('alice@northwind.example');
    await waitFor(() => eventsOf(bella, 'presence:changed').some((event) => event.payload.people.some((person) => person.id === 'nw-alice')), 'Bella to see Alice arrive');
    const before = eventsOf(bella, 'presence:changed').length;
    const aliceSeen = () => eventsOf(bella, 'presence:changed').flatMap((event) => event.payload.people).filter((person) => person.id === 'nw-alice');
    const changes = await Promise.all(Array.from({ length: 200 }, (_, index) => alice.request('presence:set', { presence: index % 2 ? 'busy' : 'available', statusMessage: `${index}` }, noWait)));
    expect(accepted(changes)).toHaveLength(defaultLimits.commands.presence.burst);
    // The last accepted change (index burst − 1) reaches Bella; nothing of the refused ones ever does.
    const lastAccepted = String(defaultLimits.commands.presence.burst - 1);
    await waitFor(() => aliceSeen().at(-1)?.statusMessage === lastAccepted, 'the last accepted change to reach Bella');
    await server.settled(bella);
    const sent = eventsOf(bella, 'presence:changed').length - before;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(defaultLimits.commands.presence.burst);
    expect(aliceSeen().at(-1)?.statusMessage).toBe(lastAccepted);
  });

  it('M6: typing is throttled per person, not per client: two clients make one notice', async () => {
    await start();
    const bella = await server.signIn('bella@contoso.example');
    const first = await server.signIn('alice@northwind.example');
    const second = await server.signIn('alice@northwind.example');
    const chat = dataOf(await first.request('chat:open', { userId: 'ct-bella' })).id;
    dataOf(await first.request('typing:start', { conversationId: chat }));
    dataOf(await second.request('typing:start', { conversationId: chat }));
    await server.settled(bella);
    expect(eventsOf(bella, 'typing:started')).toHaveLength(1);
    clock.advance(2_000);
    dataOf(await second.request('typing:start', { conversationId: chat }));
    await waitFor(() => eventsOf(bella, 'typing:started').length === 2, 'a second notice once 2 s passed');
  });

  it('M6: every command class is limited, a search and a read as much as a write', async () => {
    await start();
    const alice = await server.signIn('alice@northwind.example');
    const searches = await Promise.all(Array.from({ length: 80 }, () => alice.request('directory:search', { query: 'b' }, noWait)));
    expect(accepted(searches)).toHaveLength(defaultLimits.commands.search.burst);
    const reads = await Promise.all(Array.from({ length: 260 }, () => alice.request('conversation:history', { conversationId: 'ch-nw-general' }, noWait)));
    expect(accepted(reads)).toHaveLength(defaultLimits.commands.read.burst);
    const lists = await Promise.all(Array.from({ length: 60 }, () => alice.request('conversation:list', {}, noWait)));
    expect(accepted(lists)).toHaveLength(defaultLimits.commands.list.burst);
    const dials = await Promise.all(Array.from({ length: 20 }, () => alice.request('call:dial', { dial: '(212) 555-0142' }, noWait)));
    expect(refusals(dials).length).toBeGreaterThan(0);
  });
});

describe('sockets per person', () => {
  it('M6: a person may have at most the cap of sockets connected; the next is refused', async () => {
    await start();
    const token = (await server.signIn('alice@northwind.example')).sessionToken!;
    const cap = defaultLimits.socketsPerPerson;
    const sockets = Array.from({ length: cap + 3 }, () => io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false }));
    onTestFinished(() => sockets.forEach((socket) => socket.close()));
    const outcomes = await Promise.all(
      sockets.map((socket) => new Promise<string>((resolve) => socket.on('connect', () => resolve('connected')).on('connect_error', (error) => resolve(error.message)).on('disconnect', () => resolve('disconnected')))),
    );
    // The signed-in client already holds one place.
    expect(outcomes.filter((outcome) => outcome === 'connected')).toHaveLength(cap - 1);
    expect(outcomes.filter((outcome) => outcome !== 'connected').every((outcome) => outcome === 'too_many_connections' || outcome === 'disconnected')).toBe(true);
    expect(server.context.directory.connectionCount('nw-alice')).toBe(cap);
  });
});

describe('sign-in throttling', () => {
  const signIn = (email: string, password: string) =>
    fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

  it('M3: wrong passwords for one email are throttled, the right one too while it lasts; waiting lifts it', async () => {
    await start();
    const burst = defaultLimits.signInFailuresPerEmail.burst;
    for (let attempt = 0; attempt < burst; attempt++) expect((await signIn('alice@northwind.example', `guess-${attempt}`)).status).toBe(401);
    const throttled = await signIn('alice@northwind.example', 'demo');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Another person's sign-in is not held up by it.
    expect((await signIn('brian@northwind.example', 'demo')).status).toBe(200);
    clock.advance(Number(throttled.headers.get('retry-after')) * 1000);
    expect((await signIn('alice@northwind.example', 'demo')).status).toBe(200);
  });

  it('issue 18 #6: an attacker landing a wrong password at every refill, from one address, never locks out the right person at another', { timeout: 30_000 }, async () => {
    // Behind a trusted proxy (here: on loopback), X-Forwarded-For names the client.
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { trustProxy: ['loopback'] }));
    const from = (address: string, email: string, password: string) =>
      fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ email, password }) });
    const burst = defaultLimits.signInFailuresPerEmail.burst;
    for (let attempt = 0; attempt < burst; attempt++) expect((await from('203.0.113.9', 'alice@northwind.example', `guess-${attempt}`)).status).toBe(401);
    expect((await from('203.0.113.9', 'alice@northwind.example', 'guess')).status).toBe(429);
    // One more guess lands each time a token comes back; the email stays at its limit for that address.
    for (let refill = 0; refill < 3; refill++) {
      clock.advance(1000 / defaultLimits.signInFailuresPerEmail.perSecond);
      expect((await from('203.0.113.9', 'alice@northwind.example', `refill-${refill}`)).status).toBe(401);
      expect((await from('203.0.113.9', 'alice@northwind.example', 'demo')).status).toBe(429);
      // Alice, at her own address, signs in all the same.
      expect((await from('198.51.100.20', 'alice@northwind.example', 'demo')).status).toBe(200);
    }
  });

  it('issue 18 #6: X-Forwarded-For counts only from a trusted proxy: a client cannot name itself a fresh address', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { limits: { signInFailuresPerAddress: { burst: 3, perSecond: 0.01 } } }));
    const spoofed = (index: number) =>
      fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${index}` }, body: JSON.stringify({ email: `nobody-${index}@example.com`, password: 'x' }) });
    const statuses = [];
    for (let index = 0; index < 5; index++) statuses.push((await spoofed(index)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('M3: wrong passwords from one address are throttled across emails', { timeout: 20_000 }, async () => {
    // A smaller allowance than the default 20, so the test does not spend 20 strong hashes.
    const burst = 5;
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { limits: { signInFailuresPerAddress: { burst, perSecond: 0.2 } } }));
    for (let attempt = 0; attempt < burst; attempt++) expect((await signIn(`nobody-${attempt}@example.com`, 'guess')).status).toBe(401);
    expect((await signIn('someone-else@example.com', 'guess')).status).toBe(429);
  });

  it('wrong passwords sent all at once from one address get no more tries than one after another: each attempt is counted before its hash is checked', { timeout: 20_000 }, async () => {
    const burst = 3;
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { limits: { signInFailuresPerAddress: { burst, perSecond: 0.01 } } }));
    // Twelve guesses leave together: had each been counted only after its (slow) hash, all twelve would have been checked.
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, index) => signIn(`nobody-${index}@example.com`, 'guess')))).map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(burst);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - burst);
    // A right password from that address is refused too while the failures last; from another address it is not.
    expect((await signIn('alice@northwind.example', 'demo')).status).toBe(429);
  });

  it('a right password gives back the attempt it reserved: sign-ins that succeed never use up the allowance of failures', { timeout: 20_000 }, async () => {
    const burst = 2;
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { limits: { signInFailuresPerAddress: { burst, perSecond: 0.01 } } }));
    for (let attempt = 0; attempt < burst + 3; attempt++) expect((await signIn('alice@northwind.example', 'demo')).status).toBe(200);
    // Both failures are still there to be had, and no more.
    expect((await signIn('nobody-1@example.com', 'guess')).status).toBe(401);
    expect((await signIn('nobody-2@example.com', 'guess')).status).toBe(401);
    expect((await signIn('nobody-3@example.com', 'guess')).status).toBe(429);
  });

  it(`M3 and issue 18 #7: passwords are hashed with scrypt at N=${strongParameters.N} (50–100 ms here), seed passwords at load too; an older cheap hash still verifies and is renewed`, async () => {
    // This file runs at the product's cost (testing/passwordCost.ts), whatever file its worker ran before.
    expect(strongParameters.N).toBe(2 ** 15);
    await start();
    const hashOf = (id: string) => (sqliteDb(server.context).prepare('SELECT password_hash AS hash FROM users WHERE id = ?').get(id) as { hash: string }).hash;
    const strong = new RegExp(`^scrypt\\$${strongParameters.N}\\$8\\$1\\$`);
    for (const id of ['nw-alice', 'ct-bella', 'fb-bob']) expect(hashOf(id)).toMatch(strong);
    // A database from before issue 18 holds a seed's cheap hash: it verifies, and is renewed at sign-in.
    await server.context.users.setPasswordHash('nw-brian', await hashPassword('demo', legacySeedParameters));
    expect((await signIn('brian@northwind.example', 'demo')).status).toBe(200);
    await waitFor(() => strong.test(hashOf('nw-brian')), 'the hash renewed');
    expect((await signIn('brian@northwind.example', 'demo')).status).toBe(200);
    await server.federations.addUser({ accountId: '100100', name: 'Nia Park', email: 'nia@northwind.example', password: 'a long passphrase' });
    expect((await server.context.users.credentials('nia@northwind.example'))!.passwordHash).toMatch(strong);
  });

  it('issue 18 #7: a wrong password costs the same whether the email is unknown, never signed in, signed in, or holds an older cheap hash', { timeout: 60_000 }, async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { limits: relaxedLimits }));
    expect((await signIn('alice@northwind.example', 'demo')).status).toBe(200);
    await server.context.users.setPasswordHash('nw-brian', await hashPassword('demo', legacySeedParameters));
    const cases = { unknown: 'nobody@northwind.example', 'never signed in': 'bella@contoso.example', 'signed in': 'alice@northwind.example', 'older cheap hash': 'brian@northwind.example' };
    const times = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as number[]]));
    for (let round = 0; round < 7; round++) {
      for (const [name, email] of Object.entries(cases)) {
        // CPU time, not wall time: the server runs in this process, and its scrypt threads count in
        // process.cpuUsage(); what else the machine runs (npm test's suites side by side) barely moves it.
        const started = process.cpuUsage();
        expect((await signIn(email, `wrong-${round}`)).status).toBe(401);
        const used = process.cpuUsage(started);
        times[name]!.push((used.user + used.system) / 1000);
      }
    }
    // The least of seven: what each costs at least (a collection of garbage lands on one try or another).
    const fastest = (values: number[]) => Math.min(...values);
    const least = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, fastest(values)]));
    // Before, a seed's cheap hash answered in a tenth of the time of the others.
    for (const [name, value] of Object.entries(least)) expect(value, `${name}: ${JSON.stringify(least)}`).toBeGreaterThan(least.unknown! * 0.6);
    for (const [name, value] of Object.entries(least)) expect(value, `${name}: ${JSON.stringify(least)}`).toBeLessThan(least.unknown! * 1.7);
  });
});

describe('the support console channel', () => {
  const admin = (url: string, token: string) =>
    fetch(`${url}/api/admin`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ command: 'account list', arguments: {} }) });

  /** An admin request from one loopback address (127.x.y.z): Linux answers on all of 127.0.0.0/8. */
  const adminFrom = (localAddress: string, token: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ command: 'account list', arguments: {} });
      const request = http.request(
        `${server.url}/api/admin`,
        { method: 'POST', localAddress, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  it('issue 18 #6: wrong tokens are throttled per address and never hold back the right one, however they are timed', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { supportToken: 'a-support-token-of-length' }));
    for (let attempt = 0; attempt < defaultLimits.adminFailures.burst; attempt++) expect((await admin(server.url, `guess-${attempt}-padding`)).status).toBe(401);
    expect((await admin(server.url, 'guess-again-padding')).status).toBe(429);
    expect((await admin(server.url, 'a-support-token-of-length')).status).toBe(200);
    // One guess landing at every refill keeps the wrong ones at their limit; the console works throughout.
    for (let refill = 0; refill < 3; refill++) {
      clock.advance(1000 / defaultLimits.adminFailures.perSecond);
      expect((await admin(server.url, `refill-${refill}-padding`)).status).toBe(401);
      expect((await admin(server.url, 'guess-again-padding')).status).toBe(429);
      expect((await admin(server.url, 'a-support-token-of-length')).status).toBe(200);
    }
  });

  it('issue 18 #6: all of loopback is one address: guessing from 127.x.y.z in turn gets no fresh allowance', async () => {
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { supportToken: 'a-support-token-of-length' }));
    const statuses: number[] = [];
    for (let index = 0; index < 40; index++) statuses.push(await adminFrom(`127.${index % 7}.${index}.${(index % 250) + 1}`, `guess-${index}-padding`));
    expect(statuses.filter((status) => status === 401)).toHaveLength(defaultLimits.adminFailures.burst);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - defaultLimits.adminFailures.burst);
    expect(await adminFrom('127.9.9.9', 'a-support-token-of-length')).toBe(200);
  });

  it('M3: a token shorter than 16 characters (like the old README example s3cret) is refused at start', async () => {
    await expect(startServer({ db: ':memory:', seed: basicSeed(), port: 0, webRoot: null, supportToken: 's3cret' })).rejects.toThrow(/at least 16 characters/);
  });

  it('M3: the channel answers only loopback peers', async () => {
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    expect(outside, 'this test needs a non-loopback IPv4 address on the machine').toBeDefined();
    ({ server, clock } = await startTestServerWithClock(basicSeed(), { host: '0.0.0.0', supportToken: 'a-support-token-of-length' }));
    const remote = await admin(`http://${outside}:${server.port}`, 'a-support-token-of-length');
    expect(remote.status).toBe(403);
    expect(await remote.json()).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'The support console is accepted only from this machine.' } });
    expect((await admin(`http://127.0.0.1:${server.port}`, 'a-support-token-of-length')).status).toBe(200);
  });
});
