/**
 * A Meridian backend for benchmarks, started as users start it: `src-backend/cli.ts` (what
 * `npm run backend` runs) in a process of its own, on a database file, with the seed written to a
 * file and a limits file (`--limits`, SPEC 8) raising only what the benchmark's load needs — a
 * sender puts hundreds of messages in a burst, a searcher a thousand searches — every other limit
 * at its default, and without a media server (`--media-server off`: no scenario here measures a
 * meeting's media, and Janus would share the cores). This process only launches it and reports on it: the backend's CPU time and
 * memory are read from /proc for its process, so nothing here runs inside it.
 *
 * With a PostgreSQL database (`databaseUrl`) it starts `processes` backends on it, each with
 * `--database-url` and, when given, `--redis-url` (SPEC 10: several processes behind one address),
 * one after another so the first loads the seed; their CPU time is summed.
 *
 * Session tokens for the people a scenario connects are written into the database's sessions table
 * (a token's SHA-256, as the backend stores one) before anyone connects: signing thousands in over
 * HTTP would measure password hashing instead, and the backend reads a session from the store on
 * every handshake, so it finds them as it finds its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { serveRequests, type Usage } from '../lib/child';
import { sessionHashOf } from '../../src-backend/auth/sessions';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** What the benchmarks' load needs beyond the defaults (src-backend/limits/limits.ts); the rest stay as they are. */
export const benchLimits = {
  commands: {
    // Ten senders put up to 1,000 messages each through as fast as they are answered.
    message: { burst: 100_000, perSecond: 100_000 },
    // A thousand people catch up at once after a drop, and page through history.
    read: { burst: 100_000, perSecond: 100_000 },
    // One viewer asks a thousand directory searches back to back.
    search: { burst: 100_000, perSecond: 100_000 },
  },
  // What those senders and searchers send in all, far past what one person may (inboundBytes).
  inboundBytes: { burst: 1e9, perSecond: 1e9 },
  // Every client here comes from 127.0.0.1, one address to the limits: thousands connecting at once
  // (the storm) are all still joining together on a loaded machine, as no one address's would be.
  unauthenticatedPerAddress: 100_000,
  unauthenticatedTotal: 100_000,
};

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux we run on). */
const ticksPerSecond = 100;

let backends: ChildProcess[] = [];
let database: string | null = null;
let databaseUrl: string | null = null;

/** The backends' CPU time and resident memory, summed, from /proc (their own processes, not this one). */
function backendUsage(): Usage {
  if (backends.length === 0) throw new Error('no backend is running');
  const usages = backends.map(processUsage);
  return { cpuMs: usages.reduce((sum, usage) => sum + usage.cpuMs, 0), rssBytes: usages.reduce((sum, usage) => sum + usage.rssBytes, 0), heapUsedBytes: 0 };
}

/** One process's CPU time and resident memory, from /proc. */
function processUsage(backend: ChildProcess): Usage {
  const pid = backend.pid;
  if (!pid) throw new Error('a backend has no process id');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from state (field 3): utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssBytes = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  // The heap is inside the backend: not measurable from here; RSS covers it and the sockets' buffers.
  return { cpuMs, rssBytes, heapUsedBytes: 0 };
}

/** Session tokens for these people, written where the backend looks for them. */
async function mintTokens(userIds: readonly string[]): Promise<Record<string, string>> {
  if (databaseUrl) return mintPostgresTokens(databaseUrl, userIds);
  const db = new Database(database!);
  try {
    db.pragma('busy_timeout = 10000');
    const insert = db.prepare("INSERT INTO sessions (token_hash, user_id, client, created_at, last_used_at) VALUES (?, ?, 'desktop', ?, ?)");
    const tokens: Record<string, string> = {};
    const now = new Date().toISOString();
    db.transaction(() => {
      for (const userId of userIds) {
        const token = randomBytes(32).toString('base64url');
        insert.run(sessionHashOf(token), userId, now, now);
        tokens[userId] = token;
      }
    })();
    return tokens;
  } finally {
    db.close();
  }
}

/** The same, in a PostgreSQL database: one statement for all of them. */
async function mintPostgresTokens(url: string, userIds: readonly string[]): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tokens: Record<string, string> = {};
    for (const userId of userIds) tokens[userId] = randomBytes(32).toString('base64url');
    const now = new Date().toISOString();
    await client.query("INSERT INTO sessions (token_hash, user_id, client, created_at, last_used_at) SELECT hash, person, 'desktop', $3, $3 FROM unnest($1::text[], $2::text[]) AS t(hash, person)", [
      userIds.map((userId) => sessionHashOf(tokens[userId]!)),
      [...userIds],
      now,
    ]);
    return tokens;
  } finally {
    await client.end();
  }
}

/** Starts the CLI and waits for "Listening on"; its URL. */
function startBackend(args: string[], nodeFlags: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(projectRoot, 'src-backend', 'cli.ts'), ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    backends.push(child);
    let output = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`the backend did not start within 30 minutes:\n${output}`))), 30 * 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Listening on (http:\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the backend exited (${code}) before listening:\n${output}`));
    });
  });
}

async function stopBackends(): Promise<void> {
  const stopping = backends;
  backends = [];
  await Promise.all(stopping.map(stopBackend));
}

async function stopBackend(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

serveRequests({
  async start(request) {
    database = request.db as string;
    const folder = path.dirname(database);
    const seedFile = path.join(folder, 'seed.json');
    const limitsFile = path.join(folder, 'limits.json');
    writeFileSync(seedFile, JSON.stringify(request.seed));
    writeFileSync(limitsFile, JSON.stringify(benchLimits));
    databaseUrl = (request.databaseUrl as string | undefined) ?? null;
    const redisUrl = (request.redisUrl as string | undefined) ?? null;
    const processes = (request.processes as number | undefined) ?? 1;
    if (!databaseUrl && processes !== 1) throw new Error('several backend processes need a PostgreSQL database (databaseUrl)');
    const storage = databaseUrl ? ['--database-url', databaseUrl, ...(redisUrl ? ['--redis-url', redisUrl] : [])] : ['--db', database];
    // One support token for all: the processes are one deployment.
    const supportToken = randomBytes(18).toString('base64url');
    const started = performance.now();
    const urls: string[] = [];
    // One after another: the first migrates the database and loads the seed, the others find it loaded.
    for (let index = 0; index < processes; index++) {
      urls.push(
        await startBackend(
          ['--seed', seedFile, ...storage, '--port', '0', '--limits', limitsFile, '--media-server', 'off', '--support-token', supportToken],
          (request.nodeFlags as string[] | undefined) ?? [],
        ),
      );
    }
    const startMs = performance.now() - started;
    return { url: urls[0], urls, tokens: await mintTokens((request.tokensFor as string[] | undefined) ?? []), startMs };
  },
  async tokens(request) {
    return mintTokens(request.userIds as string[]);
  },
  usage() {
    return backendUsage();
  },
  async close() {
    await stopBackends();
    return null;
  },
});

// The backend goes with this process, however it ends.
process.on('exit', () => {
  for (const backend of backends) backend.kill('SIGKILL');
});
