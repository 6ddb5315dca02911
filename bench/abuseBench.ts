/**
 * `npm run bench:abuse`: how much one person misbehaving slows down another (SPEC 8). Carl
 * (Contoso) searches and chats at a person's pace for BENCH_SECONDS (15 by default), first
 * alone, then while Alice (Northwind, in 600 conversations with 400 meetings) floods messages,
 * opens 600 sockets, joins and leaves a meeting from every one of them and lists without end.
 * The backend runs in this process; Carl and Alice each in a process of their own. Prints
 * Carl's p50 and p95 in both runs, the ratio of the p95s (the aim: at most 2×), and what became
 * of Alice's abuse, over BENCH_ROUNDS rounds (3 by default; the median ratio is the figure), with
 * the backend's event-loop delay beside each run: on a shared machine Carl's tail also moves with
 * whatever else runs, and the loop delay says how much of it is the backend's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startServer } from '../src-backend/server';
import type { AbuseReport, VictimReport } from '../src-backend/testing/abuse';
import { addManyConversations } from '../src-backend/testing/largeData';
import { basicSeed } from '../src-backend/testing/testServer';
import { SessionClient } from '../src-shared/session/sessionClient';
import { sqliteDb } from '../src-backend/testing/sqlite';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const agent = (options: Record<string, unknown>): ChildProcess => fork(path.join(__dirname, 'abuseAgent.ts'), [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const nextMessage = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));

/** What one run measured: the victim's times, the abuse, how late the backend's event loop ran (p99, ms) and how busy it was (0–1). */
interface Run {
  victim: VictimReport;
  abuse: AbuseReport | null;
  loopDelayP99: number;
  loopBusy: number;
}

async function run(withAbuser: boolean): Promise<Run> {
  const server = await startServer({ db: ':memory:', seed: basicSeed(), port: 0, webRoot: null });
  addManyConversations(sqliteDb(server.context), { userId: 'nw-alice', accountId: '100100', count: 600, withMeetings: 400 });
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
  if (withAbuser) {
    abuser = agent({ role: 'abuser', url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.data.id, sockets: 600 });
    await nextMessage(abuser);
    // Let the abuse reach full strength before timing anyone.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  // How late the backend's own event loop runs while Carl is timed: the server's share of any delay he sees.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const busyBefore = performance.eventLoopUtilization();
  const victimProcess = agent({ role: 'victim', url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: seconds * 1000 });
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
  return { victim, abuse, loopDelayP99: loop.percentile(99) / 1e6, loopBusy };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  console.log(`Carl (Contoso) searching and chatting for ${seconds} s, alone and while Alice abuses, ${rounds} rounds:`);
  const ratios: number[] = [];
  let last: Run | null = null;
  for (let round = 1; round <= rounds; round++) {
    const alone = await run(false);
    const abused = await run(true);
    last = abused;
    const line = (label: string, measured: Run) =>
      `  ${label.padEnd(20)} ${String(measured.victim.latencies.length).padStart(4)} commands  p50 ${measured.victim.p50.toFixed(1).padStart(6)} ms  p95 ${measured.victim.p95.toFixed(1).padStart(6)} ms  failed ${measured.victim.failures}  backend busy ${(measured.loopBusy * 100).toFixed(0)}%, event-loop delay p99 ${measured.loopDelayP99.toFixed(1)} ms`;
    ratios.push(abused.victim.p95 / alone.victim.p95);
    console.log(`round ${round}:`);
    console.log(line('alone', alone));
    console.log(line('while Alice abuses', abused));
    console.log(`  p95 ratio ${(abused.victim.p95 / alone.victim.p95).toFixed(2)}×, p50 ratio ${(abused.victim.p50 / alone.victim.p50).toFixed(2)}×`);
  }
  console.log(`median p95 ratio over ${rounds} rounds: ${median(ratios).toFixed(2)}× (aim: at most 2×)`);
  const abuse = last!.abuse!;
  console.log(
    `Alice's abuse (last round): messages ${abuse.messages.sent} sent / ${abuse.messages.accepted} accepted / ${abuse.messages.rateLimited} rate-limited; ` +
      `sockets ${abuse.sockets.tried} tried / ${abuse.sockets.connected} held / ${abuse.sockets.refused} refused; ` +
      `meeting joins ${abuse.meetings.joins} (answers: ${abuse.meetings.accepted} accepted / ${abuse.meetings.rateLimited} rate-limited); ` +
      `lists ${abuse.lists.sent} sent / ${abuse.lists.accepted} accepted / ${abuse.lists.rateLimited} rate-limited; other ${JSON.stringify(abuse.other)}`,
  );
  process.exit(0);
}

void main();
