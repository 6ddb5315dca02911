/** File rows in SQLite (the bytes live in the file store's folder, under the file's id). */
import type { FileRepository } from '../repositories';
import type { FileRecord } from '../records';
import type { Db } from './database';

const columns = 'id, conversation_id AS conversationId, uploader_id AS uploaderId, name, size, content_type AS contentType, created_at AS createdAt';

export class SqliteFileRepository implements FileRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare(`SELECT ${columns} FROM files WHERE id = ?`),
      many: db.prepare(`SELECT ${columns} FROM files WHERE id IN (SELECT value FROM json_each(?))`),
      shared: db.prepare('SELECT 1 FROM messages WHERE file_id = ? AND deleted = 0'),
      attached: db.prepare('SELECT attached FROM files WHERE id = ?'),
      attachVoicemail: db.prepare('UPDATE files SET attached = 1 WHERE id = ? AND uploader_id = ? AND conversation_id IS NULL AND attached = 0'),
      used: db.prepare('SELECT COALESCE(SUM(size), 0) AS bytes FROM files WHERE uploader_id = ?'),
      insert: db.prepare(
        'INSERT INTO files (id, conversation_id, uploader_id, name, size, content_type, created_at) VALUES (@id, @conversationId, @uploaderId, @name, @size, @contentType, @createdAt)',
      ),
      delete: db.prepare('DELETE FROM files WHERE id = ?'),
      unattached: db.prepare('SELECT id FROM files WHERE attached = 0 AND created_at < ? ORDER BY created_at LIMIT ?'),
    };
  }

  async get(fileId: string): Promise<FileRecord | undefined> {
    return this.statements.get.get(fileId) as FileRecord | undefined;
  }

  async many(fileIds: readonly string[]): Promise<FileRecord[]> {
    if (fileIds.length === 0) return [];
    return this.statements.many.all(JSON.stringify(fileIds)) as FileRecord[];
  }

  async isShared(fileId: string): Promise<boolean> {
    return this.statements.shared.get(fileId) !== undefined;
  }

  async isAttached(fileId: string): Promise<boolean> {
    return (this.statements.attached.get(fileId) as { attached: number } | undefined)?.attached === 1;
  }

  async attachVoicemailAudio(fileId: string, uploaderId: string): Promise<boolean> {
    return this.statements.attachVoicemail.run(fileId, uploaderId).changes === 1;
  }

  async usedBytes(userId: string): Promise<number> {
    return (this.statements.used.get(userId) as { bytes: number }).bytes;
  }

  async insert(file: FileRecord): Promise<void> {
    this.statements.insert.run(file);
  }

  async delete(fileId: string): Promise<boolean> {
    return this.statements.delete.run(fileId).changes > 0;
  }

  async unattached(cutoff: string, limit: number): Promise<string[]> {
    return (this.statements.unattached.all(cutoff, limit) as Array<{ id: string }>).map((row) => row.id);
  }
}
