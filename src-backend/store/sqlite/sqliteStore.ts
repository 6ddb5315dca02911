/**
 * The store on SQLite (better-sqlite3): the embedded default, one process, one file (or memory).
 * Every repository prepares its statements once; better-sqlite3 answers synchronously, so each
 * method does its work at once and hands back a settled promise.
 */
import { LocalLocks } from '../exclusive';
import type { Store } from '../repositories';
import { SqliteAuditRepository } from './auditRepository';
import { SqliteCallRepository } from './callRepository';
import { SqliteConversationRepository } from './conversationRepository';
import { openDatabase, type Db, type OpenDatabaseOptions } from './database';
import { SqliteDirectoryRepository, SqliteFederationRepository } from './directoryRepository';
import { SqliteFileRepository } from './fileRepository';
import { SqliteLiveCallRepository } from './liveCallRepository';
import { SqliteMeetingRepository } from './meetingRepository';
import { SqliteMentionRepository } from './mentionRepository';
import { SqliteMessageRepository } from './messageRepository';
import { SqliteMessageSearchRepository } from './messageSearchRepository';
import { SqliteReactionRepository } from './reactionRepository';
import { SqliteReadStateRepository } from './readStateRepository';
import { writeSqliteSeed } from './seedWriter';
import { SqliteSessionRepository } from './sessionRepository';
import { SqliteThreadRepository } from './threadRepository';
import { SqliteUnknownPeopleRepository } from './unknownPeopleRepository';

export interface SqliteStore extends Store {
  readonly engine: 'sqlite';
  /** The database itself, for tests and benchmarks that set up or inspect rows directly. */
  readonly db: Db;
}

/** Opens (and migrates) a SQLite file, or `:memory:`, as a store. */
export function openSqliteStore(file: string, options: OpenDatabaseOptions = {}): SqliteStore {
  const db = openDatabase(file, options);
  try {
    return createSqliteStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createSqliteStore(db: Db): SqliteStore {
  const statements = {
    isEmpty: db.prepare('SELECT COUNT(*) AS count FROM accounts'),
    readMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    writeMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  };
  return {
    engine: 'sqlite',
    db,
    conversations: new SqliteConversationRepository(db),
    messages: new SqliteMessageRepository(db),
    directory: new SqliteDirectoryRepository(db),
    federations: new SqliteFederationRepository(db),
    audit: new SqliteAuditRepository(db),
    unknownPeople: new SqliteUnknownPeopleRepository(db),
    reactions: new SqliteReactionRepository(db),
    readState: new SqliteReadStateRepository(db),
    mentions: new SqliteMentionRepository(db),
    threads: new SqliteThreadRepository(db),
    messageSearch: new SqliteMessageSearchRepository(db),
    files: new SqliteFileRepository(db),
    sessions: new SqliteSessionRepository(db),
    calls: new SqliteCallRepository(db),
    liveCalls: new SqliteLiveCallRepository(db),
    meetings: new SqliteMeetingRepository(db),
    isEmpty: async () => (statements.isEmpty.get() as { count: number }).count === 0,
    readMeta: async (key) => (statements.readMeta.get(key) as { value: string } | undefined)?.value ?? null,
    writeMeta: async (key, value) => void statements.writeMeta.run(key, value),
    writeSeed: async (data) => writeSqliteSeed(db, data),
    // One process owns a SQLite database (SPEC 10): its own locks are everyone's.
    exclusively: new LocalLocks().exclusively,
    isOpen: () => db.open,
    close: async () => {
      if (db.open) db.close();
    },
  };
}
