/**
 * Shared files: a row in the store, the bytes on disk under the file's id in a folder no route
 * serves. An upload streams into `.incoming/` and is renamed into place only once complete,
 * within the size limit and within its uploader's storage quota, so an over-limit or aborted
 * upload leaves nothing behind. The bytes are flushed to disk before the rename and the rename
 * before the row is written: a power cut never leaves a row whose bytes are missing.
 *
 * An upload no message carries is deleted after a short while; a deleted message's file goes
 * with it. Either way the row and the bytes go together.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, type ReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SharedFile } from '../../src-shared/protocol/model';
import { isoNow, type Clock } from '../domain/clock';
import type { FileRecord } from './records';
import type { FileRepository } from './repositories';

export type { FileRecord } from './records';

/** What an upload that went over the size limit reports. */
export class FileTooLargeError extends Error {}

/** What an upload that would take its uploader past their storage quota reports. */
export class QuotaExceededError extends Error {}

/** Sizes and times of the file store. */
export interface FileStoreSettings {
  /** The largest single file. */
  maxUploadBytes: number;
  /** What one person's files may take in all. */
  quotaBytes: number;
  /** How long an upload may wait for a message to carry it. */
  unattachedLifetimeMs: number;
}

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
  /** Bytes of uploads under way, per uploader: counted against the quota before they land. */
  private readonly reserved = new Map<string, number>();

  /** `temporary`: the folder belongs to this server alone and goes when it closes. */
  constructor(
    private readonly rows: FileRepository,
    readonly directory: string,
    readonly settings: FileStoreSettings,
    private readonly clock: Clock,
    private readonly temporary = false,
  ) {
    this.incoming = path.join(directory, '.incoming');
    mkdirSync(this.incoming, { recursive: true, mode: 0o700 });
    // Whatever a crash left half-written is worthless.
    for (const leftover of readdirSync(this.incoming)) rmSync(path.join(this.incoming, leftover), { force: true });
  }

  get maxUploadBytes(): number {
    return this.settings.maxUploadBytes;
  }

  get(fileId: string): Promise<FileRecord | undefined> {
    return this.rows.get(fileId);
  }

  /** What a message shows of its file. */
  async view(fileId: string | null): Promise<SharedFile | null> {
    const file = fileId ? await this.get(fileId) : undefined;
    return file ? { id: file.id, name: file.name, size: file.size, contentType: file.contentType } : null;
  }

  /** Whether a message that is not deleted carries the file. */
  isShared(fileId: string): Promise<boolean> {
    return this.rows.isShared(fileId);
  }

  /** Whether something (a message, a voicemail) took the file. */
  isAttached(fileId: string): Promise<boolean> {
    return this.rows.isAttached(fileId);
  }

  /** Bytes a person's files take now, uploads under way (in this process) included. */
  async usedBytes(userId: string): Promise<number> {
    return (await this.rows.usedBytes(userId)) + (this.reserved.get(userId) ?? 0);
  }

  /** A file's first bytes (what its content starts with, for checking its type). */
  async head(fileId: string, length: number): Promise<Buffer> {
    const handle = await open(this.pathOf(fileId), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  open(file: FileRecord): ReadStream {
    return createReadStream(this.pathOf(file.id));
  }

  /**
   * Streams an upload to disk and records it. Throws FileTooLargeError past the size limit and
   * QuotaExceededError past the uploader's quota (after reading the rest of a modest overrun,
   * so the client hears why), with nothing left on disk. What an upload has read so far (or its
   * Content-Length, `declaredBytes`, when larger) is held against the quota while it runs, so
   * uploads side by side, with or without a length, cannot together pass it (issue 18 #8).
   */
  async save(source: Readable, file: Omit<FileRecord, 'id' | 'size' | 'createdAt'>, declaredBytes = 0, maxBytes = this.settings.maxUploadBytes): Promise<FileRecord> {
    if (declaredBytes > this.settings.quotaBytes - (await this.usedBytes(file.uploaderId))) throw new QuotaExceededError();
    let reservation = 0;
    const reserve = (bytes: number) => {
      if (bytes <= reservation) return;
      this.reserved.set(file.uploaderId, (this.reserved.get(file.uploaderId) ?? 0) + bytes - reservation);
      reservation = bytes;
    };
    const release = () => {
      const left = (this.reserved.get(file.uploaderId) ?? 0) - reservation;
      if (left > 0) this.reserved.set(file.uploaderId, left);
      else this.reserved.delete(file.uploaderId);
      reservation = 0;
    };
    reserve(Math.max(0, declaredBytes));
    try {
      return await this.write(source, file, async (size) => {
        reserve(size);
        const passed = size > Math.min(maxBytes, this.settings.maxUploadBytes) ? FileTooLargeError : (await this.usedBytes(file.uploaderId)) > this.settings.quotaBytes ? QuotaExceededError : null;
        // Nothing more of this upload will be kept: its room goes back to the others at once.
        if (passed) release();
        return passed;
      });
    } finally {
      release();
    }
  }

  /** Deletes a file: its row now, its bytes as soon as the disk allows. */
  async remove(fileId: string): Promise<void> {
    if (!(await this.rows.delete(fileId))) return;
    await rm(this.pathOf(fileId), { force: true }).catch((error: unknown) => console.error(`[meridian] the bytes of file ${fileId} could not be deleted:`, error));
  }

  /** Deletes uploads no message took within their lifetime (a bounded batch per call); how many went. */
  /** Deletes up to `batch` uploads no message took that were made before `now` less their lifetime. */
  async sweepUnattached(batch = 200, now = this.clock.now()): Promise<number> {
    const cutoff = new Date(now - this.settings.unattachedLifetimeMs).toISOString();
    const stale = await this.rows.unattached(cutoff, batch);
    for (const id of stale) await this.remove(id);
    return stale.length;
  }

  close(): void {
    if (this.temporary) rmSync(this.directory, { recursive: true, force: true });
  }

  /** A voicemail's audio, uploaded by its caller and not yet taken by a voicemail, is taken now; false otherwise. */
  attachVoicemailAudio(fileId: string, uploaderId: string): Promise<boolean> {
    return this.rows.attachVoicemailAudio(fileId, uploaderId);
  }

  /** Writes the bytes, asking `over(sizeSoFar)` at each chunk whether a limit is passed (and which). */
  private async write(
    source: Readable,
    file: Omit<FileRecord, 'id' | 'size' | 'createdAt'>,
    over: (size: number) => Promise<typeof FileTooLargeError | typeof QuotaExceededError | null>,
  ): Promise<FileRecord> {
    const id = `f-${randomUUID()}`;
    const partial = path.join(this.incoming, `${id}.part`);
    let size = 0;
    let overrun: { error: typeof FileTooLargeError | typeof QuotaExceededError; at: number } | null = null;
    const limiter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        const checked = overrun ? Promise.resolve(null) : over(size);
        checked.then(
          (passed) => {
            if (passed && !overrun) overrun = { error: passed, at: size };
            if (!overrun) done(null, chunk);
            else if (size > overrun.at + drainAllowanceBytes) done(new overrun.error());
            else done(); // past a limit: read on a little (the client then hears why), write nothing
          },
          (error: unknown) => done(error as Error),
        );
      },
    });
    try {
      // `flush`: the bytes reach the disk before the file is closed, so the rename below never publishes a hole.
      await pipeline(source, limiter, createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true }));
      const passed = overrun as { error: typeof FileTooLargeError | typeof QuotaExceededError } | null;
      if (passed) throw new passed.error();
      await rename(partial, this.pathOf(id));
      await this.syncDirectory();
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const record: FileRecord = { ...file, id, size, createdAt: isoNow(this.clock) };
    try {
      await this.rows.insert(record);
    } catch (error) {
      await rm(this.pathOf(id), { force: true });
      throw error;
    }
    return record;
  }

  /** Makes a rename in the folder durable (a no-op where folders cannot be opened, as on Windows). */
  private async syncDirectory(): Promise<void> {
    const handle = await open(this.directory, 'r').catch(() => null);
    if (!handle) return;
    try {
      await handle.sync();
    } catch {
      // Some file systems refuse fsync on a folder; the rename is as durable as they allow.
    } finally {
      await handle.close();
    }
  }

  private pathOf(fileId: string): string {
    // Ids are made here (`f-` + a UUID); the check keeps a forged one from naming another path.
    if (!/^f-[0-9a-f-]{36}$/.test(fileId)) throw new Error(`Not a file id: ${fileId}`);
    return path.join(this.directory, fileId);
  }
}
