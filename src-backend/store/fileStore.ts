/**
 * Shared files: a row in SQLite, the bytes on disk under the file's id in a folder no route
 * serves. An upload streams into `.incoming/` and is renamed into place only once complete and
 * within the limit, so an over-limit or aborted upload leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, type ReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SharedFile } from '../../src-shared/protocol/model';
import type { Db } from './database';

export interface FileRecord extends SharedFile {
  conversationId: string;
  uploaderId: string;
  createdAt: string;
}

/** What an upload that went over the limit reports. */
export class FileTooLargeError extends Error {}

const columns = 'id, conversation_id AS conversationId, uploader_id AS uploaderId, name, size, content_type AS contentType, created_at AS createdAt';

/** An upload that keeps going this far past the limit is cut off rather than read to its end. */
const drainAllowanceBytes = 8 * 1024 * 1024;

/** The folder for a database's files: beside a database file, or a fresh temporary one for `:memory:`. */
export function defaultFilesDirectory(databaseFile: string): { directory: string; temporary: boolean } {
  if (databaseFile === ':memory:') return { directory: mkdtempSync(path.join(tmpdir(), 'meridian-files-')), temporary: true };
  const resolved = path.resolve(databaseFile);
  return { directory: path.join(path.dirname(resolved), `${path.basename(resolved, path.extname(resolved))}-files`), temporary: false };
}

export class FileStore {
  private readonly incoming: string;

  /** `temporary`: the folder belongs to this server alone and goes when it closes. */
  constructor(
    private readonly db: Db,
    readonly directory: string,
    readonly maxUploadBytes: number,
    private readonly temporary = false,
  ) {
    this.incoming = path.join(directory, '.incoming');
    mkdirSync(this.incoming, { recursive: true, mode: 0o700 });
    // Whatever a crash left half-written is worthless.
    for (const leftover of readdirSync(this.incoming)) rmSync(path.join(this.incoming, leftover), { force: true });
  }

  get(fileId: string): FileRecord | undefined {
    return this.db.prepare(`SELECT ${columns} FROM files WHERE id = ?`).get(fileId) as FileRecord | undefined;
  }

  /** What a message shows of its file. */
  view(fileId: string | null): SharedFile | null {
    const file = fileId ? this.get(fileId) : undefined;
    return file ? { id: file.id, name: file.name, size: file.size, contentType: file.contentType } : null;
  }

  /** Whether a message that is not deleted carries the file. */
  isShared(fileId: string): boolean {
    return this.db.prepare('SELECT 1 FROM messages WHERE file_id = ? AND deleted = 0').get(fileId) !== undefined;
  }

  open(file: FileRecord): ReadStream {
    return createReadStream(this.pathOf(file.id));
  }

  /**
   * Streams an upload to disk and records it. Throws FileTooLargeError past the limit (after
   * reading the rest of a modest overrun, so the client hears why) with nothing left on disk.
   */
  async save(source: Readable, file: Omit<FileRecord, 'id' | 'size' | 'createdAt'>): Promise<FileRecord> {
    const id = `f-${randomUUID()}`;
    const partial = path.join(this.incoming, `${id}.part`);
    const limit = this.maxUploadBytes;
    let size = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit + drainAllowanceBytes) done(new FileTooLargeError());
        else if (size > limit) done(); // over the limit: read on, write nothing
        else done(null, chunk);
      },
    });
    try {
      await pipeline(source, limiter, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      if (size > limit) throw new FileTooLargeError();
      await rename(partial, this.pathOf(id));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const record: FileRecord = { ...file, id, size, createdAt: new Date().toISOString() };
    try {
      this.db
        .prepare('INSERT INTO files (id, conversation_id, uploader_id, name, size, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(record.id, record.conversationId, record.uploaderId, record.name, record.size, record.contentType, record.createdAt);
    } catch (error) {
      await rm(this.pathOf(id), { force: true });
      throw error;
    }
    return record;
  }

  close(): void {
    if (this.temporary) rmSync(this.directory, { recursive: true, force: true });
  }

  private pathOf(fileId: string): string {
    // Ids are made here (`f-` + a UUID); the check keeps a forged one from naming another path.
    if (!/^f-[0-9a-f-]{36}$/.test(fileId)) throw new Error(`Not a file id: ${fileId}`);
    return path.join(this.directory, fileId);
  }
}
