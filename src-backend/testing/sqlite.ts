/**
 * The SQLite database under a server, for tests and benchmarks that set up or inspect rows
 * directly (data at scale, a session made old). Only where the store is SQLite's.
 */
import type { ServerContext } from '../context';
import type { Db } from '../store/sqlite/database';
import type { SqliteStore } from '../store/sqlite/sqliteStore';

export function sqliteDb(context: Pick<ServerContext, 'store'>): Db {
  if (context.store.engine !== 'sqlite') throw new Error(`This test needs the SQLite store; the server runs on ${context.store.engine}.`);
  return (context.store as SqliteStore).db;
}
