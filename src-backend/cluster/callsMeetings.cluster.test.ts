/**
 * Calls and meetings on several backend processes (SPEC 10, issue 22), started by the CLI as an
 * operator starts them, on one PostgreSQL, one Redis and one Janus (`--janus-url`):
 *
 * - a ringing call's timeout fires once for the deployment, though the process that placed it,
 *   a process started while it rang (which sets its timers again) and every process's sweep all
 *   reach its deadline: one end, one record per party;
 * - a call still rings when the process that placed it (and armed its timer) is killed with
 *   SIGKILL: another process's sweep ends it at its deadline;
 * - two people in one meeting, connected to different processes, are listed alike by both and
 *   are in one media room: each receives the other's voice and camera, bytes arriving (real
 *   Chromium peers through Janus, as meetingMedia.backend.test.ts; skipped without Janus).
 *
 * Needs a PostgreSQL and a redis-server (found or started: ../testing/services.ts). `npx vitest
 * run --project cluster src-backend/cluster/callsMeetings.cluster.test.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-shared/protocol/callProtocol';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { findJanus, startJanus, type JanusProcess } from '../media/janusProcess';
import { inboundBytes, launchPeers, publish, relayPeer, type Peers } from '../testing/browserPeers';
import { ensurePostgres, ensureRedis, freshPostgresDatabase, type Service } from '../testing/services';
import { basicSeed, dataOf, TestSessionClient, waitFor, type TestClient } from '../testing/testServer';
import { cliArguments, listeningUrl } from '../testing/listening';

const root = path.resolve(import.meta.dirname, '../..');
const supportToken = 'cluster-support-token-for-tests';
/** Short enough for a test, long enough for a process to start while a call rings. */
const ringTimeoutSeconds = 12;
/** How often each process sweeps calls past their deadline (`callSweepMs` is 5 s). */
const callSweepMs = 5_000;

interface Backend {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}

interface Client extends TestClient {
  name: string;
}

let postgres: Extract<Service, { url: string }>;
let redis: Extract<Service, { url: string }>;
let database: { url: string; drop(): Promise<void> };
let folder: string;
let seedFile: string;
let janus: JanusProcess | null = null;
let janusSecretFile: string | null = null;
const backends: Backend[] = [];
const clients: Client[] = [];
let a: Backend;
let b: Backend;

/** Starts one backend with the CLI, as users start it, and waits for "Listening on …". */
async function startBackend(name: string): Promise<Backend> {
  const args = cliArguments(
    '--database-url',
    database.url,
    '--redis-url',
    redis.url,
    '--node-id',
    name,
    '--port',
    '0',
    ...(janus && janusSecretFile ? ['--janus-url', janus.url, '--janus-api-secret-file', janusSecretFile] : ['--media-server', 'off']),
    '--ring-timeout',
    String(ringTimeoutSeconds),
    '--support-token',
    supportToken,
    '--seed',
    seedFile,
    '--node-timeout',
    '3',
  );
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MERIDIAN_DATABASE_URL: '', MERIDIAN_REDIS_URL: '', MERIDIAN_JANUS_API_SECRET: '' } });
  const output: string[] = [];
  const url = await listeningUrl(child, name, output);
  const backend = { name, url, child, output };
  backends.push(backend);
  return backend;
}

async function stopBackend(backend: Backend, signal: NodeJS.Signals): Promise<void> {
  if (backend.child.exitCode !== null || backend.child.signalCode !== null) return;
  const exited = new Promise((resolve) => backend.child.once('exit', resolve));
  backend.child.kill(signal);
  await exited;
}

/** A signed-in client of one person at one backend, recording every event. */
async function connect(backend: Backend, email: string): Promise<Client> {
  const client = new TestSessionClient({ serverUrl: backend.url, requestTimeoutMs: 10_000 }) as Client;
  client.events = [];
  client.markers = new Set();
  client.name = email;
  client.onServerEvent((event) => client.events.push(event));
  clients.push(client);
  const result = await client.signIn({ email, password: 'demo' });
  if (!result.ok) throw new Error(`sign-in of ${email} at ${backend.name} failed: ${result.error.message}`);
  await waitFor(() => client.connectionState === 'connected', `${email} to connect to ${backend.name}`, 15_000);
  return client;
}

/** Every state of one call a client was told of, in order. */
const callStates = (client: Client, callId: string): CallView[] =>
  client.events.flatMap((event) => ((event.type === 'call:updated' || event.type === 'call:ringing') && event.payload.call.id === callId ? [event.payload.call] : []));
const recordsOf = (client: Client, callId: string) => client.events.filter((event) => event.type === 'call:recorded' && event.payload.record.callId === callId);

type Offered = Extract<ServerEvent, { type: 'meeting:media-offered' }>['payload'];
const offers = (client: Client): Offered[] => client.events.filter((event) => event.type === 'meeting:media-offered').map((event) => event.payload as Offered);

beforeAll(async () => {
  const [pg, rd] = await Promise.all([ensurePostgres(), ensureRedis()]);
  if ('unavailable' in pg || 'unavailable' in rd) {
    const skipped = 'unavailable' in pg ? `PostgreSQL: ${pg.unavailable}` : `Redis: ${(rd as { unavailable: string }).unavailable}`;
    if (!('unavailable' in pg)) await pg.stop();
    if (!('unavailable' in rd)) await rd.stop();
    throw new Error(`The multi-process suite cannot run here: ${skipped}.`);
  }
  postgres = pg;
  redis = rd;
  database = await freshPostgresDatabase(postgres.url);
  folder = mkdtempSync(path.join(tmpdir(), 'meridian-cluster-calls-'));
  seedFile = path.join(folder, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(basicSeed()));
  // One Janus for the whole deployment, as an operator runs it beside the backends.
  const found = findJanus();
  if (!('missing' in found)) {
    janus = await startJanus({ found, iceEnforce: [] });
    janusSecretFile = path.join(folder, 'janus-secret');
    writeFileSync(janusSecretFile, janus.apiSecret, { mode: 0o600 });
  }
  // One after the other: the first migrates and seeds the empty database, the second finds it ready.
  a = await startBackend('node-a');
  b = await startBackend('node-b');
}, 240_000);

afterAll(async () => {
  if (process.env.MERIDIAN_CLUSTER_LOGS) for (const backend of backends) writeFileSync(path.join(process.env.MERIDIAN_CLUSTER_LOGS, `${backend.name}.log`), backend.output.join(''));
  for (const client of clients) client.signOut();
  for (const backend of backends) await stopBackend(backend, 'SIGTERM');
  await janus?.stop();
  await database?.drop();
  await redis?.stop();
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 120_000);

afterEach(() => {
  for (const client of clients.splice(0)) client.signOut();
});

describe('calls and meetings on two processes', () => {
  it('a ringing call times out once, though the placing process, a process started while it rang and every sweep reach its deadline', { timeout: 120_000 }, async () => {
    const alice = await connect(a, 'alice@northwind.example');
    const bella = await connect(b, 'bella@contoso.example');
    await reachableFrom(alice, 'ct-bella');
    const dialed = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
    expect(dialed.state).toBe('ringing');
    await waitFor(() => callStates(bella, dialed.id).some((call) => call.state === 'ringing'), 'Bella (on B) to ring');
    // A third process starts while it rings: it sets the stored call's timer again, as every starting process does.
    const c = await startBackend('node-c');
    const carl = await connect(c, 'carl@contoso.example');
    expect(carl.connectionState).toBe('connected');

    await waitFor(() => callStates(alice, dialed.id).some((call) => call.state === 'ended'), 'the call to time out', (ringTimeoutSeconds + 30) * 1000);
    await waitFor(() => recordsOf(alice, dialed.id).length > 0 && recordsOf(bella, dialed.id).length > 0, 'both records');
    // Every timer and sweep has had its turn: the placing process's, C's, and two sweeps of each.
    await new Promise((resolve) => setTimeout(resolve, 2 * callSweepMs + 1_000));
    const ended = (client: Client) => callStates(client, dialed.id).filter((call) => call.state === 'ended');
    expect(ended(alice)).toHaveLength(1);
    expect(ended(alice)[0]).toMatchObject({ outcome: 'no answer' });
    expect(ended(bella)).toHaveLength(1);
    expect(ended(bella)[0]).toMatchObject({ outcome: 'missed' });
    // Recorded once for each party, whichever process asks.
    expect(recordsOf(alice, dialed.id)).toHaveLength(1);
    expect(recordsOf(bella, dialed.id)).toHaveLength(1);
    const history = dataOf(await bella.request('call:history', {})).filter((record) => record.callId === dialed.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ direction: 'in', outcome: 'missed' });
    expect(dataOf(await alice.request('call:history', {})).filter((record) => record.callId === dialed.id)).toHaveLength(1);
    // Timed out at its deadline, not a sweep's period or two later.
    const ringing = callStates(alice, dialed.id).find((call) => call.state === 'ringing')!;
    const endedAt = Date.parse(ended(alice)[0]!.endedAt!);
    expect(endedAt - Date.parse(ringing.startedAt)).toBeGreaterThanOrEqual(ringTimeoutSeconds * 1000);
    expect(endedAt - Date.parse(ringing.startedAt)).toBeLessThan(ringTimeoutSeconds * 1000 + callSweepMs + 3_000);
  });

  it('two people in one meeting on different processes are listed alike by both, and hear and see each other through one media room', { timeout: 120_000 }, async () => {
    const bella = await connect(a, 'bella@contoso.example');
    const alice = await connect(b, 'alice@northwind.example');
    const started = dataOf(await bella.request('meeting:start', { conversationId: 'ch-ct-deal' }));
    const joined = dataOf(await alice.request('meeting:join', { meetingId: started.id }));
    const names = (view: { participants: Array<{ displayName: string }> }) => view.participants.map((person) => person.displayName).sort();
    expect(names(joined)).toEqual(['Alice Nguyen', 'Bella Martins']);
    // A, asked by Bella, lists the same people as B told Alice: the participants are the store's.
    const listedOnA = dataOf(await bella.request('meeting:list', { conversationId: 'ch-ct-deal' })).items.find((meeting) => meeting.id === started.id)!;
    expect(names(listedOnA)).toEqual(['Alice Nguyen', 'Bella Martins']);
    await waitFor(
      () => bella.events.some((event) => event.type === 'meeting:updated' && event.payload.meeting.id === started.id && event.payload.meeting.participants.length === 2),
      'Bella (on A) to hear that Alice (on B) joined',
    );
    if (!janus) return; // Without Janus each process carries no media: nothing more to see here.
    expect(joined.media).toEqual({ transport: 'sfu', notice: null });

    const peers: Peers = await launchPeers();
    try {
      const people = [bella, alice];
      const pages = await Promise.all([peers.page(a.url), peers.page(b.url)]);
      const stops = people.map((client, index) => relayPeer(client, pages[index]!, started.id));
      for (const [index, client] of people.entries()) await publish(client, pages[index]!, started.id);
      const received = (client: Client) => (offers(client).at(-1)?.streams ?? []).map((stream) => `${stream.participant.displayName} ${stream.source}`).sort();
      await waitFor(() => received(bella).length === 2 && received(alice).length === 2, 'each to be offered the other’s voice and camera, across processes', 30_000);
      expect(received(bella)).toEqual(['Alice Nguyen camera', 'Alice Nguyen microphone']);
      expect(received(alice)).toEqual(['Bella Martins camera', 'Bella Martins microphone']);
      // Media arrives: every stream each page was offered brings bytes (getStats' inbound-rtp).
      for (const [index, client] of people.entries()) {
        const mids = offers(client).at(-1)!.streams.map((stream) => stream.mid);
        await waitForAsync(async () => {
          const bytes = await inboundBytes(pages[index]!);
          return mids.every((mid) => (bytes[mid] ?? 0) > 0);
        }, `${client.name} to receive bytes on every stream`, 20_000);
      }
      for (const stop of stops) stop();
    } finally {
      await peers.close();
    }
  });

  it('kill -9 of a process: a call it placed and that still rings ends at its deadline, and its client in a meeting is taken out after the grace', { timeout: 150_000 }, async () => {
    const alice = await connect(a, 'alice@northwind.example');
    const bella = await connect(b, 'bella@contoso.example');
    await reachableFrom(alice, 'ct-bella');
    // Bob (on A only) is in a meeting with Bella (on B).
    const bob = await connect(a, 'bob@fabrikam.example');
    const meeting = dataOf(await bella.request('meeting:start', { conversationId: 'ch-ct-deal' }));
    dataOf(await bob.request('meeting:join', { meetingId: meeting.id }));
    const meetingPeople = () =>
      bella.events.flatMap((event) => (event.type === 'meeting:updated' && event.payload.meeting.id === meeting.id ? [event.payload.meeting.participants.length] : [])).at(-1);
    await waitFor(() => meetingPeople() === 2, 'Bella to see Bob join');
    const dialed = dataOf(await alice.request('call:dial', { dial: '(212) 555-0141' }));
    await waitFor(() => callStates(bella, dialed.id).some((call) => call.state === 'ringing'), 'Bella (on B) to ring');
    const ringing = callStates(bella, dialed.id).find((call) => call.state === 'ringing')!;
    // A armed the ring timeout; A dies without a word.
    await stopBackend(a, 'SIGKILL');
    await waitFor(() => callStates(bella, dialed.id).some((call) => call.state === 'ended'), 'Bella’s ringing to stop', (ringTimeoutSeconds + 30) * 1000);
    const ended = callStates(bella, dialed.id).filter((call) => call.state === 'ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ outcome: 'missed' });
    const after = Date.parse(ended[0]!.endedAt!) - Date.parse(ringing.startedAt);
    expect(after).toBeGreaterThanOrEqual(ringTimeoutSeconds * 1000);
    expect(after).toBeLessThan(ringTimeoutSeconds * 1000 + callSweepMs + 3_000);
    await waitFor(() => recordsOf(bella, dialed.id).length > 0, 'Bella’s record of it');
    expect(dataOf(await bella.request('call:history', {})).filter((record) => record.callId === dialed.id)).toMatchObject([{ direction: 'in', outcome: 'missed' }]);
    // Alice, back through B, finds it ended as no answer, and may leave her voicemail.
    const back = await connect(b, 'alice@northwind.example');
    expect(dataOf(await back.request('call:history', {})).filter((record) => record.callId === dialed.id)).toMatchObject([{ direction: 'out', outcome: 'no answer' }]);
    // Bob never came back: once B counts A gone (3 s) and his grace to resume ran out (20 s), he is out of the meeting, for everyone.
    await waitFor(() => meetingPeople() === 1, 'Bob, whose process was killed, to be taken out of the meeting', 45_000);
    const listed = dataOf(await bella.request('meeting:list', { conversationId: 'ch-ct-deal' })).items.find((item) => item.id === meeting.id)!;
    expect(listed.participants.map((person) => person.displayName)).toEqual(['Bella Martins']);
  });
});

/** Until the process a client is connected to counts a person's client on the other (Redis tells it a moment after they connect): only then does a call ring them. */
async function reachableFrom(client: Client, userId: string): Promise<void> {
  await waitForAsync(async () => dataOf(await client.request('person:card', { userId })).presence === 'available', `${userId} to show available to ${client.name}`, 15_000);
}

async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
