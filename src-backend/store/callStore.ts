/** Call history and voicemail in SQLite (tables `calls` and `voicemails`). */
import { randomUUID } from 'node:crypto';
import type { CallOutcome } from '../../src-shared/protocol/callProtocol';
import type { Db } from './database';

export interface CallRecord {
  id: string;
  callId: string | null;
  userId: string;
  direction: 'in' | 'out';
  /** The other party's number (E.164, an extension, or empty). */
  number: string;
  /** The other party, when they were a Meridian user. */
  peerUserId: string | null;
  at: string;
  outcome: CallOutcome;
  durationSec: number;
}

export interface VoicemailRecord {
  id: string;
  userId: string;
  fromNumber: string;
  fromUserId: string | null;
  at: string;
  durationSec: number;
  transcript: string;
  listened: boolean;
}

const callColumns = 'id, call_id AS callId, user_id AS userId, direction, number, peer_user_id AS peerUserId, at, outcome, duration_sec AS durationSec';
const voicemailColumns =
  'id, user_id AS userId, from_number AS fromNumber, from_user_id AS fromUserId, at, duration_sec AS durationSec, transcript, listened';

/** How many voicemails `voicemail:list` returns at most. */
export const maxListedVoicemails = 500;

type VoicemailRow = Omit<VoicemailRecord, 'listened'> & { listened: number };
const voicemailFromRow = (row: VoicemailRow): VoicemailRecord => ({ ...row, listened: row.listened === 1 });

export class CallStore {
  constructor(private readonly db: Db) {}

  addRecord(record: Omit<CallRecord, 'id'>): CallRecord {
    const stored = { id: randomUUID(), ...record };
    this.db
      .prepare('INSERT INTO calls (id, call_id, user_id, direction, number, peer_user_id, at, outcome, duration_sec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(stored.id, stored.callId, stored.userId, stored.direction, stored.number, stored.peerUserId, stored.at, stored.outcome, stored.durationSec);
    return stored;
  }

  history(userId: string, limit: number): CallRecord[] {
    return this.db.prepare(`SELECT ${callColumns} FROM calls WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`).all(userId, limit) as CallRecord[];
  }

  addVoicemail(voicemail: Omit<VoicemailRecord, 'id' | 'listened'>): VoicemailRecord {
    const stored: VoicemailRecord = { id: randomUUID(), ...voicemail, listened: false };
    this.db
      .prepare('INSERT INTO voicemails (id, user_id, from_number, from_user_id, at, duration_sec, transcript, listened) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
      .run(stored.id, stored.userId, stored.fromNumber, stored.fromUserId, stored.at, stored.durationSec, stored.transcript);
    return stored;
  }

  /** A person's newest voicemails, at most `limit` (older ones stay stored; the list stays bounded). */
  voicemails(userId: string, limit = maxListedVoicemails): VoicemailRecord[] {
    return (this.db.prepare(`SELECT ${voicemailColumns} FROM voicemails WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`).all(userId, limit) as VoicemailRow[]).map(voicemailFromRow);
  }

  /** One voicemail of this user (nobody else's). */
  voicemail(userId: string, voicemailId: string): VoicemailRecord | undefined {
    const row = this.db.prepare(`SELECT ${voicemailColumns} FROM voicemails WHERE id = ? AND user_id = ?`).get(voicemailId, userId) as VoicemailRow | undefined;
    return row ? voicemailFromRow(row) : undefined;
  }

  setListened(voicemailId: string, listened: boolean): void {
    this.db.prepare('UPDATE voicemails SET listened = ? WHERE id = ?').run(listened ? 1 : 0, voicemailId);
  }

  deleteVoicemail(voicemailId: string): void {
    this.db.prepare('DELETE FROM voicemails WHERE id = ?').run(voicemailId);
  }
}
