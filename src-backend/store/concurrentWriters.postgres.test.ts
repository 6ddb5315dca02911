/**
 * Several backend processes write one store at once (SPEC 10; issue 22): each message gets its own
 * sequence number in its conversation, none skipped or given twice, and the reference of a person a
 * viewing account does not see (`UNKNOWN USER` 1, 2, …; SPEC 1 rule 7) is made once, whichever
 * process asks first. Real processes (../testing/concurrentWriter.ts), each with its own connections
 * to one database, let go together once all are connected. PostgreSQL only (the `backend-postgres`
 * project): SQLite is the engine of one process (SPEC 10), whose writes one connection orders.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from './postgres/postgresStore';
import type { Store } from './repositories';
import { basicSeed, startTestServer, testDatabase, testEngine } from '../testing/testServer';

const writer = fileURLToPath(new URL('../testing/concurrentWriter.ts', import.meta.url));

interface WriterResult {
  seqs: number[];
  references: Array<{ userId: string; token: string; number: number }>;
}

/** Starts a writer; it says `ready` once connected, then waits for `go()`. */
function startWriter(args: string[]): { ready: Promise<void>; go(): void; result: Promise<WriterResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const result = new Promise<WriterResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.slice('ready\n'.length)) as WriterResult);
      else reject(new Error(`writer ${args[5]} exited ${code}: ${err.trim()}`));
    });
  });
  // A writer that fails before it is ready fails the wait for it too.
  return { ready: Promise.race([ready, result.then(() => undefined)]), go: () => child.stdin.write('go\n'), result };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('several processes writing one PostgreSQL store at once', () => {
  it('give every message its own next sequence number and every unseen person one reference', { timeout: 90_000 }, async () => {
    // A seeded store, as a backend leaves it, then closed: only the writers hold it now.
    expect(testEngine, 'run in the backend-postgres project').toBe('postgres');
    const database = await testDatabase();
    cleanups.push(() => database.drop());
    const target = database.databaseUrl!;
    const server = await startTestServer(basicSeed(), { databaseUrl: target });
    await server.close();
    const openStore = (): Promise<Store> => openPostgresStore(target, { poolSize: 1 });

    const before = await openStore();
    const startSeq = (await before.conversations.get('ch-nw-general'))!.lastSeq;
    await before.close();

    // Three processes at once, 40 messages each, each asking for the same four people in its own order.
    const people = ['nw-alice', 'nw-brian', 'ct-bella', 'ct-carl'];
    const orders = [people, [...people].reverse(), [people[2]!, people[0]!, people[3]!, people[1]!]];
    const perWriter = 40;
    const writers = orders.map((order, index) => startWriter(['postgres', target, 'ch-nw-general', 'nw-alice', String(perWriter), `writer${index}`, '400400', order.join(',')]));
    await Promise.all(writers.map((started) => started.ready));
    for (const started of writers) started.go();
    const results = await Promise.all(writers.map((started) => started.result));

    // Sequence numbers: 120 new ones, each once, with no gap after the seeded history.
    const seqs = results.flatMap((result) => result.seqs).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: orders.length * perWriter }, (_, index) => startSeq + 1 + index));

    // What the store holds is what the writers were told: each message once, in its number's place.
    const after = await openStore();
    cleanups.push(() => after.close());
    const page = await after.messages.after('ch-nw-general', startSeq, 500);
    expect(page.messages.map((message) => message.seq)).toEqual(seqs);
    expect(new Set(page.messages.map((message) => message.text)).size).toBe(orders.length * perWriter);

    // References: every process got the same one for a person; the numbers are 1..4, each once.
    for (const userId of people) {
      const seen = results.map((result) => result.references.find((reference) => reference.userId === userId));
      expect(new Set(seen.map((reference) => `${reference?.token}#${reference?.number}`)).size).toBe(1);
    }
    const numbers = results[0]!.references.map((reference) => reference.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect((await after.unknownPeople.reference('ch-nw-general', '400400', 'ct-bella')).token).toBe(results[0]!.references.find((reference) => reference.userId === 'ct-bella')!.token);
  });
});
