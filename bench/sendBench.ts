/**
 * `npm run bench:send`: message:send round trips (p50, p95) into conversations already holding
 * 0, 100,000 and 300,000 messages of history (BENCH_LEVELS changes them), over a real socket, on
 * a database file (BENCH_DB=:memory: for one in memory). Sending should cost the same however
 * long the history: the figures show whether it does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../src-backend/server';
import { addHistory } from '../src-backend/testing/largeData';
import { basicSeed } from '../src-backend/testing/testServer';
import { SessionClient } from '../src-shared/session/sessionClient';
import { percentiles } from '../src-backend/testing/abuse';
import { sqliteDb } from '../src-backend/testing/sqlite';

// This measures the cost of a send, not the limits: none apply here.
const unlimited = { burst: 1e9, perSecond: 1e9 };

export interface SendLevel {
  history: number;
  p50Ms: number;
  p95Ms: number;
}

/** message:send round trips at each level of history; `log` says what it does as it goes. */
export async function measureSend(levels: number[], sends: number, options: { db?: string; log?: (line: string) => void } = {}): Promise<SendLevel[]> {
  const log = options.log ?? (() => undefined);
  const results: SendLevel[] = [];
  const folder = mkdtempSync(path.join(tmpdir(), 'meridian-send-'));
  const db = options.db ?? path.join(folder, 'meridian.db');
  const server = await startServer({ db, seed: basicSeed(), port: 0, webRoot: null, limits: { commands: { message: unlimited, read: unlimited }, inboundBytes: unlimited } });
  const alice = new SessionClient({ serverUrl: server.url });
  const signedIn = await alice.signIn({ email: 'alice@northwind.example', password: 'demo' });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  try {
    log(`message:send into a channel with N messages of history, ${sends} sends each (${db === ':memory:' ? 'in memory' : 'database file, synchronous=FULL'}):`);
    for (const [index, level] of levels.entries()) {
      const channelId = `ch-bench-${index}`;
      sqliteDb(server.context)
        .prepare(`INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES (?, 'channel', ?, '100100', 'private', '2025-01-01T00:00:00Z')`)
        .run(channelId, `bench ${index}`);
      sqliteDb(server.context).prepare(`INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, 'nw-alice', '2025-01-01T00:00:00Z'), (?, 'nw-brian', '2025-01-01T00:00:00Z')`).run(channelId, channelId);
      const filling = Date.now();
      if (level > 0) addHistory(sqliteDb(server.context), channelId, level, 'nw-brian');
      const filled = Date.now() - filling;
      // A few sends first, so neither the statements nor the pages they touch are cold.
      for (let warm = 0; warm < 10; warm++) await alice.request('message:send', { conversationId: channelId, clientId: `warm-${index}-${warm}`, text: 'warming up' });
      const times: number[] = [];
      for (let send = 0; send < sends; send++) {
        const started = performance.now();
        const answer = await alice.request('message:send', { conversationId: channelId, clientId: `bench-${index}-${send}`, text: `message ${send} of the benchmark` });
        times.push(performance.now() - started);
        if (!answer.ok) throw new Error(answer.error.message);
      }
      const { p50, p95 } = percentiles(times);
      results.push({ history: level, p50Ms: p50, p95Ms: p95 });
      log(`${level.toLocaleString('en-US').padStart(9)} messages of history: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms${level > 0 ? `   (history written in ${(filled / 1000).toFixed(1)} s)` : ''}`);
    }
  } finally {
    alice.signOut();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return results;
}

if (require.main === module) {
  const levels = (process.env.BENCH_LEVELS ?? '0,100000,300000').split(',').map(Number);
  void measureSend(levels, Number(process.env.BENCH_SENDS ?? 300), { db: process.env.BENCH_DB, log: (line) => console.log(line) }).then(() => process.exit(0));
}
