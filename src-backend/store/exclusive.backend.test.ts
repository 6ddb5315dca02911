/**
 * Sweeps run once (SPEC 10, issue 22 #6): work under `Store.exclusively` runs in one holder at a
 * time. On PostgreSQL two stores on one database stand for two processes (each has its own lock
 * connection); on SQLite, whose database one process owns, the lock is that process's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from './postgres/postgresStore';
import type { Store } from './repositories';
import { openSqliteStore } from './sqlite/sqliteStore';
import { testDatabase, testEngine } from '../testing/testServer';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Two stores on one database: two processes' on PostgreSQL, the same one twice on SQLite (one process). */
async function twoStores(): Promise<[Store, Store]> {
  const database = await testDatabase();
  cleanups.push(() => database.drop());
  if (testEngine === 'postgres') {
    const first = await openPostgresStore(database.databaseUrl!, { poolSize: 2 });
    const second = await openPostgresStore(database.databaseUrl!, { poolSize: 2 });
    cleanups.push(() => first.close(), () => second.close());
    return [first, second];
  }
  const store = openSqliteStore(':memory:');
  cleanups.push(() => store.close());
  return [store, store];
}

/** Work that runs until the test lets it finish. */
function heldWork() {
  let finish!: () => void;
  let started!: () => void;
  const begun = new Promise<void>((resolve) => (started = resolve));
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { begun, finish, work: async () => (started(), await done) };
}

describe(`a sweep runs in one process at a time (${testEngine})`, () => {
  it('the other holder skips the sweep while one runs it, and runs it once that one is done', async () => {
    const [first, second] = await twoStores();
    const held = heldWork();
    const running = first.exclusively('sweep:test', held.work);
    await held.begun;

    let ranElsewhere = false;
    expect(await second.exclusively('sweep:test', async () => void (ranElsewhere = true))).toBe(false);
    expect(ranElsewhere).toBe(false);
    // Another sweep's name is not held by this one.
    expect(await second.exclusively('sweep:other', async () => undefined)).toBe(true);
    // Nor does the holder run it twice at once.
    expect(await first.exclusively('sweep:test', async () => void (ranElsewhere = true))).toBe(false);

    held.finish();
    expect(await running).toBe(true);
    expect(await second.exclusively('sweep:test', async () => void (ranElsewhere = true))).toBe(true);
    expect(ranElsewhere).toBe(true);
  });

  it('a sweep that fails releases the lock and tells its caller', async () => {
    const [first, second] = await twoStores();
    await expect(first.exclusively('sweep:test', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await second.exclusively('sweep:test', async () => undefined)).toBe(true);
  });

  it.skipIf(testEngine !== 'postgres')('a process that dies holding the lock does not keep it: PostgreSQL lets it go with the connection', async () => {
    const [first, second] = await twoStores();
    const held = heldWork();
    void first.exclusively('sweep:test', held.work).catch(() => undefined);
    await held.begun;
    expect(await second.exclusively('sweep:test', async () => undefined)).toBe(false);
    // Its connections close (as when the process is killed); its work never finishes.
    await first.close();
    expect(await second.exclusively('sweep:test', async () => undefined)).toBe(true);
    held.finish();
  });
});
