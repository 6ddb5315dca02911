/**
 * Group commit on PostgreSQL (PostgresMessages.append): while one transaction of messages commits,
 * the messages that arrive wait and are stored together by the next, so a busy conversation pays
 * one WAL flush for many messages; each is acknowledged, and delivered, only after its commit.
 * Counted from the statements the server sends, never timed (`npm run bench -- --cluster` gives
 * times). PostgreSQL only (the `backend-postgres` project); the SQLite store's own group commit is
 * groupCommit.backend.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { basicSeed, dataOf, relaxedLimits, startTestServer, testDatabase, testEngine, type TestServer } from '../testing/testServer';
import { openPostgresStore } from './postgres/postgresStore';

let server: TestServer | null = null;
let database: Awaited<ReturnType<typeof testDatabase>> | null = null;
afterEach(async () => {
  await server?.close();
  await database?.drop();
  server = null;
  database = null;
});

/** Commits in a trace: each explicit one, and each append sent outside a transaction (committed by itself). */
function commitsIn(trace: readonly string[]): number {
  let inTransaction = false;
  let commits = 0;
  for (const sql of trace) {
    if (sql === 'begin') inTransaction = true;
    else if (sql === 'commit' || sql === 'rollback') {
      if (sql === 'commit') commits++;
      inTransaction = false;
    } else if (sql.includes('append_message(') && !inTransaction) commits++;
  }
  return commits;
}

describe.runIf(testEngine === 'postgres')('group commit on PostgreSQL', () => {
  it('stores messages sent together in fewer commits than messages, each with a number of its own, acknowledged after its commit', { timeout: 90_000 }, async () => {
    const trace: string[] = [];
    let recording = false;
    database = await testDatabase();
    server = await startTestServer(basicSeed(), { databaseUrl: database.databaseUrl!, limits: relaxedLimits, sqlTrace: (sql) => void (recording && trace.push(sql.trim().toLowerCase())) });
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');

    recording = true;
    // Forty sends leave at once; the first is committed alone, the rest wait for it and go together.
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `pg-group-${String(index).padStart(2, '0')}`, text: `together ${index}` })));
    recording = false;
    const sent = answers.map(dataOf);
    // Each answered with its own message and a number of its own, none skipped. (The order of sends that
    // are all in flight at once is the server's: a client's outbox sends one at a time, src-shared/session/outbox.ts.)
    expect(sent.map((message) => message.text)).toEqual(Array.from({ length: 40 }, (_, index) => `together ${index}`));
    const seqs = sent.map((message) => message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, index) => seqs[0]! + index));
    // Without group commit each message is a statement, and a commit, of its own (40).
    const commits = commitsIn(trace);
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(10);

    // Brian heard them all, once each, with the numbers they were stored under.
    await server.settled(brian);
    const heard = brian.events.flatMap((event) => (event.type === 'message:created' && event.payload.message.text.startsWith('together') ? [`${event.payload.message.seq} ${event.payload.message.text}`] : []));
    expect(heard.sort()).toEqual(sent.map((message) => `${message.seq} ${message.text}`).sort());

    // A resend inside the same group (the same client id twice) is stored once and answered with the first.
    const [first, again] = await Promise.all([
      alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'pg-group-resend', text: 'once' }),
      alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'pg-group-resend', text: 'once' }),
    ]);
    expect(dataOf(again).id).toBe(dataOf(first).id);

    // What was acknowledged is in the database, read by another connection.
    const reader = await openPostgresStore(database!.databaseUrl!);
    try {
      const stored = await reader.messages.after('ch-nw-general', 0, 1_000);
      expect(stored.messages.filter((message) => message.text.startsWith('together')).map((message) => `${message.seq} ${message.text}`)).toEqual(
        [...sent].sort((a, b) => a.seq - b.seq).map((message) => `${message.seq} ${message.text}`),
      );
      expect(stored.messages.filter((message) => message.text === 'once')).toHaveLength(1);
    } finally {
      await reader.close();
    }
  });
});
