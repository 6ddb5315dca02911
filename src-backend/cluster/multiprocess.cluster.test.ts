/**
 * Two backend processes on one PostgreSQL and one Redis (SPEC 10), started by the CLI as an
 * operator starts them (`npm run backend -- --database-url … --redis-url … --port 0`), with
 * clients spread over both: what one process does reaches the clients of the other at once, and
 * a process killed with SIGKILL in the middle of a message stream loses nothing acknowledged.
 *
 * Needs a PostgreSQL and a redis-server (found or started: ../testing/services.ts); `npm test`'s
 * `cluster` stage runs it, or says in one line why it cannot. `npx vitest run --project cluster`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { runConsole } from '../support/console';
import { ensurePostgres, ensureRedis, freshPostgresDatabase, type Service } from '../testing/services';
import { startTcpBalancer, type TcpBalancer } from '../testing/tcpBalancer';
import { basicSeed, dataOf, TestSessionClient, waitFor } from '../testing/testServer';
import { cliArguments, listeningUrl } from '../testing/listening';

const root = path.resolve(import.meta.dirname, '../..');
const supportToken = 'cluster-support-token-for-tests';

interface Backend {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

interface Client extends TestSessionClient {
  events: ServerEvent[];
  name: string;
}

let postgres: Extract<Service, { url: string }>;
let redis: Extract<Service, { url: string }>;
let database: { url: string; drop(): Promise<void> };
let folder: string;
let balancer: TcpBalancer;
const backends: Backend[] = [];
const clients: Client[] = [];
let a: Backend;
let b: Backend;

/** Starts one backend with the CLI, as users start it, and waits for "Listening on …". */
async function startBackend(name: string, seedFile: string): Promise<Backend> {
  const args = cliArguments(
    '--database-url',
    database.url,
    '--redis-url',
    redis.url,
    '--node-id',
    name,
    '--port',
    '0',
    '--media-server',
    'off',
    '--support-token',
    supportToken,
    '--seed',
    seedFile,
    '--allow-host',
    `127.0.0.1:${balancer.port}`,
    // A killed process's clients count as gone after 3 s, not the default 15.
    '--node-timeout',
    '3',
  );
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MERIDIAN_DATABASE_URL: '', MERIDIAN_REDIS_URL: '' } });
  const output: string[] = [];
  const url = await listeningUrl(child, name, output);
  const backend = { name, url, port: Number(new URL(url).port), child, output };
  backends.push(backend);
  return backend;
}

async function stopBackend(backend: Backend, signal: NodeJS.Signals): Promise<void> {
  if (backend.child.exitCode !== null || backend.child.signalCode !== null) return;
  const exited = new Promise((resolve) => backend.child.once('exit', resolve));
  backend.child.kill(signal);
  await exited;
}

/** A signed-in client of one person at `url` (a backend, or the balancer), recording every event. */
async function connect(url: string, email: string): Promise<Client> {
  const client = new TestSessionClient({ serverUrl: url, requestTimeoutMs: 5_000 }) as Client;
  client.events = [];
  client.name = email;
  client.onServerEvent((event) => client.events.push(event));
  clients.push(client);
  const result = await client.signIn({ email, password: 'demo' });
  if (!result.ok) throw new Error(`sign-in of ${email} at ${url} failed: ${result.error.message}`);
  await waitFor(() => client.connectionState === 'connected', `${email} to connect to ${url}`, 15_000);
  return client;
}

const support = async (server: Backend, ...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runConsole(['--server', server.url, '--token', supportToken, ...args], (text) => out.push(text), (text) => err.push(text));
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const messagesIn = (client: Client, conversationId: string) =>
  client.events.flatMap((event) => (event.type === 'message:created' && event.payload.message.conversationId === conversationId ? [event.payload.message] : []));

let skipped: string | null = null;

beforeAll(async () => {
  const [pg, rd] = await Promise.all([ensurePostgres(), ensureRedis()]);
  if ('unavailable' in pg || 'unavailable' in rd) {
    skipped = 'unavailable' in pg ? `PostgreSQL: ${pg.unavailable}` : `Redis: ${(rd as { unavailable: string }).unavailable}`;
    if (!('unavailable' in pg)) await pg.stop();
    if (!('unavailable' in rd)) await rd.stop();
    throw new Error(`The multi-process suite cannot run here: ${skipped}.`);
  }
  postgres = pg;
  redis = rd;
  database = await freshPostgresDatabase(postgres.url);
  folder = mkdtempSync(path.join(tmpdir(), 'meridian-cluster-'));
  const seedFile = path.join(folder, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(basicSeed()));
  balancer = await startTcpBalancer([]);
  // One after the other: the first migrates and seeds the empty database, the second finds it ready.
  a = await startBackend('node-a', seedFile);
  b = await startBackend('node-b', seedFile);
  balancer.backends = [a.port, b.port];
}, 240_000);

afterAll(async () => {
  // MERIDIAN_CLUSTER_LOGS=DIR keeps what each backend printed (for a failure's story).
  if (process.env.MERIDIAN_CLUSTER_LOGS) for (const backend of backends) writeFileSync(path.join(process.env.MERIDIAN_CLUSTER_LOGS, `${backend.name}.log`), backend.output.join(''));
  for (const client of clients) client.signOut();
  for (const backend of backends) await stopBackend(backend, 'SIGTERM');
  await balancer?.close();
  await database?.drop();
  await redis?.stop();
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 120_000);

// Each test's clients leave when it ends: a person connected in one test is not still online in the next.
afterEach(() => {
  for (const client of clients.splice(0)) client.signOut();
});

describe('two processes on one PostgreSQL and one Redis', () => {
  it('a message sent through one process reaches a member connected to the other, and typing does too', async () => {
    const alice = await connect(a.url, 'alice@northwind.example');
    const brian = await connect(b.url, 'brian@northwind.example');
    const sent = dataOf(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'cross-process-1', text: 'Sent on A, read on B' }));
    await waitFor(() => messagesIn(brian, 'ch-nw-general').some((message) => message.id === sent.id), 'the message to reach Brian on B');
    expect(messagesIn(brian, 'ch-nw-general').filter((message) => message.id === sent.id)).toHaveLength(1);
    const history = dataOf(await brian.request('conversation:history', { conversationId: 'ch-nw-general' }));
    expect(history.messages.map((message) => message.text)).toContain('Sent on A, read on B');

    dataOf(await brian.request('typing:start', { conversationId: 'ch-nw-general' }));
    await waitFor(
      () => alice.events.some((event) => event.type === 'typing:started' && event.payload.conversationId === 'ch-nw-general' && event.payload.person.displayName !== 'UNKNOWN USER'),
      'Brian typing (on B) to reach Alice (on A)',
    );
  });

  it('presence of a person connected to one process is what a client of the other is shown, offline again when they leave', async () => {
    const alice = await connect(a.url, 'alice@northwind.example');
    const presenceOfCarl = () =>
      alice.events.flatMap((event) => (event.type === 'presence:changed' ? event.payload.people.filter((person) => person.id === 'ct-carl').map((person) => person.presence) : [])).at(-1);
    const watched = dataOf(await alice.request('presence:watch', { userIds: ['ct-carl'] }));
    const before = watched.find((person) => person.id === 'ct-carl')?.presence;
    const carl = await connect(b.url, 'carl@contoso.example');
    await waitFor(() => presenceOfCarl() === 'available', 'Carl (on B) to show available to Alice (on A)');
    expect(before).not.toBe('available');
    // Both processes count him once: a card asked of A says the same.
    const card = dataOf(await alice.request('person:card', { userId: 'ct-carl' }));
    expect(card.presence).toBe('available');
    carl.signOut();
    await waitFor(() => presenceOfCarl() === 'offline', 'Carl leaving B to show offline to Alice on A');
  });

  it('a member removed through one process is refused on the other at once, and hears nothing more of the channel', async () => {
    const bella = await connect(a.url, 'bella@contoso.example');
    const bob = await connect(b.url, 'bob@fabrikam.example');
    dataOf(await bob.request('conversation:history', { conversationId: 'ch-ct-deal' }));
    const removed = await support(a, 'channel', 'remove-member', 'ch-ct-deal', 'bob@fabrikam.example', '--force', '--operator', 'Sam Support', '--reason', 'TICKET-22');
    expect(removed.code, removed.err).toBe(0);
    // At once: the very next command on B is refused.
    const refused = await bob.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'after-removal-1', text: 'still here?' });
    expect(refused.ok).toBe(false);
    expect((await bob.request('conversation:history', { conversationId: 'ch-ct-deal' })).ok).toBe(false);
    await waitFor(() => bob.events.some((event) => event.type === 'conversation:changed' && event.payload.conversationId === 'ch-ct-deal'), 'Bob (on B) to be told the channel changed');
    // Bella writes in the channel, then to Bob directly: one stream carries both in order, so once
    // the second has reached Bob, the first would have too had it been sent to him.
    dataOf(await bella.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'after-removal-2', text: 'Bob is gone' }));
    const direct = dataOf(await bella.request('chat:open', { userId: 'fb-bob' }));
    dataOf(await bella.request('message:send', { conversationId: direct.id, clientId: 'after-removal-3', text: 'marker' }));
    await waitFor(() => messagesIn(bob, direct.id).length > 0, 'the direct message to reach Bob on B');
    expect(messagesIn(bob, 'ch-ct-deal').map((message) => message.text)).not.toContain('Bob is gone');
  });

  it('a federation change through the support console reaches the clients of both processes, and both answer by it at once', async () => {
    const bella = await connect(a.url, 'bella@contoso.example');
    const carl = await connect(b.url, 'carl@contoso.example');
    const bob = await connect(b.url, 'bob@fabrikam.example');
    const found = async (client: Client, query: string) => dataOf(await client.request('directory:search', { query })).people.map((person) => person.id);
    expect(await found(carl, 'bob')).toContain('fb-bob');
    const deleted = await support(a, 'federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup', '--operator', 'Sam Support', '--reason', 'TICKET-23');
    expect(deleted.code, deleted.err).toBe(0);
    // B answers by the new federations at once: Carl (Contoso, on B) no longer finds Bob (Fabrikam).
    expect(await found(carl, 'bob')).not.toContain('fb-bob');
    expect(await found(bella, 'bob')).not.toContain('fb-bob');
    for (const client of [bella, carl, bob]) {
      await waitFor(() => client.events.some((event) => event.type === 'directory:changed'), `${client.name} to hear directory:changed`);
    }
  });

  it('kill -9 of a process during a message stream: its clients reconnect to the other and nothing acknowledged is lost or doubled', async () => {
    const reader = await connect(b.url, 'brian@northwind.example');
    // Carl's only client is on A: when A dies, B must count him gone (nobody is left to say so).
    const carl = await connect(a.url, 'carl@contoso.example');
    const presenceOfCarl = () =>
      reader.events.flatMap((event) => (event.type === 'presence:changed' ? event.payload.people.filter((person) => person.id === 'ct-carl').map((person) => person.presence) : [])).at(-1);
    dataOf(await reader.request('presence:watch', { userIds: ['ct-carl'] }));
    await waitFor(async () => dataOf(await reader.request('person:card', { userId: 'ct-carl' })).presence === 'available', 'Carl (on A) to show available on B');
    expect(carl.connectionState).toBe('connected');
    // Through the balancer, which gives new connections to A while A is alive.
    const writer = await connect(`http://127.0.0.1:${balancer.port}`, 'alice@northwind.example');
    expect(balancer.given.get(a.port) ?? 0).toBeGreaterThan(0);
    const givenToB = balancer.given.get(b.port) ?? 0;
    const conversationId = 'ch-nw-general';
    const total = 40;
    const acknowledged = new Map<string, string>();
    for (let index = 0; index < total; index++) {
      const clientId = `stream-${String(index).padStart(4, '0')}`;
      if (index === 15) await stopBackend(a, 'SIGKILL');
      // As the outbox does: the same client id again until the server acknowledges it.
      for (let attempt = 0; ; attempt++) {
        const answer = await writer.request('message:send', { conversationId, clientId, text: clientId });
        if (answer.ok) {
          acknowledged.set(clientId, answer.data.id);
          break;
        }
        if (attempt > 60) throw new Error(`${clientId} was never acknowledged: ${answer.error.code}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(acknowledged.size).toBe(total);
    // The writer came back through the balancer, to B.
    expect(balancer.given.get(b.port) ?? 0).toBeGreaterThan(givenToB);
    // The store holds each acknowledged message once, in the order sent.
    const stored: Array<{ id: string; text: string; seq: number }> = [];
    let afterSeq = 0;
    for (;;) {
      const page = dataOf(await reader.request('conversation:history', { conversationId, afterSeq, limit: 200 }));
      stored.push(...page.messages.map((message) => ({ id: message.id, text: message.text, seq: message.seq })));
      if (page.messages.length === 0 || !page.hasMore) break;
      afterSeq = page.messages.at(-1)!.seq;
    }
    const streamed = stored.filter((message) => message.text.startsWith('stream-'));
    expect(streamed.map((message) => message.text)).toEqual([...acknowledged.keys()]);
    expect(streamed.map((message) => message.id)).toEqual([...acknowledged.values()]);
    // The reader on B, never disconnected, got each live at most once; what it missed (sent by A
    // as it died) it catches up on, as after a restart. The last one's broadcast may reach the reader
    // a moment after its acknowledgement reached the writer (two sockets): wait for it, then judge.
    const lastId = [...acknowledged.values()].at(-1)!;
    await waitFor(() => messagesIn(reader, conversationId).some((message) => message.id === lastId), 'the last acknowledged message to reach the reader on B live');
    const live = messagesIn(reader, conversationId).filter((message) => message.text.startsWith('stream-'));
    expect(new Set(live.map((message) => message.id)).size).toBe(live.length);
    const everyAfterKill = [...acknowledged.values()].slice(16);
    for (const id of everyAfterKill) expect(live.map((message) => message.id)).toContain(id);
    // A's heartbeat ran out: B took its clients out of the counts, and Carl shows offline.
    await waitFor(() => presenceOfCarl() === 'offline', 'Carl, connected only to the killed process, to show offline on B', 20_000);
  });
});
