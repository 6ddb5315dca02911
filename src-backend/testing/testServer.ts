/**
 * Backend test harness: a real server on port 0 with an in-memory database and a seed of the
 * test's choosing, and real signed-in socket.io clients.
 *
 *   const server = await startTestServer(basicSeed());
 *   const alice = await server.signIn('alice@northwind.example');
 *   const found = await alice.request('directory:search', { query: 'bel' });
 *   await server.settled(bella);  // everything the server sent Bella so far has arrived
 *   expect(bella.events.filter(…)).toEqual([]); // so "nothing arrived" cannot pass by arriving late
 *   await server.close(); // closes its clients too
 */
import fixture from '../../src-shared/testing/federation-basic.json';
import type { Ack } from '../../src-shared/protocol/ack';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { SessionClient } from '../../src-shared/session/sessionClient';
import { FakeClock } from '../domain/clock';
import type { LimitOverrides } from '../limits/limits';
import { flushPresence } from '../handlers/broadcast';
import { namedSeed } from '../seed/loadSeed';
import { rooms } from '../context';
import { startServer, type RunningServer, type ServerOptions } from '../server';
import { freshPostgresDatabase } from './services';

/** A fresh copy of src-shared/testing/federation-basic.json (a mistake in it, changed by a test, names that file). */
export function basicSeed(): typeof fixture {
  return namedSeed(structuredClone(fixture), 'src-shared/testing/federation-basic.json');
}

/**
 * A session client whose connection a test can cut as a network failure would (the transport
 * closes under it; socket.io reconnects by itself). The product's SessionClient has no such hook.
 */
export class TestSessionClient extends SessionClient {
  dropConnection(): void {
    this.socket?.io.engine?.close();
  }
}

export interface TestClient extends TestSessionClient {
  /** Every server event this client received, in order (markers of `settled` left out). */
  events: ServerEvent[];
  /** The markers of `settled` this client has received. */
  markers: Set<string>;
}

export interface TestServer extends RunningServer {
  signIn(email: string, password?: string): Promise<TestClient>;
  /**
   * Resolves once each client has received everything the server has sent it so far: presence
   * gathered for its batch goes at once, then a marker is sent to each client's sockets and
   * awaited. One connection delivers in order, so a test that then finds nothing of an event
   * knows it was not sent, rather than not yet arrived.
   */
  settled(...clients: TestClient[]): Promise<void>;
}

/** The event `settled` sends; no product code sends or listens for it. */
const markerEvent = 'test:marker';
let markersSent = 0;

/**
 * On PostgreSQL when the suite runs there (MERIDIAN_TEST_ENGINE=postgres, set up by
 * ./postgresSetup.ts): each test server gets a database of its own, copied from a migrated template.
 */
export async function testDatabase(): Promise<{ databaseUrl?: string; drop(): Promise<void> }> {
  if (process.env.MERIDIAN_TEST_ENGINE !== 'postgres') return { drop: async () => undefined };
  const server = process.env.MERIDIAN_TEST_POSTGRES_SERVER;
  if (!server) throw new Error('MERIDIAN_TEST_ENGINE=postgres needs the backend-postgres project (its global setup finds the server).');
  const database = await freshPostgresDatabase(server, process.env.MERIDIAN_TEST_POSTGRES_TEMPLATE);
  return { databaseUrl: database.url, drop: database.drop };
}

/** Which engine the backend suites run on now. */
export const testEngine = process.env.MERIDIAN_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export async function startTestServer(seed: unknown, options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const database = options.databaseUrl === undefined ? await testDatabase() : { drop: async () => undefined };
  let server: RunningServer;
  try {
    server = await startServer({ db: ':memory:', seed, port: 0, webRoot: null, ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}), ...options });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const clients: SessionClient[] = [];
  return {
    ...server,
    async signIn(email, password = 'demo') {
      const client = new TestSessionClient({ serverUrl: server.url, requestTimeoutMs: 5_000 }) as TestClient;
      client.events = [];
      client.markers = new Set();
      client.onServerEvent((event) => {
        const { type, payload } = event as { type: string; payload: unknown };
        if (type === markerEvent) client.markers.add((payload as { id: string }).id);
        else client.events.push(event);
      });
      clients.push(client);
      const result = await client.signIn({ email, password });
      if (!result.ok) throw new Error(`sign-in of ${email} failed: ${result.error.message}`);
      await waitFor(() => client.connectionState === 'connected', `${email} to connect`);
      // A first client's arrival is announced now, not at the end of the presence batch, and has
      // reached this client (of the same account) before the test goes on: it sees what it did itself.
      const userId = result.data.user.id;
      flushPresence(server.context);
      if (server.context.directory.connectionCount(userId) === 1) {
        await waitFor(() => client.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === userId)), `${email}'s arrival to be announced`);
      }
      return client;
    },
    async settled(...waiting) {
      flushPresence(server.context);
      await Promise.all(
        waiting.map(async (client) => {
          const userId = client.signedIn?.user.id;
          if (!userId) throw new Error('settled: the client is not signed in');
          const id = `marker-${++markersSent}`;
          (server.context.io.to(rooms.user(userId)).emit as (event: string, payload: unknown) => boolean)(markerEvent, { id });
          await waitFor(() => client.markers.has(id), `${userId}'s client to receive everything sent before now`);
        }),
      );
    },
    async close() {
      for (const client of clients) client.signOut();
      await server.close();
      await database.drop();
    },
  };
}

/** Waits until a condition holds, polling; fails with what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The data of a successful acknowledgement, or a failed test that says why. */
export function dataOf<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected success, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** A test server whose time (stamps, expiries, rates, call and meeting timers) runs on a FakeClock the test advances. */
export async function startTestServerWithClock(seed: unknown, options: Partial<ServerOptions> = {}): Promise<{ server: TestServer; clock: FakeClock }> {
  const clock = new FakeClock();
  const server = await startTestServer(seed, { ...options, clock });
  return { server, clock };
}

/** Rates no test meets unless it is about limits: for tests that drive one server hard (the authorization matrix, the fuzzer). */
export const relaxedLimits: LimitOverrides = {
  commands: Object.fromEntries(
    (['message', 'create', 'invite', 'presence', 'typing', 'call', 'signal', 'dial', 'meeting', 'media', 'read', 'list', 'search', 'messageSearch'] as const).map((commandClass) => [commandClass, { burst: 1e9, perSecond: 1e9 }]),
  ),
  upload: { burst: 1e9, perSecond: 1e9 },
  signInFailuresPerAddress: { burst: 1e9, perSecond: 1e9 },
  signInFailuresPerEmail: { burst: 1e9, perSecond: 1e9 },
  signInsPerEmail: { burst: 1e9, perSecond: 1e9 },
  inboundBytes: { burst: 1e12, perSecond: 1e12 },
};
