/**
 * The store on PostgreSQL (`pg` under Kysely), for several backend processes sharing one
 * database (SPEC 10). Kysely builds the plain queries and runs the migrations (./migrations.ts);
 * the reads that join a message with its file and thread, and the writes several processes may
 * race on, are SQL given whole (Kysely's `sql`, parameters bound). What several writers would
 * race on is decided inside PostgreSQL: a message's number (`append_message`), a reference to an
 * unknown person (`unknown_reference`), a change and its audit entry (one transaction).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql, type LogEvent, type Transaction } from 'kysely';
import pg from 'pg';
import { seedMentions, withoutMentions } from '../../../src-shared/domain/mentions';
import type { NotifyLevel, Presence } from '../../../src-shared/protocol/model';
import type { CallState } from '../../../src-shared/protocol/callProtocol';
import { directConversationId } from '../../domain/conversationIds';
import { ftsQuery, indexWords } from '../../domain/messageSearch';
import { decodeCursor, encodeCursor } from '../cursor';
import {
  maxCountedUnread,
  maxListedVoicemails,
  unreadNoticeKinds,
  type Account,
  type AppendResult,
  type AuditEntry,
  type CallRecord,
  type ChannelRecord,
  type ConversationRecord,
  type FederationRecord,
  type FileRecord,
  type MeetingParticipantRecord,
  type MeetingRecord,
  type MembershipRecord,
  type MentionPage,
  type MessagePage,
  type MessageRecord,
  type MessageSearchPage,
  type NewAuditEntry,
  type NewMessage,
  type NewUser,
  type PhotoRecord,
  type ProfileChange,
  type NoticeRecord,
  type ReactionRecord,
  type ReadMark,
  type LiveCall,
  type SessionRecord,
  type SharedConversation,
  type ThreadMark,
  type ThreadPage,
  type ThreadReadMark,
  type UnknownReference,
  type UserRecord,
  type VoicemailRecord,
} from '../records';
import type {
  AuditRepository,
  CallRepository,
  ConversationRepository,
  DirectoryRepository,
  FederationRepository,
  FileRepository,
  LiveCallRepository,
  MeetingRepository,
  MentionRepository,
  MessageRepository,
  MessageSearchRepository,
  MessageSearchRequest,
  ReactionRepository,
  ReadStateRepository,
  SeedData,
  SessionRepository,
  Store,
  ThreadRepository,
  UnknownPeopleRepository,
} from '../repositories';
import { auditFromRow } from '../sqlite/auditRepository';
import { groupChannelRows, pairRows, type ChannelMemberRow } from '../sqlite/conversationRepository';
import { federationsFromRows, userColumns, userFromRow, type UserRow } from '../sqlite/directoryRepository';
import { messageFromRow, type MessageRow } from '../sqlite/messageRepository';
import { reactionsFromRows } from '../sqlite/reactionRepository';
import { voicemailFromRow } from '../sqlite/callRepository';
import { liveCallFromRow, liveCallToRow, type LiveCallRow } from '../sqlite/liveCallRepository';
import { AdvisoryLocks } from './advisoryLocks';
import { postgresMigrations } from './migrations';
import type { Database } from './schema';

type Db = Kysely<Database>;
type Executor = Db | Transaction<Database>;

export interface PostgresStore extends Store {
  readonly engine: 'postgres';
  /** The query builder, for tests that set up or inspect rows directly. */
  readonly db: Db;
}

export interface PostgresOptions {
  /** Connections this process keeps open at most. */
  poolSize?: number;
  /** Called with the SQL of every statement run and its parameters (tests count them, as on SQLite, and ask PostgreSQL for their plans). */
  trace?: (sql: string, parameters: readonly unknown[]) => void;
}

/** Opens a PostgreSQL database (`postgres://…`) as a store, migrating it first (once, whichever process comes first). */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection the server drops must not take the process down.
  pool.on('error', (error) => console.error('[meridian] a PostgreSQL connection failed:', error.message));
  const trace = options.trace;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(trace ? { log: (event: LogEvent) => void (event.level === 'query' && trace(event.query.sql, event.query.parameters)) } : {}) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => postgresMigrations } });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return createPostgresStore(db, new AdvisoryLocks(url));
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

const rowsOf = async <T>(query: ReturnType<typeof sql<T>>, db: Executor): Promise<T[]> => (await query.execute(db)).rows;

const conversationColumns = sql`c.id, c.kind, c.name, c.topic, c.account_id AS "accountId", c.visibility, c.last_seq AS "lastSeq", c.last_message_at AS "lastMessageAt"`;
const membershipColumns = sql`${conversationColumns}, m.last_read_seq AS "lastReadSeq", m.muted, m.notify,
  CASE WHEN c.kind = 'direct' THEN (SELECT p.user_id FROM conversation_members p WHERE p.conversation_id = c.id AND p.user_id <> m.user_id LIMIT 1) END AS "peerId"`;
const messageColumns = sql`m.id, m.conversation_id AS "conversationId", m.seq, m.author_id AS "authorId", m.client_id AS "clientId", m.text, m.file_id AS "fileId",
  m.notice, m.created_at AS "createdAt", m.edited_at AS "editedAt", m.deleted, m.thread_id AS "threadId",
  CASE WHEN m.thread_id IS NULL THEN m.reply_count ELSE r.reply_count END AS "replyCount",
  CASE WHEN m.thread_id IS NULL THEN m.last_reply_at ELSE r.last_reply_at END AS "lastReplyAt",
  f.name AS "fileName", f.size::float8 AS "fileSize", f.content_type AS "fileContentType"`;
const messageSource = sql`messages m LEFT JOIN files f ON f.id = m.file_id LEFT JOIN messages r ON r.id = m.thread_id`;
const shown = sql`(NOT m.deleted OR m.reply_count > 0)`;
const unreadKinds = sql.join(unreadNoticeKinds.map((kind) => sql.lit(kind)));

/** A page read with one row more than asked: the extra row says there is more. */
function pageOf(rows: MessageRow[], limit: number, newestFirst: boolean): MessagePage {
  const kept = rows.slice(0, limit);
  if (newestFirst) kept.reverse();
  return { messages: kept.map(messageFromRow), hasMore: rows.length > limit };
}

/** The search words of a message: its text's and its file's name's stems. */
/**
 * A message's entry in the search index, keyed by conversation as SQLite's is (domain/messageSearch.ts
 * `indexWords`: `c<conversation>x<stem>` per word, `c<conversation>y<author>`), made into a tsvector
 * as it is, with no parsing: a search asks only for the lexemes of the viewer's conversations, so
 * the GIN index reads nothing of what others wrote elsewhere (issue 18 #2, issue 22 #2).
 */
const searchVector = (conversationId: string, authorId: string, text: string, fileName: string | null) =>
  sql`array_to_tsvector(${indexWords(conversationId, authorId, withoutMentions(text), fileName).split(' ')}::text[])`;

class PostgresConversations implements ConversationRepository {
  constructor(private readonly db: Db) {}

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    return (await rowsOf<ConversationRecord>(sql`SELECT ${conversationColumns} FROM conversations c WHERE c.id = ${conversationId}`, this.db))[0];
  }

  async version(conversationId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('conversations').select(['last_seq', 'changes']).where('id', '=', conversationId).executeTakeFirst();
    return row && `${row.last_seq}:${row.changes}`;
  }

  async membership(conversationId: string, userId: string): Promise<MembershipRecord | undefined> {
    return (
      await rowsOf<MembershipRecord>(
        sql`SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = ${userId} WHERE c.id = ${conversationId}`,
        this.db,
      )
    )[0];
  }

  async memberships(conversationIds: readonly string[], userId: string): Promise<MembershipRecord[]> {
    if (conversationIds.length === 0) return [];
    return rowsOf<MembershipRecord>(
      sql`SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = ${userId}
           WHERE c.id = ANY(${[...new Set(conversationIds)]})`,
      this.db,
    );
  }

  async directPeers(userId: string): Promise<Array<{ conversationId: string; peerId: string }>> {
    return rowsOf(
      sql`SELECT mine.conversation_id AS "conversationId", other.user_id AS "peerId"
            FROM conversation_members mine
            JOIN conversations c ON c.id = mine.conversation_id AND c.kind = 'direct'
            JOIN conversation_members other ON other.conversation_id = mine.conversation_id AND other.user_id <> mine.user_id
           WHERE mine.user_id = ${userId}`,
      this.db,
    );
  }

  async page(userId: string, after: { at: string; id: string }, limit: number): Promise<MembershipRecord[]> {
    return rowsOf<MembershipRecord>(
      sql`SELECT ${membershipColumns} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.user_id = ${userId}
             AND (COALESCE(c.last_message_at, '') < ${after.at} OR (COALESCE(c.last_message_at, '') = ${after.at} AND c.id > ${after.id}))
           ORDER BY COALESCE(c.last_message_at, '') DESC, c.id COLLATE "C"
           LIMIT ${limit}`,
      this.db,
    );
  }

  async members(conversationId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).orderBy('joined_at').orderBy(sql`user_id COLLATE "C"`).execute();
    return rows.map((row) => row.user_id);
  }

  async membersOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>();
    if (conversationIds.length === 0) return members;
    const rows = await this.db
      .selectFrom('conversation_members')
      .select(['conversation_id', 'user_id'])
      .where('conversation_id', 'in', [...conversationIds])
      .orderBy('conversation_id')
      .orderBy('joined_at')
      .orderBy(sql`user_id COLLATE "C"`)
      .execute();
    for (const row of rows) {
      let list = members.get(row.conversation_id);
      if (!list) members.set(row.conversation_id, (list = []));
      list.push(row.user_id);
    }
    return members;
  }

  async sharedConversationsOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('conversation_members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select('m.conversation_id')
      .where('m.user_id', '=', userId)
      .where('c.kind', '<>', 'direct')
      .execute();
    return rows.map((row) => row.conversation_id);
  }

  async memberAccounts(conversationId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('conversation_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.account_id')
      .distinct()
      .where('m.conversation_id', '=', conversationId)
      .execute();
    return rows.map((row) => row.account_id);
  }

  async channelsWithMembers(): Promise<SharedConversation[]> {
    return groupChannelRows(
      await rowsOf<ChannelMemberRow>(
        sql`SELECT c.id, c.kind, c.name, c.account_id AS "accountId", m.user_id AS "userId"
              FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
             WHERE c.kind IN ('channel', 'group') ORDER BY c.kind, c.name COLLATE "C", c.id COLLATE "C", m.user_id COLLATE "C"`,
        this.db,
      ),
    );
  }

  async directPairs(): Promise<Array<[string, string]>> {
    return pairRows(
      await rowsOf<{ id: string; userId: string }>(
        sql`SELECT m.conversation_id AS id, m.user_id AS "userId" FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE c.kind = 'direct' ORDER BY m.conversation_id`,
        this.db,
      ),
    );
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    return (await this.db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
  }

  async discoverableChannels(viewer: { id: string; accountId: string }): Promise<Array<ChannelRecord & { member: boolean }>> {
    return rowsOf(
      sql`SELECT c.id, c.name, c.topic, c.account_id AS "accountId", c.visibility,
                 EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = ${viewer.id}) AS member
            FROM conversations c
           WHERE c.kind = 'channel'
             AND ((c.account_id = ${viewer.accountId} AND c.visibility = 'public')
                  OR c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = ${viewer.id}))`,
      this.db,
    );
  }

  async groupOf(userId: string, memberIds: readonly string[]): Promise<string | undefined> {
    const members = [...new Set(memberIds)];
    const rows = await rowsOf<{ id: string }>(
      sql`SELECT c.id FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id AND c.kind = 'group'
           WHERE mine.user_id = ${userId}
             AND (SELECT COUNT(*) FROM conversation_members m WHERE m.conversation_id = c.id) = ${members.length}
             AND NOT EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND NOT (m.user_id = ANY(${members})))
           ORDER BY c.created_at LIMIT 1`,
      this.db,
    );
    return rows[0]?.id;
  }

  async unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    const rows = await rowsOf<{ count: number }>(
      sql`SELECT COUNT(*)::int AS count FROM (
            SELECT 1 FROM messages WHERE conversation_id = ${conversationId} AND seq > ${lastReadSeq} AND author_id <> ${userId} AND NOT deleted AND thread_id IS NULL
               AND (notice IS NULL OR (notice::json ->> 'kind') IN (${unreadKinds}))
             LIMIT ${maxCountedUnread}) counted`,
      this.db,
    );
    return rows[0]!.count;
  }

  async unreadCounts(userId: string, marks: ReadonlyArray<{ conversationId: string; lastReadSeq: number }>): Promise<Map<string, number>> {
    if (marks.length === 0) return new Map();
    // One query for a page of conversations; each still reads at most maxCountedUnread of its own messages.
    const rows = await rowsOf<{ conversationId: string; count: number }>(
      sql`SELECT mark.conversation_id AS "conversationId", counted.count
            FROM unnest(${marks.map((mark) => mark.conversationId)}::text[], ${marks.map((mark) => mark.lastReadSeq)}::int[]) AS mark(conversation_id, last_read_seq)
            CROSS JOIN LATERAL (SELECT COUNT(*)::int AS count FROM (
              SELECT 1 FROM messages WHERE conversation_id = mark.conversation_id AND seq > mark.last_read_seq AND author_id <> ${userId} AND NOT deleted AND thread_id IS NULL
                 AND (notice IS NULL OR (notice::json ->> 'kind') IN (${unreadKinds}))
               LIMIT ${maxCountedUnread}) page) counted`,
      this.db,
    );
    return new Map(rows.map((row) => [row.conversationId, row.count]));
  }

  async memberAccountsOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    const accounts = new Map<string, string[]>();
    if (conversationIds.length === 0) return accounts;
    const rows = await this.db
      .selectFrom('conversation_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.conversation_id', 'u.account_id'])
      .distinct()
      .where('m.conversation_id', 'in', [...conversationIds])
      .execute();
    for (const row of rows) {
      const list = accounts.get(row.conversation_id);
      if (list) list.push(row.account_id);
      else accounts.set(row.conversation_id, [row.account_id]);
    }
    return accounts;
  }

  async ensureDirect(conversationId: string, first: string, second: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values({ id: conversationId, kind: 'direct', created_at: at }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
      await addMembers(trx, conversationId, [first, second], at);
    });
  }

  async createChannel(channel: ChannelRecord & { createdBy: string }, memberIds: readonly string[], at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values({ id: channel.id, kind: 'channel', name: channel.name, topic: channel.topic, account_id: channel.accountId, visibility: channel.visibility, created_by: channel.createdBy, created_at: at })
        .execute();
      await addMembers(trx, channel.id, memberIds, at);
    });
  }

  async createGroup(conversationId: string, createdBy: string, memberIds: readonly string[], at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values({ id: conversationId, kind: 'group', created_by: createdBy, created_at: at }).execute();
      await addMembers(trx, conversationId, memberIds, at);
    });
  }

  async addMembers(conversationId: string, userIds: readonly string[], at: string, audit?: NewAuditEntry): Promise<void> {
    if (!audit) return addMembers(this.db, conversationId, userIds, at);
    await this.db.transaction().execute(async (trx) => {
      await addMembers(trx, conversationId, userIds, at);
      await insertAudit(trx, audit);
    });
  }

  async removeMember(conversationId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const removed = await trx.deleteFrom('conversation_members').where('conversation_id', '=', conversationId).where('user_id', '=', userId).executeTakeFirst();
      if (audit) await insertAudit(trx, audit);
      return Number(removed.numDeletedRows) > 0;
    });
  }

  async setMemberSettings(conversationId: string, userId: string, settings: { muted?: boolean; notify?: NotifyLevel }): Promise<{ muted: boolean; notify: NotifyLevel } | undefined> {
    const row = await this.db
      .updateTable('conversation_members')
      .set({ ...(settings.muted !== undefined ? { muted: settings.muted } : {}), ...(settings.notify !== undefined ? { notify: settings.notify } : {}) })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .returning(['muted', 'notify'])
      .executeTakeFirst();
    return row && { muted: row.muted, notify: row.notify as NotifyLevel };
  }

  async updateChannel(conversationId: string, changes: { name?: string | null; topic?: string | null }): Promise<void> {
    const values = { ...(changes.name !== undefined ? { name: changes.name } : {}), ...(changes.topic !== undefined ? { topic: changes.topic } : {}) };
    if (Object.keys(values).length > 0) await this.db.updateTable('conversations').set(values).where('id', '=', conversationId).execute();
  }

  async markRead(conversationId: string, userId: string, seq: number): Promise<void> {
    await this.db
      .updateTable('conversation_members')
      .set({ last_read_seq: sql`GREATEST(last_read_seq, ${seq})` })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .execute();
  }
}

/** Adds people to a conversation (those already members stay as they are), each reading from its latest message on. */
async function addMembers(db: Executor, conversationId: string, userIds: readonly string[], at: string): Promise<void> {
  if (userIds.length === 0) return;
  await sql`INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_seq)
              SELECT ${conversationId}, person, ${at}, (SELECT last_seq FROM conversations WHERE id = ${conversationId}) FROM unnest(${[...userIds]}::text[]) AS person
              ON CONFLICT DO NOTHING`.execute(db);
}

async function insertAudit(db: Executor, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at, action: entry.action, federation_id: entry.federationId, operator: entry.operator, reason: entry.reason, detail: JSON.stringify(entry.detail) })
    .execute();
}

/** A plain message (no file, no thread) waiting for the next group commit, and who waits for it. */
interface PendingAppend {
  conversationId: string;
  authorId: string;
  message: NewMessage;
  at: string;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** The most messages one group commit stores; more waiting go in the next, at once after it. */
const maxGroupCommit = 500;

class PostgresMessages implements MessageRepository {
  /**
   * Group commit, as the SQLite store does: while one transaction of messages is being committed,
   * the messages that arrive wait and are stored together by the next, so a busy conversation pays
   * one WAL flush for many messages instead of one each — each message still acknowledged only once
   * committed. Idle, a message is committed at once, alone: nothing waits for company.
   */
  private pending: PendingAppend[] = [];
  private committing = false;

  constructor(private readonly db: Db) {}

  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const rows = await rowsOf<MessageRow>(
      sql`SELECT ${messageColumns} FROM ${messageSource} WHERE m.conversation_id = ${conversationId} AND m.seq > ${afterSeq} AND ${shown} ORDER BY m.seq ASC LIMIT ${limit + 1}`,
      this.db,
    );
    return pageOf(rows, limit, false);
  }

  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const rows = await rowsOf<MessageRow>(
      sql`SELECT ${messageColumns} FROM ${messageSource} WHERE m.conversation_id = ${conversationId} AND m.seq < ${beforeSeq ?? 2 ** 31 - 1} AND m.thread_id IS NULL AND ${shown}
           ORDER BY m.seq DESC LIMIT ${limit + 1}`,
      this.db,
    );
    return pageOf(rows, limit, true);
  }

  async message(messageId: string): Promise<MessageRecord | undefined> {
    return this.one(sql`m.id = ${messageId} AND NOT m.deleted`);
  }

  async shownMessage(messageId: string): Promise<MessageRecord | undefined> {
    return this.one(sql`m.id = ${messageId} AND ${shown}`);
  }

  async replies(rootId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const rows = await rowsOf<MessageRow>(
      sql`SELECT ${messageColumns} FROM ${messageSource} WHERE m.thread_id = ${rootId} AND m.seq < ${beforeSeq ?? 2 ** 31 - 1} AND NOT m.deleted ORDER BY m.seq DESC LIMIT ${limit + 1}`,
      this.db,
    );
    return pageOf(rows, limit, true);
  }

  async threadAuthors(rootId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('messages').select('author_id').distinct().where('thread_id', '=', rootId).where('deleted', '=', false).execute();
    return rows.map((row) => row.author_id);
  }

  async append(conversationId: string, authorId: string, message: NewMessage, at: string): Promise<AppendResult> {
    if (message.fileId === null && message.threadId === null) {
      // Most messages carry no file and answer no thread: one call stores them (with others waiting, in one commit).
      return new Promise<AppendResult>((resolve, reject) => {
        this.pending.push({ conversationId, authorId, message, at, resolve, reject });
        if (!this.committing) void this.commitPending();
      });
    }
    return this.db.transaction().execute(async (trx): Promise<AppendResult> => {
      const existing = await this.byClient(trx, authorId, message.clientId);
      if (existing) return { message: existing, created: false };
      const { fileId, threadId } = message;
      if (threadId !== null) {
        const root = (await rowsOf<MessageRow>(sql`SELECT ${messageColumns} FROM ${messageSource} WHERE m.id = ${threadId} AND ${shown} FOR UPDATE OF m`, trx))[0];
        if (!root || root.conversationId !== conversationId || root.threadId !== null || root.notice !== null) return { refused: 'thread' };
      }
      let fileName: string | null = null;
      if (fileId !== null) {
        const attached = await trx
          .updateTable('files')
          .set({ attached: true })
          .where('id', '=', fileId)
          .where('conversation_id', '=', conversationId)
          .where('uploader_id', '=', authorId)
          .where('attached', '=', false)
          .returning('name')
          .executeTakeFirst();
        if (!attached) return { refused: 'file' };
        fileName = attached.name;
      }
      const stored = await this.insert(trx, conversationId, authorId, { ...message, notice: null }, at, fileName);
      if (!stored) throw new Error(`No conversation ${conversationId} to store a message in.`);
      if (threadId !== null) await trx.updateTable('messages').set({ reply_count: sql`reply_count + 1`, last_reply_at: stored.createdAt }).where('id', '=', threadId).execute();
      // Read back with its file and its thread's new summary, as every other read gives it.
      return { message: (await this.oneIn(trx, sql`m.id = ${stored.id}`))!, created: true };
    });
  }

  /** Stores what waits in one transaction, then whatever came meanwhile in the next, until none waits. */
  private async commitPending(): Promise<void> {
    this.committing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, maxGroupCommit);
        let stored: Array<MessageRecord | Error | undefined>;
        try {
          stored = batch.length === 1 ? [await this.insertPlain(this.db, batch[0]!)] : await this.insertGroup(batch);
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          // One message's failure rolled the group back: each is stored alone, so the failure is its sender's only.
          stored = await Promise.all(batch.map((item) => this.insertPlain(this.db, item).catch((failure: unknown) => failure as Error)));
        }
        await Promise.all(batch.map((item, index) => this.settle(item, stored[index])));
      }
    } finally {
      this.committing = false;
    }
  }

  /**
   * A group of plain messages by one statement, so one round trip and one commit: `append_message` for
   * each row of the arrays, in their order. Undefined for a message its author's client id stored already.
   */
  private async insertGroup(batch: readonly PendingAppend[]): Promise<Array<MessageRecord | undefined>> {
    const ids = batch.map(() => `m-${randomUUID()}`);
    const column = (value: (item: PendingAppend) => string | null) => batch.map(value);
    const rows = await rowsOf<{ ord: number; seq: number | null }>(
      sql`SELECT t.ord::int AS ord,
                 append_message(t.id, t.conversation, t.author, t.client, t.body, NULL, NULL, t.created, NULL, array_to_tsvector(string_to_array(t.words, ' '))) AS seq
            FROM unnest(${ids}::text[], ${column((item) => item.conversationId)}::text[], ${column((item) => item.authorId)}::text[],
                        ${column((item) => item.message.clientId)}::text[], ${column((item) => item.message.text)}::text[], ${column((item) => item.at)}::text[],
                        ${column((item) => indexWords(item.conversationId, item.authorId, withoutMentions(item.message.text), null))}::text[])
                 WITH ORDINALITY AS t(id, conversation, author, client, body, created, words, ord)`,
      this.db,
    );
    const seqs = new Map(rows.map((row) => [row.ord, row.seq]));
    return batch.map((item, index) => {
      const seq = seqs.get(index + 1);
      if (seq === null || seq === undefined) return undefined;
      const { clientId, text } = item.message;
      return { id: ids[index]!, conversationId: item.conversationId, seq, authorId: item.authorId, clientId, text, fileId: null, notice: null, threadId: null, file: null, thread: null, deleted: false, createdAt: item.at, editedAt: null };
    });
  }

  private insertPlain(db: Executor, item: PendingAppend): Promise<MessageRecord | undefined> {
    return this.insert(db, item.conversationId, item.authorId, { ...item.message, notice: null }, item.at, null);
  }

  /** Answers one sender: its message as stored, the one its client id stored before (a resend), or the failure. */
  private async settle(item: PendingAppend, stored: MessageRecord | Error | undefined): Promise<void> {
    try {
      if (stored instanceof Error) throw stored;
      if (stored) return item.resolve({ message: stored, created: true });
      const existing = await this.byClient(this.db, item.authorId, item.message.clientId);
      if (!existing) throw new Error(`No conversation ${item.conversationId} to store a message in.`);
      item.resolve({ message: existing, created: false });
    } catch (error) {
      item.reject(error);
    }
  }

  async appendNotice(conversationId: string, actorId: string, notice: NoticeRecord, at: string): Promise<MessageRecord> {
    const stored = await this.insert(this.db, conversationId, actorId, { clientId: null, text: '', fileId: null, notice, threadId: null }, at, null);
    if (!stored) throw new Error(`No conversation ${conversationId} to store a message in.`);
    return stored;
  }

  async edit(messageId: string, text: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('messages as m')
        .leftJoin('files as f', 'f.id', 'm.file_id')
        .select(['m.notice', 'f.name', 'm.conversation_id', 'm.author_id'])
        .where('m.id', '=', messageId)
        .executeTakeFirst();
      if (!current) return;
      await trx
        .updateTable('messages')
        .set({ text, edited_at: at, search: current.notice === null ? searchVector(current.conversation_id, current.author_id, text, current.name) : null })
        .where('id', '=', messageId)
        .execute();
    });
  }

  async delete(messageId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Deleted messages keep their row (and sequence number) without their text, file or search words.
      const deleted = await trx.updateTable('messages').set({ deleted: true, text: '', file_id: null, search: null }).where('id', '=', messageId).returning('thread_id').executeTakeFirst();
      const threadId = deleted?.thread_id;
      if (!threadId) return;
      await sql`UPDATE messages SET reply_count = (SELECT COUNT(*) FROM messages WHERE thread_id = ${threadId} AND NOT deleted),
                                    last_reply_at = (SELECT MAX(created_at) FROM messages WHERE thread_id = ${threadId} AND NOT deleted)
                 WHERE id = ${threadId}`.execute(trx);
    });
  }

  async setPinned(message: { id: string; conversationId: string }, pin: { userId: string; at: string } | null): Promise<boolean> {
    const result = pin
      ? await sql`INSERT INTO pinned_messages (message_id, conversation_id, pinned_by, pinned_at) VALUES (${message.id}, ${message.conversationId}, ${pin.userId}, ${pin.at}) ON CONFLICT DO NOTHING`.execute(this.db)
      : await sql`DELETE FROM pinned_messages WHERE message_id = ${message.id}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async pinned(conversationId: string, limit: number): Promise<MessageRecord[]> {
    const rows = await rowsOf<MessageRow>(
      sql`SELECT ${messageColumns} FROM pinned_messages p JOIN messages m ON m.id = p.message_id LEFT JOIN files f ON f.id = m.file_id LEFT JOIN messages r ON r.id = m.thread_id
           WHERE p.conversation_id = ${conversationId} AND NOT m.deleted ORDER BY p.pinned_at DESC, p.message_id LIMIT ${limit}`,
      this.db,
    );
    return rows.map(messageFromRow);
  }

  /** Stores a message with its conversation's next number; undefined when its author stored one with this client id already (or there is no such conversation). */
  private async insert(
    db: Executor,
    conversationId: string,
    authorId: string,
    content: Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'notice' | 'threadId'>,
    createdAt: string,
    fileName: string | null,
  ): Promise<MessageRecord | undefined> {
    // The server names the message: a client's own id could carry anything, and others never see it.
    const id = `m-${randomUUID()}`;
    const notice = content.notice === null ? null : JSON.stringify(content.notice);
    const search = content.notice === null ? searchVector(conversationId, authorId, content.text, fileName) : sql`NULL`;
    const rows = await rowsOf<{ seq: number | null }>(
      sql`SELECT append_message(${id}, ${conversationId}, ${authorId}, ${content.clientId}, ${content.text}, ${content.fileId}, ${notice}, ${createdAt}, ${content.threadId}, ${search}) AS seq`,
      db,
    );
    const seq = rows[0]?.seq;
    if (seq === null || seq === undefined) return undefined;
    const file = fileName === null || content.fileId === null ? null : await this.fileOf(db, content.fileId);
    return { id, conversationId, seq, authorId, ...content, file, thread: null, deleted: false, createdAt, editedAt: null };
  }

  private async fileOf(db: Executor, fileId: string) {
    const row = await db.selectFrom('files').select(['id', 'name', sql<number>`size::float8`.as('size'), 'content_type']).where('id', '=', fileId).executeTakeFirst();
    return row ? { id: row.id, name: row.name, size: row.size, contentType: row.content_type } : null;
  }

  private async byClient(db: Executor, authorId: string, clientId: string | null): Promise<MessageRecord | undefined> {
    if (clientId === null) return undefined;
    return this.oneIn(db, sql`m.author_id = ${authorId} AND m.client_id = ${clientId}`);
  }

  private one(where: ReturnType<typeof sql>): Promise<MessageRecord | undefined> {
    return this.oneIn(this.db, where);
  }

  private async oneIn(db: Executor, where: ReturnType<typeof sql>): Promise<MessageRecord | undefined> {
    const row = (await rowsOf<MessageRow>(sql`SELECT ${messageColumns} FROM ${messageSource} WHERE ${where}`, db))[0];
    return row && messageFromRow(row);
  }
}

class PostgresDirectory implements DirectoryRepository {
  constructor(private readonly db: Db) {}

  async accounts(): Promise<Account[]> {
    return this.db.selectFrom('accounts').select(['id', 'name']).execute();
  }

  async users(): Promise<UserRecord[]> {
    return (await rowsOf<UserRow>(sql`SELECT ${sql.raw(userColumns)} FROM users`, this.db)).map(userFromRow);
  }

  async user(userId: string): Promise<UserRecord | undefined> {
    const row = (await rowsOf<UserRow>(sql`SELECT ${sql.raw(userColumns)} FROM users WHERE id = ${userId}`, this.db))[0];
    return row ? userFromRow(row) : undefined;
  }

  async federations(): Promise<FederationRecord[]> {
    const federations = await this.db.selectFrom('federations').select(['id', 'name', 'created_at as createdAt']).orderBy('created_at').orderBy('id').execute();
    const members = await this.db.selectFrom('federation_accounts').select(['federation_id as federationId', 'account_id as accountId']).orderBy(sql`account_id COLLATE "C"`).execute();
    return federationsFromRows(federations, members);
  }

  async credentials(email: string): Promise<{ id: string; passwordHash: string } | undefined> {
    return this.db.selectFrom('users').select(['id', 'password_hash as passwordHash']).where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.credentials(email)) !== undefined;
  }

  async ownerOfNumber(number: string): Promise<string | undefined> {
    return (await this.db.selectFrom('users').select('id').where((where) => where.or([where('phone', '=', number), where('mobile', '=', number)])).executeTakeFirst())?.id;
  }

  async ownerOfExtension(accountId: string, extension: string): Promise<string | undefined> {
    return (await this.db.selectFrom('users').select('id').where('account_id', '=', accountId).where('extension', '=', extension).executeTakeFirst())?.id;
  }

  async isDemoPerson(email: string): Promise<boolean> {
    return (await this.db.selectFrom('demo_people').select('email').where('email', '=', email.toLowerCase()).executeTakeFirst()) !== undefined;
  }

  async demoEmails(): Promise<string[]> {
    return (await this.db.selectFrom('demo_people').select('email').execute()).map((row) => row.email);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }

  async setPresence(userId: string, presence: Presence, statusMessage: string | null, statusExpiresAt: string | null = null): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ chosen_presence: presence, status_message: statusMessage, status_expires_at: statusMessage === null ? null : statusExpiresAt })
      .where('id', '=', userId)
      .execute();
  }

  async setProfile(userId: string, profile: ProfileChange): Promise<void> {
    await this.db.updateTable('users').set({ display_name: profile.displayName, title: profile.title, department: profile.department }).where('id', '=', userId).execute();
  }

  async setTimeZone(userId: string, timeZone: string | null): Promise<void> {
    await this.db.updateTable('users').set({ time_zone: timeZone }).where('id', '=', userId).execute();
  }

  async setPhoto(userId: string, photo: PhotoRecord | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_photos').where('user_id', '=', userId).execute();
      if (photo) {
        await trx
          .insertInto('user_photos')
          .values({ id: photo.id, user_id: userId, content_type: photo.contentType, bytes: photo.bytes, width: photo.width, height: photo.height, created_at: photo.createdAt })
          .execute();
      }
      await trx.updateTable('users').set({ photo_id: photo?.id ?? null }).where('id', '=', userId).execute();
    });
  }

  async photo(photoId: string): Promise<PhotoRecord | undefined> {
    return this.db
      .selectFrom('user_photos')
      .select(['id', 'user_id as userId', 'content_type as contentType', 'bytes', 'width', 'height', 'created_at as createdAt'])
      .where('id', '=', photoId)
      .executeTakeFirst();
  }

  async markSignedIn(userId: string): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ has_signed_in: true }).where('id', '=', userId).where('has_signed_in', '=', false).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async insertUser(user: NewUser, audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id: user.id,
          account_id: user.accountId,
          display_name: user.displayName,
          email: user.email,
          password_hash: user.passwordHash,
          title: user.title,
          department: null,
          extension: user.extension,
          phone: user.phone,
          mobile: null,
          seed_presence: null,
          status_message: null,
          created_at: user.createdAt,
        })
        .execute();
      await insertAudit(trx, audit);
    });
  }

  async sessionCount(userId: string): Promise<number> {
    const row = await this.db.selectFrom('sessions').select((select) => select.fn.countAll<string>().as('count')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertAccount(account: Account, audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id: account.id, name: account.name }).execute();
      await insertAudit(trx, audit);
    });
  }

  async removeUser(userId: string, audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await trx.deleteFrom('users').where('id', '=', userId).execute();
      await insertAudit(trx, audit);
    });
  }
}

class PostgresFederations implements FederationRepository {
  constructor(private readonly db: Db) {}

  async create(federation: { id: string; name: string; createdAt: string }, accountIds: readonly string[], audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('federations').values({ id: federation.id, name: federation.name, created_at: federation.createdAt }).execute();
      await trx.insertInto('federation_accounts').values(accountIds.map((accountId) => ({ federation_id: federation.id, account_id: accountId }))).execute();
      await insertAudit(trx, audit);
    });
  }

  async rename(federationId: string, name: string, audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('federations').set({ name }).where('id', '=', federationId).execute();
      await insertAudit(trx, audit);
    });
  }

  async addAccounts(federationId: string, accountIds: readonly string[], audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('federation_accounts').values(accountIds.map((accountId) => ({ federation_id: federationId, account_id: accountId }))).execute();
      await insertAudit(trx, audit);
    });
  }

  async removeAccounts(federationId: string, accountIds: readonly string[], audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('federation_accounts').where('federation_id', '=', federationId).where('account_id', 'in', [...accountIds]).execute();
      await insertAudit(trx, audit);
    });
  }

  async delete(federationId: string, audit: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('federations').where('id', '=', federationId).execute();
      await insertAudit(trx, audit);
    });
  }
}

class PostgresAudit implements AuditRepository {
  constructor(private readonly db: Db) {}

  async list(federationId?: string): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id');
    if (federationId !== undefined) query = query.where('federation_id', '=', federationId);
    return (await query.execute()).map((row) => auditFromRow({ ...row, id: Number(row.id) }));
  }
}

class PostgresUnknownPeople implements UnknownPeopleRepository {
  constructor(private readonly db: Db) {}

  async reference(conversationId: string, viewerAccountId: string, userId: string): Promise<UnknownReference> {
    const token = randomBytes(12).toString('base64url');
    const rows = await rowsOf<UnknownReference>(sql`SELECT token, number FROM unknown_reference(${conversationId}, ${viewerAccountId}, ${userId}, ${token})`, this.db);
    return rows[0]!;
  }

  async retire(viewerAccountId: string, targetAccountId: string, at: string): Promise<void> {
    await this.db
      .updateTable('unknown_people')
      .set({ retired_at: at })
      .where('retired_at', 'is', null)
      .where('viewer_account_id', '=', viewerAccountId)
      .where('user_id', 'in', (select) => select.selectFrom('users').select('id').where('account_id', '=', targetAccountId))
      .execute();
  }
}

class PostgresReactions implements ReactionRepository {
  constructor(private readonly db: Db) {}

  async add(messageId: string, emoji: string, userId: string, at: string): Promise<boolean> {
    const result = await this.db.insertInto('reactions').values({ message_id: messageId, emoji, user_id: userId, created_at: at }).onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async remove(messageId: string, emoji: string, userId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('reactions').where('message_id', '=', messageId).where('emoji', '=', emoji).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async removeAll(messageId: string): Promise<void> {
    await this.db.deleteFrom('reactions').where('message_id', '=', messageId).execute();
  }

  async has(messageId: string, emoji: string): Promise<boolean> {
    return (await this.db.selectFrom('reactions').select('emoji').where('message_id', '=', messageId).where('emoji', '=', emoji).limit(1).executeTakeFirst()) !== undefined;
  }

  async distinctCount(messageId: string): Promise<number> {
    const row = await this.db.selectFrom('reactions').select(sql<number>`COUNT(DISTINCT emoji)::int`.as('count')).where('message_id', '=', messageId).executeTakeFirst();
    return row?.count ?? 0;
  }

  async forMessages(messageIds: readonly string[]): Promise<Map<string, ReactionRecord[]>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('reactions')
      .select(['message_id as messageId', 'emoji', 'user_id as userId'])
      .where('message_id', 'in', [...messageIds])
      .orderBy('message_id')
      .orderBy('created_at')
      .orderBy('position')
      .execute();
    return reactionsFromRows(rows);
  }
}

class PostgresMentions implements MentionRepository {
  constructor(private readonly db: Db) {}

  async replace(message: { id: string; conversationId: string; seq: number; authorId: string }, userIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(userIds.filter((userId) => userId !== message.authorId));
    return this.db.transaction().execute(async (trx) => {
      const before = new Set((await trx.selectFrom('mentions').select('user_id').where('message_id', '=', message.id).forUpdate().execute()).map((row) => row.user_id));
      const gone = [...before].filter((userId) => !wanted.has(userId));
      if (gone.length > 0) await trx.deleteFrom('mentions').where('message_id', '=', message.id).where('user_id', 'in', gone).execute();
      const added = [...wanted].filter((userId) => !before.has(userId));
      if (added.length > 0) {
        await trx
          .insertInto('mentions')
          .values(added.map((userId) => ({ message_id: message.id, user_id: userId, conversation_id: message.conversationId, seq: message.seq })))
          .onConflict((conflict) => conflict.doNothing())
          .execute();
      }
      return added;
    });
  }

  async removeAll(messageId: string): Promise<void> {
    await this.db.deleteFrom('mentions').where('message_id', '=', messageId).execute();
  }

  async unreadCounts(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await rowsOf<{ conversationId: string; count: number }>(
      sql`SELECT mn.conversation_id AS "conversationId", LEAST(COUNT(*), ${maxCountedUnread})::int AS count
            FROM mentions mn JOIN conversation_members cm ON cm.conversation_id = mn.conversation_id AND cm.user_id = mn.user_id
           WHERE mn.user_id = ${userId} AND mn.conversation_id = ANY(${[...conversationIds]}) AND mn.seq > cm.last_read_seq
           GROUP BY mn.conversation_id`,
      this.db,
    );
    return new Map(rows.map((row) => [row.conversationId, row.count]));
  }

  async unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    const rows = await rowsOf<{ count: number }>(
      sql`SELECT COUNT(*)::int AS count FROM (SELECT 1 FROM mentions WHERE user_id = ${userId} AND conversation_id = ${conversationId} AND seq > ${lastReadSeq} LIMIT ${maxCountedUnread}) counted`,
      this.db,
    );
    return rows[0]!.count;
  }

  async page(userId: string, cursor: string | undefined, limit: number): Promise<MentionPage | null> {
    const after = cursor === undefined ? [afterEveryTime, afterEveryTime] : decodeCursor(cursor, 2);
    if (!after) return null;
    const [at, id] = after as [string, string];
    const rows = await rowsOf<MessageRow>(
      sql`SELECT ${messageColumns} FROM mentions mn JOIN messages m ON m.id = mn.message_id LEFT JOIN files f ON f.id = m.file_id LEFT JOIN messages r ON r.id = m.thread_id
           WHERE mn.user_id = ${userId} AND NOT m.deleted AND (m.created_at COLLATE "C" < ${at} OR (m.created_at = ${at} AND m.id COLLATE "C" < ${id}))
           ORDER BY m.created_at COLLATE "C" DESC, m.id COLLATE "C" DESC LIMIT ${limit + 1}`,
      this.db,
    );
    const messages = rows.slice(0, limit).map(messageFromRow);
    const last = messages.at(-1);
    return { messages, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }
}

/** Sorts after every stored time (compared byte by byte): the first page of a newest-first list starts here. */
const afterEveryTime = '\uffff';
/** A person's replies in a thread by others, not deleted, after where they read it up to (counted up to maxCountedUnread). */
const unreadReplies = sql`(SELECT COUNT(*)::int FROM (SELECT 1 FROM messages x WHERE x.thread_id = tm.root_id AND x.seq > tm.last_read_seq AND x.author_id <> tm.user_id AND NOT x.deleted LIMIT ${maxCountedUnread}) counted)`;

/** The people of each thread and where each has read it up to (`thread_members`, kept by a trigger as replies are stored: ./migrations.ts 0003). */
class PostgresThreads implements ThreadRepository {
  constructor(private readonly db: Db) {}

  async page(userId: string, cursor: string | undefined, limit: number): Promise<ThreadPage | null> {
    const after = cursor === undefined ? [afterEveryTime, ''] : decodeCursor(cursor, 2);
    if (!after) return null;
    const [at, id] = after as [string, string];
    const rows = await rowsOf<MessageRow & { lastReadSeq: number; unreadReplies: number }>(
      sql`SELECT ${messageColumns}, tm.last_read_seq AS "lastReadSeq", ${unreadReplies} AS "unreadReplies"
            FROM thread_members tm JOIN messages m ON m.id = tm.root_id LEFT JOIN files f ON f.id = m.file_id LEFT JOIN messages r ON r.id = m.thread_id
           WHERE tm.user_id = ${userId} AND m.reply_count > 0
             AND (m.last_reply_at COLLATE "C" < ${at} OR (m.last_reply_at = ${at} AND m.id COLLATE "C" > ${id}))
           ORDER BY m.last_reply_at COLLATE "C" DESC, m.id COLLATE "C"
           LIMIT ${limit + 1}`,
      this.db,
    );
    const threads = rows.slice(0, limit).map(({ lastReadSeq, unreadReplies: count, ...row }) => ({ root: messageFromRow(row), lastReadSeq, unreadReplies: count }));
    const last = threads.at(-1);
    return { threads, nextCursor: rows.length > limit && last ? encodeCursor([last.root.thread?.lastReplyAt ?? '', last.root.id]) : null };
  }

  async mark(rootId: string, userId: string): Promise<ThreadMark | undefined> {
    return (
      await rowsOf<ThreadMark>(
        sql`SELECT tm.root_id AS "rootId", tm.conversation_id AS "conversationId", tm.last_read_seq AS "lastReadSeq", ${unreadReplies} AS "unreadReplies"
              FROM thread_members tm WHERE tm.root_id = ${rootId} AND tm.user_id = ${userId}`,
        this.db,
      )
    )[0];
  }

  async advance(marks: readonly ThreadReadMark[]): Promise<ThreadReadMark[]> {
    if (marks.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const moved: ThreadReadMark[] = [];
      for (const mark of marks) {
        // A mark moves forward only, and never past the thread's newest reply.
        const clamped = sql`LEAST(${mark.seq}::int, (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE thread_id = ${mark.rootId}))`;
        const row = (
          await rowsOf<{ seq: number }>(
            sql`UPDATE thread_members SET last_read_seq = ${clamped} WHERE root_id = ${mark.rootId} AND user_id = ${mark.userId} AND last_read_seq < ${clamped} RETURNING last_read_seq AS seq`,
            trx,
          )
        )[0];
        if (row) moved.push({ ...mark, seq: row.seq });
      }
      return moved;
    });
  }
}

/**
 * Message search on PostgreSQL (SPEC 7), under FTS5's rules: every word of the query, by its stem,
 * in the text or the file name; in the viewer's conversations but those hidden from them; newest
 * first (by `position`), a page at a time.
 */
class PostgresMessageSearch implements MessageSearchRepository {
  constructor(private readonly db: Db) {}

  /**
   * The page cursor is the id of the previous page's last message, accepted only in a conversation
   * being searched (as SQLite's: a position in the whole table would count what others wrote
   * between two hits, issue 18 #8).
   */
  async search(request: MessageSearchRequest): Promise<MessageSearchPage | null> {
    const hidden = new Set(request.hidden);
    const conversationIds =
      request.conversationId !== undefined
        ? [request.conversationId]
        : (await this.db.selectFrom('conversation_members').select('conversation_id').where('user_id', '=', request.viewerId).execute()).map((row) => row.conversation_id).filter((id) => !hidden.has(id));
    let before = String(Number.MAX_SAFE_INTEGER);
    if (request.cursor !== undefined) {
      const [messageId] = decodeCursor(request.cursor, 1) ?? [];
      const message = messageId === undefined ? undefined : await this.db.selectFrom('messages').select(['position', 'conversation_id']).where('id', '=', messageId).executeTakeFirst();
      if (!message || !conversationIds.includes(message.conversation_id)) return null;
      before = String(message.position);
    }
    // The same expression as SQLite's FTS5 query, in tsquery's words: its tokens are letters and digits, quoted.
    const match = ftsQuery(request.terms, conversationIds, { authorId: request.authorId });
    if (match === null) return { messages: [], nextCursor: null };
    const query = match.replaceAll('"', "'").replaceAll(' AND ', ' & ').replaceAll(' OR ', ' | ');
    // The hits come from the GIN index alone (MATERIALIZED: the planner may not walk the table newest
    // first instead, filtering every message of every conversation), then the newest page of them.
    const rows = await rowsOf<MessageRow & { position: string }>(
      sql`WITH hits AS MATERIALIZED (
            SELECT id FROM messages
             WHERE search @@ ${query}::tsquery AND position < ${before}::bigint AND NOT deleted AND conversation_id = ANY(${conversationIds}::text[])
          )
          SELECT m.position, ${messageColumns}
            FROM hits JOIN ${messageSource} ON m.id = hits.id
           ${request.authorId === undefined ? sql`` : sql`WHERE m.author_id = ${request.authorId}`}
           ORDER BY m.position DESC
           LIMIT ${request.limit + 1}`,
      this.db,
    );
    const page = rows.slice(0, request.limit);
    const last = page.at(-1);
    return {
      messages: page.map(({ position: _position, ...row }) => messageFromRow(row)),
      nextCursor: rows.length > request.limit && last ? encodeCursor([last.id]) : null,
    };
  }
}

/** Read marks: forward only and never past the newest message (`advance`), or exactly here (`set`), as SQLite's. */
class PostgresReadState implements ReadStateRepository {
  constructor(private readonly db: Db) {}

  async advance(marks: readonly ReadMark[]): Promise<ReadMark[]> {
    if (marks.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const moved: ReadMark[] = [];
      for (const mark of marks) {
        const row = (
          await rowsOf<{ seq: number }>(
            sql`UPDATE conversation_members m SET last_read_seq = LEAST(${mark.seq}, c.last_seq) FROM conversations c
                 WHERE c.id = m.conversation_id AND m.conversation_id = ${mark.conversationId} AND m.user_id = ${mark.userId} AND m.last_read_seq < LEAST(${mark.seq}, c.last_seq)
                 RETURNING m.last_read_seq AS seq`,
            trx,
          )
        )[0];
        if (row) moved.push({ ...mark, seq: row.seq });
      }
      return moved;
    });
  }

  async set(mark: ReadMark): Promise<ReadMark | null> {
    const row = (
      await rowsOf<{ seq: number }>(
        sql`UPDATE conversation_members m SET last_read_seq = GREATEST(0, LEAST(${mark.seq}, c.last_seq)) FROM conversations c
             WHERE c.id = m.conversation_id AND m.conversation_id = ${mark.conversationId} AND m.user_id = ${mark.userId} AND m.last_read_seq <> GREATEST(0, LEAST(${mark.seq}, c.last_seq))
             RETURNING m.last_read_seq AS seq`,
        this.db,
      )
    )[0];
    return row ? { ...mark, seq: row.seq } : null;
  }
}

/** Calls under way (table `live_calls`), as SQLite's; times are epoch milliseconds (BIGINT, read back as numbers). */
class PostgresLiveCalls implements LiveCallRepository {
  constructor(private readonly db: Db) {}

  private async rows(query: ReturnType<typeof sql>): Promise<LiveCall[]> {
    const rows = (await query.execute(this.db)).rows as LiveCallRow[];
    return rows.map((row) =>
      liveCallFromRow({
        ...row,
        started_at: Number(row.started_at),
        connected_at: row.connected_at === null ? null : Number(row.connected_at),
        ended_at: row.ended_at === null ? null : Number(row.ended_at),
        deadline: row.deadline === null ? null : Number(row.deadline),
      }),
    );
  }

  async get(callId: string): Promise<LiveCall | undefined> {
    return (await this.rows(sql`SELECT * FROM live_calls WHERE id = ${callId}`))[0];
  }

  async save(call: LiveCall): Promise<void> {
    const row = { ...liveCallToRow(call), voicemail_left: call.voicemailLeft };
    await this.db
      .insertInto('live_calls')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({
          state: row.state,
          outcome: row.outcome,
          connected_at: row.connected_at,
          ended_at: row.ended_at,
          answered_client: row.answered_client,
          muted_by: row.muted_by,
          held_by: row.held_by,
          voicemail_left: row.voicemail_left,
          deadline: row.deadline,
        }),
      )
      .execute();
  }

  async transition(call: LiveCall, from: readonly CallState[]): Promise<boolean> {
    if (from.length === 0) return false;
    // Not voicemail_left: `claimVoicemail` alone sets it.
    const { state, outcome, connected_at, ended_at, answered_client, muted_by, held_by, deadline } = liveCallToRow(call);
    const updated = await this.db
      .updateTable('live_calls')
      .set({ state, outcome, connected_at, ended_at, answered_client, muted_by, held_by, deadline })
      .where('id', '=', call.id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  due(now: number, limit: number): Promise<LiveCall[]> {
    return this.rows(sql`SELECT * FROM live_calls WHERE state = 'ringing' AND deadline <= ${now} ORDER BY deadline LIMIT ${limit}`);
  }

  async claimVoicemail(callId: string): Promise<boolean> {
    const claimed = await this.db.updateTable('live_calls').set({ voicemail_left: true }).where('id', '=', callId).where('voicemail_left', '=', false).executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  async liveCallOf(userId: string, except = ''): Promise<LiveCall | undefined> {
    return (await this.rows(sql`SELECT * FROM live_calls WHERE state <> 'ended' AND (caller_id = ${userId} OR callee_id = ${userId}) AND id <> ${except} LIMIT 1`))[0];
  }

  liveCalls(): Promise<LiveCall[]> {
    return this.rows(sql`SELECT * FROM live_calls WHERE state <> 'ended'`);
  }

  async carriedBy(userId: string, clientId: string): Promise<LiveCall | undefined> {
    return (
      await this.rows(
        sql`SELECT * FROM live_calls WHERE (caller_id = ${userId} AND caller_client = ${clientId}) OR (callee_id = ${userId} AND answered_client = ${clientId}) ORDER BY started_at DESC LIMIT 1`,
      )
    )[0];
  }

  ringingFor(userId: string): Promise<LiveCall[]> {
    return this.rows(sql`SELECT * FROM live_calls WHERE state = 'ringing' AND callee_id = ${userId}`);
  }

  async forgetEndedBefore(before: number): Promise<void> {
    await this.db.deleteFrom('live_calls').where('state', '=', 'ended').where('ended_at', '<', before).execute();
  }
}

const fileColumns = ['id', 'conversation_id as conversationId', 'uploader_id as uploaderId', 'name', sql<number>`size::float8`.as('size'), 'content_type as contentType', 'created_at as createdAt'] as const;

class PostgresFiles implements FileRepository {
  constructor(private readonly db: Db) {}

  async get(fileId: string): Promise<FileRecord | undefined> {
    return this.db.selectFrom('files').select(fileColumns).where('id', '=', fileId).executeTakeFirst();
  }

  async many(fileIds: readonly string[]): Promise<FileRecord[]> {
    if (fileIds.length === 0) return [];
    return this.db.selectFrom('files').select(fileColumns).where('id', 'in', [...fileIds]).execute();
  }

  async isShared(fileId: string): Promise<boolean> {
    return (await this.db.selectFrom('messages').select('id').where('file_id', '=', fileId).where('deleted', '=', false).limit(1).executeTakeFirst()) !== undefined;
  }

  async isAttached(fileId: string): Promise<boolean> {
    return (await this.db.selectFrom('files').select('attached').where('id', '=', fileId).executeTakeFirst())?.attached === true;
  }

  async attachVoicemailAudio(fileId: string, uploaderId: string): Promise<boolean> {
    const taken = await this.db
      .updateTable('files')
      .set({ attached: true })
      .where('id', '=', fileId)
      .where('uploader_id', '=', uploaderId)
      .where('conversation_id', 'is', null)
      .where('attached', '=', false)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }

  async usedBytes(userId: string): Promise<number> {
    const row = await this.db.selectFrom('files').select(sql<number>`COALESCE(SUM(size), 0)::float8`.as('bytes')).where('uploader_id', '=', userId).executeTakeFirst();
    return row?.bytes ?? 0;
  }

  async insert(file: FileRecord): Promise<void> {
    await this.db
      .insertInto('files')
      .values({ id: file.id, conversation_id: file.conversationId, uploader_id: file.uploaderId, name: file.name, size: file.size, content_type: file.contentType, created_at: file.createdAt })
      .execute();
  }

  async delete(fileId: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('files').where('id', '=', fileId).executeTakeFirst()).numDeletedRows) > 0;
  }

  async unattached(cutoff: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('files').select('id').where('attached', '=', false).where('created_at', '<', cutoff).orderBy('created_at').limit(limit).execute();
    return rows.map((row) => row.id);
  }
}

const sessionColumns = ['token_hash as hash', 'user_id as userId', 'client', 'created_at as createdAt', 'last_used_at as lastUsedAt'] as const;

class PostgresSessions implements SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: session.hash, user_id: session.userId, client: session.client, created_at: session.createdAt, last_used_at: session.lastUsedAt })
      .execute();
  }

  async find(hash: string): Promise<SessionRecord | undefined> {
    return (await this.db.selectFrom('sessions').select(sessionColumns).where('token_hash', '=', hash).executeTakeFirst()) as SessionRecord | undefined;
  }

  async touch(hash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_used_at: at }).where('token_hash', '=', hash).execute();
  }

  async delete(hash: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('sessions').where('token_hash', '=', hash).executeTakeFirst()).numDeletedRows) > 0;
  }

  async deleteIfExpired(hash: string, createdBefore: string, usedBefore: string): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('sessions')
      .where('token_hash', '=', hash)
      .where((where) => where.or([where('created_at', '<', createdBefore), where.and([where('client', '=', 'browser'), where('last_used_at', '<', usedBefore)])]))
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  async expiredCandidates(createdBefore: string, usedBefore: string, limit: number): Promise<SessionRecord[]> {
    return (await this.db
      .selectFrom('sessions')
      .select(sessionColumns)
      .where((where) => where.or([where('created_at', '<', createdBefore), where.and([where('client', '=', 'browser'), where('last_used_at', '<', usedBefore)])]))
      .limit(limit)
      .execute()) as SessionRecord[];
  }
}

const callColumns = ['id', 'call_id as callId', 'user_id as userId', 'direction', 'number', 'peer_user_id as peerUserId', 'at', 'outcome', 'duration_sec as durationSec'] as const;
const voicemailColumns = ['id', 'user_id as userId', 'from_number as fromNumber', 'from_user_id as fromUserId', 'at', 'duration_sec as durationSec', 'transcript', 'note', 'audio_file_id as audioFileId', 'listened'] as const;

class PostgresCalls implements CallRepository {
  constructor(private readonly db: Db) {}

  async addRecord(record: Omit<CallRecord, 'id'>): Promise<CallRecord> {
    const stored = { id: randomUUID(), ...record };
    await this.db
      .insertInto('calls')
      .values({
        id: stored.id,
        call_id: stored.callId,
        user_id: stored.userId,
        direction: stored.direction,
        number: stored.number,
        peer_user_id: stored.peerUserId,
        at: stored.at,
        outcome: stored.outcome,
        duration_sec: stored.durationSec,
      })
      .execute();
    return stored;
  }

  async history(userId: string, limit: number): Promise<CallRecord[]> {
    return (await this.db.selectFrom('calls').select(callColumns).where('user_id', '=', userId).orderBy('at', 'desc').orderBy('position', 'desc').limit(limit).execute()) as CallRecord[];
  }

  async addVoicemail(voicemail: Omit<VoicemailRecord, 'id' | 'listened'>): Promise<VoicemailRecord> {
    const stored: VoicemailRecord = { id: randomUUID(), ...voicemail, listened: false };
    await this.db
      .insertInto('voicemails')
      .values({
        id: stored.id,
        user_id: stored.userId,
        from_number: stored.fromNumber,
        from_user_id: stored.fromUserId,
        at: stored.at,
        duration_sec: stored.durationSec,
        transcript: stored.transcript,
        note: stored.note,
        audio_file_id: stored.audioFileId,
      })
      .execute();
    return stored;
  }

  async voicemails(userId: string, limit = maxListedVoicemails): Promise<VoicemailRecord[]> {
    const rows = await this.db.selectFrom('voicemails').select(voicemailColumns).where('user_id', '=', userId).orderBy('at', 'desc').orderBy('position', 'desc').limit(limit).execute();
    return rows.map(voicemailFromRow);
  }

  async voicemail(userId: string, voicemailId: string): Promise<VoicemailRecord | undefined> {
    const row = await this.db.selectFrom('voicemails').select(voicemailColumns).where('id', '=', voicemailId).where('user_id', '=', userId).executeTakeFirst();
    return row ? voicemailFromRow(row) : undefined;
  }

  async ownsVoicemailAudio(userId: string, fileId: string): Promise<boolean> {
    return (await this.db.selectFrom('voicemails').select('id').where('audio_file_id', '=', fileId).where('user_id', '=', userId).limit(1).executeTakeFirst()) !== undefined;
  }

  async setListened(voicemailId: string, listened: boolean): Promise<void> {
    await this.db.updateTable('voicemails').set({ listened }).where('id', '=', voicemailId).execute();
  }

  async deleteVoicemail(voicemailId: string): Promise<void> {
    await this.db.deleteFrom('voicemails').where('id', '=', voicemailId).execute();
  }
}

const meetingColumns = [
  'id',
  'conversation_id as conversationId',
  'kind',
  'title',
  'created_by as createdBy',
  'starts_at as startsAt',
  'duration_minutes as durationMinutes',
  'started_at as startedAt',
  'ended_at as endedAt',
  'created_at as createdAt',
] as const;

const participantColumns = [
  'meeting_id as meetingId',
  'user_id as userId',
  'client_id as clientId',
  'joined_at as joinedAt',
  'muted',
  'camera',
  'screen',
  'lost_at as lostAt',
] as const;

/** lost_at is BIGINT, which pg reads back as text. */
const participantFromRow = (row: Omit<MeetingParticipantRecord, 'lostAt'> & { lostAt: number | string | null }): MeetingParticipantRecord => ({
  ...row,
  lostAt: row.lostAt === null ? null : Number(row.lostAt),
});

class PostgresMeetings implements MeetingRepository {
  constructor(private readonly db: Db) {}

  async create(meeting: Omit<MeetingRecord, 'id' | 'startedAt' | 'endedAt'>): Promise<MeetingRecord> {
    const record: MeetingRecord = { id: randomUUID(), ...meeting, startedAt: null, endedAt: null };
    await this.db
      .insertInto('meetings')
      .values({
        id: record.id,
        conversation_id: record.conversationId,
        kind: record.kind,
        title: record.title,
        created_by: record.createdBy,
        starts_at: record.startsAt,
        duration_minutes: record.durationMinutes,
        created_at: record.createdAt,
      })
      .execute();
    return record;
  }

  async get(meetingId: string): Promise<MeetingRecord | undefined> {
    return (await this.db.selectFrom('meetings').select(meetingColumns).where('id', '=', meetingId).executeTakeFirst()) as MeetingRecord | undefined;
  }

  async openIn(conversationId: string, notBefore: string): Promise<MeetingRecord[]> {
    return (await this.db
      .selectFrom('meetings')
      .select(meetingColumns)
      .where('conversation_id', '=', conversationId)
      .where('ended_at', 'is', null)
      .where('starts_at', '>', notBefore)
      .orderBy('starts_at')
      .orderBy('created_at')
      .orderBy(sql`id COLLATE "C"`)
      .execute()) as MeetingRecord[];
  }

  async page(userId: string, options: { conversationId: string | null; notBefore: string; after: [string, string, string]; limit: number }): Promise<MeetingRecord[]> {
    const [startsAt, createdAt, id] = options.after;
    return rowsOf<MeetingRecord>(
      sql`SELECT mt.id, mt.conversation_id AS "conversationId", mt.kind, mt.title, mt.created_by AS "createdBy", mt.starts_at AS "startsAt",
                 mt.duration_minutes AS "durationMinutes", mt.started_at AS "startedAt", mt.ended_at AS "endedAt", mt.created_at AS "createdAt"
            FROM conversation_members m JOIN meetings mt ON mt.conversation_id = m.conversation_id
           WHERE m.user_id = ${userId} AND (${options.conversationId}::text IS NULL OR m.conversation_id = ${options.conversationId})
             AND mt.ended_at IS NULL AND mt.starts_at > ${options.notBefore}
             AND (mt.starts_at > ${startsAt} OR (mt.starts_at = ${startsAt} AND (mt.created_at > ${createdAt} OR (mt.created_at = ${createdAt} AND mt.id COLLATE "C" > ${id}))))
           ORDER BY mt.starts_at, mt.created_at, mt.id COLLATE "C"
           LIMIT ${options.limit}`,
      this.db,
    );
  }

  async markStarted(meetingId: string, at: string): Promise<void> {
    await this.db.updateTable('meetings').set({ started_at: sql`COALESCE(started_at, ${at})` }).where('id', '=', meetingId).execute();
  }

  async markEnded(meetingId: string, at: string): Promise<void> {
    await this.db.updateTable('meetings').set({ ended_at: at }).where('id', '=', meetingId).execute();
  }

  async endInstantMeetings(at: string): Promise<void> {
    await this.db
      .updateTable('meetings')
      .set({ ended_at: at })
      .where('kind', '=', 'instant')
      .where('ended_at', 'is', null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('meeting_participants as p').select('p.user_id').whereRef('p.meeting_id', '=', 'meetings.id'))))
      .execute();
  }

  async addParticipant(entry: { meetingId: string; userId: string; clientId: string; at: string }): Promise<{ leftMeetingId: string | null }> {
    return this.db.transaction().execute(async (trx) => {
      // The client leaves the meeting it was in (at most one) and joins this one, or is found again in it with its media kept.
      const left = await trx
        .deleteFrom('meeting_participants')
        .where('user_id', '=', entry.userId)
        .where('client_id', '=', entry.clientId)
        .where('meeting_id', '<>', entry.meetingId)
        .returning('meeting_id')
        .executeTakeFirst();
      await trx
        .insertInto('meeting_participants')
        .values({ meeting_id: entry.meetingId, user_id: entry.userId, client_id: entry.clientId, joined_at: entry.at })
        .onConflict((conflict) => conflict.columns(['user_id', 'client_id']).doUpdateSet({ lost_at: null }))
        .execute();
      return { leftMeetingId: left?.meeting_id ?? null };
    });
  }

  async removeParticipant(meetingId: string, userId: string, clientId?: string): Promise<string[]> {
    let removing = this.db.deleteFrom('meeting_participants').where('meeting_id', '=', meetingId).where('user_id', '=', userId);
    if (clientId !== undefined) removing = removing.where('client_id', '=', clientId);
    return (await removing.returning('client_id').execute()).map((row) => row.client_id);
  }

  async participants(meetingId: string): Promise<MeetingParticipantRecord[]> {
    return (await this.participantsOf([meetingId])).get(meetingId) ?? [];
  }

  async participantsOf(meetingIds: readonly string[]): Promise<Map<string, MeetingParticipantRecord[]>> {
    const result = new Map<string, MeetingParticipantRecord[]>();
    if (meetingIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('meeting_participants')
      .select(participantColumns)
      .where('meeting_id', 'in', [...meetingIds])
      .orderBy(sql`joined_at COLLATE "C"`)
      .orderBy(sql`user_id COLLATE "C"`)
      .orderBy(sql`client_id COLLATE "C"`)
      .execute();
    for (const row of rows) {
      let list = result.get(row.meetingId);
      if (!list) result.set(row.meetingId, (list = []));
      list.push(participantFromRow(row));
    }
    return result;
  }

  async participantOf(userId: string, clientId: string): Promise<MeetingParticipantRecord | undefined> {
    const row = await this.db.selectFrom('meeting_participants').select(participantColumns).where('user_id', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
    return row ? participantFromRow(row) : undefined;
  }

  async participantsOfUser(userId: string): Promise<MeetingParticipantRecord[]> {
    const rows = await this.db.selectFrom('meeting_participants').select(participantColumns).where('user_id', '=', userId).execute();
    return rows.map(participantFromRow);
  }

  async claimMediaRoom(meetingId: string, proposed: string): Promise<string | null> {
    await this.db.updateTable('meetings').set({ media_room: proposed }).where('id', '=', meetingId).where('media_room', 'is', null).execute();
    return (await this.db.selectFrom('meetings').select('media_room').where('id', '=', meetingId).executeTakeFirst())?.media_room ?? null;
  }

  async setParticipantFeed(meetingId: string, userId: string, clientId: string, feed: { feed: number; tracks: string } | null): Promise<void> {
    await this.db
      .updateTable('meeting_participants')
      .set({ feed: feed?.feed ?? null, feed_tracks: feed?.tracks ?? null })
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .execute();
  }

  async feeds(meetingId: string): Promise<Array<{ userId: string; clientId: string; feed: number; tracks: string }>> {
    const rows = await this.db
      .selectFrom('meeting_participants')
      .select(['user_id', 'client_id', 'feed', 'feed_tracks'])
      .where('meeting_id', '=', meetingId)
      .where('feed', 'is not', null)
      .orderBy('joined_at')
      .orderBy('user_id')
      .orderBy('client_id')
      .execute();
    return rows.map((row) => ({ userId: row.user_id, clientId: row.client_id, feed: Number(row.feed), tracks: row.feed_tracks ?? '[]' }));
  }

  async setParticipantMedia(meetingId: string, userId: string, clientId: string, media: { muted: boolean; camera: boolean; screen: boolean }): Promise<boolean> {
    const set = await this.db
      .updateTable('meeting_participants')
      .set({ muted: media.muted, camera: media.camera, screen: media.screen })
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return Number(set.numUpdatedRows) > 0;
  }

  async markParticipantLost(userId: string, clientId: string, at: number | null): Promise<boolean> {
    const marked = await this.db.updateTable('meeting_participants').set({ lost_at: at }).where('user_id', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
    return Number(marked.numUpdatedRows) > 0;
  }

  async markAllParticipantsLost(at: number): Promise<void> {
    await this.db.updateTable('meeting_participants').set({ lost_at: at }).where('lost_at', 'is', null).execute();
  }

  async participantsLostBefore(before: number, limit: number): Promise<MeetingParticipantRecord[]> {
    const rows = await this.db.selectFrom('meeting_participants').select(participantColumns).where('lost_at', 'is not', null).where('lost_at', '<', before).orderBy('lost_at').limit(limit).execute();
    return rows.map(participantFromRow);
  }

  async ongoing(): Promise<MeetingRecord[]> {
    return (await this.db
      .selectFrom('meetings')
      .select(meetingColumns)
      .where('ended_at', 'is', null)
      .where(({ exists, selectFrom }) => exists(selectFrom('meeting_participants as p').select('p.user_id').whereRef('p.meeting_id', '=', 'meetings.id')))
      .execute()) as MeetingRecord[];
  }
}

/** Writes a validated seed into an empty database, in one transaction (as ../sqlite/seedWriter.ts does into SQLite). */
async function writeSeed(db: Db, { seed, passwordHashes, demo, at: now }: SeedData): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const chunks = <T>(items: readonly T[], size = 1000): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
    if (seed.accounts.length > 0) await trx.insertInto('accounts').values(seed.accounts.map((account) => ({ id: account.id, name: account.name }))).execute();
    for (const users of chunks(seed.users.map((user, index) => ({ user, index })))) {
      await trx
        .insertInto('users')
        .values(
          users.map(({ user, index }) => ({
            id: user.id,
            account_id: user.accountId,
            display_name: user.displayName,
            email: user.email,
            password_hash: passwordHashes[index]!,
            title: user.title ?? null,
            department: user.department ?? null,
            extension: user.extension ?? null,
            phone: user.phone ?? null,
            mobile: user.mobile ?? null,
            seed_presence: user.presence ?? null,
            status_message: user.statusMessage ?? null,
            created_at: now,
          })),
        )
        .execute();
      if (demo) await trx.insertInto('demo_people').values(users.map(({ user }) => ({ email: user.email.toLowerCase() }))).execute();
    }
    for (const federation of seed.federations ?? []) {
      await trx.insertInto('federations').values({ id: federation.id, name: federation.name, created_at: now }).execute();
      await trx.insertInto('federation_accounts').values(federation.accountIds.map((accountId) => ({ federation_id: federation.id, account_id: accountId }))).execute();
    }
    const conversation = (values: Database['conversations'] extends infer T ? Omit<{ [K in keyof T]: T[K] }, 'last_seq' | 'last_message_at' | 'changes' | 'created_by'> : never) =>
      trx
        .insertInto('conversations')
        .values({ ...values, created_by: null })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
    const member = (conversationId: string, userId: string, joinedAt: string) =>
      trx.insertInto('conversation_members').values({ conversation_id: conversationId, user_id: userId, joined_at: joinedAt }).onConflict((conflict) => conflict.doNothing()).execute();
    for (const channel of seed.channels ?? []) {
      await conversation({ id: channel.id, kind: 'channel', name: channel.name, topic: channel.topic ?? null, account_id: channel.accountId, visibility: channel.visibility ?? 'private', created_at: now });
      for (const userId of channel.members ?? []) await member(channel.id, userId, now);
    }
    for (const group of seed.groups ?? []) {
      await conversation({ id: group.id, kind: 'group', name: null, topic: null, account_id: null, visibility: null, created_at: now });
      for (const userId of group.members) await member(group.id, userId, now);
    }
    const sortedMessages = [...(seed.messages ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const [index, message] of sortedMessages.entries()) {
      let conversationId = message.channel ?? message.group;
      if (message.direct) {
        conversationId = directConversationId(message.direct[0], message.direct[1]);
        await conversation({ id: conversationId, kind: 'direct', name: null, topic: null, account_id: null, visibility: null, created_at: message.at });
        for (const userId of message.direct) await member(conversationId, userId, message.at);
      }
      const createdAt = new Date(message.at).toISOString();
      const messageId = message.id ?? `seed-${index}`;
      const mentions = seedMentions(message.text);
      const seq = (await rowsOf<{ seq: number }>(sql`SELECT append_message(${messageId}, ${conversationId!}, ${message.from}, NULL, ${mentions.text}, NULL, NULL, ${createdAt}, ${message.replyTo ?? null}, ${searchVector(conversationId!, message.from, mentions.text, null)}) AS seq`, trx))[0]!.seq;
      if (message.replyTo !== undefined) await trx.updateTable('messages').set({ reply_count: sql`reply_count + 1`, last_reply_at: createdAt }).where('id', '=', message.replyTo).execute();
      const mentioned = mentions.userIds.filter((userId) => userId !== message.from);
      if (mentioned.length > 0) await trx.insertInto('mentions').values(mentioned.map((userId) => ({ message_id: messageId, user_id: userId, conversation_id: conversationId!, seq }))).execute();
      for (const [emoji, userIds] of Object.entries(message.reactions ?? {})) {
        for (const userId of userIds) await trx.insertInto('reactions').values({ message_id: messageId, emoji, user_id: userId, created_at: createdAt }).execute();
      }
    }
    // Seeded history reads as already seen, all but each conversation's latest message.
    await sql`UPDATE conversation_members SET last_read_seq = GREATEST(0, (SELECT last_seq - 1 FROM conversations WHERE id = conversation_id))`.execute(trx);
    for (const [index, call] of (seed.calls ?? []).entries()) {
      await trx
        .insertInto('calls')
        .values({ id: `seed-call-${index}`, call_id: null, user_id: call.user, direction: call.direction, number: call.number, peer_user_id: null, at: new Date(call.at).toISOString(), outcome: call.outcome, duration_sec: call.durationSec ?? 0 })
        .execute();
    }
    for (const [index, voicemail] of (seed.voicemails ?? []).entries()) {
      await trx
        .insertInto('voicemails')
        .values({
          id: `seed-voicemail-${index}`,
          user_id: voicemail.user,
          from_number: voicemail.from,
          from_user_id: null,
          at: new Date(voicemail.at).toISOString(),
          duration_sec: voicemail.durationSec ?? 0,
          transcript: voicemail.transcript ?? '',
        })
        .execute();
    }
  });
}

function createPostgresStore(db: Db, locks: AdvisoryLocks): PostgresStore {
  let open = true;
  return {
    engine: 'postgres',
    db,
    conversations: new PostgresConversations(db),
    messages: new PostgresMessages(db),
    directory: new PostgresDirectory(db),
    federations: new PostgresFederations(db),
    audit: new PostgresAudit(db),
    unknownPeople: new PostgresUnknownPeople(db),
    reactions: new PostgresReactions(db),
    readState: new PostgresReadState(db),
    mentions: new PostgresMentions(db),
    threads: new PostgresThreads(db),
    messageSearch: new PostgresMessageSearch(db),
    files: new PostgresFiles(db),
    sessions: new PostgresSessions(db),
    calls: new PostgresCalls(db),
    liveCalls: new PostgresLiveCalls(db),
    meetings: new PostgresMeetings(db),
    isEmpty: async () => (await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) === undefined,
    readMeta: async (key) => (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null,
    writeMeta: async (key, value) => void (await db.insertInto('meta').values({ key, value }).onConflict((conflict) => conflict.column('key').doUpdateSet({ value })).execute()),
    writeSeed: (data) => writeSeed(db, data),
    exclusively: locks.exclusively,
    isOpen: () => open,
    close: async () => {
      if (!open) return;
      open = false;
      await locks.close();
      await db.destroy();
    },
  };
}
