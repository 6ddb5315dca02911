/**
 * Meetings: their records in SQLite (table `meetings`) and, in memory, who is in each one now
 * and from which client — a participant is a person with at least one client in the meeting.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database';

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

const columns =
  'id, conversation_id AS conversationId, kind, title, created_by AS createdBy, starts_at AS startsAt, duration_minutes AS durationMinutes, started_at AS startedAt, ended_at AS endedAt, created_at AS createdAt';

export class MeetingStore {
  /** meeting id → person id → the clients they are in it from. */
  private readonly participants = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly db: Db) {}

  create(meeting: Omit<MeetingRecord, 'id' | 'startedAt' | 'endedAt'>): MeetingRecord {
    const record: MeetingRecord = { id: randomUUID(), ...meeting, startedAt: null, endedAt: null };
    this.db
      .prepare('INSERT INTO meetings (id, conversation_id, kind, title, created_by, starts_at, duration_minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(record.id, record.conversationId, record.kind, record.title, record.createdBy, record.startsAt, record.durationMinutes, record.createdAt);
    return record;
  }

  get(meetingId: string): MeetingRecord | undefined {
    return this.db.prepare(`SELECT ${columns} FROM meetings WHERE id = ?`).get(meetingId) as MeetingRecord | undefined;
  }

  /** Meetings of these conversations that have not ended, soonest first. */
  openIn(conversationIds: string[]): MeetingRecord[] {
    if (conversationIds.length === 0) return [];
    const placeholders = conversationIds.map(() => '?').join(', ');
    return this.db
      .prepare(`SELECT ${columns} FROM meetings WHERE conversation_id IN (${placeholders}) AND ended_at IS NULL ORDER BY starts_at, created_at`)
      .all(...conversationIds) as MeetingRecord[];
  }

  markStarted(meetingId: string, at: string): void {
    this.db.prepare('UPDATE meetings SET started_at = COALESCE(started_at, ?) WHERE id = ?').run(at, meetingId);
  }

  markEnded(meetingId: string, at: string): void {
    this.db.prepare('UPDATE meetings SET ended_at = ? WHERE id = ?').run(at, meetingId);
    this.participants.delete(meetingId);
  }

  participantIds(meetingId: string): string[] {
    return [...(this.participants.get(meetingId)?.keys() ?? [])];
  }

  isIn(meetingId: string, userId: string): boolean {
    return this.participants.get(meetingId)?.has(userId) ?? false;
  }

  /** The meetings one client is in. */
  meetingsOfClient(socketId: string): string[] {
    return [...this.participants].filter(([, people]) => [...people.values()].some((clients) => clients.has(socketId))).map(([meetingId]) => meetingId);
  }

  join(meetingId: string, userId: string, socketId: string): void {
    let people = this.participants.get(meetingId);
    if (!people) this.participants.set(meetingId, (people = new Map()));
    let clients = people.get(userId);
    if (!clients) people.set(userId, (clients = new Set()));
    clients.add(socketId);
  }

  /** Takes a person out (every client of theirs, or only one); true when nobody is left. */
  leave(meetingId: string, userId: string, socketId?: string): boolean {
    const people = this.participants.get(meetingId);
    if (!people) return true;
    const clients = people.get(userId);
    if (clients && socketId) clients.delete(socketId);
    if (!clients || !socketId || clients.size === 0) people.delete(userId);
    return people.size === 0;
  }
}
