/** Unsent messages kept in the user-data folder, one file per person, so they outlive a restart. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import type { OutboxEntry, OutboxStorage } from '../src-shared/session/outbox';

function fileOf(userId: string): string {
  return path.join(app.getPath('userData'), 'outbox', `${createHash('sha256').update(userId).digest('hex').slice(0, 24)}.json`);
}

export const fileOutboxStorage: OutboxStorage = {
  load(userId) {
    try {
      return JSON.parse(readFileSync(fileOf(userId), 'utf8')) as unknown;
    } catch {
      return [];
    }
  },
  save(userId, entries: OutboxEntry[]) {
    const file = fileOf(userId);
    if (entries.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    // Written whole, then renamed: a crash never leaves half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(entries));
    renameSync(`${file}.tmp`, file);
  },
};
