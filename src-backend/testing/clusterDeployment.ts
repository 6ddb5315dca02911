/**
 * A deployment of several backend processes on one PostgreSQL and one Redis (SPEC 10) for the
 * multi-process suite, shaped like a test server (./testServer.ts) so the same scenario code runs
 * against one server or a cluster ("where clients connect"):
 *
 *   const cluster = await startClusterDeployment(richSeed(), { processes: 2 });
 *   const alice = await cluster.signIn('alice@northwind.example'); // on the CLI process 0
 *   const bob = await cluster.signIn('bob@fabrikam.example');       // on the CLI process 1
 *   await cluster.federations.delete(…);  // made on the control node, reaching the others over Redis
 *   await cluster.settled(alice, bob);
 *   await cluster.close();
 *
 * `processes` backends are started by the CLI as an operator starts them (`npm run backend --
 * --database-url … --redis-url …`), and clients are spread over them in turn. One more node, the
 * *control node*, runs in the test's own process on the same database and Redis: it seeds the
 * database, makes the support changes a console would (`federations`), answers what a test asks
 * of the whole deployment (`context`: who sees whom, a conversation's members) and sends the
 * markers of `settled`. No client connects to it, so everything a client gets from a change made
 * there has crossed Redis.
 *
 * `settled(…)`: the control node sends a marker to each client's person room through the Redis
 * Streams adapter, where it queues behind every event the CLI processes added to the same stream
 * before; a client that has the marker has what was sent to it before. (Presence gathered for a
 * batch in a CLI process, 50 ms, goes when that batch ends, not at once.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LimitOverrides } from '../limits/limits';
import { flushPresence } from '../handlers/broadcast';
import { rooms } from '../context';
import { startServer, type RunningServer } from '../server';
import { ensurePostgres, ensureRedis, freshPostgresDatabase, type Service } from './services';
import { TestSessionClient, waitFor, type TestClient } from './testServer';
import { cliArguments, listeningUrl } from './listening';

const root = path.resolve(import.meta.dirname, '../..');

export interface ClusterBackend {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it printed (MERIDIAN_CLUSTER_LOGS=DIR keeps it in DIR/<name>.log). */
  output: string[];
}

export interface ClusterOptions {
  /** How many backends the CLI starts (clients are spread over them); 2 by default. */
  processes?: number;
  supportToken?: string;
  limits?: LimitOverrides;
  /** Extra CLI arguments for every backend. */
  args?: string[];
}

export interface ClusterDeployment {
  /** The first CLI backend's address (HTTP requests a test does not spread). */
  url: string;
  /** Every CLI backend's address, in the order clients are spread over them. */
  urls: string[];
  backends: ClusterBackend[];
  /** The control node (in this process): who sees whom, members, support changes. No client connects to it. */
  control: RunningServer;
  context: RunningServer['context'];
  federations: RunningServer['federations'];
  supportToken: string;
  /** Signs a person in on the next CLI backend in turn (or on the one given). */
  signIn(email: string, password?: string, on?: number): Promise<TestClient>;
  settled(...clients: TestClient[]): Promise<void>;
  close(): Promise<void>;
}

/** The event `settled` sends; no product code sends or listens for it. */
const markerEvent = 'test:marker';
let markersSent = 0;

/** One PostgreSQL server per test file (initdb is slow): found or started on first use, stopped by `stopClusterServices`. */
let postgres: Promise<Extract<Service, { url: string }>> | null = null;

async function postgresServer(): Promise<Extract<Service, { url: string }>> {
  postgres ??= ensurePostgres().then((service) => {
    if ('unavailable' in service) throw new Error(`The multi-process suite cannot run here: PostgreSQL: ${service.unavailable}.`);
    return service;
  });
  return postgres;
}

/** Stops the PostgreSQL this file's deployments used (afterAll, after every deployment is closed). */
export async function stopClusterServices(): Promise<void> {
  const running = postgres;
  postgres = null;
  if (running) await (await running).stop();
}

async function startBackend(name: string, args: string[]): Promise<ClusterBackend> {
  const child = spawn(process.execPath, cliArguments(...args, '--node-id', name), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MERIDIAN_DATABASE_URL: '', MERIDIAN_REDIS_URL: '' },
  });
  const output: string[] = [];
  const url = await listeningUrl(child, name, output);
  return { name, url, port: Number(new URL(url).port), child, output };
}

export async function stopBackend(backend: ClusterBackend, signal: NodeJS.Signals): Promise<void> {
  if (backend.child.exitCode !== null || backend.child.signalCode !== null) return;
  const exited = new Promise((resolve) => backend.child.once('exit', resolve));
  backend.child.kill(signal);
  await exited;
}

let deployments = 0;

export async function startClusterDeployment(seed: unknown, options: ClusterOptions = {}): Promise<ClusterDeployment> {
  const number = ++deployments;
  const supportToken = options.supportToken ?? 'cluster-support-token-for-tests';
  const server = await postgresServer();
  // A Redis of its own: deployments in one file (and files run side by side) share no stream or channel.
  const redis = await ensureRedis();
  if ('unavailable' in redis) throw new Error(`The multi-process suite cannot run here: Redis: ${redis.unavailable}.`);
  const database = await freshPostgresDatabase(server.url);
  const folder = mkdtempSync(path.join(tmpdir(), 'meridian-cluster-'));
  // One signing key and one files folder for every process, as docs/DEPLOYMENT.md says.
  const signingKey = `cluster-signing-key-${Math.random().toString(36).slice(2)}-for-tests-only`;
  const signingKeyFile = path.join(folder, 'signing-key');
  writeFileSync(signingKeyFile, signingKey);
  const filesDir = path.join(folder, 'files');
  const backends: ClusterBackend[] = [];
  let control: RunningServer | null = null;
  const cleanUp = async () => {
    if (process.env.MERIDIAN_CLUSTER_LOGS) for (const backend of backends) writeFileSync(path.join(process.env.MERIDIAN_CLUSTER_LOGS, `${number}-${backend.name}.log`), backend.output.join(''));
    await Promise.all(backends.map((backend) => stopBackend(backend, 'SIGTERM')));
    await control?.close();
    await database.drop();
    await redis.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  const clients: TestSessionClient[] = [];
  try {
    // The control node migrates and seeds the empty database; the CLI processes then find it ready and start side by side.
    control = await startServer({
      db: ':memory:',
      databaseUrl: database.url,
      redisUrl: redis.url,
      nodeId: `control-${number}`,
      seed,
      port: 0,
      webRoot: null,
      supportToken,
      signingKey: Buffer.from(signingKey, 'utf8'),
      filesDir,
      cluster: { nodeTimeoutMs: 3_000, heartbeatMs: 1_000 },
      ...(options.limits ? { limits: options.limits } : {}),
    });
    const args = ['--database-url', database.url, '--redis-url', redis.url, '--port', '0', '--media-server', 'off', '--support-token', supportToken, '--signing-key-file', signingKeyFile, '--files-dir', filesDir, '--node-timeout', '3', ...(options.args ?? [])];
    if (options.limits) {
      const limitsFile = path.join(folder, 'limits.json');
      writeFileSync(limitsFile, JSON.stringify(options.limits));
      args.push('--limits', limitsFile);
    }
    const started = await Promise.allSettled(Array.from({ length: options.processes ?? 2 }, (_, index) => startBackend(`node-${number}-${String.fromCharCode(97 + index)}`, args)));
    for (const result of started) if (result.status === 'fulfilled') backends.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const running = control;
  let next = 0;
  return {
    url: backends[0]!.url,
    urls: backends.map((backend) => backend.url),
    backends,
    control: running,
    context: running.context,
    federations: running.federations,
    supportToken,
    async signIn(email, password = 'demo', on) {
      const backend = backends[on ?? next++ % backends.length]!;
      const client = new TestSessionClient({ serverUrl: backend.url, requestTimeoutMs: 10_000 }) as TestClient;
      client.events = [];
      client.markers = new Set();
      client.onServerEvent((event) => {
        const { type, payload } = event as { type: string; payload: unknown };
        if (type === markerEvent) client.markers.add((payload as { id: string }).id);
        else client.events.push(event);
      });
      clients.push(client);
      const result = await client.signIn({ email, password });
      if (!result.ok) throw new Error(`sign-in of ${email} at ${backend.name} failed: ${result.error.message}`);
      await waitFor(() => client.connectionState === 'connected', `${email} to connect to ${backend.name}`, 15_000);
      // Counted across the deployment (the control node's replica of the counts has it) before the test goes on.
      const userId = result.data.user.id;
      await waitFor(() => running.context.directory.connectionCount(userId) > 0, `${email} on ${backend.name} to be counted connected by the other nodes`);
      return client;
    },
    async settled(...waiting) {
      flushPresence(running.context);
      await Promise.all(
        waiting.map(async (client) => {
          const userId = client.signedIn?.user.id;
          if (!userId) throw new Error('settled: the client is not signed in');
          const id = `cluster-marker-${++markersSent}`;
          (running.context.io.to(rooms.user(userId)).emit as (event: string, payload: unknown) => boolean)(markerEvent, { id });
          await waitFor(() => client.markers.has(id), `${userId}'s client to receive everything sent before now`, 10_000);
        }),
      );
    },
    async close() {
      for (const client of clients) client.signOut();
      await cleanUp();
    },
  };
}
