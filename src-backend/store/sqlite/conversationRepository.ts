/** Conversations and their members in SQLite: statements prepared once, bulk reads for pages. */
import type { ConversationRepository } from '../repositories';
import { maxCountedUnread, unreadNoticeKinds, type ChannelRecord, type ConversationRecord, type MembershipRecord, type NewAuditEntry, type SharedConversation } from '../records';
import type { NotifyLevel } from '../../../src-shared/protocol/model';
import type { Db } from './database';
import { insertAudit } from './auditRepository';

export const conversationColumns =
  'c.id, c.kind, c.name, c.topic, c.account_id AS accountId, c.visibility, c.last_seq AS lastSeq, c.last_message_at AS lastMessageAt';
const membershipColumns = `${conversationColumns}, m.last_read_seq AS lastReadSeq, m.muted, m.notify,
  CASE WHEN c.kind = 'direct' THEN (SELECT p.user_id FROM conversation_members p WHERE p.conversation_id = c.id AND p.user_id != m.user_id LIMIT 1) END AS peerId`;

/** A membership as the statements above read it: SQLite has no booleans. */
type MembershipRow = Omit<MembershipRecord, 'muted'> & { muted: number };
const membershipFromRow = (row: MembershipRow): MembershipRecord => ({ ...row, muted: row.muted === 1 });

export class SqliteConversationRepository implements ConversationRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      get: db.prepare(`SELECT ${conversationColumns} FROM conversations c WHERE c.id = ?`),
      version: db.prepare('SELECT last_seq AS lastSeq, changes FROM conversations WHERE id = ?'),
      membership: db.prepare(
        `SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = @userId WHERE c.id = @conversationId`,
      ),
      memberships: db.prepare(
        `SELECT ${membershipColumns} FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = @userId
          WHERE c.id IN (SELECT value FROM json_each(@ids))`,
      ),
      directPeers: db.prepare(
        `SELECT mine.conversation_id AS conversationId, other.user_id AS peerId
           FROM conversation_members mine
           JOIN conversations c ON c.id = mine.conversation_id AND c.kind = 'direct'
           JOIN conversation_members other ON other.conversation_id = mine.conversation_id AND other.user_id != mine.user_id
          WHERE mine.user_id = ?`,
      ),
      page: db.prepare(
        `SELECT ${membershipColumns} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = @userId
            AND (COALESCE(c.last_message_at, '') < @at OR (COALESCE(c.last_message_at, '') = @at AND c.id > @id))
          ORDER BY COALESCE(c.last_message_at, '') DESC, c.id
          LIMIT @limit`,
      ),
      members: db.prepare('SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id'),
      sharedOf: db.prepare(`SELECT m.conversation_id AS id FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = ? AND c.kind != 'direct'`),
      membersOf: db.prepare(
        'SELECT conversation_id AS conversationId, user_id AS userId FROM conversation_members WHERE conversation_id IN (SELECT value FROM json_each(?)) ORDER BY conversation_id, joined_at, user_id',
      ),
      isMember: db.prepare('SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?'),
      insertDirect: db.prepare(`INSERT OR IGNORE INTO conversations (id, kind, created_at) VALUES (?, 'direct', ?)`),
      insertChannel: db.prepare(
        `INSERT INTO conversations (id, kind, name, topic, account_id, visibility, created_by, created_at) VALUES (@id, 'channel', @name, @topic, @accountId, @visibility, @createdBy, @createdAt)`,
      ),
      insertGroup: db.prepare(`INSERT INTO conversations (id, kind, created_by, created_at) VALUES (?, 'group', ?, ?)`),
      addMember: db.prepare(
        'INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, (SELECT last_seq FROM conversations WHERE id = ?))',
      ),
      removeMember: db.prepare('DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?'),
      rename: db.prepare('UPDATE conversations SET name = ? WHERE id = ?'),
      setTopic: db.prepare('UPDATE conversations SET topic = ? WHERE id = ?'),
      setSettings: db.prepare(
        `UPDATE conversation_members SET muted = COALESCE(@muted, muted), notify = COALESCE(@notify, notify)
          WHERE conversation_id = @conversationId AND user_id = @userId RETURNING muted, notify`,
      ),
      unread: db.prepare(
        `SELECT COUNT(*) AS count FROM (
           SELECT 1 FROM messages WHERE conversation_id = ? AND seq > ? AND author_id != ? AND deleted = 0 AND thread_id IS NULL
              AND (notice IS NULL OR json_extract(notice, '$.kind') IN (${unreadNoticeKinds.map((kind) => `'${kind}'`).join(', ')}))
            LIMIT ${maxCountedUnread})`,
      ),
      memberAccounts: db.prepare('SELECT DISTINCT u.account_id AS accountId FROM conversation_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ?'),
      memberAccountsOf: db.prepare(
        `SELECT DISTINCT m.conversation_id AS conversationId, u.account_id AS accountId FROM conversation_members m JOIN users u ON u.id = m.user_id
          WHERE m.conversation_id IN (SELECT value FROM json_each(?)) ORDER BY m.conversation_id, u.account_id`,
      ),
      // `unread` for a page of conversations at once: each still reads at most maxCountedUnread of its own messages.
      unreadIn: db.prepare(
        `SELECT json_extract(mark.value, '$[0]') AS conversationId,
                (SELECT COUNT(*) FROM (
                   SELECT 1 FROM messages WHERE conversation_id = json_extract(mark.value, '$[0]') AND seq > json_extract(mark.value, '$[1]') AND author_id != @userId AND deleted = 0 AND thread_id IS NULL
                      AND (notice IS NULL OR json_extract(notice, '$.kind') IN (${unreadNoticeKinds.map((kind) => `'${kind}'`).join(', ')}))
                    LIMIT ${maxCountedUnread})) AS count
           FROM json_each(@marks) mark`,
      ),
      channelsWithMembers: db.prepare(
        `SELECT c.id, c.kind, c.name, c.account_id AS accountId, m.user_id AS userId
           FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
          WHERE c.kind IN ('channel', 'group') ORDER BY c.kind, c.name, c.id, m.user_id`,
      ),
      directPairs: db.prepare(`SELECT m.conversation_id AS id, m.user_id AS userId FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id WHERE c.kind = 'direct' ORDER BY m.conversation_id`),
      // A group chat of exactly these people: one of theirs, with as many members, none of them anyone else.
      groupOf: db.prepare(
        `SELECT c.id FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id AND c.kind = 'group'
          WHERE mine.user_id = @userId
            AND (SELECT COUNT(*) FROM conversation_members m WHERE m.conversation_id = c.id) = @count
            AND NOT EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id NOT IN (SELECT value FROM json_each(@members)))
          ORDER BY c.created_at LIMIT 1`,
      ),
      discoverableChannels: db.prepare(
        `SELECT c.id, c.name, c.topic, c.account_id AS accountId, c.visibility,
                EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = @userId) AS member
           FROM conversations c
          WHERE c.kind = 'channel'
            AND ((c.account_id = @accountId AND c.visibility = 'public')
                 OR c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = @userId))`,
      ),
    };
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    return this.statements.get.get(conversationId) as ConversationRecord | undefined;
  }

  async version(conversationId: string): Promise<string | undefined> {
    const row = this.statements.version.get(conversationId) as { lastSeq: number; changes: number } | undefined;
    return row && `${row.lastSeq}:${row.changes}`;
  }

  async membership(conversationId: string, userId: string): Promise<MembershipRecord | undefined> {
    const row = this.statements.membership.get({ conversationId, userId }) as MembershipRow | undefined;
    return row && membershipFromRow(row);
  }

  async memberships(conversationIds: readonly string[], userId: string): Promise<MembershipRecord[]> {
    if (conversationIds.length === 0) return [];
    return (this.statements.memberships.all({ userId, ids: JSON.stringify([...new Set(conversationIds)]) }) as MembershipRow[]).map(membershipFromRow);
  }

  async directPeers(userId: string): Promise<Array<{ conversationId: string; peerId: string }>> {
    return this.statements.directPeers.all(userId) as Array<{ conversationId: string; peerId: string }>;
  }

  async page(userId: string, after: { at: string; id: string }, limit: number): Promise<MembershipRecord[]> {
    return (this.statements.page.all({ userId, at: after.at, id: after.id, limit }) as MembershipRow[]).map(membershipFromRow);
  }

  async members(conversationId: string): Promise<string[]> {
    return (this.statements.members.all(conversationId) as Array<{ userId: string }>).map((row) => row.userId);
  }

  async membersOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>();
    if (conversationIds.length === 0) return members;
    for (const row of this.statements.membersOf.all(JSON.stringify(conversationIds)) as Array<{ conversationId: string; userId: string }>) {
      let list = members.get(row.conversationId);
      if (!list) members.set(row.conversationId, (list = []));
      list.push(row.userId);
    }
    return members;
  }

  async sharedConversationsOf(userId: string): Promise<string[]> {
    return (this.statements.sharedOf.all(userId) as Array<{ id: string }>).map((row) => row.id);
  }

  async memberAccounts(conversationId: string): Promise<string[]> {
    return (this.statements.memberAccounts.all(conversationId) as Array<{ accountId: string }>).map((row) => row.accountId);
  }

  async channelsWithMembers(): Promise<SharedConversation[]> {
    return groupChannelRows(this.statements.channelsWithMembers.all() as ChannelMemberRow[]);
  }

  async directPairs(): Promise<Array<[string, string]>> {
    return pairRows(this.statements.directPairs.all() as Array<{ id: string; userId: string }>);
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    return this.statements.isMember.get(conversationId, userId) !== undefined;
  }

  async discoverableChannels(viewer: { id: string; accountId: string }): Promise<Array<ChannelRecord & { member: boolean }>> {
    const rows = this.statements.discoverableChannels.all({ userId: viewer.id, accountId: viewer.accountId }) as Array<ChannelRecord & { member: number }>;
    return rows.map((row) => ({ ...row, member: row.member === 1 }));
  }

  async groupOf(userId: string, memberIds: readonly string[]): Promise<string | undefined> {
    const members = [...new Set(memberIds)];
    const row = this.statements.groupOf.get({ userId, count: members.length, members: JSON.stringify(members) }) as { id: string } | undefined;
    return row?.id;
  }

  async unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    return (this.statements.unread.get(conversationId, lastReadSeq, userId) as { count: number }).count;
  }

  async unreadCounts(userId: string, marks: ReadonlyArray<{ conversationId: string; lastReadSeq: number }>): Promise<Map<string, number>> {
    if (marks.length === 0) return new Map();
    const rows = this.statements.unreadIn.all({ userId, marks: JSON.stringify(marks.map((mark) => [mark.conversationId, mark.lastReadSeq])) }) as Array<{ conversationId: string; count: number }>;
    return new Map(rows.map((row) => [row.conversationId, row.count]));
  }

  async memberAccountsOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    const accounts = new Map<string, string[]>();
    if (conversationIds.length === 0) return accounts;
    for (const row of this.statements.memberAccountsOf.all(JSON.stringify(conversationIds)) as Array<{ conversationId: string; accountId: string }>) {
      const list = accounts.get(row.conversationId);
      if (list) list.push(row.accountId);
      else accounts.set(row.conversationId, [row.accountId]);
    }
    return accounts;
  }

  async ensureDirect(conversationId: string, first: string, second: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertDirect.run(conversationId, at);
      this.statements.addMember.run(conversationId, first, at, conversationId);
      this.statements.addMember.run(conversationId, second, at, conversationId);
    })();
  }

  async createChannel(channel: ChannelRecord & { createdBy: string }, memberIds: readonly string[], at: string): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertChannel.run({ ...channel, createdAt: at });
      for (const userId of memberIds) this.statements.addMember.run(channel.id, userId, at, channel.id);
    })();
  }

  async createGroup(conversationId: string, createdBy: string, memberIds: readonly string[], at: string): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertGroup.run(conversationId, createdBy, at);
      for (const userId of memberIds) this.statements.addMember.run(conversationId, userId, at, conversationId);
    })();
  }

  async addMembers(conversationId: string, userIds: readonly string[], at: string, audit?: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      for (const userId of userIds) this.statements.addMember.run(conversationId, userId, at, conversationId);
      if (audit) insertAudit(this.db, audit);
    })();
  }

  async removeMember(conversationId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.statements.removeMember.run(conversationId, userId).changes > 0;
      if (audit) insertAudit(this.db, audit);
      return removed;
    })();
  }

  async setMemberSettings(conversationId: string, userId: string, settings: { muted?: boolean; notify?: NotifyLevel }): Promise<{ muted: boolean; notify: NotifyLevel } | undefined> {
    const row = this.statements.setSettings.get({
      conversationId,
      userId,
      muted: settings.muted === undefined ? null : settings.muted ? 1 : 0,
      notify: settings.notify ?? null,
    }) as { muted: number; notify: NotifyLevel } | undefined;
    return row && { muted: row.muted === 1, notify: row.notify };
  }

  async updateChannel(conversationId: string, changes: { name?: string | null; topic?: string | null }): Promise<void> {
    this.db.transaction(() => {
      if (changes.name !== undefined) this.statements.rename.run(changes.name, conversationId);
      if (changes.topic !== undefined) this.statements.setTopic.run(changes.topic, conversationId);
    })();
  }
}

/** A row of `channelsWithMembers`: a channel or group chat and one member. */
export type ChannelMemberRow = Omit<SharedConversation, 'memberIds'> & { userId: string };

/** Rows of one channel per member (in channel order) as channels with their members. */
export function groupChannelRows(rows: readonly ChannelMemberRow[]): SharedConversation[] {
  const channels = new Map<string, SharedConversation>();
  for (const { userId, ...channel } of rows) {
    let entry = channels.get(channel.id);
    if (!entry) channels.set(channel.id, (entry = { ...channel, memberIds: [] }));
    entry.memberIds.push(userId);
  }
  return [...channels.values()];
}

/** Rows of a direct chat's id and one of its people as pairs of people (a chat with one person left is no pair). */
export function pairRows(rows: ReadonlyArray<{ id: string; userId: string }>): Array<[string, string]> {
  const pairs = new Map<string, string[]>();
  for (const row of rows) {
    let members = pairs.get(row.id);
    if (!members) pairs.set(row.id, (members = []));
    members.push(row.userId);
  }
  return [...pairs.values()].filter((members): members is [string, string] => members.length === 2);
}
