/**
 * PostgreSQL's schema, as Kysely migrations (run by Kysely's Migrator, which records them in
 * `kysely_migration` and takes a lock so two processes starting at once migrate once). The same
 * tables as SQLite's (../sqlite/database.ts), with what several writers need:
 *
 * - a message is stored by `append_message`, which takes the conversation's row lock, its next
 *   sequence number and the message in one transaction: no two writers get one number, and a
 *   resend (the author's client id again) takes none;
 * - a reference to an unknown person is made by `unknown_reference`, under a lock per
 *   conversation and viewing account, so two processes asking at once share one and numbers
 *   never repeat (a unique index says so too);
 * - message search is a `tsvector` per message under a GIN index: the words' stems, worked out by
 *   the backend as the highlighting does (../../domain/messageSearch.ts), so the rules are
 *   FTS5's; `position` orders hits newest first across conversations, as SQLite's rowid does.
 *
 * Times are ISO 8601 text, as in SQLite: the keyset cursors compare them as text.
 */
import { withoutMentions } from '../../../src-shared/domain/mentions';
import { indexWords } from '../../domain/messageSearch';
import { sql, type Kysely, type Migration } from 'kysely';

export const postgresMigrations: Record<string, Migration> = {
  '0001-schema': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          display_name TEXT NOT NULL,
          email TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          title TEXT, department TEXT, extension TEXT, phone TEXT UNIQUE, mobile TEXT UNIQUE,
          chosen_presence TEXT NOT NULL DEFAULT 'available',
          seed_presence TEXT,
          status_message TEXT,
          has_signed_in BOOLEAN NOT NULL DEFAULT false,
          created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX users_email ON users (lower(email));
        CREATE UNIQUE INDEX users_account_extension ON users (account_id, extension) WHERE extension IS NOT NULL;
        CREATE TABLE demo_people (email TEXT PRIMARY KEY);
        CREATE TABLE federations (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE federation_accounts (
          federation_id TEXT NOT NULL REFERENCES federations(id) ON DELETE CASCADE,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          PRIMARY KEY (federation_id, account_id)
        );
        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('channel', 'direct', 'group')),
          name TEXT,
          topic TEXT,
          account_id TEXT REFERENCES accounts(id),
          visibility TEXT CHECK (visibility IN ('public', 'private')),
          created_by TEXT,
          created_at TEXT NOT NULL,
          last_seq INTEGER NOT NULL DEFAULT 0,
          last_message_at TEXT,
          changes INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE conversation_members (
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          user_id TEXT NOT NULL,
          joined_at TEXT NOT NULL,
          last_read_seq INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (conversation_id, user_id)
        );
        CREATE INDEX conversation_members_user ON conversation_members (user_id);
        CREATE TABLE files (
          id TEXT PRIMARY KEY,
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          uploader_id TEXT NOT NULL,
          name TEXT NOT NULL,
          size BIGINT NOT NULL,
          content_type TEXT NOT NULL,
          created_at TEXT NOT NULL,
          attached BOOLEAN NOT NULL DEFAULT false
        );
        CREATE INDEX files_conversation ON files (conversation_id);
        CREATE INDEX files_unattached ON files (created_at) WHERE NOT attached;
        CREATE INDEX files_uploader ON files (uploader_id);
        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          author_id TEXT NOT NULL,
          client_id TEXT,
          text TEXT NOT NULL,
          file_id TEXT,
          notice TEXT,
          created_at TEXT NOT NULL,
          edited_at TEXT,
          deleted BOOLEAN NOT NULL DEFAULT false,
          thread_id TEXT,
          reply_count INTEGER NOT NULL DEFAULT 0,
          last_reply_at TEXT,
          search tsvector,
          UNIQUE (conversation_id, seq),
          UNIQUE (author_id, client_id)
        );
        CREATE INDEX messages_thread ON messages (thread_id, seq) WHERE thread_id IS NOT NULL;
        CREATE INDEX messages_file ON messages (file_id) WHERE file_id IS NOT NULL;
        CREATE INDEX messages_search ON messages USING GIN (search);
        CREATE TABLE reactions (
          message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          emoji TEXT NOT NULL,
          user_id TEXT NOT NULL,
          created_at TEXT NOT NULL,
          position BIGINT GENERATED ALWAYS AS IDENTITY,
          PRIMARY KEY (message_id, emoji, user_id)
        );
        CREATE TABLE mentions (
          message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          user_id TEXT NOT NULL,
          conversation_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (message_id, user_id)
        );
        CREATE INDEX mentions_unread ON mentions (user_id, conversation_id, seq);
        CREATE TABLE calls (
          id TEXT PRIMARY KEY,
          position BIGINT GENERATED ALWAYS AS IDENTITY,
          call_id TEXT,
          user_id TEXT NOT NULL,
          direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
          number TEXT NOT NULL,
          peer_user_id TEXT,
          at TEXT NOT NULL,
          outcome TEXT NOT NULL,
          duration_sec INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX calls_user ON calls (user_id, at);
        CREATE TABLE voicemails (
          id TEXT PRIMARY KEY,
          position BIGINT GENERATED ALWAYS AS IDENTITY,
          user_id TEXT NOT NULL,
          from_number TEXT NOT NULL,
          from_user_id TEXT,
          at TEXT NOT NULL,
          duration_sec INTEGER NOT NULL DEFAULT 0,
          transcript TEXT NOT NULL DEFAULT '',
          listened BOOLEAN NOT NULL DEFAULT false
        );
        CREATE INDEX voicemails_user ON voicemails (user_id, at);
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
        CREATE INDEX meetings_conversation ON meetings (conversation_id, starts_at);
        CREATE TABLE sessions (
          token_hash TEXT PRIMARY KEY,
          user_id TEXT NOT NULL,
          client TEXT NOT NULL DEFAULT 'desktop',
          created_at TEXT NOT NULL,
          last_used_at TEXT
        );
        CREATE INDEX sessions_user ON sessions (user_id);
        CREATE INDEX sessions_created ON sessions (created_at);
        CREATE TABLE audit_log (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          federation_id TEXT,
          operator TEXT,
          reason TEXT,
          detail TEXT NOT NULL
        );
        CREATE TABLE unknown_people (
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          viewer_account_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          number INTEGER NOT NULL,
          token TEXT NOT NULL UNIQUE,
          retired_at TEXT,
          UNIQUE (conversation_id, viewer_account_id, number)
        );
        CREATE TABLE live_calls (
          id TEXT PRIMARY KEY,
          caller_id TEXT NOT NULL,
          caller_client TEXT NOT NULL,
          caller_number TEXT NOT NULL,
          callee_id TEXT,
          callee_number TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('dialing', 'ringing', 'connected', 'ended')),
          outcome TEXT,
          started_at BIGINT NOT NULL,
          connected_at BIGINT,
          ended_at BIGINT,
          answered_client TEXT,
          muted_by TEXT NOT NULL DEFAULT '[]',
          held_by TEXT,
          voicemail_left BOOLEAN NOT NULL DEFAULT false,
          deadline BIGINT
        );
        CREATE INDEX live_calls_caller ON live_calls (caller_id, caller_client);
        CREATE INDEX live_calls_callee ON live_calls (callee_id, answered_client);
        CREATE INDEX live_calls_ended ON live_calls (ended_at) WHERE state = 'ended';
        CREATE UNIQUE INDEX unknown_people_current ON unknown_people (conversation_id, viewer_account_id, user_id) WHERE retired_at IS NULL;
        CREATE INDEX unknown_people_by_person ON unknown_people (viewer_account_id, user_id) WHERE retired_at IS NULL;
      `.execute(db);

      // What a process keeps of a conversation's pages is checked against its latest number and this count (as SQLite's migration 11).
      await sql`
        CREATE FUNCTION conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_TABLE_NAME = 'messages' THEN
            UPDATE conversations SET changes = changes + 1 WHERE id = NEW.conversation_id;
          ELSE
            UPDATE conversations SET changes = changes + 1
             WHERE id = (SELECT conversation_id FROM messages WHERE id = COALESCE(NEW.message_id, OLD.message_id));
          END IF;
          RETURN NULL;
        END $$;
        CREATE TRIGGER conversation_message_changed AFTER UPDATE OF text, deleted, file_id, reply_count ON messages
          FOR EACH ROW EXECUTE FUNCTION conversation_changed();
        CREATE TRIGGER conversation_reaction_changed AFTER INSERT OR DELETE ON reactions
          FOR EACH ROW EXECUTE FUNCTION conversation_changed();
      `.execute(db);

      await sql`
        CREATE FUNCTION append_message(p_id TEXT, p_conversation TEXT, p_author TEXT, p_client TEXT, p_text TEXT, p_file TEXT,
                                       p_notice TEXT, p_created TEXT, p_thread TEXT, p_search tsvector)
          RETURNS INTEGER LANGUAGE plpgsql AS $$
        DECLARE
          v_seq INTEGER;
        BEGIN
          IF p_client IS NOT NULL AND EXISTS (SELECT 1 FROM messages WHERE author_id = p_author AND client_id = p_client) THEN
            RETURN NULL;
          END IF;
          BEGIN
            -- The row lock taken here orders the conversation's writers: each gets the next number.
            UPDATE conversations SET last_seq = last_seq + 1, last_message_at = GREATEST(COALESCE(last_message_at, ''), p_created)
             WHERE id = p_conversation RETURNING last_seq INTO v_seq;
            IF NOT FOUND THEN
              RETURN NULL;
            END IF;
            INSERT INTO messages (id, conversation_id, seq, author_id, client_id, text, file_id, notice, created_at, thread_id, search)
              VALUES (p_id, p_conversation, v_seq, p_author, p_client, p_text, p_file, p_notice, p_created, p_thread, p_search);
          EXCEPTION WHEN unique_violation THEN
            -- The same resend stored by another writer a moment ago: the number taken goes back with the block.
            RETURN NULL;
          END;
          RETURN v_seq;
        END $$;
      `.execute(db);

      await sql`
        CREATE FUNCTION unknown_reference(p_conversation TEXT, p_account TEXT, p_user TEXT, p_token TEXT)
          RETURNS TABLE (token TEXT, number INTEGER) LANGUAGE plpgsql AS $$
        BEGIN
          RETURN QUERY SELECT u.token, u.number FROM unknown_people u
            WHERE u.conversation_id = p_conversation AND u.viewer_account_id = p_account AND u.user_id = p_user AND u.retired_at IS NULL;
          IF FOUND THEN
            RETURN;
          END IF;
          -- One maker at a time per conversation and viewing account: the next number is taken once.
          PERFORM pg_advisory_xact_lock(hashtextextended(p_conversation || chr(10) || p_account, 0));
          RETURN QUERY SELECT u.token, u.number FROM unknown_people u
            WHERE u.conversation_id = p_conversation AND u.viewer_account_id = p_account AND u.user_id = p_user AND u.retired_at IS NULL;
          IF FOUND THEN
            RETURN;
          END IF;
          RETURN QUERY INSERT INTO unknown_people AS made (conversation_id, viewer_account_id, user_id, number, token)
            SELECT p_conversation, p_account, p_user, COALESCE(MAX(u.number), 0) + 1, p_token FROM unknown_people u
             WHERE u.conversation_id = p_conversation AND u.viewer_account_id = p_account
            RETURNING made.token, made.number;
        END $$;
      `.execute(db);
    },
  },
  // SQLite's migrations 13 and 14.
  '0002-meeting-participants-voicemail-audio': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Who is in a meeting, from which client, and what they send: in the store, so it decides the
      // same whichever process a client reaches. `lost_at` (epoch ms) marks a client whose
      // connection went away, kept for the grace it has to come back.
      // A voicemail is recorded audio stored like a shared file that belongs to no conversation.
      await sql`
        CREATE TABLE meeting_participants (
          meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
          user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          client_id TEXT NOT NULL,
          joined_at TEXT NOT NULL,
          muted BOOLEAN NOT NULL DEFAULT false,
          camera BOOLEAN NOT NULL DEFAULT false,
          screen BOOLEAN NOT NULL DEFAULT false,
          lost_at BIGINT,
          PRIMARY KEY (user_id, client_id)
        );
        CREATE INDEX meeting_participants_meeting ON meeting_participants (meeting_id, joined_at);
        CREATE INDEX meeting_participants_lost ON meeting_participants (lost_at) WHERE lost_at IS NOT NULL;
        ALTER TABLE files ALTER COLUMN conversation_id DROP NOT NULL;
        ALTER TABLE voicemails ADD COLUMN audio_file_id TEXT;
        ALTER TABLE voicemails ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE INDEX voicemails_audio ON voicemails (audio_file_id) WHERE audio_file_id IS NOT NULL;
      `.execute(db);
    },
  },
  // SQLite's migrations 15 and 16.
  '0003-thread-members-conversation-settings': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The people of each thread (whose message started it, who replied in it) and where each has
      // read it up to, kept by a trigger as replies are stored (a reply is read by its author);
      // threads already there start where their people had read their conversation.
      await sql`
        CREATE TABLE thread_members (
          root_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          user_id TEXT NOT NULL,
          conversation_id TEXT NOT NULL,
          last_read_seq INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (root_id, user_id)
        );
        CREATE INDEX thread_members_user ON thread_members (user_id);
        INSERT INTO thread_members (root_id, user_id, conversation_id, last_read_seq)
          SELECT r.id, r.author_id, r.conversation_id,
                 COALESCE((SELECT cm.last_read_seq FROM conversation_members cm WHERE cm.conversation_id = r.conversation_id AND cm.user_id = r.author_id), 0)
            FROM messages r WHERE r.thread_id IS NULL AND r.reply_count > 0
          ON CONFLICT DO NOTHING;
        INSERT INTO thread_members (root_id, user_id, conversation_id, last_read_seq)
          SELECT m.thread_id, m.author_id, MIN(m.conversation_id), MAX(m.seq) FROM messages m WHERE m.thread_id IS NOT NULL GROUP BY m.thread_id, m.author_id
          ON CONFLICT DO NOTHING;
        CREATE FUNCTION thread_members_reply() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO thread_members (root_id, user_id, conversation_id, last_read_seq)
            SELECT id, author_id, conversation_id, 0 FROM messages WHERE id = NEW.thread_id
            ON CONFLICT DO NOTHING;
          INSERT INTO thread_members (root_id, user_id, conversation_id, last_read_seq) VALUES (NEW.thread_id, NEW.author_id, NEW.conversation_id, NEW.seq)
            ON CONFLICT (root_id, user_id) DO UPDATE SET last_read_seq = GREATEST(thread_members.last_read_seq, EXCLUDED.last_read_seq);
          RETURN NULL;
        END $$;
        CREATE TRIGGER thread_members_reply AFTER INSERT ON messages
          FOR EACH ROW WHEN (NEW.thread_id IS NOT NULL) EXECUTE FUNCTION thread_members_reply();
        CREATE INDEX mentions_by_user ON mentions (user_id);
        ALTER TABLE conversation_members ADD COLUMN muted BOOLEAN NOT NULL DEFAULT false;
        ALTER TABLE conversation_members ADD COLUMN notify TEXT NOT NULL DEFAULT 'all' CHECK (notify IN ('all', 'mentions', 'nothing'));
      `.execute(db);
    },
  },
  // SQLite's migration 18 (renumbered on merge): pinned messages (SPEC 9 `Pin`).
  '0004-pinned-messages': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        CREATE TABLE pinned_messages (
          message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          pinned_by TEXT NOT NULL,
          pinned_at TEXT NOT NULL
        );
        CREATE INDEX pinned_by_conversation ON pinned_messages (conversation_id, pinned_at);
      `.execute(db);
    },
  },
  // SQLite's migration 19 (renumbered on merge): a status message that clears itself at a time (SPEC 9 `Clear after`).
  '0005-status-expires-at': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE users ADD COLUMN status_expires_at TEXT`.execute(db);
    },
  },
  // SQLite's migration 20 (renumbered on merge): a person's own profile photo and the time zone their client reports (SPEC 9).
  '0006-profile-photo-time-zone': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        ALTER TABLE users ADD COLUMN photo_id TEXT;
        ALTER TABLE users ADD COLUMN time_zone TEXT;
        CREATE TABLE user_photos (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
          content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
          bytes BYTEA NOT NULL,
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          created_at TEXT NOT NULL
        );
      `.execute(db);
    },
  },
  // As SQLite's migration 17: message search keyed by conversation (issue 18 #2, issue 22 #2). The
  // index held each word once for all conversations, so a search read every use of a word, readable
  // or not, and its time told how often others used it. Each message's `search` now holds its words
  // as `c<conversation>x<stem>` and its author as `c<conversation>y<author>` (domain/messageSearch.ts
  // `indexWords`, made in JS as SQLite's are), and a search asks only for its viewer's conversations.
  '0007-message-search-by-conversation': {
    async up(db: Kysely<unknown>): Promise<void> {
      for (let after = ''; ; ) {
        const { rows } = await sql<{ id: string; conversationId: string; authorId: string; text: string; fileName: string | null }>`
          SELECT m.id, m.conversation_id AS "conversationId", m.author_id AS "authorId", m.text, f.name AS "fileName"
            FROM messages m LEFT JOIN files f ON f.id = m.file_id
           WHERE m.search IS NOT NULL AND m.id COLLATE "C" > ${after} ORDER BY m.id COLLATE "C" LIMIT 1000`.execute(db);
        if (rows.length === 0) break;
        await sql`
          UPDATE messages m SET search = array_to_tsvector(string_to_array(w.words, ' '))
            FROM unnest(${rows.map((row) => row.id)}::text[], ${rows.map((row) => indexWords(row.conversationId, row.authorId, withoutMentions(row.text), row.fileName))}::text[]) AS w(id, words)
           WHERE m.id = w.id`.execute(db);
        after = rows.at(-1)!.id;
      }
      // Without GIN's pending list, every entry is in the index's tree as it is written: a search
      // reads its own keys, never a list of whatever anyone wrote lately (4 MB by default).
      await sql`ALTER INDEX messages_search SET (fastupdate = off)`.execute(db);
      await sql`SELECT gin_clean_pending_list('messages_search')`.execute(db);
    },
  },
  // As SQLite's migration 21: meetings' media on one media server shared by every process (SPEC 10,
  // issue 22): the meeting's room there, and each client's published feed with what its tracks carry.
  '0008-meeting-media-rooms': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`
        ALTER TABLE meetings ADD COLUMN media_room TEXT;
        ALTER TABLE meeting_participants ADD COLUMN feed BIGINT;
        ALTER TABLE meeting_participants ADD COLUMN feed_tracks TEXT;
      `.execute(db);
    },
  },
};
