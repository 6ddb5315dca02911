/** Meetings in SQLite (table `meetings`); who is in one now lives in memory (../meetings/meetingService.ts). */
import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from './cursor';
import type { Db } from './database';

export interface MeetingRecord {
  id: string;
  conversationId: string;
  kind: 'instant' | 'scheduled';
  title: string;
  createdBy: string;
  startsAt: string;
  durationMinutes: number;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

/** The longest meeting (minutes): a scheduled meeting that started longer ago than this is over. */
export const maxMeetingMinutes = 480;

const columns =
  'mt.id, mt.conversation_id AS conversationId, mt.kind, mt.title, mt.created_by AS createdBy, mt.starts_at AS startsAt, mt.duration_minutes AS durationMinutes, mt.started_at AS startedAt, mt.ended_at AS endedAt, mt.created_at AS createdAt';

export class MeetingStore {
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

  create(meeting: Omit<MeetingRecord, 'id' | 'startedAt' | 'endedAt'>): MeetingRecord {
    const record: MeetingRecord = { id: randomUUID(), ...meeting, startedAt: null, endedAt: null };
    this.statements.insert.run(record);
    return record;
  }

  get(meetingId: string): MeetingRecord | undefined {
    return this.statements.get.get(meetingId) as MeetingRecord | undefined;
  }

  /** Meetings of one conversation that have not ended and may still be under way at `now`, soonest first. */
  openIn(conversationId: string, now: number): MeetingRecord[] {
    return this.statements.openIn.all(conversationId, notBefore(now)) as MeetingRecord[];
  }

  /**
   * A page of the meetings of a person's conversations (or of one of them) that have not ended,
   * soonest first. `cursor` is what the previous page returned; an invalid one gives null.
   */
  page(userId: string, options: { conversationId?: string; cursor?: string; limit: number; now: number }): { meetings: MeetingRecord[]; nextCursor: string | null } | null {
    const after = options.cursor === undefined ? ['', '', ''] : decodeCursor(options.cursor, 3);
    if (!after) return null;
    const rows = this.statements.page.all({
      userId,
      conversationId: options.conversationId ?? null,
      notBefore: notBefore(options.now),
      startsAt: after[0],
      createdAt: after[1],
      id: after[2],
      limit: options.limit + 1,
    }) as MeetingRecord[];
    const meetings = rows.slice(0, options.limit);
    const last = meetings.at(-1);
    return { meetings, nextCursor: rows.length > options.limit && last ? encodeCursor([last.startsAt, last.createdAt, last.id]) : null };
  }

  markStarted(meetingId: string, at: string): void {
    this.statements.markStarted.run(at, meetingId);
  }

  markEnded(meetingId: string, at: string): void {
    this.statements.markEnded.run(at, meetingId);
  }

  /** Ends every instant meeting still open: at start-up nobody is in any meeting, so none is under way. */
  endInstantMeetings(at: string): void {
    this.statements.endInstant.run(at);
  }
}

/** Meetings that started before this cannot be under way any more (the longest lasts `maxMeetingMinutes`). */
function notBefore(now: number): string {
  return new Date(now - maxMeetingMinutes * 60_000).toISOString();
}
