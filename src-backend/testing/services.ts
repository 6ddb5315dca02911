/**
 * PostgreSQL and Redis for tests and benchmarks, found or started (SPEC 10; `npm test` runs the
 * backend suites on both engines and the multi-process suite on both servers).
 *
 *   const postgres = await ensurePostgres(); // { url, stop } or { unavailable: 'why' }
 *   const redis = await ensureRedis();
 *
 * In order: the URL in MERIDIAN_TEST_POSTGRES_URL / MERIDIAN_TEST_REDIS_URL; a server on the
 * standard local port (5432 as user postgres, 6379); else a server of our own from the binaries
 * installed here (PostgreSQL's initdb into a temporary folder, in memory where there is room:
 * scratchRoot(); run as the `postgres` user when we are root; redis-server), on a free port, on
 * 127.0.0.1 only, stopped by `stop()`. Where none can be had it says why in one line, and the
 * caller skips what needs it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type Service = { url: string; stop(): Promise<void> } | { unavailable: string };

/** Free space /dev/shm must have to be used (tests' databases are created and dropped one by one, ~9 MB each). */
const memoryFolderMinimumBytes = 1024 ** 3;

/**
 * Where tests and benchmarks keep data nobody needs after they stop, and whose disk writes are not
 * what they measure: Linux's /dev/shm (memory) when it is writable with room to spare, else the
 * system's temporary folder. On this project's 2-core VM (ext4), PostgreSQL spent about 350 ms of
 * kernel CPU writing each test database copied from its template (9 MB), against about 25 ms on
 * /dev/shm; the suites copy hundreds. Docker gives containers a 64 MB /dev/shm by default: that
 * is too small, and the disk is used.
 */
export function scratchRoot(): string {
  const memory = '/dev/shm';
  try {
    accessSync(memory, constants.W_OK);
    const space = statfsSync(memory);
    if (space.bavail * space.bsize >= memoryFolderMinimumBytes) return memory;
  } catch {
    // No /dev/shm (not Linux), or not writable: the disk, as before.
  }
  return tmpdir();
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The folder of PostgreSQL's server binaries, newest version first. */
function postgresBinaries(): string | null {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (fromConfig.status === 0 && existsSync(path.join(fromConfig.stdout.trim(), 'initdb'))) return fromConfig.stdout.trim();
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (PostgreSQL refuses to run as root). */
function runAsPostgres(binary: string, args: string[]): ChildProcess {
  return isRoot() ? spawn('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: 'ignore' }) : spawn(binary, args, { stdio: 'ignore' });
}

function runAsPostgresSync(binary: string, args: string[]): void {
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: 'pipe' });
  else execFileSync(binary, args, { stdio: 'pipe' });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Installs Debian's PostgreSQL where we may (root on Debian with apt-get); whether it is there now. */
function installPostgres(log: (line: string) => void): boolean {
  const isDebianRoot = process.platform === 'linux' && isRoot() && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
  if (!isDebianRoot) return false;
  log("No PostgreSQL found; installing Debian's postgresql for the backend suites on PostgreSQL…");
  const run = (args: string[]) => spawnSync('/usr/bin/apt-get', args, { stdio: 'inherit', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  return (run(['install', '-y', '-qq', 'postgresql']) || (run(['update', '-qq']) && run(['install', '-y', '-qq', 'postgresql']))) && postgresBinaries() !== null;
}

/**
 * Why no PostgreSQL can be had for the tests, in one line; null when ensurePostgres will find or
 * start one (installing Debian's package first where it can). Starts nothing.
 */
export async function postgresMissing(log: (line: string) => void = console.log): Promise<string | null> {
  const given = process.env.MERIDIAN_TEST_POSTGRES_URL;
  if (given) return (await postgresAnswers(given)) ? null : `MERIDIAN_TEST_POSTGRES_URL (${given}) does not answer`;
  if ((await portOpen(5432)) && (await postgresAnswers('postgres://postgres@127.0.0.1:5432/postgres'))) return null;
  if (!postgresBinaries() && !installPostgres(log)) return 'PostgreSQL is not installed and could not be (`apt-get install postgresql`), and none answers on 127.0.0.1:5432';
  if (isRoot() && spawnSync('id', ['postgres']).status !== 0) return 'PostgreSQL cannot run as root and there is no `postgres` user';
  return null;
}

export async function ensurePostgres(options: { durable?: boolean } = {}): Promise<Service> {
  const given = process.env.MERIDIAN_TEST_POSTGRES_URL;
  if (given) return (await postgresAnswers(given)) ? { url: given, stop: async () => undefined } : { unavailable: `MERIDIAN_TEST_POSTGRES_URL (${given}) does not answer` };
  const standard = 'postgres://postgres@127.0.0.1:5432/postgres';
  if ((await portOpen(5432)) && (await postgresAnswers(standard))) return { url: standard, stop: async () => undefined };
  const bin = postgresBinaries();
  if (!bin) return { unavailable: 'PostgreSQL is not installed (no initdb; `apt-get install postgresql`) and none answers on 127.0.0.1:5432' };
  if (isRoot() && spawnSync('id', ['postgres']).status !== 0) return { unavailable: 'PostgreSQL cannot run as root and there is no `postgres` user' };
  // Benchmarks (`durable`) keep their data on disk, as a deployment does; tests, in memory where they can.
  const folder = mkdtempSync(path.join(options.durable ? tmpdir() : scratchRoot(), 'meridian-postgres-'));
  chmodSync(folder, 0o777);
  const data = path.join(folder, 'data');
  try {
    runAsPostgresSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    return { unavailable: `initdb failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n')[0]}` };
  }
  const port = await freePort();
  // Tests want speed, not durability: nothing is synced; the folder goes when they end. Benchmarks
  // (`durable`) keep PostgreSQL's defaults, every commit synced, to compare with SQLite's FULL.
  const speed = options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const server = runAsPostgres(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', folder, ...speed, '-c', 'max_connections=300']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // pg_ctl, not a signal: runuser does not hand signals on to the server.
      try {
        runAsPostgresSync(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w']);
      } catch {
        server.kill('SIGKILL');
      }
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  if (!(await waitUntil(() => postgresAnswers(url), 30_000))) {
    await stop();
    return { unavailable: 'the PostgreSQL server started here did not answer within 30 s' };
  }
  return { url, stop };
}

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The redis-server binary installed here, if any. */
function redisBinary(): string | null {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((candidate) => existsSync(candidate)) ?? (spawnSync('which', ['redis-server'], { encoding: 'utf8' }).stdout?.trim() || null);
}

/** Why no Redis can be had for the tests, in one line; null when ensureRedis will find or start one. Starts nothing. */
export async function redisMissing(): Promise<string | null> {
  const given = process.env.MERIDIAN_TEST_REDIS_URL;
  if (given) return null;
  if (await redisAnswers(6379)) return null;
  return redisBinary() ? null : 'Redis is not installed (no redis-server; `apt-get install redis-server`) and none answers on 127.0.0.1:6379';
}

export async function ensureRedis(): Promise<Service> {
  const given = process.env.MERIDIAN_TEST_REDIS_URL;
  if (given) return { url: given, stop: async () => undefined };
  if (await redisAnswers(6379)) return { url: 'redis://127.0.0.1:6379', stop: async () => undefined };
  const binary = redisBinary();
  if (!binary) return { unavailable: 'Redis is not installed (no redis-server; `apt-get install redis-server`) and none answers on 127.0.0.1:6379' };
  const port = await freePort();
  const server = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  };
  if (!(await waitUntil(() => redisAnswers(port), 15_000))) {
    await stop();
    return { unavailable: 'the Redis server started here did not answer within 15 s' };
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/**
 * A fresh, empty database on a PostgreSQL server for one test server (dropped by `drop()`), made
 * from a template already migrated once, so each costs a copy, not a migration.
 */
export async function freshPostgresDatabase(serverUrl: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `meridian_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
