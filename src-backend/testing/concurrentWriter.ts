/**
 * One writer process of the concurrent-writers suite (store/concurrentWriters.backend.test.ts): it
 * opens the store as a backend process does (a file of SQLite or a PostgreSQL URL), appends
 * messages to one conversation all at once (when the test says go, on standard input) and asks for the references of people a viewing account
 * does not see, then prints what the store answered as one JSON line. Run by `node --import tsx`.
 *
 *   concurrentWriter.ts ENGINE TARGET CONVERSATION AUTHOR COUNT PREFIX VIEWER_ACCOUNT USER[,USER...]
 */
import { openPostgresStore } from '../store/postgres/postgresStore';
import type { Store } from '../store/repositories';
import { openSqliteStore } from '../store/sqlite/sqliteStore';

async function main(): Promise<void> {
  const [engine, target, conversationId, authorId, countText, prefix, viewerAccountId, users] = process.argv.slice(2);
  const count = Number(countText);
  if ((engine !== 'sqlite' && engine !== 'postgres') || !target || !conversationId || !authorId || !Number.isInteger(count) || count < 1 || !prefix || !viewerAccountId || !users) {
    throw new Error('usage: concurrentWriter.ts sqlite|postgres TARGET CONVERSATION AUTHOR COUNT PREFIX VIEWER_ACCOUNT USER[,USER...]');
  }
  const store: Store = engine === 'sqlite' ? openSqliteStore(target) : await openPostgresStore(target, { poolSize: 8 });
  try {
    // Connected and warm, then wait for the word: every writer starts in the same instant.
    await Promise.all(Array.from({ length: 8 }, () => store.conversations.get(conversationId)));
    process.stdout.write('ready\n');
    await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
    // Every write leaves at once: the store alone must keep them apart.
    const at = new Date().toISOString();
    const appended = Promise.all(
      Array.from({ length: count }, (_, index) => store.messages.append(conversationId, authorId, { clientId: `${prefix}-${index}`, text: `${prefix} ${index}`, fileId: null, threadId: null }, at)),
    );
    const references = Promise.all(users.split(',').map(async (userId) => ({ userId, ...(await store.unknownPeople.reference(conversationId, viewerAccountId, userId)) })));
    const [messages, refs] = await Promise.all([appended, references]);
    const seqs = messages.map((result) => {
      if (!('message' in result)) throw new Error(`append refused: ${result.refused}`);
      return result.message.seq;
    });
    process.stdout.write(`${JSON.stringify({ seqs, references: refs })}\n`);
    process.stdin.destroy();
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
