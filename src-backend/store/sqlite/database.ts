/**
 * SQLite storage with a versioned schema: each migration runs once, in order, inside a
 * transaction, and PRAGMA user_version records how far a database has come.
 */
import Database from 'better-sqlite3';
import { withoutMentions } from '../../../src-shared/domain/mentions';
import { indexWords } from '../../domain/messageSearch';

export type Db = Database.Database;

const migrations: string[] = [
  // 1: the directory, conversations, calls, sessions and audit.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    display_name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    title TEXT, department TEXT, extension TEXT, phone TEXT UNIQUE, mobile TEXT UNIQUE,
    chosen_presence TEXT NOT NULL DEFAULT 'available',
    seed_presence TEXT,
    status_message TEXT,
    has_signed_in INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX users_account_extension ON users(account_id, extension) WHERE extension IS NOT NULL;
  CREATE TABLE demo_logins (email TEXT PRIMARY KEY COLLATE NOCASE, password TEXT NOT NULL);
  CREATE TABLE federations (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE federation_accounts (
    federation_id TEXT NOT NULL REFERENCES federations(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (federation_id, account_id)
  );
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'direct')),
    name TEXT,
    topic TEXT,
    account_id TEXT REFERENCES accounts(id),
    visibility TEXT CHECK (visibility IN ('public', 'private')),
    created_by TEXT,
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE conversation_members (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
  );
  CREATE INDEX conversation_members_user ON conversation_members(user_id);
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    author_id TEXT NOT NULL,
    client_id TEXT,
    text TEXT NOT NULL,
    file_id TEXT,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (conversation_id, seq),
    UNIQUE (author_id, client_id)
  );
  CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    number TEXT NOT NULL,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    duration_sec INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX calls_user ON calls(user_id, at);
  CREATE TABLE voicemails (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    from_number TEXT NOT NULL,
    at TEXT NOT NULL,
    duration_sec INTEGER NOT NULL DEFAULT 0,
    transcript TEXT NOT NULL DEFAULT '',
    listened INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX voicemails_user ON voicemails(user_id, at);
  CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    federation_id TEXT,
    detail TEXT NOT NULL
  );
  `,
  // 2: files shared in conversations; the bytes live on disk under the file's id (messages.file_id points here).
  `
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    uploader_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX files_conversation ON files(conversation_id);
  CREATE INDEX messages_file ON messages(file_id) WHERE file_id IS NOT NULL;
  `,
  // 3: calls and voicemails remember who the other party was; meetings.
  `
  ALTER TABLE calls ADD COLUMN peer_user_id TEXT;
  ALTER TABLE calls ADD COLUMN call_id TEXT;
  ALTER TABLE voicemails ADD COLUMN from_user_id TEXT;
  CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('instant', 'scheduled')),
    title TEXT NOT NULL,
    created_by TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX meetings_conversation ON meetings(conversation_id, starts_at);
  `,
  // 4: demo people are listed by email only; no password is ever stored in plain text.
  `
  DROP TABLE demo_logins;
  CREATE TABLE demo_people (email TEXT PRIMARY KEY COLLATE NOCASE);
  `,
  // 5: references to unknown people, one per conversation and viewing account (retired when that
  // account sees them again); who made each support change, and why.
  `
  CREATE TABLE unknown_people (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    viewer_account_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    token TEXT NOT NULL UNIQUE,
    retired_at TEXT
  );
  CREATE UNIQUE INDEX unknown_people_current ON unknown_people(conversation_id, viewer_account_id, user_id) WHERE retired_at IS NULL;
  CREATE INDEX unknown_people_by_person ON unknown_people(viewer_account_id, user_id) WHERE retired_at IS NULL;
  ALTER TABLE audit_log ADD COLUMN operator TEXT;
  ALTER TABLE audit_log ADD COLUMN reason TEXT;
  `,
  // 6: notices (joins, leaves, invitations, renames, scheduled meetings) live in a conversation's
  // sequence as messages with a structured record (JSON: who did what to whom, by user id).
  `
  ALTER TABLE messages ADD COLUMN notice TEXT;
  `,
  // 7: bounded work and session lifetimes. A conversation stores when its latest message came
  // (no MAX() over its history on every lookup); a file knows whether a message carries it
  // (unattached ones are swept, quotas summed per uploader); a session knows what kind of client
  // holds it and when it was last used (browser sessions expire when idle).
  `
  ALTER TABLE conversations ADD COLUMN last_message_at TEXT;
  UPDATE conversations SET last_message_at = (SELECT MAX(created_at) FROM messages WHERE conversation_id = conversations.id);
  ALTER TABLE files ADD COLUMN attached INTEGER NOT NULL DEFAULT 0;
  UPDATE files SET attached = 1 WHERE id IN (SELECT file_id FROM messages WHERE file_id IS NOT NULL AND deleted = 0);
  CREATE INDEX files_unattached ON files(created_at) WHERE attached = 0;
  CREATE INDEX files_uploader ON files(uploader_id);
  ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT 'desktop';
  ALTER TABLE sessions ADD COLUMN last_used_at TEXT;
  UPDATE sessions SET last_used_at = created_at;
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_created ON sessions(created_at);
  `,
  // 8: group chats, threads and message search. A group chat is a third kind of conversation
  // (SQLite changes a CHECK only by rebuilding the table; foreign keys are off while migrating,
  // so the rebuild cascades nothing). A reply names its thread's first message (its root); a root
  // keeps its reply count and its last reply's time, so history pages read them with the message.
  // Message search is FTS5 over what people wrote and the names of the files they shared, kept
  // in step by triggers; words are matched by their stem (Porter's: "reports" finds "report").
  // Each entry also holds its conversation and author as one token each ('c' or 'p' and the id's
  // bytes in hex, A and E written G and H so that the stemmer, finding no vowel, leaves it whole),
  // so filters are answered by the index itself. Contentless: the text stays in `messages` only.
  // Text is indexed through searchable_text() (registered at open): a stored mention holds the
  // person's id, which is nobody's word to find (names are each viewer's: openDatabase).
  `
  CREATE TABLE conversations_rebuilt (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'direct', 'group')),
    name TEXT,
    topic TEXT,
    account_id TEXT REFERENCES accounts(id),
    visibility TEXT CHECK (visibility IN ('public', 'private')),
    created_by TEXT,
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    last_message_at TEXT
  );
  INSERT INTO conversations_rebuilt (id, kind, name, topic, account_id, visibility, created_by, created_at, last_seq, last_message_at)
    SELECT id, kind, name, topic, account_id, visibility, created_by, created_at, last_seq, last_message_at FROM conversations;
  DROP TABLE conversations;
  ALTER TABLE conversations_rebuilt RENAME TO conversations;

  ALTER TABLE messages ADD COLUMN thread_id TEXT;
  ALTER TABLE messages ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN last_reply_at TEXT;
  CREATE INDEX messages_thread ON messages(thread_id, seq) WHERE thread_id IS NOT NULL;

  CREATE VIRTUAL TABLE message_search USING fts5(
    text, file_name, conversation, author,
    content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO message_search (rowid, text, file_name, conversation, author)
    SELECT m.rowid, searchable_text(m.text), COALESCE(f.name, ''), 'c' || replace(replace(hex(m.conversation_id), 'A', 'G'), 'E', 'H'), 'p' || replace(replace(hex(m.author_id), 'A', 'G'), 'E', 'H')
      FROM messages m LEFT JOIN files f ON f.id = m.file_id
     WHERE m.deleted = 0 AND m.notice IS NULL;
  CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.deleted = 0 AND new.notice IS NULL BEGIN
    INSERT INTO message_search (rowid, text, file_name, conversation, author)
      VALUES (new.rowid, searchable_text(new.text), COALESCE((SELECT name FROM files WHERE id = new.file_id), ''),
              'c' || replace(replace(hex(new.conversation_id), 'A', 'G'), 'E', 'H'), 'p' || replace(replace(hex(new.author_id), 'A', 'G'), 'E', 'H'));
  END;
  CREATE TRIGGER message_search_update AFTER UPDATE OF text, file_id, deleted ON messages WHEN new.notice IS NULL BEGIN
    DELETE FROM message_search WHERE rowid = old.rowid;
    INSERT INTO message_search (rowid, text, file_name, conversation, author)
      SELECT new.rowid, searchable_text(new.text), COALESCE((SELECT name FROM files WHERE id = new.file_id), ''),
             'c' || replace(replace(hex(new.conversation_id), 'A', 'G'), 'E', 'H'), 'p' || replace(replace(hex(new.author_id), 'A', 'G'), 'E', 'H')
       WHERE new.deleted = 0;
  END;
  `,
  // 9: reactions (one row per message, emoji and person) and mentions (one row per message and
  // mentioned person, with the message's place in its conversation, to count unread mentions).
  `
  CREATE TABLE reactions (
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    emoji TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
  );
  CREATE TABLE mentions (
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (message_id, user_id)
  );
  CREATE INDEX mentions_unread ON mentions(user_id, conversation_id, seq);
  `,
  // 10: a conversation's latest sequence number and time follow its messages by trigger, so a
  // message is stored by one INSERT (its number read in the same statement), with no transaction
  // around it: the write path of a message is one statement.
  `
  CREATE TRIGGER conversation_sequence AFTER INSERT ON messages BEGIN
    UPDATE conversations SET last_seq = new.seq, last_message_at = new.created_at WHERE id = new.conversation_id AND last_seq < new.seq;
  END;
  `,
  // 11: calls under way are kept here, not only in one process's memory: a call goes on through a
  // restart of the backend (its clients reconnect, identified by a client id that outlives a
  // socket), and any process may serve it (SPEC 10). Times are epoch milliseconds.
  `
  CREATE TABLE live_calls (
    id TEXT PRIMARY KEY,
    caller_id TEXT NOT NULL,
    caller_client TEXT NOT NULL,
    caller_number TEXT NOT NULL,
    callee_id TEXT,
    callee_number TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('dialing', 'ringing', 'connected', 'ended')),
    outcome TEXT,
    started_at INTEGER NOT NULL,
    connected_at INTEGER,
    ended_at INTEGER,
    answered_client TEXT,
    muted_by TEXT NOT NULL DEFAULT '[]',
    held_by TEXT,
    voicemail_left INTEGER NOT NULL DEFAULT 0,
    deadline INTEGER
  );
  CREATE INDEX live_calls_caller ON live_calls(caller_id, caller_client);
  CREATE INDEX live_calls_callee ON live_calls(callee_id, answered_client);
  CREATE INDEX live_calls_ended ON live_calls(ended_at) WHERE state = 'ended';
  `,
  // 12: a conversation counts the changes of its messages that are not new messages (edits,
  // deletions, a thread's replies, reactions), so what a process keeps of its pages is checked
  // against the conversation's latest number and this count, whichever process made the change.
  `
  ALTER TABLE conversations ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
  CREATE TRIGGER conversation_message_changed AFTER UPDATE OF text, deleted, file_id, reply_count ON messages BEGIN
    UPDATE conversations SET changes = changes + 1 WHERE id = new.conversation_id;
  END;
  CREATE TRIGGER conversation_reaction_added AFTER INSERT ON reactions BEGIN
    UPDATE conversations SET changes = changes + 1 WHERE id = (SELECT conversation_id FROM messages WHERE id = new.message_id);
  END;
  CREATE TRIGGER conversation_reaction_removed AFTER DELETE ON reactions BEGIN
    UPDATE conversations SET changes = changes + 1 WHERE id = (SELECT conversation_id FROM messages WHERE id = old.message_id);
  END;
  `,
  // 13: who is in a meeting, from which client, and what they send: kept in the store, so it
  // decides the same whichever process a client reaches and outlives a restart of the backend.
  // A client is in one meeting at a time; \`lost_at\` marks a client whose connection went away
  // (epoch ms), kept for the grace it has to come back.
  `
  CREATE TABLE meeting_participants (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    muted INTEGER NOT NULL DEFAULT 0,
    camera INTEGER NOT NULL DEFAULT 0,
    screen INTEGER NOT NULL DEFAULT 0,
    lost_at INTEGER,
    PRIMARY KEY (user_id, client_id)
  );
  CREATE INDEX meeting_participants_meeting ON meeting_participants(meeting_id, joined_at);
  CREATE INDEX meeting_participants_lost ON meeting_participants(lost_at) WHERE lost_at IS NOT NULL;
  `,
  // 14: a voicemail is recorded audio (with an optional typed note), stored like a shared file:
  // on disk under its file id, counted against its caller's quota, swept if no voicemail takes
  // it. Such a file belongs to no conversation, so conversation_id may now be NULL (SQLite
  // changes a column only by rebuilding the table; copied aside rather than renamed, since a
  // RENAME would check the message-search triggers while the table is gone).
  `
  CREATE TEMP TABLE files_before AS SELECT * FROM files;
  DROP TABLE files;
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE,
    uploader_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attached INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO files (id, conversation_id, uploader_id, name, size, content_type, created_at, attached)
    SELECT id, conversation_id, uploader_id, name, size, content_type, created_at, attached FROM files_before;
  DROP TABLE files_before;
  CREATE INDEX files_conversation ON files(conversation_id);
  CREATE INDEX files_unattached ON files(created_at) WHERE attached = 0;
  CREATE INDEX files_uploader ON files(uploader_id);
  ALTER TABLE voicemails ADD COLUMN audio_file_id TEXT;
  ALTER TABLE voicemails ADD COLUMN note TEXT NOT NULL DEFAULT '';
  CREATE INDEX voicemails_audio ON voicemails(audio_file_id) WHERE audio_file_id IS NOT NULL;
  `,
  // 15: the people of each thread (SPEC 9: whose message started it, who replied in it) and where
  // each has read it up to, kept by a trigger as replies are stored (a reply is read by its author);
  // threads already there start where their people had read their conversation. Mentions are
  // listed per person newest first (the Mentions view).
  `
  CREATE TABLE thread_members (
    root_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (root_id, user_id)
  );
  CREATE INDEX thread_members_user ON thread_members(user_id);
  INSERT OR IGNORE INTO thread_members (root_id, user_id, conversation_id, last_read_seq)
    SELECT r.id, r.author_id, r.conversation_id, COALESCE((SELECT cm.last_read_seq FROM conversation_members cm WHERE cm.conversation_id = r.conversation_id AND cm.user_id = r.author_id), 0)
      FROM messages r WHERE r.thread_id IS NULL AND r.reply_count > 0;
  INSERT OR IGNORE INTO thread_members (root_id, user_id, conversation_id, last_read_seq)
    SELECT m.thread_id, m.author_id, m.conversation_id, MAX(m.seq) FROM messages m WHERE m.thread_id IS NOT NULL GROUP BY m.thread_id, m.author_id;
  CREATE TRIGGER thread_members_reply AFTER INSERT ON messages WHEN new.thread_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO thread_members (root_id, user_id, conversation_id, last_read_seq)
      SELECT id, author_id, conversation_id, 0 FROM messages WHERE id = new.thread_id;
    INSERT INTO thread_members (root_id, user_id, conversation_id, last_read_seq) VALUES (new.thread_id, new.author_id, new.conversation_id, new.seq)
      ON CONFLICT (root_id, user_id) DO UPDATE SET last_read_seq = MAX(last_read_seq, excluded.last_read_seq);
  END;
  CREATE INDEX mentions_by_user ON mentions(user_id);
  `,
  // 16: a member's own settings of a conversation (SPEC 9 `Conversation settings`): muted (no
  // badge, no sound; mentions still count), and which of its messages notify them.
  `
  ALTER TABLE conversation_members ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversation_members ADD COLUMN notify TEXT NOT NULL DEFAULT 'all' CHECK (notify IN ('all', 'mentions', 'nothing'));
  `,
  // 17: message search keyed by conversation (issue 18 #2). Migration 8's index held words across
  // all conversations, so a search walked every use of a word, readable or not, to find the
  // viewer's: its cost (and time) told how often others used the word. Each entry now holds its
  // words as `c<conversation>x<stem>` and its author as `c<conversation>y<author>` (made by
  // search_words(), registered at open: domain/messageSearch.ts), and a search asks only for the
  // tokens of conversations the viewer may read. Stems are made in JS, so the tokenizer only splits.
  `
  DROP TRIGGER message_search_insert;
  DROP TRIGGER message_search_update;
  DROP TABLE message_search;
  CREATE VIRTUAL TABLE message_words USING fts5(
    words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
  );
  INSERT INTO message_words (rowid, words)
    SELECT m.rowid, search_words(m.conversation_id, m.author_id, m.text, f.name)
      FROM messages m LEFT JOIN files f ON f.id = m.file_id
     WHERE m.deleted = 0 AND m.notice IS NULL;
  CREATE TRIGGER message_words_insert AFTER INSERT ON messages WHEN new.deleted = 0 AND new.notice IS NULL BEGIN
    INSERT INTO message_words (rowid, words)
      VALUES (new.rowid, search_words(new.conversation_id, new.author_id, new.text, (SELECT name FROM files WHERE id = new.file_id)));
  END;
  CREATE TRIGGER message_words_update AFTER UPDATE OF text, file_id, deleted ON messages WHEN new.notice IS NULL BEGIN
    DELETE FROM message_words WHERE rowid = old.rowid;
    INSERT INTO message_words (rowid, words)
      SELECT new.rowid, search_words(new.conversation_id, new.author_id, new.text, (SELECT name FROM files WHERE id = new.file_id))
       WHERE new.deleted = 0;
  END;
  `,
  // migration 18: pinned messages (SPEC 9 `Pin`), shown to
  // every member in the conversation's `Pinned messages`; a deleted message leaves the list.
  `
  CREATE TABLE pinned_messages (
    message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    pinned_by TEXT NOT NULL,
    pinned_at TEXT NOT NULL
  );
  CREATE INDEX pinned_by_conversation ON pinned_messages(conversation_id, pinned_at);
  `,
  // Migration 19: a status message that clears itself at a time (SPEC 9 `Clear after`), swept by the server.
  `ALTER TABLE users ADD COLUMN status_expires_at TEXT;`,
  // Migration 20: a person's own profile photo and the time zone their client reports (SPEC 9 `Profile`, local time on cards).
  `
  ALTER TABLE users ADD COLUMN photo_id TEXT;
  ALTER TABLE users ADD COLUMN time_zone TEXT;
  CREATE TABLE user_photos (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    bytes BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // Migration 21: meetings' media on one media server shared by every process (SPEC 10, issue 22):
  // the meeting's room there (JSON of its number, pin and secret), and each client's published
  // feed with what its tracks carry, so a process subscribes its clients to feeds published
  // through another.
  `
  ALTER TABLE meetings ADD COLUMN media_room TEXT;
  ALTER TABLE meeting_participants ADD COLUMN feed INTEGER;
  ALTER TABLE meeting_participants ADD COLUMN feed_tracks TEXT;
  `,
];

export interface OpenDatabaseOptions {
  /** Path of a better_sqlite3.node built for this runtime (Electron's ABI), when not the default. */
  nativeBinding?: string;
  /** Called with every SQL statement run (tests that inspect query plans). */
  verbose?: (sql: string) => void;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.verbose ? { verbose: (sql: unknown) => options.verbose!(String(sql)) } : {}),
  });
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // An acknowledged message must survive a power cut: every commit is synced before it returns
  // (about 1 ms a write here; measured and decided in docs/DURABILITY.md).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF');
  // Message search indexes what people wrote, not the ids inside stored mentions (migration 8).
  db.function('searchable_text', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? withoutMentions(text) : text));
  // Message search's entry for one message (migration 13): its words and author, keyed by its conversation.
  db.function('search_words', { deterministic: true }, (conversationId: unknown, authorId: unknown, text: unknown, fileName: unknown) =>
    indexWords(String(conversationId), String(authorId), typeof text === 'string' ? withoutMentions(text) : '', typeof fileName === 'string' ? fileName : null),
  );
  migrate(db);
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The database has schema version ${current}, newer than this Meridian (${migrations.length}).`);
  }
  // Foreign keys stay off while migrating (SQLite's procedure for rebuilding a table: dropping
  // the old one must not cascade), and are checked before each migration commits.
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] as string);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Migration ${version + 1} left ${broken.length} broken references.`);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
