/**
 * `npm run bench:durability`: what it costs to make an acknowledged message survive a power cut.
 * Stores messages one transaction each (as message:send does) in a WAL database on disk, with
 * `synchronous=NORMAL` (a commit reaches the OS; the WAL is synced only at checkpoints) and with
 * `synchronous=FULL` (every commit is synced to the disk before it returns), and reports the time
 * per message; then with `synchronous=FULL` as the store does it under load, 20 messages sent
 * together stored by one group commit (the SQLite message repository's append). Also times a 1 MiB upload
 * written with and without a flush before its rename.
 * The decision it informs is written down in docs/DURABILITY.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../src-backend/domain/clock';
import { Conversations } from '../src-backend/store/conversations';
import { openSqliteStore } from '../src-backend/store/sqlite/sqliteStore';

const messages = Number(process.env.BENCH_MESSAGES ?? 2_000);
const uploads = Number(process.env.BENCH_UPLOADS ?? 50);

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function describe(label: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((sum, time) => sum + time, 0);
  return `${label.padEnd(40)} p50 ${percentile(sorted, 0.5).toFixed(3)} ms  p95 ${percentile(sorted, 0.95).toFixed(3)} ms  mean ${(total / times.length).toFixed(3)} ms  ${Math.round((times.length / total) * 1000)}/s`;
}

/** Time per message, `together` messages sent at once each time (1: a commit of its own each). */
async function measureMessages(folder: string, synchronous: 'NORMAL' | 'FULL', together = 1): Promise<number[]> {
  const store = openSqliteStore(path.join(folder, `${synchronous}-${together}.db`));
  const { db } = store;
  db.pragma(`synchronous = ${synchronous}`);
  db.prepare("INSERT INTO accounts (id, name) VALUES ('a', 'A')").run();
  db.prepare("INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES ('c', 'channel', 'c', 'a', 'public', '2026-01-01T00:00:00Z')").run();
  const conversations = new Conversations(store, systemClock);
  const times: number[] = [];
  for (let index = 0; index < messages; index += together) {
    const started = performance.now();
    await Promise.all(Array.from({ length: together }, (_, offset) => conversations.append('c', `client-${synchronous}-${index + offset}`, 'u', `message ${index + offset}`)));
    const each = (performance.now() - started) / together;
    for (let offset = 0; offset < together; offset++) times.push(each);
  }
  db.close();
  return times;
}

async function measureUploads(folder: string, flush: boolean): Promise<number[]> {
  const bytes = Buffer.alloc(1024 * 1024, 7);
  const times: number[] = [];
  for (let index = 0; index < uploads; index++) {
    const partial = path.join(folder, `upload-${flush}-${index}.part`);
    const final = path.join(folder, `upload-${flush}-${index}`);
    const started = performance.now();
    if (flush) {
      const handle = await open(partial, 'wx');
      await handle.writeFile(bytes);
      await handle.sync();
      await handle.close();
      await rename(partial, final);
      const directory = await open(folder, 'r');
      await directory.sync();
      await directory.close();
    } else {
      await writeFile(partial, bytes);
      await rename(partial, final);
    }
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'meridian-durability-'));
  writeFileSync(path.join(folder, 'README'), 'scratch folder of npm run bench:durability');
  try {
    console.log(`${messages} messages, one transaction each, WAL, in ${folder}`);
    const normal = await measureMessages(folder, 'NORMAL');
    const full = await measureMessages(folder, 'FULL');
    const grouped = await measureMessages(folder, 'FULL', 20);
    console.log(describe('synchronous=NORMAL', normal));
    console.log(describe('synchronous=FULL', full));
    console.log(describe('synchronous=FULL, 20 per group commit', grouped));
    console.log(`${uploads} uploads of 1 MiB`);
    console.log(describe('rename without flush', await measureUploads(folder, false)));
    console.log(describe('flush file, rename, sync folder', await measureUploads(folder, true)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
