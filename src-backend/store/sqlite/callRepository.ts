/** Call history and voicemail in SQLite (tables `calls` and `voicemails`). */
import { randomUUID } from 'node:crypto';
import type { CallRepository } from '../repositories';
import { maxListedVoicemails, type CallRecord, type VoicemailRecord } from '../records';
import type { Db } from './database';

const callColumns = 'id, call_id AS callId, user_id AS userId, direction, number, peer_user_id AS peerUserId, at, outcome, duration_sec AS durationSec';
const voicemailColumns = 'id, user_id AS userId, from_number AS fromNumber, from_user_id AS fromUserId, at, duration_sec AS durationSec, transcript, note, audio_file_id AS audioFileId, listened';

type VoicemailRow = Omit<VoicemailRecord, 'listened'> & { listened: number | boolean };
export const voicemailFromRow = (row: VoicemailRow): VoicemailRecord => ({ ...row, listened: row.listened === 1 || row.listened === true });

export class SqliteCallRepository implements CallRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      addRecord: db.prepare('INSERT INTO calls (id, call_id, user_id, direction, number, peer_user_id, at, outcome, duration_sec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      history: db.prepare(`SELECT ${callColumns} FROM calls WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`),
      addVoicemail: db.prepare(
        'INSERT INTO voicemails (id, user_id, from_number, from_user_id, at, duration_sec, transcript, note, audio_file_id, listened) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
      ),
      ownsAudio: db.prepare('SELECT 1 FROM voicemails WHERE audio_file_id = ? AND user_id = ?'),
      voicemails: db.prepare(`SELECT ${voicemailColumns} FROM voicemails WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`),
      voicemail: db.prepare(`SELECT ${voicemailColumns} FROM voicemails WHERE id = ? AND user_id = ?`),
      setListened: db.prepare('UPDATE voicemails SET listened = ? WHERE id = ?'),
      deleteVoicemail: db.prepare('DELETE FROM voicemails WHERE id = ?'),
    };
  }

  async addRecord(record: Omit<CallRecord, 'id'>): Promise<CallRecord> {
    const stored = { id: randomUUID(), ...record };
    this.statements.addRecord.run(stored.id, stored.callId, stored.userId, stored.direction, stored.number, stored.peerUserId, stored.at, stored.outcome, stored.durationSec);
    return stored;
  }

  async history(userId: string, limit: number): Promise<CallRecord[]> {
    return this.statements.history.all(userId, limit) as CallRecord[];
  }

  async addVoicemail(voicemail: Omit<VoicemailRecord, 'id' | 'listened'>): Promise<VoicemailRecord> {
    const stored: VoicemailRecord = { id: randomUUID(), ...voicemail, listened: false };
    this.statements.addVoicemail.run(stored.id, stored.userId, stored.fromNumber, stored.fromUserId, stored.at, stored.durationSec, stored.transcript, stored.note, stored.audioFileId);
    return stored;
  }

  async voicemails(userId: string, limit = maxListedVoicemails): Promise<VoicemailRecord[]> {
    return (this.statements.voicemails.all(userId, limit) as VoicemailRow[]).map(voicemailFromRow);
  }

  async voicemail(userId: string, voicemailId: string): Promise<VoicemailRecord | undefined> {
    const row = this.statements.voicemail.get(voicemailId, userId) as VoicemailRow | undefined;
    return row ? voicemailFromRow(row) : undefined;
  }

  async ownsVoicemailAudio(userId: string, fileId: string): Promise<boolean> {
    return this.statements.ownsAudio.get(fileId, userId) !== undefined;
  }

  async setListened(voicemailId: string, listened: boolean): Promise<void> {
    this.statements.setListened.run(listened ? 1 : 0, voicemailId);
  }

  async deleteVoicemail(voicemailId: string): Promise<void> {
    this.statements.deleteVoicemail.run(voicemailId);
  }
}
