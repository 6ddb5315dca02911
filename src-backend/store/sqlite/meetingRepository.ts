/** Meetings in SQLite (table `meetings`); who is in one now is not stored here (../../meetings/meetingService.ts). */
import { randomUUID } from 'node:crypto';
import type { MeetingRepository } from '../repositories';
import type { MeetingRecord } from '../records';
import type { Db } from './database';

const columns =
  'mt.id, mt.conversation_id AS conversationId, mt.kind, mt.title, mt.created_by AS createdBy, mt.starts_at AS startsAt, mt.duration_minutes AS durationMinutes, mt.started_at AS startedAt, mt.ended_at AS endedAt, mt.created_at AS createdAt';

export class SqliteMeetingRepository implements MeetingRepository {
  private readonly statements;

  constructor(db: Db) {
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
      endInstant: db.prepare("UPDATE meetings SET ended_at = ? WHERE kind = 'instant' AND ended_at IS NULL"),
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

  async endInstantMeetings(at: string): Promise<void> {
    this.statements.endInstant.run(at);
  }
}
