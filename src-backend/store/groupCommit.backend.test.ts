/**
 * Group commit (SqliteMessageRepository.append): the messages that reach the server in one turn of its
 * event loop are stored by one transaction, so with `synchronous = FULL` one sync of the WAL
 * covers them all; each is acknowledged, and delivered, only after that commit. Counted from the
 * SQL the server runs, never timed (`npm run bench:durability` and `npm run bench` give times).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { basicSeed, dataOf, relaxedLimits, startTestServer, type TestServer } from '../testing/testServer';

let server: TestServer | null = null;
let folder: string | null = null;
afterEach(async () => {
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  server = null;
  folder = null;
});

describe('group commit', () => {
  it('stores messages sent together by one commit, in the order they came, and acknowledges each after it', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'meridian-group-commit-'));
    const db = path.join(folder, 'meridian.db');
    const trace: string[] = [];
    let recording = false;
    server = await startTestServer(basicSeed(), { db, limits: relaxedLimits, sqlTrace: (sql) => void (recording && trace.push(sql)) });
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');

    recording = true;
    // Twenty sends leave at once (one socket's frames arrive together), and are answered each.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `group-commit-${String(index).padStart(2, '0')}`, text: `together ${index}` })));
    recording = false;
    const sent = answers.map(dataOf);
    // In the order they were sent, one sequence number after another.
    expect(sent.map((message) => message.text)).toEqual(Array.from({ length: 20 }, (_, index) => `together ${index}`));
    expect(sent.map((message) => message.seq)).toEqual(Array.from({ length: 20 }, (_, index) => sent[0]!.seq + index));
    // Fewer commits than messages: they were stored in groups (one, unless the frames straddled turns).
    const commits = trace.filter((sql) => sql === 'COMMIT').length;
    const inserts = trace.filter((sql) => sql.startsWith('INSERT INTO messages')).length;
    expect(inserts).toBe(20);
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(5);
    // Every message was inside a transaction that committed before the last answer came.
    expect(trace.at(-1)).toBe('COMMIT');

    // Brian heard them all, in order, once each.
    await server.settled(brian);
    const heard = brian.events.flatMap((event) => (event.type === 'message:created' && event.payload.message.text.startsWith('together') ? [event.payload.message.text] : []));
    expect(heard).toEqual(sent.map((message) => message.text));

    // What was acknowledged is in the file, read by another connection.
    const reader = new Database(db, { readonly: true });
    try {
      const stored = reader.prepare("SELECT COUNT(*) AS count FROM messages WHERE text LIKE 'together %'").get() as { count: number };
      expect(stored.count).toBe(20);
    } finally {
      reader.close();
    }
  });

  it('a resend of a message in the same group is stored once, and a refusal in a group is its sender’s alone', async () => {
    server = await startTestServer(basicSeed(), { limits: relaxedLimits });
    const alice = await server.signIn('alice@northwind.example');
    const [first, again, refused, other] = await Promise.all([
      alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'same-client-id-1', text: 'once' }),
      alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'same-client-id-1', text: 'once' }),
      alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'bad-file-id-01', text: 'with a file', fileId: 'no-such-file' }),
      alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'other-client-1', text: 'another' }),
    ]);
    expect(dataOf(again).id).toBe(dataOf(first).id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(dataOf(other).seq).toBe(dataOf(first).seq + 1);
    const history = dataOf(await alice.request('conversation:history', { conversationId: 'ch-nw-general' })).messages;
    expect(history.filter((message) => message.text === 'once')).toHaveLength(1);
  });
});
