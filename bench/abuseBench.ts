/**
 * `npm run bench:abuse`: how much one person misbehaving slows down another (SPEC 8). Carl
 * (Contoso) searches people and messages and chats at a person's pace for BENCH_SECONDS (15 by
 * default), first alone, then while Alice (Northwind, in 600 conversations with 400 meetings)
 * abuses the backend in one of three ways (BENCH_MODES, all by default; testing/abuse.ts):
 *   - flood: floods messages, opens 600 sockets, joins and leaves a meeting from every one of
 *     them and lists without end;
 *   - search: searches messages for "meeting" from every socket she may hold: a word used in
 *     BENCH_OTHER_MESSAGES (300,000) messages of 200 channels of another account, and in none of
 *     hers (issue 18 #2);
 *   - frames: sends large frames from every socket she may hold: unknown events of 60 KB,
 *     commands over their size, a frame of 999 KB now and then (issue 18 #3).
 * The backend runs in this process, on a database file built once and copied for each run (on
 * /dev/shm where there is room: scratchRoot(), so that the disk is not measured); Carl
 * and Alice each in a process of their own. Prints Carl's p50 and p95 in both runs, the ratio of
 * the p95s (the aim: at most 2×), and what became of Alice's abuse, over BENCH_ROUNDS rounds (3
 * by default; the median ratio is the figure), with the backend's event-loop delay beside each
 * run: on a shared machine Carl's tail also moves with whatever else runs, and the loop delay
 * says how much of it is the backend's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startServer } from '../src-backend/server';
import type { Db } from '../src-backend/store/sqlite/database';
import type { AbuseMode, AbuseReport, VictimReport } from '../src-backend/testing/abuse';
import { addManyConversations } from '../src-backend/testing/largeData';
import { scratchRoot } from '../src-backend/testing/services';
import { sqliteDb } from '../src-backend/testing/sqlite';
import { basicSeed } from '../src-backend/testing/testServer';
import { SessionClient } from '../src-shared/session/sessionClient';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const modes = (process.env.BENCH_MODES ?? 'flood,search,frames').split(',') as AbuseMode[];
const otherMessages = Number(process.env.BENCH_OTHER_MESSAGES ?? 300_000);
const otherChannels = 200;

const agent = (options: Record<string, unknown>): ChildProcess => fork(path.join(__dirname, 'abuseAgent.ts'), [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const nextMessage = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));

/** What one run measured: the victim's times, the abuse, how late the backend's event loop ran (p99, ms) and how busy it was (0–1). */
interface Run {
  victim: VictimReport;
  abuse: AbuseReport | null;
  loopDelayP99: number;
  loopBusy: number;
}

/** Another account's channels (Fabrikam's, without Alice or Carl), where "meeting" is in every message. */
function addOthersMessages(db: Db): void {
  const at = '2026-01-01T00:00:00.000Z';
  db.transaction(() => {
    const channel = db.prepare(`INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES (?, 'channel', ?, '300300', 'private', ?)`);
    const member = db.prepare("INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, 'fb-bob', ?)");
    for (let index = 0; index < otherChannels; index++) {
      channel.run(`ch-others-${index}`, `others ${index}`, at);
      member.run(`ch-others-${index}`, at);
    }
  })();
  const insert = db.prepare("INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at) VALUES (?, ?, ?, 'fb-bob', ?, ?)");
  const batch = 20_000;
  for (let first = 0; first < otherMessages; first += batch) {
    db.transaction(() => {
      for (let index = first; index < Math.min(otherMessages, first + batch); index++) {
        const channel = index % otherChannels;
        insert.run(`others-${index}`, `ch-others-${channel}`, Math.floor(index / otherChannels) + 1, `the weekly meeting moved to Thursday, note ${index}`, at);
      }
    })();
  }
  db.prepare("UPDATE conversations SET last_seq = (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = conversations.id) WHERE id LIKE 'ch-others-%'").run();
}

/** The world every run starts from, built once into a file. */
async function buildWorld(file: string): Promise<void> {
  const started = performance.now();
  const server = await startServer({ db: file, seed: basicSeed(), port: 0, webRoot: null });
  const db = sqliteDb(server.context);
  db.pragma('synchronous = OFF');
  await addManyConversations(server.context.store, { userId: 'nw-alice', accountId: '100100', count: 600, withMeetings: 400 });
  addOthersMessages(db);
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  await server.close();
  console.log(`World built in ${((performance.now() - started) / 1000).toFixed(1)} s: Alice in 600 conversations, ${otherMessages.toLocaleString('en-US')} messages with "meeting" in ${otherChannels} channels of Fabrikam.`);
}

async function run(world: string, folder: string, mode: AbuseMode | null): Promise<Run> {
  const file = path.join(folder, `run-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(world, file);
  // Alice and Carl come from addresses of their own, as people do (on this machine both are loopback): the server believes X-Forwarded-For from loopback.
  const server = await startServer({ db: file, port: 0, webRoot: null, trustProxy: ['loopback'] });
  const token = async (email: string) => {
    const client = new SessionClient({ serverUrl: server.url });
    const signedIn = await client.signIn({ email, password: 'demo' });
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    return client;
  };
  // Brian holds a meeting open in the channel Alice abuses.
  const brian = await token('brian@northwind.example');
  const meeting = await brian.request('meeting:start', { conversationId: 'ch-nw-general' });
  if (!meeting.ok) throw new Error(meeting.error.message);
  const alice = (await token('alice@northwind.example')).sessionToken!;
  const carl = (await token('carl@contoso.example')).sessionToken!;
  let abuser: ChildProcess | null = null;
  if (mode) {
    abuser = agent({ role: 'abuser', url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.data.id, sockets: mode === 'flood' ? 600 : 20, mode, query: 'meeting', address: '203.0.113.7' });
    await nextMessage(abuser);
    // Let the abuse reach full strength before timing anyone.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  // How late the backend's own event loop runs while Carl is timed: the server's share of any delay he sees.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const busyBefore = performance.eventLoopUtilization();
  const victimProcess = agent({ role: 'victim', url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: seconds * 1000, searchMessages: 'working', address: '198.51.100.20' });
  const victim = await nextMessage<VictimReport>(victimProcess);
  loop.disable();
  const loopBusy = performance.eventLoopUtilization(busyBefore).utilization;
  let abuse: AbuseReport | null = null;
  if (abuser) {
    const report = nextMessage<AbuseReport>(abuser);
    abuser.send('stop');
    abuse = await report;
  }
  brian.signOut();
  await server.close();
  rmSync(file, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  rmSync(file.replace(/\.db$/, '-files'), { recursive: true, force: true });
  return { victim, abuse, loopDelayP99: loop.percentile(99) / 1e6, loopBusy };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function describeAbuse(mode: AbuseMode, abuse: AbuseReport): string {
  const sockets = `sockets ${abuse.sockets.tried} tried / ${abuse.sockets.connected} held / ${abuse.sockets.refused} refused`;
  if (mode === 'search') return `searches ${abuse.searches.sent} sent / ${abuse.searches.accepted} answered / ${abuse.searches.rateLimited} rate-limited; ${sockets}; other ${JSON.stringify(abuse.other)}`;
  if (mode === 'frames') {
    return `frames ${abuse.frames.sent} sent (${(abuse.frames.bytes / 1024 / 1024).toFixed(0)} MB), ${abuse.frames.answered} answered unread, ${abuse.frames.closed} connections closed for a frame over the limit; ${sockets}`;
  }
  return (
    `messages ${abuse.messages.sent} sent / ${abuse.messages.accepted} accepted / ${abuse.messages.rateLimited} rate-limited; ${sockets}; ` +
    `meeting joins ${abuse.meetings.joins} (answers: ${abuse.meetings.accepted} accepted / ${abuse.meetings.rateLimited} rate-limited); ` +
    `lists ${abuse.lists.sent} sent / ${abuse.lists.accepted} accepted / ${abuse.lists.rateLimited} rate-limited; other ${JSON.stringify(abuse.other)}`
  );
}

async function main(): Promise<void> {
  // In memory where the machine has a tmpfs, so that no run waits on the disk: the runs before
  // issue 18 used ':memory:' databases, and a message's fsync on a busy disk is a figure of the disk.
  const folder = mkdtempSync(path.join(scratchRoot(), 'meridian-abuse-bench-'));
  const world = path.join(folder, 'world.db');
  try {
    await buildWorld(world);
    console.log(`Carl (Contoso) searching people and messages and chatting for ${seconds} s, alone and while Alice abuses, ${rounds} rounds per way:`);
    const summary: string[] = [];
    for (const mode of modes) {
      const ratios: number[] = [];
      let last: Run | null = null;
      console.log(`\nAlice abuses by ${mode}:`);
      for (let round = 1; round <= rounds; round++) {
        const alone = await run(world, folder, null);
        const abused = await run(world, folder, mode);
        last = abused;
        const line = (label: string, measured: Run) =>
          `  ${label.padEnd(20)} ${String(measured.victim.latencies.length).padStart(4)} commands  p50 ${measured.victim.p50.toFixed(1).padStart(6)} ms  p95 ${measured.victim.p95.toFixed(1).padStart(6)} ms  failed ${measured.victim.failures}  backend busy ${(measured.loopBusy * 100).toFixed(0)}%, event-loop delay p99 ${measured.loopDelayP99.toFixed(1)} ms`;
        ratios.push(abused.victim.p95 / alone.victim.p95);
        console.log(`round ${round}:`);
        console.log(line('alone', alone));
        console.log(line('while Alice abuses', abused));
        console.log(`  p95 ratio ${(abused.victim.p95 / alone.victim.p95).toFixed(2)}×, p50 ratio ${(abused.victim.p50 / alone.victim.p50).toFixed(2)}×`);
      }
      console.log(`Alice's abuse (last round): ${describeAbuse(mode, last!.abuse!)}`);
      summary.push(`  ${mode.padEnd(7)} median p95 ratio over ${rounds} rounds: ${median(ratios).toFixed(2)}× (runs ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`);
    }
    console.log(`\nSummary (aim: at most 2×):\n${summary.join('\n')}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  process.exit(0);
}

void main();
