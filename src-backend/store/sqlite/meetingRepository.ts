/** Meetings in SQLite (tables `meetings` and `meeting_participants`: who is in one now, from which client). */
import { randomUUID } from 'node:crypto';
import type { MeetingRepository } from '../repositories';
import type { MeetingParticipantRecord, MeetingRecord } from '../records';
import type { Db } from './database';

const columns =
  'mt.id, mt.conversation_id AS conversationId, mt.kind, mt.title, mt.created_by AS createdBy, mt.starts_at AS startsAt, mt.duration_minutes AS durationMinutes, mt.started_at AS startedAt, mt.ended_at AS endedAt, mt.created_at AS createdAt';
const participantColumns = 'meeting_id AS meetingId, user_id AS userId, client_id AS clientId, joined_at AS joinedAt, muted, camera, screen, lost_at AS lostAt';

interface ParticipantRow {
  meetingId: string;
  userId: string;
  clientId: string;
  joinedAt: string;
  muted: number;
  camera: number;
  screen: number;
  lostAt: number | null;
}

const participantOf = (row: ParticipantRow): MeetingParticipantRecord => ({ ...row, muted: row.muted === 1, camera: row.camera === 1, screen: row.screen === 1 });

export class SqliteMeetingRepository implements MeetingRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(
        'INSERT INTO meetings (id, conversation_id, kind, title, created_by, starts_at, duration_minutes, created_at) VALUES (@id, @conversationId, @kind, @title, @createdBy, @startsAt, @durationMinutes, @createdAt)',
      ),
      get: db.prepare(`SELECT ${columns} FROM meetings mt WHERE mt.id = ?`),
      openIn: db.prepare(`SELECT ${columns} FROM meetings mt WHERE mt.conversation_id = ? AND mt.ended_at IS NULL AND mt.starts_at > ? ORDER BY mt.starts_at, mt.created_at, mt.id`),
      // The viewer's meetings through their memberships: one query per page, whatever their number of conversations.
      page: db.prepare(
        `SELECT ${columns} FROM conversation_members m JOIN meetings mt ON mt.conversation_id = m.conversation_id
          WHERE m.user_id = @userId AND (@conversationId IS NULL OR m.conversation_id = @conversationId)
            AND mt.ended_at IS NULL AND mt.starts_at > @notBefore
            AND (mt.starts_at > @startsAt OR (mt.starts_at = @startsAt AND (mt.created_at > @createdAt OR (mt.created_at = @createdAt AND mt.id > @id))))
          ORDER BY mt.starts_at, mt.created_at, mt.id
          LIMIT @limit`,
      ),
      markStarted: db.prepare('UPDATE meetings SET started_at = COALESCE(started_at, ?) WHERE id = ?'),
      markEnded: db.prepare('UPDATE meetings SET ended_at = ? WHERE id = ?'),
      claimRoom: db.prepare('UPDATE meetings SET media_room = ? WHERE id = ? AND media_room IS NULL'),
      roomOf: db.prepare('SELECT media_room AS room FROM meetings WHERE id = ?'),
      setFeed: db.prepare('UPDATE meeting_participants SET feed = @feed, feed_tracks = @tracks WHERE meeting_id = @meetingId AND user_id = @userId AND client_id = @clientId'),
      feeds: db.prepare('SELECT user_id AS userId, client_id AS clientId, feed, feed_tracks AS tracks FROM meeting_participants WHERE meeting_id = ? AND feed IS NOT NULL ORDER BY joined_at, user_id, client_id'),
      endInstant: db.prepare("UPDATE meetings SET ended_at = ? WHERE kind = 'instant' AND ended_at IS NULL AND NOT EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = meetings.id)"),
      participantOf: db.prepare(`SELECT ${participantColumns} FROM meeting_participants WHERE user_id = ? AND client_id = ?`),
      participantsOfUser: db.prepare(`SELECT ${participantColumns} FROM meeting_participants WHERE user_id = ?`),
      leaveOther: db.prepare('DELETE FROM meeting_participants WHERE user_id = ? AND client_id = ? AND meeting_id <> ?'),
      addParticipant: db.prepare(
        `INSERT INTO meeting_participants (meeting_id, user_id, client_id, joined_at) VALUES (@meetingId, @userId, @clientId, @at)
         ON CONFLICT (user_id, client_id) DO UPDATE SET lost_at = NULL`,
      ),
      clientsOf: db.prepare('SELECT client_id AS clientId FROM meeting_participants WHERE meeting_id = ? AND user_id = ?'),
      removeClient: db.prepare('DELETE FROM meeting_participants WHERE meeting_id = ? AND user_id = ? AND client_id = ?'),
      removePerson: db.prepare('DELETE FROM meeting_participants WHERE meeting_id = ? AND user_id = ?'),
      participants: db.prepare(`SELECT ${participantColumns} FROM meeting_participants WHERE meeting_id = ? ORDER BY joined_at, user_id, client_id`),
      setMedia: db.prepare('UPDATE meeting_participants SET muted = @muted, camera = @camera, screen = @screen WHERE meeting_id = @meetingId AND user_id = @userId AND client_id = @clientId'),
      markLost: db.prepare('UPDATE meeting_participants SET lost_at = ? WHERE user_id = ? AND client_id = ?'),
      markAllLost: db.prepare('UPDATE meeting_participants SET lost_at = ? WHERE lost_at IS NULL'),
      lostBefore: db.prepare(`SELECT ${participantColumns} FROM meeting_participants WHERE lost_at IS NOT NULL AND lost_at < ? ORDER BY lost_at LIMIT ?`),
      ongoing: db.prepare(`SELECT ${columns} FROM meetings mt WHERE mt.ended_at IS NULL AND EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = mt.id)`),
    };
  }

  async create(meeting: Omit<MeetingRecord, 'id' | 'startedAt' | 'endedAt'>): Promise<MeetingRecord> {
    const record: MeetingRecord = { id: randomUUID(), ...meeting, startedAt: null, endedAt: null };
    this.statements.insert.run(record);
    return record;
  }

  async get(meetingId: string): Promise<MeetingRecord | undefined> {
    return this.statements.get.get(meetingId) as MeetingRecord | undefined;
  }

  async openIn(conversationId: string, notBefore: string): Promise<MeetingRecord[]> {
    return this.statements.openIn.all(conversationId, notBefore) as MeetingRecord[];
  }

  async page(userId: string, options: { conversationId: string | null; notBefore: string; after: [string, string, string]; limit: number }): Promise<MeetingRecord[]> {
    const [startsAt, createdAt, id] = options.after;
    return this.statements.page.all({ userId, conversationId: options.conversationId, notBefore: options.notBefore, startsAt, createdAt, id, limit: options.limit }) as MeetingRecord[];
  }

  async markStarted(meetingId: string, at: string): Promise<void> {
    this.statements.markStarted.run(at, meetingId);
  }

  async markEnded(meetingId: string, at: string): Promise<void> {
    this.statements.markEnded.run(at, meetingId);
  }

  async participantsOfUser(userId: string): Promise<MeetingParticipantRecord[]> {
    return (this.statements.participantsOfUser.all(userId) as ParticipantRow[]).map(participantOf);
  }

  async claimMediaRoom(meetingId: string, proposed: string): Promise<string | null> {
    this.statements.claimRoom.run(proposed, meetingId);
    return (this.statements.roomOf.get(meetingId) as { room: string | null } | undefined)?.room ?? null;
  }

  async setParticipantFeed(meetingId: string, userId: string, clientId: string, feed: { feed: number; tracks: string } | null): Promise<void> {
    this.statements.setFeed.run({ meetingId, userId, clientId, feed: feed?.feed ?? null, tracks: feed?.tracks ?? null });
  }

  async feeds(meetingId: string): Promise<Array<{ userId: string; clientId: string; feed: number; tracks: string }>> {
    return this.statements.feeds.all(meetingId) as Array<{ userId: string; clientId: string; feed: number; tracks: string }>;
  }

  async endInstantMeetings(at: string): Promise<void> {
    this.statements.endInstant.run(at);
  }

  async addParticipant(entry: { meetingId: string; userId: string; clientId: string; at: string }): Promise<{ leftMeetingId: string | null }> {
    return this.db.transaction(() => {
      const before = this.statements.participantOf.get(entry.userId, entry.clientId) as ParticipantRow | undefined;
      const leftMeetingId = before && before.meetingId !== entry.meetingId ? before.meetingId : null;
      if (leftMeetingId) this.statements.leaveOther.run(entry.userId, entry.clientId, entry.meetingId);
      this.statements.addParticipant.run(entry);
      return { leftMeetingId };
    })();
  }

  async removeParticipant(meetingId: string, userId: string, clientId?: string): Promise<string[]> {
    return this.db.transaction(() => {
      const clients = (this.statements.clientsOf.all(meetingId, userId) as Array<{ clientId: string }>).map((row) => row.clientId).filter((client) => clientId === undefined || client === clientId);
      if (clientId === undefined) this.statements.removePerson.run(meetingId, userId);
      else this.statements.removeClient.run(meetingId, userId, clientId);
      return clients;
    })();
  }

  async participants(meetingId: string): Promise<MeetingParticipantRecord[]> {
    return (this.statements.participants.all(meetingId) as ParticipantRow[]).map(participantOf);
  }

  async participantsOf(meetingIds: readonly string[]): Promise<Map<string, MeetingParticipantRecord[]>> {
    const result = new Map<string, MeetingParticipantRecord[]>();
    if (meetingIds.length === 0) return result;
    // One statement per page of meetings (a page holds at most a few hundred).
    const rows = this.db
      .prepare(`SELECT ${participantColumns} FROM meeting_participants WHERE meeting_id IN (${meetingIds.map(() => '?').join(', ')}) ORDER BY joined_at, user_id, client_id`)
      .all(...meetingIds) as ParticipantRow[];
    for (const row of rows) {
      let list = result.get(row.meetingId);
      if (!list) result.set(row.meetingId, (list = []));
      list.push(participantOf(row));
    }
    return result;
  }

  async participantOf(userId: string, clientId: string): Promise<MeetingParticipantRecord | undefined> {
    const row = this.statements.participantOf.get(userId, clientId) as ParticipantRow | undefined;
    return row ? participantOf(row) : undefined;
  }

  async setParticipantMedia(meetingId: string, userId: string, clientId: string, media: { muted: boolean; camera: boolean; screen: boolean }): Promise<boolean> {
    const result = this.statements.setMedia.run({ meetingId, userId, clientId, muted: media.muted ? 1 : 0, camera: media.camera ? 1 : 0, screen: media.screen ? 1 : 0 });
    return result.changes > 0;
  }

  async markParticipantLost(userId: string, clientId: string, at: number | null): Promise<boolean> {
    return this.statements.markLost.run(at, userId, clientId).changes > 0;
  }

  async markAllParticipantsLost(at: number): Promise<void> {
    this.statements.markAllLost.run(at);
  }

  async participantsLostBefore(before: number, limit: number): Promise<MeetingParticipantRecord[]> {
    return (this.statements.lostBefore.all(before, limit) as ParticipantRow[]).map(participantOf);
  }

  async ongoing(): Promise<MeetingRecord[]> {
    return this.statements.ongoing.all() as MeetingRecord[];
  }
}
