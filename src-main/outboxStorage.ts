/**
 * Unsent messages kept in the user-data folder, one file per person, so they outlive a restart.
 * A file that cannot be read as a list is moved aside (`….corrupt-<time>.json`), not deleted, so
 * the messages in it can still be recovered by hand, and the person starts with an empty outbox.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import type { OutboxEntry, OutboxStorage } from '../src-shared/session/outbox';

/** The person's outbox file: named by a hash of their id, so no id can name a path. */
export function outboxFileOf(userId: string): string {
  return path.join(app.getPath('userData'), 'outbox', `${createHash('sha256').update(userId).digest('hex').slice(0, 24)}.json`);
}

export const fileOutboxStorage: OutboxStorage = {
  load(userId) {
    const file = outboxFileOf(userId);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    try {
      const entries = JSON.parse(text) as unknown;
      if (Array.isArray(entries)) return entries;
    } catch {
      // Falls through to keeping it aside.
    }
    const aside = file.replace(/\.json$/, `.corrupt-${Date.now()}.json`);
    console.error(`Meridian: the unsent messages file ${file} could not be read; it was kept as ${aside}.`);
    renameSync(file, aside);
    return [];
  },
  save(userId, entries: OutboxEntry[]) {
    const file = outboxFileOf(userId);
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
