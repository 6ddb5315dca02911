/**
 * Rate limits across processes (SPEC 8 and 10, issue 22 #2 and #4): two backend processes on one
 * PostgreSQL and one Redis, started by the CLI as an operator starts them, with a limits file of
 * small budgets and `--trust-proxy 127.0.0.2` (a proxy on that address; 127.0.0.1 is not one).
 * A person's budget spent through one process is refused through the other; sign-in failures
 * from one address count wherever they arrive, the address taken from X-Forwarded-For only when
 * the trusted proxy sends it.
 *
 * The harness is multiprocess.cluster.test.ts's (start the CLI, wait for "Listening on …"),
 * with this file's own flags. Needs a PostgreSQL and a redis-server (found or started:
 * ../testing/services.ts); `npm test`'s `cluster` stage runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LimitOverrides } from '../limits/limits';
import { ensurePostgres, ensureRedis, freshPostgresDatabase, type Service } from '../testing/services';
import { basicSeed, dataOf, TestSessionClient, waitFor } from '../testing/testServer';
import { cliArguments, listeningUrl } from '../testing/listening';

const root = path.resolve(import.meta.dirname, '../..');

/** Small budgets, with windows far longer than the test, so nothing refills while it runs. */
const limits: LimitOverrides = {
  commands: { search: { burst: 4, perSecond: 0.01 } },
  signInFailuresPerAddress: { burst: 3, perSecond: 0.01 },
};
const trustedProxy = '127.0.0.2';

interface Backend {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

let postgres: Extract<Service, { url: string }>;
let redis: Extract<Service, { url: string }>;
let database: { url: string; drop(): Promise<void> };
let folder: string;
const backends: Backend[] = [];
const clients: TestSessionClient[] = [];
let a: Backend;
let b: Backend;

async function startBackend(name: string, seedFile: string, limitsFile: string): Promise<Backend> {
  const args = cliArguments('--database-url', database.url, '--redis-url', redis.url, '--node-id', name, '--port', '0', '--media-server', 'off', '--seed', seedFile);
  args.push('--limits', limitsFile, '--trust-proxy', trustedProxy);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MERIDIAN_DATABASE_URL: '', MERIDIAN_REDIS_URL: '' } });
  const output: string[] = [];
  const url = await listeningUrl(child, name, output);
  const backend = { name, url, port: Number(new URL(url).port), child, output };
  backends.push(backend);
  return backend;
}

async function stopBackend(backend: Backend): Promise<void> {
  if (backend.child.exitCode !== null || backend.child.signalCode !== null) return;
  const exited = new Promise((resolve) => backend.child.once('exit', resolve));
  backend.child.kill('SIGTERM');
  await exited;
}

async function connect(url: string, email: string): Promise<TestSessionClient> {
  const client = new TestSessionClient({ serverUrl: url, requestTimeoutMs: 10_000 });
  clients.push(client);
  const result = await client.signIn({ email, password: 'demo' });
  if (!result.ok) throw new Error(`sign-in of ${email} at ${url} failed: ${result.error.message}`);
  await waitFor(() => client.connectionState === 'connected', `${email} to connect to ${url}`, 15_000);
  return client;
}

/**
 * A sign-in sent to `backend` from `localAddress` (127.0.0.1, or the trusted proxy's 127.0.0.2),
 * naming `forwardedFor` as the client: the HTTP status, and Retry-After when refused.
 */
function signIn(backend: Backend, email: string, password: string, options: { localAddress: string; forwardedFor?: string }): Promise<{ status: number; retryAfter: number }> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port: backend.port,
        path: '/api/session',
        method: 'POST',
        localAddress: options.localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: Number(response.headers['retry-after'] ?? 0) }));
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

beforeAll(async () => {
  const [pg, rd] = await Promise.all([ensurePostgres(), ensureRedis()]);
  if ('unavailable' in pg || 'unavailable' in rd) {
    const why = 'unavailable' in pg ? `PostgreSQL: ${pg.unavailable}` : `Redis: ${(rd as { unavailable: string }).unavailable}`;
    if (!('unavailable' in pg)) await pg.stop();
    if (!('unavailable' in rd)) await rd.stop();
    throw new Error(`The rate limits suite cannot run here: ${why}.`);
  }
  postgres = pg;
  redis = rd;
  database = await freshPostgresDatabase(postgres.url);
  folder = mkdtempSync(path.join(tmpdir(), 'meridian-ratelimits-'));
  const seedFile = path.join(folder, 'seed.json');
  const limitsFile = path.join(folder, 'limits.json');
  writeFileSync(seedFile, JSON.stringify(basicSeed()));
  writeFileSync(limitsFile, JSON.stringify(limits));
  // One after the other: the first migrates and seeds the empty database, the second finds it ready.
  a = await startBackend('limits-a', seedFile, limitsFile);
  b = await startBackend('limits-b', seedFile, limitsFile);
}, 240_000);

afterAll(async () => {
  if (process.env.MERIDIAN_CLUSTER_LOGS) for (const backend of backends) writeFileSync(path.join(process.env.MERIDIAN_CLUSTER_LOGS, `${backend.name}.log`), backend.output.join(''));
  for (const client of clients) client.signOut();
  for (const backend of backends) await stopBackend(backend);
  await database?.drop();
  await redis?.stop();
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 120_000);

afterEach(() => {
  for (const client of clients.splice(0)) client.signOut();
});

describe('rate limits across two processes on one Redis', () => {
  it("a person's command budget spent through process A is refused through process B, and holds back nobody else", async () => {
    const aliceOnA = await connect(a.url, 'alice@northwind.example');
    const aliceOnB = await connect(b.url, 'alice@northwind.example');
    const brianOnB = await connect(b.url, 'brian@northwind.example');
    const search = (client: TestSessionClient) => client.request('directory:search', { query: 'bel' });
    // The budget is 4: two through each process.
    for (const client of [aliceOnA, aliceOnA, aliceOnB, aliceOnB]) dataOf(await search(client));
    // Each process alone would grant B two more; together they have granted all four.
    const refusedOnB = await search(aliceOnB);
    expect(refusedOnB).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const refusedOnA = await search(aliceOnA);
    expect(refusedOnA).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Brian, on the same process, has his own budget.
    expect(await search(brianOnB)).toMatchObject({ ok: true });
  });

  it('sign-in failures from one address count on both processes; the address is X-Forwarded-For only when the trusted proxy sends it', { timeout: 120_000 }, async () => {
    const viaProxy = (backend: Backend, forwardedFor: string, password: string, email = 'alice@northwind.example') => signIn(backend, email, password, { localAddress: trustedProxy, forwardedFor });
    // Three wrong passwords from 198.51.100.7 through the proxy, spread over both processes: its budget of 3 is spent.
    expect((await viaProxy(a, '198.51.100.7', 'guess-1')).status).toBe(401);
    expect((await viaProxy(b, '198.51.100.7', 'guess-2', 'nobody@example.com')).status).toBe(401);
    expect((await viaProxy(a, '198.51.100.7', 'guess-3', 'brian@northwind.example')).status).toBe(401);
    // Refused on either process now, even with the right password, saying when to retry.
    const onB = await viaProxy(b, '198.51.100.7', 'demo');
    expect(onB.status).toBe(429);
    expect(onB.retryAfter).toBeGreaterThan(60);
    expect((await viaProxy(a, '198.51.100.7', 'demo')).status).toBe(429);
    // Another client behind the same proxy is not held back by them.
    expect((await viaProxy(b, '198.51.100.8', 'demo')).status).toBe(200);

    // From 127.0.0.1, not a trusted proxy, X-Forwarded-For is not believed: a fresh address in
    // it each time gets no fresh budget; every attempt counts against loopback, on both processes.
    const spoofed = (backend: Backend, index: number) => signIn(backend, `nobody-${index}@example.com`, 'x', { localAddress: '127.0.0.1', forwardedFor: `203.0.113.${index}` });
    const statuses = [];
    for (let index = 0; index < 5; index++) statuses.push((await spoofed(index % 2 === 0 ? a : b, index)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The proxy's own clients are not held back by what loopback did.
    expect((await viaProxy(a, '198.51.100.9', 'demo')).status).toBe(200);
  });
});
