/**
 * A Meridian backend for benchmarks, started as users start it: `src-backend/cli.ts` (what
 * `npm run backend` runs) in a process of its own, on a database file, with the seed written to a
 * file and a limits file (`--limits`, SPEC 8) raising only what the benchmark's load needs — a
 * sender puts hundreds of messages in a burst, a searcher a thousand searches — every other limit
 * at its default, and without a media server (`--media-server off`: no scenario here measures a
 * meeting's media, and Janus would share the cores). This process only launches it and reports on it: the backend's CPU time and
 * memory are read from /proc for its process, so nothing here runs inside it.
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
};

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux we run on). */
const ticksPerSecond = 100;

let backend: ChildProcess | null = null;
let database: string | null = null;

/** The backend's CPU time and resident memory, from /proc (its own process, not this one). */
function backendUsage(): Usage {
  const pid = backend?.pid;
  if (!pid) throw new Error('no backend is running');
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
function mintTokens(userIds: readonly string[]): Record<string, string> {
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

/** Starts the CLI and waits for "Listening on"; its URL. */
function startBackend(args: string[], nodeFlags: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(projectRoot, 'src-backend', 'cli.ts'), ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    backend = child;
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

async function stopBackend(): Promise<void> {
  const child = backend;
  backend = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
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
    const started = performance.now();
    const url = await startBackend(
      ['--seed', seedFile, '--db', database, '--port', '0', '--limits', limitsFile, '--media-server', 'off', '--support-token', randomBytes(18).toString('base64url')],
      (request.nodeFlags as string[] | undefined) ?? [],
    );
    const startMs = performance.now() - started;
    return { url, tokens: mintTokens((request.tokensFor as string[] | undefined) ?? []), startMs };
  },
  tokens(request) {
    return mintTokens(request.userIds as string[]);
  },
  usage() {
    return backendUsage();
  },
  async close() {
    await stopBackend();
    return null;
  },
});

// The backend goes with this process, however it ends.
process.on('exit', () => backend?.kill('SIGKILL'));
