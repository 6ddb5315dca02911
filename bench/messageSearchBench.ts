/**
 * `npm run bench:search-messages`: message search (SPEC 7) over 1,000,000 messages across 5,000
 * conversations, for a viewer who is a member of 200 of them, on a database file. Typical one-
 * and two-word queries (content words, drawn as often as people use them) are timed three ways
 * in the same run, over the same data:
 *   - `message:search` over a real socket: what a client waits for;
 *   - the index query alone (MessageSearchStore), without the socket and the views;
 *   - a LIKE scan, the same search without the index: every message of the viewer's
 *     conversations read and matched word by word, newest first.
 * BENCH_MESSAGES, BENCH_CONVERSATIONS, BENCH_MEMBER_OF and BENCH_QUERIES change the sizes;
 * BENCH_DB=FILE keeps the database there and reuses it on the next run (building takes minutes).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { searchTerms } from '../src-backend/domain/messageSearch';
import { startServer } from '../src-backend/server';
import type { Db } from '../src-backend/store/sqlite/database';
import { percentiles } from '../src-backend/testing/abuse';
import { seededRandom } from '../src-backend/testing/seededRandom';
import { basicSeed } from '../src-backend/testing/testServer';
import { SessionClient } from '../src-shared/session/sessionClient';
import { sqliteDb } from '../src-backend/testing/sqlite';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const conversationCount = Number(process.env.BENCH_CONVERSATIONS ?? 5_000);
const memberOf = Number(process.env.BENCH_MEMBER_OF ?? 200);
const queryCount = Number(process.env.BENCH_QUERIES ?? 300);
const { random } = seededRandom(20_261_120);

// Words people write at work, most common first: the first ones are everywhere; past them, a long tail.
const common = 'the to and a of in is for on it that we i you this be with have are at will can as so do not just if about all from'.split(' ');
const content = `meeting update patient ward report contract draft review budget schedule shift rota team plan project deadline invoice client
  clinic doctor nurse discharge audit policy training release deploy server ticket incident backup laptop access badge parking lunch
  quarter forecast sales lead proposal signature clause amendment legal counsel court filing hearing deposition evidence exhibit summary
  agenda minutes follow call notes slides demo feedback survey hiring interview onboarding payroll holiday leave travel expense receipt
  vendor supplier order shipment delivery warehouse stock pricing discount renewal license compliance security password network outage
  migration database dashboard metrics roadmap milestone sprint estimate priority blocker bug fix test staging production rollback
  cardiology radiology pharmacy lab results scan referral appointment consent insurance claim billing coding bed transfer admission
  flight gate crew maintenance inspection runway fuel cargo manifest weather delay`
  .split(/\s+/)
  .filter(Boolean);
const tail = Array.from({ length: 4_000 }, (_, index) => `${content[index % content.length]}${(index * 7919) % 10_000}`);
const vocabulary = [...common, ...content, ...tail];
// Zipf's law: the word of rank r is used about 1/r as often as the first.
const cumulative: number[] = [];
vocabulary.reduce((total, _word, rank) => (cumulative[rank] = total + 1 / (rank + 1)), 0);
const drawWord = (from = 0) => {
  const low = cumulative[from - 1] ?? 0;
  const target = low + random() * (cumulative.at(-1)! - low);
  let lo = from;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return vocabulary[lo]!;
};
const sentence = () => Array.from({ length: 6 + Math.floor(random() * 14) }, () => drawWord()).join(' ');

/** Writes the conversations and messages straight into the database (the FTS5 triggers index them as they go). */
function build(db: Db): void {
  const building = performance.now();
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    const at = '2025-01-01T00:00:00.000Z';
    const insertConversation = db.prepare(`INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES (?, 'channel', ?, '100100', 'private', ?)`);
    const insertMember = db.prepare('INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
    const every = Math.floor(conversationCount / memberOf);
    for (let index = 0; index < conversationCount; index++) {
      const id = `ch-bench-${index}`;
      insertConversation.run(id, `bench ${index}`, at);
      insertMember.run(id, 'nw-brian', at);
      // Spread over the whole range, so the viewer's conversations are as busy as the others.
      if (index % every === 0 && index / every < memberOf) insertMember.run(id, 'nw-alice', at);
    }
  })();
  const insertMessage = db.prepare('INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const sequences = new Array<number>(conversationCount).fill(0);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const batch = 50_000;
  for (let first = 0; first < messageCount; first += batch) {
    db.transaction(() => {
      for (let index = first; index < Math.min(messageCount, first + batch); index++) {
        const conversation = Math.floor(random() * conversationCount);
        const seq = ++sequences[conversation]!;
        insertMessage.run(`mb-${index}`, `ch-bench-${conversation}`, seq, random() < 0.5 ? 'nw-brian' : 'nw-alice', sentence(), new Date(start + index * 30_000).toISOString());
      }
    })();
  }
  db.prepare('UPDATE conversations SET last_seq = (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = conversations.id) WHERE id LIKE ?').run('ch-bench-%');
  db.exec("INSERT INTO message_words (message_words) VALUES ('optimize')");
  db.pragma('synchronous = FULL');
  console.log(`Built ${messageCount.toLocaleString('en-US')} messages in ${conversationCount.toLocaleString('en-US')} conversations (the viewer in ${memberOf}) in ${((performance.now() - building) / 1000).toFixed(1)} s`);
}

/** The same search without the index: every message of the viewer's conversations, each word (or the start of one) anywhere in the text, newest first. */
function scan(db: Db, query: string): unknown[] {
  const terms = searchTerms(query);
  const conditions = terms.map((_term, index) => `(' ' || m.text) LIKE @t${index}`).join(' AND ');
  return db
    .prepare(
      `SELECT m.id, m.text FROM messages m
        WHERE m.conversation_id IN (SELECT conversation_id FROM conversation_members WHERE user_id = 'nw-alice')
          AND m.deleted = 0 AND ${conditions}
        ORDER BY m.created_at DESC LIMIT 30`,
    )
    .all(Object.fromEntries(terms.map((term, index) => [`t${index}`, `% ${term}%`])));
}

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'meridian-search-bench-'));
  const file = process.env.BENCH_DB ?? path.join(folder, 'meridian.db');
  const reused = existsSync(file);
  const unlimited = { burst: 1e9, perSecond: 1e9 };
  const server = await startServer({ db: file, seed: basicSeed(), port: 0, webRoot: null, limits: { commands: { messageSearch: unlimited }, inboundBytes: unlimited } });
  const db = sqliteDb(server.context);
  try {
    if (!reused) build(db);
    // Typical queries: content words (people do not search for "the"), one or two, two from one message.
    const queries: string[] = [];
    for (let index = 0; index < queryCount; index++) {
      if (index % 2 === 0) queries.push(drawWord(common.length));
      else {
        const words = sentence().split(' ').filter((word) => !common.includes(word));
        queries.push(words.length >= 2 ? `${words[0]} ${words[1]}` : drawWord(common.length));
      }
    }

    const alice = new SessionClient({ serverUrl: server.url, requestTimeoutMs: 60_000 });
    const signedIn = await alice.signIn({ email: 'alice@northwind.example', password: 'demo' });
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    while (alice.connectionState !== 'connected') await new Promise((resolve) => setTimeout(resolve, 10));

    // Every query once before timing, so each way is timed on the same warm pages.
    for (const query of queries) await alice.request('message:search', { query });
    const hits: number[] = [];
    const socketTimes: number[] = [];
    const indexTimes: number[] = [];
    const scanTimes: number[] = [];
    const scanned = Math.min(queries.length, Number(process.env.BENCH_SCANS ?? 100));
    for (const [index, query] of queries.entries()) {
      let started = performance.now();
      const answer = await alice.request('message:search', { query });
      socketTimes.push(performance.now() - started);
      if (!answer.ok) throw new Error(answer.error.message);
      hits.push(answer.data.items.length);
      started = performance.now();
      await server.context.messageSearch.search({ terms: searchTerms(query), viewerId: 'nw-alice', hidden: [], cursor: undefined, limit: 30 });
      indexTimes.push(performance.now() - started);
      if (index < scanned) {
        started = performance.now();
        scan(db, query);
        scanTimes.push(performance.now() - started);
      }
    }

    const row = (label: string, times: number[]) => {
      const { p50, p95 } = percentiles(times);
      return `${label.padEnd(40)} p50 ${p50.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms   (${times.length} queries)`;
    };
    const viewerMessages = (db.prepare("SELECT COUNT(*) AS count FROM messages WHERE conversation_id IN (SELECT conversation_id FROM conversation_members WHERE user_id = 'nw-alice')").get() as { count: number }).count;
    const total = (db.prepare('SELECT COUNT(*) AS count FROM messages').get() as { count: number }).count;
    console.log(`${total.toLocaleString('en-US')} messages; the viewer's conversations hold ${viewerMessages.toLocaleString('en-US')} of them`);
    console.log(`${queries.length} queries, half one word and half two: ${hits.filter((count) => count === 30).length} filled a page of 30, ${hits.filter((count) => count === 0).length} found nothing`);
    console.log(row('message:search over a socket (FTS5)', socketTimes));
    console.log(row('the index query alone (FTS5)', indexTimes));
    console.log(row('LIKE scan of the same data', scanTimes));
    const ratio = (times: number[], key: 'p50' | 'p95') => percentiles(scanTimes)[key] / percentiles(times.slice(0, scanned))[key];
    // Judged by the ratio to the scan in the same run; p95 itself is for information.
    const atP95 = ratio(socketTimes, 'p95');
    console.log(`Over the same ${scanned} queries, the LIKE scan ÷ message:search: ${ratio(socketTimes, 'p50').toFixed(0)}× at p50, ${atP95.toFixed(0)}× at p95 (aim: ≥ 20× faster than the scan at p95 — ${atP95 >= 20 ? 'met' : 'NOT MET'}; p95 ${percentiles(socketTimes).p95.toFixed(1)} ms for information)`);
    alice.signOut();
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
