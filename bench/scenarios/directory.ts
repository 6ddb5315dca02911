/** Directory benchmarks: search over the socket next to the in-process index, and start-up with a large seed. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { PeopleSearchIndex } from '../../src-backend/directory/peopleSearch';
import { startBenchServer } from '../lib/harness';
import { makePeople, makeQueries, seedOf } from '../lib/people';
import { percentile } from '../lib/stats';

export interface SearchResult {
  people: number;
  queries: number;
  socketP50Ms: number;
  socketP95Ms: number;
  indexP50Ms: number;
  indexP95Ms: number;
}

/** `perAccount` people in each of two federated accounts; the same queries over the socket and straight into the index. */
export async function searchOverSocket(perAccount: number, queryCount: number): Promise<SearchResult> {
  const people = makePeople(2, perAccount);
  const queries = makeQueries(people, queryCount);
  const viewer = people[0]!;

  const index = new PeopleSearchIndex(people.map((person) => ({ ...person, mobile: null })));
  const scope = { accountId: viewer.accountId, visibleAccounts: new Set(['acct-0', 'acct-1']) };
  for (const query of queries.slice(0, 200)) index.search(query, scope, 20); // warm up
  const inProcess = queries.map((query) => {
    const started = performance.now();
    index.search(query, scope, 20);
    return performance.now() - started;
  });

  const server = await startBenchServer('meridian', { people, accounts: 2, channels: [] }, [viewer.id]);
  const socket = io(server.url, { transports: ['websocket'], auth: { token: server.tokens[viewer.id] }, reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
    const ask = async (query: string) => {
      const ack = (await socket.timeout(30_000).emitWithAck('directory:search', { query, limit: 20 })) as { ok: boolean };
      if (!ack.ok) throw new Error(`search refused: ${JSON.stringify(ack)}`);
    };
    for (const query of queries.slice(0, 200)) await ask(query); // warm up
    const overSocket: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      await ask(query);
      overSocket.push(performance.now() - started);
    }
    return {
      people: people.length,
      queries: queries.length,
      socketP50Ms: percentile(overSocket, 50),
      socketP95Ms: percentile(overSocket, 95),
      indexP50Ms: percentile(inProcess, 50),
      indexP95Ms: percentile(inProcess, 95),
    };
  } finally {
    socket.disconnect();
    await server.stop();
  }
}

export interface StartupResult {
  people: number;
  firstStartMs: number;
  laterStartMs: number;
  laterRssBytes: number;
  demoFirstStartMs: number;
  demoRssBytes: number;
}

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** Starts the backend's command line and waits for "Listening on"; its time and resident memory then. */
function startBackend(args: string[]): Promise<{ ms: number; rssBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src-backend', 'cli.ts'), '--port', '0', '--support-token', 'bench-support-token-0123456789', '--media-server', 'off', ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`the backend did not start within 30 minutes:\n${output}`))), 30 * 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Listening on')) return;
      const ms = performance.now() - started;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rssBytes = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      clearTimeout(timer);
      child.once('exit', () => resolve({ ms, rssBytes }));
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      if (!output.includes('Listening on')) {
        clearTimeout(timer);
        reject(new Error(`the backend exited (${code}) before listening:\n${output}`));
      }
    });
  });
}

/** First start (loading the seed into a new database file) and a later start on the same file; the demo seed for scale. */
export async function startup(people: number): Promise<StartupResult> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-'));
  try {
    const seedFile = path.join(folder, 'people.json');
    writeFileSync(seedFile, JSON.stringify(seedOf({ people: makePeople(2, Math.ceil(people / 2)).slice(0, people), accounts: 2, channels: [] })));
    const db = path.join(folder, 'bench.db');
    const first = await startBackend(['--seed', seedFile, '--db', db]);
    const later = await startBackend(['--db', db]);
    const demo = await startBackend(['--db', path.join(folder, 'demo.db')]);
    return { people, firstStartMs: first.ms, laterStartMs: later.ms, laterRssBytes: later.rssBytes, demoFirstStartMs: demo.ms, demoRssBytes: demo.rssBytes };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
